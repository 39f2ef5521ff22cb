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

    @OptionGroup var options: RunOptions

    @Option(help: "Audit this many bundles at once (default: the machine's cores). The document is the same whatever the number.")
    var jobs: Int = Machine.cores

    @Option(help: "Audit only shard I of N (I/N, from 0) and write a shard document for `hospaudit merge`; a bundle's shard is fixed by its name.")
    var shard: ShardArgument?

    func validate() throws {
        guard jobs >= 1 && jobs <= 1024 else { throw ValidationError("--jobs must be between 1 and 1024") }
        try options.validate()
    }

    func run() throws {
        let started = Date()
        var found = try bundles(paths, thin: true, mapping: try options.reading.importMapping())
        var layouts = found.layouts
        let scope = RunHistory.scope(of: layouts)
        let auditor = BundleAuditor(policyChoice: try options.policyChoice(), encoding: try options.reading.textEncoding())
        // A shard keeps its bundles' place among all the run's, for the merge.
        let chosen = layouts.indices.filter { i in shard.map { s in ShardDocument.shard(of: layouts[i].name, among: s.count) == s.index } ?? true }
        let session = try RunSession(options: shard == nil ? options : options.forShard, scope: scope, started: started,
                                     bundles: chosen.count, inputs: [], search: found)
        let progress = Progress(total: chosen.count, english: options.english)
        let work = chosen.map { layouts[$0] }
        let bundleCount = layouts.count
        if shard == nil {
            // The layouts are the batch's now, which lets each go once it is audited.
            found.layouts = []
            layouts = []
        }
        var audits: [BundleAudit]
        // A signal while bundles are audited lets the running ones finish and starts no more.
        StopRequest.begin()
        do {
            audits = try BatchAudit.run(consume work, jobs: jobs, auditor: auditor, keep: shard != nil,
                                        stop: { StopRequest.signal != nil },
                                        started: { index, name in session.bundleStarted(index); progress.show(name) },
                                        finished: { index, audit in try session.bundleFinished(index, audit) })
        } catch let error as PolicyError {
            progress.clear()
            session.abandon()
            throw CLIError.usage(error.description)
        } catch is BatchAudit.Stopped {
            progress.clear()
            session.abandon()
            throw session.stopped(of: chosen.count)
        } catch let error as BundleSpool.Failure {
            progress.clear()
            session.abandon()
            throw CLIError.input(error.description)
        }
        StopRequest.end()
        progress.clear()
        if let stopped = StopRequest.signal {
            session.abandon()
            throw session.stopped(of: chosen.count, signal: stopped)
        }
        if let shard {
            let document = ShardDocument(shard: shard.index, shards: shard.count, paths: paths, bundles: bundleCount, scope: scope,
                                         searchProblems: found.problems, audits: Array(zip(chosen, audits)))
            do {
                try DocumentWriter.write(try document.jsonData(), to: options.output ?? "-", inputs: found.inputs)
            } catch let failure as DocumentWriter.Failure {
                throw CLIError.input(failure.description)
            }
            DocumentWriter.writeStandardError(options.english
                ? "hospaudit: shard \(shard.index)/\(shard.count): \(audits.count) of \(bundleCount) bundles\n"
                : "hospaudit：分片 \(shard.index)/\(shard.count)：\(bundleCount) 个目录中的 \(audits.count) 个\n")
            return
        }
        try session.finish(searchProblems: found.problems)
    }
}

/// `--shard I/N`.
struct ShardArgument: ExpressibleByArgument {
    let index: Int
    let count: Int
    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, i >= 0, i < n else { return nil }
        index = i
        count = n
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
