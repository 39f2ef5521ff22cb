// swift-tools-version:6.0
import Foundation
import PackageDescription

/// `HOSPAUDIT_FUZZING=1` (scripts/fuzz.sh) builds the fuzz harness for libFuzzer: the core is
/// instrumented for coverage and AddressSanitizer, the harness gets libFuzzer's main. Only
/// those two targets take the flags, so the build plugin's tool stays a plain program.
let fuzzing = ProcessInfo.processInfo.environment["HOSPAUDIT_FUZZING"] == "1"
let fuzzFlags: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []
/// The C the core calls per cell and per segment is instrumented too, so that coverage guides
/// the fuzzer through it.
let fuzzCFlags: [CSetting] = fuzzing ? [.unsafeFlags(["-fsanitize=fuzzer-no-link,address"])] : []

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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // Logic-less templates for the HTML report and letters, escaping on by default, no dependencies.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // Zip uploads: reading and inflating entries (names, limits and safety are checked here).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
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
        // The Excel workbook of a findings document, through Debian's libxlsxwriter-dev.
        .systemLibrary(
            name: "CLibXlsxWriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // What a signal handler may call: removing the folders archives were unpacked into.
        .target(name: "CSignalSafe"),
        // Starts a document's writeback while the rest of it is written (sync_file_range).
        .target(name: "CFileSync"),
        // libcsv's field callback, in C: it runs once for every cell of a ledger; and the check
        // of a segment's text, which runs once for every byte.
        .target(name: "CCells", cSettings: fuzzCFlags),
        // Writes the shipped policies and schemas into Swift at build time (Plugins/EmbedData).
        .executableTarget(name: "embed-data"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["embed-data"]),
        .target(
            name: "HospAuditCore",
            dependencies: ["CLibCSV", "CCells", "CLibCrypto", "CLibXlsxWriter", "CSignalSafe", "CFileSync", .product(name: "Yams", package: "Yams"),
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: [
                // The per-line loop touches a few class fields millions of times; the runtime
                // exclusivity checks on them cost more than the CSV parsing (measured).
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ] + fuzzFlags,
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
        // Fuzz harnesses: a corpus replayer by default, libFuzzer's entry with -DFUZZING
        // (scripts/fuzz.sh).
        .executableTarget(
            name: "hospaudit-fuzz",
            dependencies: ["HospAuditCore"],
            swiftSettings: fuzzing ? fuzzFlags + [.define("FUZZING")] : [],
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])] : []
        ),
        .testTarget(
            name: "HospAuditCoreTests",
            dependencies: [
                "HospAuditCore",
                "CLibCSV",
                "CSignalSafe",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
