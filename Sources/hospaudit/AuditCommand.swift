import ArgumentParser
import Foundation
import HospAuditCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit bundles and write the findings document (JSON).",
        discussion: """
            PATH is a bundle (one hospital's exports), a folder of bundles, or a manifest file listing
            bundle folders one per line. All bundles go into one document, on stdout or --output.
            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or
            input error that stopped the run, or a hospital not audited or audited incompletely
            (with --strict, also any input error inside bundles), before 1; 3 internal error.
            """
    )

    @Argument(help: "Bundles, folders of bundles, or manifest files.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Write the document to FILE (atomically; a new file or a regular one, never an input) instead of stdout; - is stdout.")
    var output: String?

    @Option(help: "Lowest severity that makes the exit code 1: critical, high, medium, low or info.")
    var failOn: SeverityArgument = .info

    @Flag(help: "Input errors inside bundles also fail the run (exit 2 instead of 0).")
    var strict = false

    @Option(help: "A policy file (YAML or JSON) laid over the shipped policy.")
    var policy: String?

    @Option(help: "Use this region's policy profile (110000, 120000, 220200, 330000) for every hospital.")
    var region: String?

    @Option(help: "Audit this many bundles at once (default: the machine's cores). The document is the same whatever the number.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "json: one document at the end; jsonl: one record a line as bundles finish, the run record last.")
    var format: OutputFormat = .json

    @Option(help: "A waivers file (YAML or JSON): findings accepted until a date are reported as suppressed and count for neither the score nor --fail-on.")
    var waivers: String?

    @Option(help: "A history database (SQLite): each run is recorded, and each finding is marked new or recurring (with the day first seen) against the previous run over the same bundles; findings no longer found are listed as resolved.")
    var history: String?

    @Option(help: "With --history: wait up to this many seconds for another run holding the history to finish (default 0: exit 2 at once).")
    var wait: Int = 0

    @Flag(help: "List every hospital in the summary on stderr, not only the highest scores and those not audited whole.")
    var verbose = false

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        guard jobs >= 1 && jobs <= 1024 else { throw ValidationError("--jobs must be between 1 and 1024") }
        guard wait >= 0 && wait <= 86_400 else { throw ValidationError("--wait must be between 0 and 86400 seconds") }
    }

    func run() throws {
        let started = Date()
        let english = reading.lang == .en
        let found = try bundles(paths)
        let layouts = found.layouts
        let auditor = BundleAuditor(policyChoice: PolicyChoice(file: policy, region: region), encoding: try reading.textEncoding())
        if let policy, !FileManager.default.fileExists(atPath: policy) {
            throw CLIError.usage("no such policy file: \(policy)")
        }
        let waiverBook: WaiverBook?
        do {
            waiverBook = try waivers.map(WaiverBook.load(path:))
        } catch let error as WaiverError {
            throw CLIError.usage(error.description)
        }
        // Held for the whole run: two overlapping cron runs must not interleave their records.
        var lock: HistoryLock?
        var store: HistoryStore?
        if let history {
            // Root from cron writes it: a regular file or a new path, never through a link.
            var info = stat()
            if lstat(history, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
                throw CLIError.usage("refusing to use \(history) as the history: it is not a regular file")
            }
            do {
                lock = try HistoryLock(history: history, wait: wait)
                store = try HistoryStore(path: history)
            } catch let failure as HistoryLock.Failure {
                throw CLIError.usage(failure.description)
            } catch {
                throw CLIError.usage("history \(history): \(error)")
            }
        }
        defer { withExtendedLifetime(lock) {} }
        let progress = Progress(total: layouts.count, english: english)
        let today = Day(started)
        let scope = RunHistory.scope(of: layouts)
        let previous = try store?.previous(scope: scope)
        // JSONL goes out as bundles finish when it goes to stdout; into a file it is written
        // whole at the end, like the document.
        let toStdout = (output ?? "-") == "-"
        let collected = LineBuffer()
        let lines = format == .jsonl ? FindingLines(english: english) { line in
            if toStdout { try DocumentWriter.writeStandardOutput(line) } else { collected.append(line) }
        } : nil
        var audits: [BundleAudit]
        do {
            audits = try BatchAudit.run(layouts, jobs: jobs, auditor: auditor, started: { progress.show($0) }, finished: { audit in
                guard let lines else { return }
                // Marked as the whole run will mark it, so a line says what the document would.
                var one = [audit]
                _ = waiverBook?.apply(to: &one, on: today)
                if let previous { _ = RunHistory.compare(&one, with: previous.findings, previousStartedAt: previous.run.startedAt, today: today.description) }
                lines.bundle(one[0])
            })
        } catch let error as PolicyError {
            progress.clear()
            throw CLIError.usage(error.description)
        }
        progress.clear()
        let beforePeers = audits
        PeerReview.apply(&audits)
        let outcomes = waiverBook?.apply(to: &audits, on: today) ?? []
        var resolved: [ResolvedFinding] = []
        if store != nil {
            resolved = RunHistory.compare(&audits, with: previous?.findings ?? [:], previousStartedAt: previous?.run.startedAt ?? "",
                                          today: today.description)
        }
        let runProblems = found.problems + DuplicateHospitals.problems(in: audits)
        let document = FindingsDocument(audits: audits, runErrors: runProblems, startedAt: started, english: english,
                                        waivers: outcomes, resolved: resolved)
        do {
            let inputs = found.inputs + [policy, waivers, history].compactMap { $0 }
            if let lines {
                lines.peers(before: beforePeers, after: audits)
                try lines.run(document)
                if !toStdout { try DocumentWriter.write(collected.data, to: output!, inputs: inputs) }
            } else {
                try DocumentWriter.write(try document.jsonData(), to: output ?? "-", inputs: inputs)
            }
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
        if let store {
            // Recorded once the document is out: a run whose document could not be written left no trace.
            let findings = audits.flatMap(\.findings).map { f in
                (finding: f, fingerprint: f.fingerprint, status: f.isSuppressed ? "suppressed" : (f.recurrence?.status.rawValue ?? "new"),
                 firstSeen: f.recurrence?.firstSeen ?? today.description)
            }
            let inputs = audits.flatMap { a in a.files.map { (bundle: a.bundle, file: $0.file, sha256: a.digests[$0.file]) } }
            try store.record(HistoryStore.NewRun(
                scope: scope, startedAt: ISO8601DateFormatter().string(from: started), finishedAt: ISO8601DateFormatter().string(from: Date()),
                arguments: CommandLine.arguments.dropFirst().joined(separator: " "),
                policySHA256: audits.compactMap { $0.policy?.sha256 }.first ?? "",
                hospitals: audits.filter { $0.hospital != nil }.count, inputErrors: audits.reduce(0) { $0 + $1.errors.count },
                inputs: inputs, findings: findings))
        }
        if !resolved.isEmpty {
            DocumentWriter.writeStandardError(english ? "  \(resolved.count) findings of the previous run are resolved\n"
                                                      : "  上次运行的 \(resolved.count) 项发现已不再出现（resolved）\n")
        }
        DocumentWriter.writeStandardError(RunSummary.text(audits, searchProblems: runProblems, english: english, verbose: verbose, waivers: outcomes))

        // A hospital that could not be audited, or (with --strict) any input error, outranks
        // findings: a scheduled run must not read as a quiet night.
        if audits.contains(where: { $0.status != .audited }) || !found.problems.isEmpty { throw ExitCode(2) }
        if strict && (audits.contains(where: { !$0.errors.isEmpty }) || !runProblems.isEmpty) { throw ExitCode(2) }
        if audits.flatMap(\.findings).contains(where: { !$0.isSuppressed && $0.severity >= failOn.severity }) { throw ExitCode(1) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl
}

/// JSONL lines kept for a file, written whole at the end.
final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var data = Data()
    func append(_ line: Data) {
        lock.lock()
        data.append(line)
        lock.unlock()
    }
}

enum SeverityArgument: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, info
    var severity: Severity { Severity(rawValue: rawValue)! }
}

/// A one-line progress note on stderr, only when a person is watching it. Told by the threads
/// of a batch as each takes a bundle.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let english: Bool
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var done = 0

    init(total: Int, english: Bool) {
        self.total = total
        self.english = english
    }

    func show(_ bundle: String) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        guard enabled else { return }
        let text = english ? "auditing \(done)/\(total) \(TerminalText.safe(bundle))…" : "审计中 \(done)/\(total) \(TerminalText.safe(bundle))…"
        DocumentWriter.writeStandardError("\r\u{1B}[K\(text)")
    }

    func clear() {
        guard enabled else { return }
        DocumentWriter.writeStandardError("\r\u{1B}[K")
    }
}
