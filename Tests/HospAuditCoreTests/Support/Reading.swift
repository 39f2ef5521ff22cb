@testable import HospAuditCore

/// Reads a ledger the way an audit does and keeps every line, for tests on small files.
func readLedger(path: String, encoding: TextEncoding? = nil) throws -> (lines: [LedgerLine], report: FileReport, encoding: TextEncoding) {
    let input = try DecodedInput.open(path: path, encoding: encoding)
    var lines: [LedgerLine] = []
    let report = try LedgerReader(bundle: "fixtures", file: path.split(separator: "/").last.map(String.init) ?? path)
        .read(input) { lines.append($0) }
    return (lines, report, input.encoding)
}

func readLedger(bytes: [UInt8], delimiter: UInt8? = nil) throws -> (lines: [LedgerLine], report: FileReport) {
    var lines: [LedgerLine] = []
    let report = try LedgerReader(bundle: "memory", file: "ledger.csv")
        .read(DecodedInput.open(bytes: bytes), delimiter: delimiter) { lines.append($0) }
    return (lines, report)
}

extension FileReport {
    /// used + skipped + rejected must account for every record.
    var accountsForEveryRecord: Bool { used + skippedTotal + rejected == records }
    var errorSummary: [String] { errors.map { "\($0.line.map(String.init) ?? "-"):\($0.column ?? "-"):\($0.code.rawValue)" } }
}
