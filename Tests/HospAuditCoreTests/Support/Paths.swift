import Foundation

/// Locations the tests read from, found relative to this source file so `swift test` works
/// from any directory.
enum Paths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/HospAuditCoreTests/Fixtures")
    static let schemas = packageRoot.appendingPathComponent("schemas")
    static let samples = packageRoot.appendingPathComponent("samples")
    /// The shared conformance suites sit beside the repository (../shared), as in CI.
    static let conformance = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
}
