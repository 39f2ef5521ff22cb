import ArgumentParser
import Foundation
import HospAuditCore

/// What `audit` and `merge` share: where the findings go and what is done with them.
struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write the document to FILE (atomically; a new file or a regular one, never an input) instead of stdout; - is stdout.")
    var output: String?

    @Option(help: "Lowest severity that makes the exit code 1: critical, high, medium, low or info.")
    var failOn: SeverityArgument = .info

    @Flag(help: "Input errors inside bundles also fail the run (exit 2 instead of 0).")
    var strict = false

    @Option(help: "A policy file (YAML or JSON) laid over the shipped policy.")
    var policy: String?

    @Option(help: "Use this region's policy profiles (a province, prefecture or county code) for every hospital.")
    var region: String?

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

    var english: Bool { reading.lang == .en }

    func validate() throws {
        guard wait >= 0 && wait <= 86_400 else { throw ValidationError("--wait must be between 0 and 86400 seconds") }
    }

    func policyChoice() throws -> PolicyChoice {
        if let policy, !FileManager.default.fileExists(atPath: policy) {
            throw CLIError.usage("no such policy file: \(policy)")
        }
        return PolicyChoice(file: policy, region: region)
    }

    /// A shard only audits: waivers, history and the document are the merge's.
    var forShard: RunOptions {
        var copy = self
        copy.waivers = nil
        copy.history = nil
        copy.format = .json
        return copy
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl
}

/// One run from its audits to its exit code: waivers, history (held under its lock from the
/// start), the cross-hospital rules, the document or its lines, the summary.
final class RunSession: @unchecked Sendable {
    let options: RunOptions
    let scope: String
    let started: Date
    let today: Day
    private let waiverBook: WaiverBook?
    private var lock: HistoryLock?
    private let store: HistoryStore?
    private let previous: (run: HistoryStore.RunRecord, findings: [String: HistoryStore.Recorded])?
    private let lines: FindingLines?
    private let collected = LineBuffer()
    private var toStdout: Bool { (options.output ?? "-") == "-" }

    init(options: RunOptions, scope: String, started: Date) throws {
        self.options = options
        self.scope = scope
        self.started = started
        today = Day(started)
        do {
            waiverBook = try options.waivers.map(WaiverBook.load(path:))
        } catch let error as WaiverError {
            throw CLIError.usage(error.description)
        }
        if let history = options.history {
            // Root from cron writes it: a regular file or a new path, never through a link.
            var info = stat()
            if lstat(history, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
                throw CLIError.usage("refusing to use \(history) as the history: it is not a regular file")
            }
            do {
                // Held for the whole run: two overlapping cron runs must not interleave their records.
                lock = try HistoryLock(history: history, wait: options.wait)
                store = try HistoryStore(path: history)
            } catch let failure as HistoryLock.Failure {
                throw CLIError.usage(failure.description)
            } catch {
                throw CLIError.usage("history \(history): \(error)")
            }
            previous = try store?.previous(scope: scope)
        } else {
            store = nil
            previous = nil
        }
        // JSONL goes out as bundles finish when it goes to stdout; into a file it is written
        // whole at the end, like the document.
        let toStdout = (options.output ?? "-") == "-"
        let collected = self.collected
        lines = options.format == .jsonl ? FindingLines(english: options.english) { line in
            if toStdout { try DocumentWriter.writeStandardOutput(line) } else { collected.append(line) }
        } : nil
    }

    /// A bundle's lines, marked as the whole run will mark it, so a line says what the document would.
    func bundleFinished(_ audit: BundleAudit) {
        guard let lines else { return }
        var one = [audit]
        _ = waiverBook?.apply(to: &one, on: today)
        if let previous { _ = RunHistory.compare(&one, with: previous.findings, previousStartedAt: previous.run.startedAt, today: today.description) }
        lines.bundle(one[0])
    }

    func finish(_ audits: inout [BundleAudit], searchProblems: [InputError], inputs given: [String]) throws {
        let english = options.english
        let beforePeers = audits
        PeerReview.apply(&audits)
        let outcomes = waiverBook?.apply(to: &audits, on: today) ?? []
        var resolved: [ResolvedFinding] = []
        if store != nil {
            resolved = RunHistory.compare(&audits, with: previous?.findings ?? [:], previousStartedAt: previous?.run.startedAt ?? "",
                                          today: today.description)
        }
        let runProblems = searchProblems + DuplicateHospitals.problems(in: audits)
        let document = FindingsDocument(audits: audits, runErrors: runProblems, startedAt: started, english: english,
                                        waivers: outcomes, resolved: resolved)
        do {
            let inputs = given + [options.policy, options.waivers, options.history].compactMap { $0 }
            if let lines {
                lines.peers(before: beforePeers, after: audits)
                try lines.run(document)
                if !toStdout { try DocumentWriter.write(collected.data, to: options.output!, inputs: inputs) }
            } else {
                try DocumentWriter.write(try document.jsonData(), to: options.output ?? "-", inputs: inputs)
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
        lock = nil
        if !resolved.isEmpty {
            DocumentWriter.writeStandardError(english ? "  \(resolved.count) findings of the previous run are resolved\n"
                                                      : "  上次运行的 \(resolved.count) 项发现已不再出现（resolved）\n")
        }
        DocumentWriter.writeStandardError(RunSummary.text(audits, searchProblems: runProblems, english: english, verbose: options.verbose,
                                                          waivers: outcomes))

        // A hospital that could not be audited, or (with --strict) any input error, outranks
        // findings: a scheduled run must not read as a quiet night.
        if audits.contains(where: { $0.status != .audited }) || !searchProblems.isEmpty { throw ExitCode(2) }
        if options.strict && (audits.contains(where: { !$0.errors.isEmpty }) || !runProblems.isEmpty) { throw ExitCode(2) }
        if audits.flatMap(\.findings).contains(where: { !$0.isSuppressed && $0.severity >= options.failOn.severity }) { throw ExitCode(1) }
    }
}
