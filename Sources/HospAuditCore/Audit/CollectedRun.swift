import Foundation

/// A run once every bundle is in and the cross-hospital rules have run: what the document, the
/// run line, the summary, the history and the exit code are made from.
public struct CollectedRun: @unchecked Sendable {
    let english: Bool
    let startedAt: Date
    let today: Day
    /// In the order of the run's bundles.
    let bundles: [RetainedBundle]
    /// Problems finding bundles, and hospitals found in two bundles.
    public let runErrors: [InputError]
    public let waivers: [WaiverBook.Outcome]
    public let resolved: [ResolvedFinding]
    let spool: BundleSpool

    /// The summary's rows, one a bundle.
    public var summaryRows: [RunSummary.Row] { bundles.map { RunSummary.Row($0.audit, tally: $0.tally) } }

    /// Input errors inside bundles.
    public var bundleErrors: Int { bundles.reduce(0) { $0 + $1.errors } }
    public var inputErrors: Int { bundleErrors + runErrors.count }
    public var hospitals: Int { bundles.filter { $0.audit.hospital != nil }.count }

    public var total: BundleTally {
        var total = BundleTally()
        for b in bundles { total.add(b.tally) }
        return total
    }

    /// Some bundle's hospital could not be audited, or not whole.
    public var someNotWhole: Bool { bundles.contains { $0.audit.status != .audited } }

    /// The first hospital's policy, as the history records the run's.
    public var policySHA256: String { bundles.lazy.compactMap { $0.audit.policy?.sha256 }.first ?? "" }

    /// The policies the run applied, and the one the document names for the run: the only one,
    /// or a digest of all of them when hospitals of several regions are audited together.
    var policies: (run: FindingsDocument.PolicyRef, all: [FindingsDocument.PolicyRef]) {
        var byHash: [String: FindingsDocument.PolicyRef] = [:]
        for b in bundles where b.audit.hospital != nil {
            if let p = b.audit.policy { byHash[p.sha256] = FindingsDocument.PolicyRef(name: p.name, sha256: p.sha256) }
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
            incomplete: bundles.filter { $0.audit.hospital != nil && $0.audit.status == .incomplete }.count,
            notAudited: bundles.filter { $0.audit.hospital == nil }.count, suppressed: total.suppressed)
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
    var byName: [RetainedBundle] { bundles.sorted { $0.audit.bundle < $1.audit.bundle } }

    /// A section of a bundle's spool record: 0 findings, 1 errors, 2 inputs, 3 history rows.
    func section(_ n: Int, of bundle: RetainedBundle) throws -> SpoolReader {
        SpoolReader(try spool.read(bundle.extents[n]))
    }

    /// What the history records of the run: each input file's digest and each finding, in the
    /// order of the bundles.
    public func forEachHistoryRow(input: (_ bundle: String, _ file: String, _ sha256: String?) throws -> Void,
                                  finding: (HistoryRow) throws -> Void) throws {
        for b in bundles {
            var reader = try section(3, of: b)
            for _ in 0 ..< reader.number() {
                let file = reader.text() ?? ""
                try input(b.audit.bundle, file, reader.text())
            }
            for _ in 0 ..< reader.number() { try finding(HistoryRow(from: &reader)) }
            for (fingerprint, f) in b.peerFindings { try finding(HistoryRow(f, fingerprint: fingerprint, today: today)) }
        }
    }

    /// Every finding, suppressed ones included.
    public var findingCount: Int { total.all }
}
