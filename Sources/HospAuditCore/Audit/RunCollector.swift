import Foundation

/// Takes a run's bundles as they finish, on whichever thread audited them: marks their findings
/// with the run's waivers and history, sends their lines when the run streams JSONL, and
/// spools what the document needs of them, keeping in memory only what the cross-hospital rules,
/// the summary and the document's order need. `finish` runs the cross-hospital rules and gives
/// the collected run, from which the document, the run line and the history are written.
public final class RunCollector: @unchecked Sendable {
    /// What the spool holds: the document's pieces, or (for JSONL, whose findings went out as
    /// lines) only the inputs the run line lists.
    public enum Output: Sendable { case document, lines }

    let english: Bool
    let today: Day
    let output: Output
    private let waivers: WaiverBook?
    /// The previous run's findings when the run keeps a history (empty for its first run).
    private let previous: [String: HistoryStore.Recorded]?
    private let previousStartedAt: String
    private let lines: FindingLines?
    private let spool: BundleSpool
    private let lock = NSLock()
    private var retained: [RetainedBundle?]
    private var waiverCounts: [Int]
    private var seenBefore = Set<String>()

    public init(bundles: Int, english: Bool, today: Day, output: Output = .document, waivers: WaiverBook? = nil,
                previous: [String: HistoryStore.Recorded]? = nil, previousStartedAt: String = "", lines: FindingLines? = nil,
                spoolInMemory: Bool? = nil) throws {
        self.english = english
        self.today = today
        self.output = output
        self.waivers = waivers
        self.previous = previous
        self.previousStartedAt = previousStartedAt
        self.lines = lines
        // A handful of bundles (an auditor's laptop) stays in memory; a region's run goes to disk.
        spool = try BundleSpool(inMemory: spoolInMemory ?? (bundles <= 16))
        retained = Array(repeating: nil, count: bundles)
        waiverCounts = Array(repeating: 0, count: waivers?.waivers.count ?? 0)
    }

    /// The audit of bundle `index` (its place among the run's bundles, which fixes the order of
    /// everything the document lists).
    /// Gives its findings' counts, waivers applied.
    @discardableResult
    public func add(_ index: Int, _ audit: BundleAudit) throws -> BundleTally {
        var audit = audit
        audit.facts = nil
        let withheld = OverflowedFindings.remove(from: &audit.findings)
        var counts = Array(repeating: 0, count: waiverCounts.count)
        var seen: [String] = []
        var fingerprints = audit.findings.map(\.fingerprint)
        for i in audit.findings.indices {
            waivers?.mark(&audit.findings[i], fingerprint: fingerprints[i], on: today, counts: &counts)
            if let previous, RunHistory.mark(&audit.findings[i], fingerprint: fingerprints[i], with: previous, today: today.description) {
                seen.append(fingerprints[i])
            }
        }
        let tally = BundleTally(audit.findings)
        lines?.bundle(audit, tally: tally)

        let json = PrettyJSON()
        var sections = [SpoolRecord](repeating: SpoolRecord(), count: 4)
        if output == .document {
            let order = audit.findings.indices.sorted {
                (audit.findings[$0].rule, audit.findings[$0].period, fingerprints[$0]) < (audit.findings[$1].rule, audit.findings[$1].period, fingerprints[$1])
            }
            sections[0].add(order.count)
            for i in order {
                let f = audit.findings[i]
                FindingKey(hospitalID: f.hospitalID, rule: f.rule, period: f.period, fingerprint: fingerprints[i]).add(to: &sections[0])
                sections[0].add(try json.fragment(FindingsDocument.entry(f, fingerprint: fingerprints[i], english: english), depth: 2))
            }
            let errors = audit.errors.sorted { ErrorKey($0) < ErrorKey($1) }
            sections[1].add(errors.count)
            for e in errors {
                ErrorKey(e).add(to: &sections[1])
                sections[1].add(try json.fragment(FindingsDocument.entry(e, english: english), depth: 2))
            }
        }
        let files = audit.files.sorted { $0.file < $1.file }
        sections[2].add(files.count)
        for report in files {
            let input = FindingsDocument.Input(bundle: audit.bundle, file: report.file, table: report.table, sha256: audit.digests[report.file],
                                               encoding: report.encoding, rows: report.used, skipped: report.skippedTotal, errors: report.errorCount)
            sections[2].add(output == .document ? try json.fragment(input, depth: 3) : try CompactJSON.encode(input))
        }
        // The history's rows in the audit's own order, as one process records them.
        sections[3].add(audit.files.count)
        for report in audit.files {
            sections[3].add(report.file)
            sections[3].add(audit.digests[report.file])
        }
        sections[3].add(audit.findings.count)
        for (i, f) in audit.findings.enumerated() { HistoryRow(f, fingerprint: fingerprints[i], today: today).add(to: &sections[3]) }
        fingerprints.removeAll()

        let extents = try spool.append(sections.map { $0.bytes })
        var slim = BundleAudit(bundle: audit.bundle)
        slim.status = audit.status
        slim.statusReasons = audit.statusReasons
        // What the document, the summary and the cross-hospital rules read of the hospital.
        slim.hospital = audit.hospital.map { h in
            var kept = h
            kept.history = []
            kept.sponsor = nil
            kept.approvalRef = nil
            kept.accountingStandard = nil
            return kept
        }
        slim.policy = audit.policy
        slim.figures = audit.figures
        let kept = RetainedBundle(audit: slim, tally: tally, withheld: withheld, errors: audit.errors.count,
                                  entityFile: audit.files.first { $0.table == "entity" }?.file, extents: extents)
        lock.lock()
        defer { lock.unlock() }
        retained[index] = kept
        for (w, n) in counts.enumerated() { waiverCounts[w] += n }
        seenBefore.formUnion(seen)
        return tally
    }

    /// After the last bundle: the cross-hospital rules over all of them, what they change, and
    /// the run's own problems (`searchProblems`, and hospitals found in two bundles).
    public func finish(searchProblems: [InputError], startedAt: Date) throws -> CollectedRun {
        lock.lock()
        defer { lock.unlock() }
        let bundles = retained.map { $0! }
        retained = []
        for (index, finding) in PeerReview.findings(over: bundles.map(\.audit)) {
            var finding = finding
            if finding.amount?.isOverflow == true {
                bundles[index].withheld += 1
                continue
            }
            let fingerprint = finding.fingerprint
            waivers?.mark(&finding, fingerprint: fingerprint, on: today, counts: &waiverCounts)
            if let previous, RunHistory.mark(&finding, fingerprint: fingerprint, with: previous, today: today.description) {
                seenBefore.insert(fingerprint)
            }
            bundles[index].peerFindings.append((fingerprint, finding))
            bundles[index].tally.count(finding)
        }
        if let lines {
            for b in bundles where !b.peerFindings.isEmpty { lines.peers(b.peerFindings, of: b.audit, tally: b.tally) }
        }
        for b in bundles where b.withheld > 0 {
            OverflowedFindings.markIncomplete(&b.audit)
            b.errors += 1
        }
        let runErrors = searchProblems + DuplicateHospitals.problems(in: bundles.map { ($0.audit.bundle, $0.audit.hospital?.id, $0.entityFile) })
        var resolved: [ResolvedFinding] = []
        if let previous {
            let whole = Set(bundles.filter { $0.audit.status == .audited }.compactMap { $0.audit.hospital?.id })
            resolved = RunHistory.resolved(previous, seen: seenBefore, whole: whole, previousStartedAt: previousStartedAt)
        }
        return CollectedRun(english: english, startedAt: startedAt, today: today, bundles: bundles, runErrors: runErrors,
                            waivers: waivers?.outcomes(counts: waiverCounts, on: today) ?? [], resolved: resolved, spool: spool)
    }
}

/// What a run keeps of a bundle once its findings, errors and inputs are spooled. A reference,
/// so sorting a region's bundles moves pointers, not records.
final class RetainedBundle: @unchecked Sendable {
    /// Its hospital, policy, status and figures, without findings, errors, files or facts.
    var audit: BundleAudit
    /// Its findings, the cross-hospital ones included.
    var tally: BundleTally
    /// Findings whose amount is beyond the range, withheld with an error.
    var withheld: Int
    /// Its input errors, the withheld findings' included.
    var errors: Int
    var entityFile: String?
    /// Findings, errors, inputs and history rows.
    let extents: [BundleSpool.Extent]
    var peerFindings: [(fingerprint: String, finding: Finding)] = []

    init(audit: BundleAudit, tally: BundleTally, withheld: Int, errors: Int, entityFile: String?, extents: [BundleSpool.Extent]) {
        self.audit = audit
        self.tally = tally
        self.withheld = withheld
        self.errors = errors
        self.entityFile = entityFile
        self.extents = extents
    }
}

/// Where a finding goes in the document.
struct FindingKey: Comparable {
    let hospitalID: String
    let rule: String
    let period: String
    let fingerprint: String

    static func < (a: FindingKey, b: FindingKey) -> Bool {
        (a.hospitalID, a.rule, a.period, a.fingerprint) < (b.hospitalID, b.rule, b.period, b.fingerprint)
    }

    func add(to record: inout SpoolRecord) {
        record.add(hospitalID)
        record.add(rule)
        record.add(period)
        record.add(fingerprint)
    }

    init(hospitalID: String, rule: String, period: String, fingerprint: String) {
        self.hospitalID = hospitalID
        self.rule = rule
        self.period = period
        self.fingerprint = fingerprint
    }

    init(from reader: inout SpoolReader) {
        hospitalID = reader.text() ?? ""
        rule = reader.text() ?? ""
        period = reader.text() ?? ""
        fingerprint = reader.text() ?? ""
    }
}

/// Where an error goes within its bundle: by file, line and column, a bundle-wide one first.
struct ErrorKey: Comparable {
    let file: String?
    let line: Int?
    let column: String?

    init(_ e: InputError) {
        file = e.file
        line = e.line
        column = e.column
    }

    static func < (a: ErrorKey, b: ErrorKey) -> Bool {
        (a.file ?? "", a.line ?? 0, a.column ?? "") < (b.file ?? "", b.line ?? 0, b.column ?? "")
    }

    static func == (a: ErrorKey, b: ErrorKey) -> Bool { !(a < b) && !(b < a) }

    func add(to record: inout SpoolRecord) {
        record.add(file)
        record.add(line.map(String.init))
        record.add(column)
    }

    init(from reader: inout SpoolReader) {
        file = reader.text()
        line = reader.text().flatMap { Int($0) }
        column = reader.text()
    }
}

/// One-line JSON, as JSONL lines and shard documents are written.
enum CompactJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
