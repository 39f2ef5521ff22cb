import ArgumentParser
import Foundation
import HospAuditCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the runs a history database recorded, or one hospital's findings over time.")

    @Argument(help: "The history database (--history of audit).")
    var database: String

    @Option(help: "A hospital's USCC: its findings run by run.")
    var hospital: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else { throw CLIError.usage("no such history database: \(database)") }
        let store = try HistoryStore(path: database)
        // Tab-separated, for a person and for `cut`; every field made safe for a terminal.
        var rows: [[String]] = []
        if let hospital {
            rows.append(["run", "started", "rule", "period", "amount", "status", "first seen", "fingerprint"])
            for f in try store.findings(hospital: hospital) {
                rows.append([String(f.run), f.startedAt, f.rule, f.period, f.amount ?? "", f.status, f.firstSeen, f.fingerprint])
            }
        } else {
            rows.append(["run", "started", "finished", "hospitals", "findings", "input errors", "version", "policy"])
            for r in try store.runs() {
                rows.append([String(r.id), r.startedAt, r.finishedAt, String(r.hospitals), String(r.findings), String(r.inputErrors),
                             r.toolVersion, String(r.policySHA256.prefix(12))])
            }
        }
        let text = rows.map { $0.map(TerminalText.safe).joined(separator: "\t") }.joined(separator: "\n") + "\n"
        try DocumentWriter.writeStandardOutput(Data(text.utf8))
    }
}
