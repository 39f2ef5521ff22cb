import Foundation

/// Where a run keeps what it must not leave behind (the spool of findings, unpacked uploads):
/// `$TMPDIR` as a scheduler sets it for a job, `/tmp` when it is unset or empty.
enum TemporaryFolder {
    static var path: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
