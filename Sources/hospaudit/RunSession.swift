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

    @Option(help: "Append a line per bundle (time, status, findings, errors, seconds, bundle) to FILE; without it the lines go to stderr when stderr is not a terminal.")
    var log: String?

    @Flag(help: "List every hospital in the summary on stderr, not only the highest scores and those not audited whole.")
    var verbose = false

    @OptionGroup var reading: ReadingOptions

    @OptionGroup var reports: ReportOptions

    var english: Bool { reading.lang == .en }

    func validate() throws {
        guard wait >= 0 && wait <= 86_400 else { throw ValidationError("--wait must be between 0 and 86400 seconds") }
        try reports.validateTargets()
        if let output, output != "-", [reports.sarif, reports.csv, reports.html, reports.xlsx, reports.letters].contains(where: {
            $0.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: output).standardizedFileURL.path
        }) {
            throw ValidationError("a report names the document's own file (-o \(output)): give it its own")
        }
        if reports.any && format == .jsonl { throw ValidationError("the reports (--html, --xlsx, --letters, --sarif, --csv) are made from the JSON document: drop --format jsonl, or run hospaudit report on a document") }
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
        copy.reports = ReportOptions()
        return copy
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl
}

/// One run from its audits to its exit code: waivers, history (held under its lock from the
/// start), the bundles as they finish (spooled by a `RunCollector`, logged), the cross-hospital
/// rules, the document or its lines, the summary.
final class RunSession: @unchecked Sendable {
    let options: RunOptions
    let scope: String
    let started: Date
    let today: Day
    private var lock: HistoryLock?
    private let store: HistoryStore?
    private let previousRun: HistoryStore.RunRecord?
    private let collector: RunCollector
    private let lines: FindingLines?
    private let runLog: RunLog?
    private let lineFile: DocumentWriter.PendingDocument?
    /// What the run reads: the document must not overwrite any of them.
    private let inputs: [String]
    private var toStdout: Bool { (options.output ?? "-") == "-" }

    /// `bundles`: how many the run audits; `inputs` the files it reads besides its options'
    /// (shard documents), `search` the bundles it found.
    init(options: RunOptions, scope: String, started: Date, bundles: Int, inputs given: [String], search: BundleLayout.Search? = nil) throws {
        self.options = options
        inputs = given + [options.policy, options.waivers, options.history, options.log, options.reading.mapping].compactMap { $0 }
        do {
            // Checked once, before the run: the bundles' files are not kept in a list till the end.
            let inputs = self.inputs
            try DocumentWriter.refuseUnwritable(options.output ?? "-")
            try DocumentWriter.refuseOverwriting(options.output ?? "-") { body in
                for input in inputs { try body(input) }
                try search?.forEachInput(body)
            }
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
        self.scope = scope
        self.started = started
        today = Day(started)
        let waiverBook: WaiverBook?
        do {
            waiverBook = try options.waivers.map(WaiverBook.load(path:))
        } catch let error as WaiverError {
            throw CLIError.usage(error.description)
        }
        var previous: (run: HistoryStore.RunRecord, findings: [String: HistoryStore.Recorded])?
        if let history = options.history {
            // Root from cron writes it: a regular file or a new path, never through a link.
            try Self.refuseNonRegular(history, as: "the history")
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
        }
        previousRun = previous?.run
        runLog = try options.log.map { try RunLog(path: $0) } ?? (isatty(STDERR_FILENO) == 1 ? nil : RunLog(fd: STDERR_FILENO))
        // JSONL goes out as bundles finish when it goes to stdout; into a file it goes to a
        // temporary file beside it, moved into place when the run line is written.
        let lineFile: DocumentWriter.PendingDocument?
        do {
            lineFile = options.format == .jsonl && (options.output ?? "-") != "-" ? try DocumentWriter.PendingDocument(path: options.output!, inputs: inputs) : nil
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
        self.lineFile = lineFile
        lines = options.format == .jsonl ? FindingLines(english: options.english) { line in
            if let lineFile { lineFile.sink.write(Array(line)) } else { try DocumentWriter.writeStandardOutput(line) }
        } : nil
        do {
            collector = try RunCollector(bundles: bundles, english: options.english, today: today,
                                         output: options.format == .jsonl ? .lines : .document, waivers: waiverBook,
                                         previous: store == nil ? nil : (previous?.findings ?? [:]),
                                         previousStartedAt: previous?.run.startedAt ?? "", lines: lines)
        } catch {
            throw CLIError.input("\(error)")
        }
    }

    static func refuseNonRegular(_ path: String, as what: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            throw CLIError.usage("refusing to use \(path) as \(what): it is not a regular file")
        }
    }

    private let startLock = NSLock()
    private var startTimes: [Int: Date] = [:]
    private var finished = 0

    func bundleStarted(_ index: Int) {
        startLock.lock()
        startTimes[index] = Date()
        startLock.unlock()
    }

    /// Bundle `index` of the run is done.
    func bundleFinished(_ index: Int, _ audit: BundleAudit) throws {
        startLock.lock()
        let began = startTimes.removeValue(forKey: index)
        finished += 1
        startLock.unlock()
        let tally = try collector.add(index, audit)
        runLog?.bundle(audit, findings: tally.standing, seconds: began.map { Date().timeIntervalSince($0) })
    }

    /// What to say and exit with when a signal stopped the run before its last bundle.
    func stopped(of total: Int, signal: Int32? = StopRequest.signal) -> Error {
        let sig = signal ?? SIGTERM
        startLock.lock()
        let done = finished
        startLock.unlock()
        DocumentWriter.writeStandardError(options.english
            ? "hospaudit: stopped by signal \(sig) after \(done) of \(total) bundles; nothing was written\n"
            : "hospaudit：收到信号 \(sig)，审计了 \(total) 个目录中的 \(done) 个后停止，未写出任何结果\n")
        return ExitCode(128 + sig)
    }

    /// Nothing of the run is written: it was stopped.
    func abandon() {
        lineFile?.abandon()
    }

    func finish(searchProblems: [InputError]) throws {
        let english = options.english
        let run = try collector.finish(searchProblems: searchProblems, startedAt: started)
        do {
            if let lines {
                try lines.run(run)
                try lineFile?.commit()
            } else {
                try DocumentWriter.stream(to: options.output ?? "-", inputs: inputs) { try run.writeDocument(to: $0) }
                if options.reports.any {
                    // From the document as written, as `hospaudit report` would read it.
                    let data = toStdout ? try run.documentData() : try Data(contentsOf: URL(fileURLWithPath: options.output!))
                    try options.reports.render(try ReportDocument.decode(data), english: english,
                                               inputs: inputs + (toStdout ? [] : [options.output!]))
                }
            }
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
        if let store {
            // Recorded once the document is out: a run whose document could not be written left no trace.
            let record = HistoryStore.NewRun(
                scope: scope, startedAt: ISO8601DateFormatter().string(from: started), finishedAt: ISO8601DateFormatter().string(from: Date()),
                arguments: CommandLine.arguments.dropFirst().joined(separator: " "), policySHA256: run.policySHA256,
                hospitals: run.hospitals, findings: run.findingCount, inputErrors: run.bundleErrors)
            _ = try store.record(record) { input, finding in try run.forEachHistoryRow(input: input, finding: finding) }
        }
        lock = nil
        if !run.resolved.isEmpty {
            DocumentWriter.writeStandardError(english ? "  \(run.resolved.count) findings of the previous run are resolved\n"
                                                      : "  上次运行的 \(run.resolved.count) 项发现已不再出现（resolved）\n")
        }
        DocumentWriter.writeStandardError(try run.summaryText(verbose: options.verbose))

        // A hospital that could not be audited, or (with --strict) any input error, outranks
        // findings: a scheduled run must not read as a quiet night.
        if run.someNotWhole || !run.runErrors.isEmpty { throw ExitCode(2) }
        if options.strict && run.inputErrors > 0 { throw ExitCode(2) }
        if let worst = run.total.worst, worst >= options.failOn.severity { throw ExitCode(1) }
    }
}

/// A line per bundle as it finishes, for whoever reads a scheduled run's log: when, how it went,
/// how long it took, and the bundle last (its name may hold spaces).
final class RunLog: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private let clock: ISO8601DateFormatter = ISO8601DateFormatter()

    init(fd: Int32) { self.fd = fd }

    /// Appends to FILE: a regular file or a new one, never through a link.
    convenience init(path: String) throws {
        try RunSession.refuseNonRegular(path, as: "the log")
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CLIError.usage("cannot open the log \(path): \(String(cString: strerror(errno)))") }
        self.init(fd: fd)
    }

    /// `findings`: those that stand once waivers are applied.
    func bundle(_ audit: BundleAudit, findings standing: Int, seconds: Double?) {
        let time = String(format: "%.3f", seconds ?? 0)
        lock.lock()
        defer { lock.unlock() }
        let line = "\(clock.string(from: Date())) \(audit.status.rawValue) findings=\(standing) errors=\(audit.errors.count) seconds=\(time) bundle=\(TerminalText.safe(audit.bundle))\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
