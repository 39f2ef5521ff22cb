import Foundation

/// A run once every bundle is in and the cross-hospital rules have run: what the document, the
/// run line, the summary, the history and the exit code are made from. Each bundle's records
/// are read back from the spool one bundle at a time.
public final class CollectedRun: @unchecked Sendable {
    let english: Bool
    let startedAt: Date
    let today: Day
    /// In the order of the run's bundles.
    var bundles: [RetainedBundle]
    let ids: TextArena
    /// The distinct policies of the run's hospitals.
    let policies: [Policy]
    let spool: BundleSpool
    /// Problems finding bundles, and hospitals found in two bundles.
    public internal(set) var runErrors: [InputError] = []
    public internal(set) var waivers: [WaiverBook.Outcome] = []
    public internal(set) var resolved: [ResolvedFinding] = []

    init(english: Bool, startedAt: Date, today: Day, bundles: [RetainedBundle], ids: TextArena, policies: [Policy], spool: BundleSpool) {
        self.english = english
        self.startedAt = startedAt
        self.today = today
        self.bundles = bundles
        self.ids = ids
        self.policies = policies
        self.spool = spool
    }

    /// Bundle i's policy and hospital id.
    func policy(of i: Int) -> Policy? { bundles[i].policy.map { policies[Int($0)] } }
    func hospitalID(of i: Int) -> String? { bundles[i].hospitalID.map(ids.text) }
    var audited: [Int] { bundles.indices.filter { bundles[$0].hospitalID != nil } }

    /// A bundle's spooled section.
    func section(_ section: SpoolSections.Section, of i: Int) throws -> SpoolReader {
        SpoolReader(try spool.read(bundles[i].sections[section]))
    }

    func review(of i: Int) throws -> ReviewRecord {
        var reader = try section(.review, of: i)
        return try JSONDecoder().decode(ReviewRecord.self, from: Data(reader.bytesField()))
    }

    /// The bundle's audit without findings, errors, files or facts: its hospital, policy,
    /// status and figures, as the document's hospital record and the cross-hospital rules read it.
    func audit(of i: Int) throws -> BundleAudit {
        let review = try review(of: i)
        let bundle = bundles[i]
        var audit = BundleAudit(bundle: bundle.bundle)
        audit.status = bundle.status
        audit.statusReasons = review.statusReasons + bundle.extraReasons
        audit.hospital = review.hospital
        audit.policy = policy(of: i)
        audit.figures = review.figures
        return audit
    }

    /// The summary on stderr.
    public func summaryText(verbose: Bool) throws -> String {
        let rows = bundles.indices.map {
            RunSummary.Row(bundle: bundles[$0].bundle, hospitalID: hospitalID(of: $0), status: bundles[$0].status, tally: bundles[$0].tally,
                           policy: policy(of: $0))
        }
        return try RunSummary.text(rows, describe: { i in
            let review = try self.review(of: i)
            return (review.hospital?.name, review.statusReasons + self.bundles[i].extraReasons)
        }, errors: bundleErrors, searchProblems: runErrors, english: english, verbose: verbose, waivers: waivers)
    }

    /// Input errors inside bundles.
    public var bundleErrors: Int { bundles.reduce(0) { $0 + $1.errors } }
    public var inputErrors: Int { bundleErrors + runErrors.count }
    public var hospitals: Int { bundles.reduce(0) { $0 + ($1.hospitalID == nil ? 0 : 1) } }

    public var total: BundleTally {
        var total = BundleTally()
        for b in bundles { total.add(b.tally) }
        return total
    }

    /// Every finding, suppressed ones included.
    public var findingCount: Int { total.all }

    /// Some bundle's hospital could not be audited, or not whole.
    public var someNotWhole: Bool { bundles.contains { $0.status != .audited } }

    /// The run's policy as the document names it: the one policy, or the digest of a run of
    /// several regions'.
    public var policySHA256: String { policyRefs.run.sha256 }

    /// The policies the run applied, and the one the document names for the run: the only one,
    /// or a digest of all of them when hospitals of several regions are audited together.
    var policyRefs: (run: FindingsDocument.PolicyRef, all: [FindingsDocument.PolicyRef]) {
        var byHash: [String: FindingsDocument.PolicyRef] = [:]
        for i in audited {
            if let p = policy(of: i) { byHash[p.sha256] = FindingsDocument.PolicyRef(name: p.name, sha256: p.sha256) }
        }
        let all = byHash.values.sorted { ($0.name, $0.sha256) < ($1.name, $1.sha256) }
        if all.count == 1 { return (all[0], all) }
        return (FindingsDocument.PolicyRef(name: all.isEmpty ? "none" : "by-region",
                                           sha256: SHA256.hex(Array(all.map(\.sha256).joined(separator: "\n").utf8))), all)
    }

    var summary: FindingsDocument.Summary {
        let total = self.total
        return FindingsDocument.Summary(
            hospitals: hospitals, findings: total.standing,
            bySeverity: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, total.standing($0)) }),
            byRule: total.byRule, inputErrors: inputErrors,
            incomplete: bundles.reduce(0) { $0 + ($1.hospitalID != nil && $1.status == .incomplete ? 1 : 0) },
            notAudited: bundles.count - hospitals, suppressed: total.suppressed)
    }

    var resolvedEntries: [FindingsDocument.ResolvedEntry] {
        resolved.map {
            FindingsDocument.ResolvedEntry(fingerprint: $0.fingerprint, rule: $0.rule, hospitalID: $0.hospitalID, period: $0.period,
                                           counterparty: $0.counterparty, firstSeen: $0.firstSeen, lastSeen: $0.lastSeen)
        }
    }

    var waiverEntries: [FindingsDocument.WaiverOutcomeEntry] {
        waivers.map { o in
            FindingsDocument.WaiverOutcomeEntry(position: o.waiver.position, names: o.waiver.label, state: o.state.rawValue, findings: o.findings,
                                                reason: o.waiver.reason, acceptedBy: o.waiver.acceptedBy, expires: o.waiver.expires.description)
        }
    }

    var startedAtText: String { ISO8601DateFormatter().string(from: startedAt) }

    /// Bundles in the order the document lists their inputs and errors: by name.
    var byName: [Int] { bundles.indices.sorted { bundles[$0].bundle < bundles[$1].bundle } }

    /// What the history records of the run: each input file's digest and each finding, in the
    /// order of the bundles.
    public func forEachHistoryRow(input: (_ bundle: String, _ file: String, _ sha256: String?) throws -> Void,
                                  finding: (HistoryRow) throws -> Void) throws {
        for i in bundles.indices {
            var reader = try section(.history, of: i)
            for _ in 0 ..< reader.number() {
                let file = reader.text() ?? ""
                try input(bundles[i].bundle, file, reader.text())
            }
            for _ in 0 ..< reader.number() { try finding(HistoryRow(from: &reader)) }
            for (fingerprint, f) in bundles[i].peerFindings { try finding(HistoryRow(f, fingerprint: fingerprint, today: today)) }
        }
    }
}
