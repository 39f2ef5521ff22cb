// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hospaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hospaudit", targets: ["hospaudit"]),
        .library(name: "HospAuditCore", targets: ["HospAuditCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // libcsv ships no pkg-config file; the module map links `csv` directly.
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // SHA-256 of inputs and policies, from the system's OpenSSL (Debian libssl-dev).
        .systemLibrary(
            name: "CLibCrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Writes the shipped policies and schemas into Swift at build time (Plugins/EmbedData).
        .executableTarget(name: "embed-data"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["embed-data"]),
        .target(
            name: "HospAuditCore",
            dependencies: ["CLibCSV", "CLibCrypto", .product(name: "Yams", package: "Yams")],
            swiftSettings: [
                // The per-line loop touches a few class fields millions of times; the runtime
                // exclusivity checks on them cost more than the CSV parsing (measured).
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ],
            plugins: ["EmbedData"]
        ),
        .executableTarget(
            name: "hospaudit",
            dependencies: [
                "HospAuditCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "hospaudit-bench",
            dependencies: ["HospAuditCore", "CLibCSV"]
        ),
        .testTarget(
            name: "HospAuditCoreTests",
            dependencies: [
                "HospAuditCore",
                "CLibCSV",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
