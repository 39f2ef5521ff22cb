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
    /// Hospital ids, one buffer for all: no small allocation of each bundle outlives its audit.
    private var ids = TextArena()
    /// What each cross-hospital rule compares, by rule and bundle.
    private var peerValues: [[PeerValue?]]
    private var policies: [Policy] = []
    private var policyNumbers: [String: Int32] = [:]
    private var groups: [String: String] = [:]
    private let peerRules = RuleRegistry.all.compactMap { $0 as? any PeerRule }
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
        peerValues = peerRules.map { _ in Array(repeating: nil, count: bundles) }
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
            let english = english, findings = audit.findings, marks = fingerprints
            let fragments = StripedMap.map(order.count) { k in
                json.fragment(FindingsDocument.entry(findings[order[k]], fingerprint: marks[order[k]], english: english), depth: 2)
            }
            sections[0].reserve(fragments.reduce(0) { $0 + $1.count } + order.count * 160)
            sections[0].add(order.count)
            for (k, i) in order.enumerated() {
                let f = audit.findings[i]
                FindingKey(hospitalID: f.hospitalID, rule: f.rule, period: f.period, fingerprint: fingerprints[i]).add(to: &sections[0])
                sections[0].add(fragments[k])
            }
            let errors = audit.errors.sorted { ErrorKey($0) < ErrorKey($1) }
            sections[1].add(errors.count)
            for e in errors {
                ErrorKey(e).add(to: &sections[1])
                sections[1].add(json.fragment(FindingsDocument.entry(e, english: english), depth: 2))
            }
        }
        let files = audit.files.sorted { $0.file < $1.file }
        sections[2].add(files.count)
        for report in files {
            let input = FindingsDocument.Input(bundle: audit.bundle, file: report.file, table: report.table, sha256: audit.digests[report.file],
                                               encoding: report.encoding, rows: report.used, skipped: report.skippedTotal, errors: report.errorCount)
            sections[2].add(output == .document ? json.fragment(input, depth: 3) : try CompactJSON.encode(input))
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

        // What is read of the bundle again only to write its hospital record or its finding
        // of a cross-hospital rule.
        let review = ReviewRecord(hospital: audit.hospital.map(ReviewRecord.trimmed), statusReasons: audit.statusReasons,
                                  figures: audit.figures, entityFile: audit.files.first { $0.table == "entity" }?.file)
        var reviewSection = SpoolRecord()
        reviewSection.add(try CompactJSON.encode(review))
        let extents = try spool.append(sections.map { $0.bytes } + [reviewSection.bytes])
        let values = peerRules.map { $0.peerValue(of: audit) }

        lock.lock()
        defer { lock.unlock() }
        retained[index] = RetainedBundle(
            bundle: audit.bundle, hospitalID: audit.hospital.map { ids.add($0.id) }, status: audit.status, tally: tally, withheld: withheld,
            errors: audit.errors.count, policy: audit.policy.map(policyNumber), sections: SpoolSections(extents))
        for (r, value) in values.enumerated() { peerValues[r][index] = value.map { PeerValue(group: interned($0.group), value: $0.value) } }
        for (w, n) in counts.enumerated() { waiverCounts[w] += n }
        seenBefore.formUnion(seen)
        return tally
    }

    /// A policy's number in the run's table (under the lock): hospitals of a region share one.
    private func policyNumber(_ policy: Policy) -> Int32 {
        let key = policy.name + "\u{1F}" + policy.sha256 + "\u{1F}" + policy.profiles.joined(separator: ",")
        if let known = policyNumbers[key] { return known }
        policies.append(policy)
        policyNumbers[key] = Int32(policies.count - 1)
        return Int32(policies.count - 1)
    }

    /// One copy of each peer group's name, shared by its hospitals (under the lock).
    private func interned(_ group: String) -> String {
        if let known = groups[group] { return known }
        groups[group] = group
        return group
    }

    /// After the last bundle: the cross-hospital rules over all of them, what they change, and
    /// the run's own problems (`searchProblems`, and hospitals found in two bundles).
    public func finish(searchProblems: [InputError], startedAt: Date) throws -> CollectedRun {
        lock.lock()
        defer { lock.unlock() }
        let run = CollectedRun(english: english, startedAt: startedAt, today: today, bundles: retained.map { $0! }, ids: ids,
                               policies: policies, spool: spool)
        retained = []
        for (r, rule) in peerRules.enumerated() {
            let outliers = rule.outliers(peerValues[r], policy: { run.policy(of: $0) })
            for (index, outlier) in outliers {
                let audit = try run.audit(of: index)
                guard var finding = rule.finding(for: audit, outlier).flatMap({ PeerReview.withConsequences($0, of: audit) }) else { continue }
                if finding.amount?.isOverflow == true {
                    run.bundles[index].withheld += 1
                    continue
                }
                let fingerprint = finding.fingerprint
                waivers?.mark(&finding, fingerprint: fingerprint, on: today, counts: &waiverCounts)
                if let previous, RunHistory.mark(&finding, fingerprint: fingerprint, with: previous, today: today.description) {
                    seenBefore.insert(fingerprint)
                }
                run.bundles[index].peerFindings.append((fingerprint, finding))
                run.bundles[index].tally.count(finding)
            }
        }
        peerValues = []
        if let lines {
            for i in run.bundles.indices where !run.bundles[i].peerFindings.isEmpty {
                lines.peers(run.bundles[i].peerFindings, of: try run.audit(of: i), tally: run.bundles[i].tally)
            }
        }
        for i in run.bundles.indices where run.bundles[i].withheld > 0 {
            if run.bundles[i].status == .audited { run.bundles[i].status = .incomplete }
            run.bundles[i].extraReasons.append(OverflowedFindings.reason)
            run.bundles[i].errors += 1
        }
        var duplicates: [String: Int] = [:]
        for i in run.bundles.indices { if let id = run.hospitalID(of: i) { duplicates[id, default: 0] += 1 } }
        let twice = run.bundles.indices.filter { run.hospitalID(of: $0).map { duplicates[$0]! > 1 } ?? false }
        run.runErrors = searchProblems + DuplicateHospitals.problems(in: try twice.map {
            (run.bundles[$0].bundle, run.hospitalID(of: $0), try run.review(of: $0).entityFile)
        })
        if let previous {
            let whole = Set(run.bundles.indices.filter { run.bundles[$0].status == .audited }.compactMap(run.hospitalID(of:)))
            run.resolved = RunHistory.resolved(previous, seen: seenBefore, whole: whole, previousStartedAt: previousStartedAt)
        }
        run.waivers = waivers?.outcomes(counts: waiverCounts, on: today) ?? []
        return run
    }
}

/// What a run keeps of a bundle once its findings, errors, inputs and the rest are spooled: what
/// orders, counts and scores it. Plain values in one array the run allocates at its start, so
/// a province's hospitals leave no trail of small allocations behind their audits.
struct RetainedBundle: Sendable {
    let bundle: String
    /// Its hospital's id, in the run's `TextArena`.
    let hospitalID: TextArena.Ref?
    var status: AuditStatus
    /// Its findings, the cross-hospital ones included.
    var tally: BundleTally
    /// Findings whose amount is beyond the range, withheld with an error.
    var withheld: Int
    /// Its input errors, the withheld findings' included.
    var errors: Int
    /// Its policy's number in the run's table.
    let policy: Int32?
    let sections: SpoolSections
    var peerFindings: [(fingerprint: String, finding: Finding)] = []
    /// Reasons for its status found after it was spooled.
    var extraReasons: [LocalizedText] = []

    init(bundle: String, hospitalID: TextArena.Ref?, status: AuditStatus, tally: BundleTally, withheld: Int, errors: Int, policy: Int32?,
         sections: SpoolSections) {
        self.bundle = bundle
        self.hospitalID = hospitalID
        self.status = status
        self.tally = tally
        self.withheld = withheld
        self.errors = errors
        self.policy = policy
        self.sections = sections
    }
}

/// Short texts kept one after another in one buffer.
struct TextArena: Sendable {
    struct Ref: Sendable {
        let offset: UInt32
        let count: UInt32
    }
    private var bytes: [UInt8] = []

    mutating func add(_ text: String) -> Ref {
        let ref = Ref(offset: UInt32(bytes.count), count: UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
        return ref
    }

    func text(_ ref: Ref) -> String {
        String(decoding: bytes[Int(ref.offset) ..< Int(ref.offset + ref.count)], as: UTF8.self)
    }
}

/// Where a bundle's spool record is: its start, and the length of each section (findings,
/// errors, inputs, history rows, review record), kept inline.
struct SpoolSections: Sendable {
    enum Section: Int { case findings, errors, inputs, history, review }
    private let offset: Int
    private let lengths: SIMD8<UInt32>

    init(_ extents: [BundleSpool.Extent]) {
        offset = extents.first?.offset ?? 0
        var lengths = SIMD8<UInt32>()
        for (i, e) in extents.enumerated() { lengths[i] = UInt32(e.count) }
        self.lengths = lengths
    }

    subscript(_ section: Section) -> BundleSpool.Extent {
        var start = offset
        for i in 0 ..< section.rawValue { start += Int(lengths[i]) }
        return BundleSpool.Extent(offset: start, count: Int(lengths[section.rawValue]))
    }
}

/// What the run reads of a bundle again only for its hospital record, its summary line or a
/// finding of a cross-hospital rule.
struct ReviewRecord: Codable {
    let hospital: Hospital?
    let statusReasons: [LocalizedText]
    let figures: ResultFigures?
    let entityFile: String?

    /// What the document, the summary and the cross-hospital rules read of the hospital.
    static func trimmed(_ hospital: Hospital) -> Hospital {
        var kept = hospital
        kept.history = []
        kept.sponsor = nil
        kept.approvalRef = nil
        kept.accountingStandard = nil
        return kept
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
