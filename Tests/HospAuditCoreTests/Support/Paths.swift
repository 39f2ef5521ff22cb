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
    /// The public CSV conformance suites, copied in with their sources and licences (SOURCE.md).
    static let conformance = packageRoot.appendingPathComponent("Tests/Conformance")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
}
