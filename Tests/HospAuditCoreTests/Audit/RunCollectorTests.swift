import Foundation
import Testing
@testable import HospAuditCore

/// A night's run spools each bundle as it finishes and writes the document from the spool: the
/// document must not depend on where the spool is or on the order the bundles finished in.
struct RunCollectorTests {
    static func sampleAudits() throws -> [BundleAudit] {
        let found = try BundleSources.find([Paths.samples.path])
        let auditor = BundleAuditor(policyChoice: PolicyChoice())
        return try found.layouts.map { try auditor.audit($0) }
    }

    static func document(_ audits: [BundleAudit], order: [Int], onDisk: Bool) throws -> String {
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let collector = try RunCollector(bundles: audits.count, english: false, today: Day(started), spoolInMemory: !onDisk)
        for i in order { try collector.add(i, audits[i]) }
        let run = try collector.finish(searchProblems: [], startedAt: started)
        return String(decoding: try run.documentData(), as: UTF8.self)
    }

    @Test func spoolPlaceAndFinishingOrderDoNotChangeTheDocument() throws {
        let audits = try Self.sampleAudits()
        #expect(audits.count >= 12)
        let inOrder = try Self.document(audits, order: Array(audits.indices), onDisk: false)
        #expect(try Self.document(audits, order: audits.indices.reversed(), onDisk: true) == inOrder)
        #expect(try Self.document(audits, order: audits.indices.shuffled(), onDisk: true) == inOrder)
        // The cross-hospital rule ran over the collected bundles and its finding is in place.
        #expect(inOrder.contains("\"rule\" : \"PR-002\""))
    }

    /// The same hospital in two bundles: its findings come together, sorted, and both bundles
    /// are told of each other.
    @Test func aHospitalInTwoBundlesHasItsFindingsMergedInOrder() throws {
        var audits = try Self.sampleAudits()
        guard let renhe = audits.firstIndex(where: { $0.bundle.hasSuffix("bj-renhe-dividend") }) else {
            Issue.record("no bj-renhe-dividend sample")
            return
        }
        var copy = audits[renhe]
        copy = BundleAudit(bundle: copy.bundle + "-copy", status: copy.status, statusReasons: copy.statusReasons, hospital: copy.hospital,
                           policy: copy.policy, findings: copy.findings, files: copy.files, digests: copy.digests, errors: copy.errors,
                           figures: copy.figures)
        audits.append(copy)
        let text = try Self.document(audits, order: Array(audits.indices), onDisk: true)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let ids = findings.map { "\($0["hospital_id"]!)|\($0["rule"]!)|\($0["period"]!)|\($0["fingerprint"]!)" }
        #expect(ids == ids.sorted())
        let renheID = try #require(audits[renhe].hospital?.id)
        #expect(findings.filter { $0["hospital_id"] as? String == renheID }.count == 2 * audits[renhe].findings.count)
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.filter { $0["code"] as? String == "duplicate_hospital" }.count == 2)
    }
}
