import Foundation
import Testing
@testable import HospAuditCore

/// Findings an auditor reviewed and accepted: suppressed until their waiver expires, counted
/// for neither the score nor --fail-on; expired and unmatched waivers are reported.
struct WaiverTests {
    static let sample = Paths.samples.appendingPathComponent("zj-huaxin-fees").path

    func waivers(_ text: String) throws -> String {
        let path = Scratch.folder + "/waivers-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) throws -> (status: Int32, document: [String: Any], stderr: String) {
        let result = try CLI.run(["audit", Self.sample, "--lang", "en"] + arguments)
        #expect(try schemaViolations(result.stdout) == [])
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        return (result.status, document, result.stderr)
    }

    @Test func aWaiverSuppressesItsFindingsUntilItExpires() throws {
        let plain = try run([])
        let findings = try #require(plain.document["findings"] as? [[String: Any]])
        let split = try #require(findings.first { $0["rule"] as? String == "RP-005" })
        let fingerprint = try #require(split["fingerprint"] as? String)
        let hospital = try #require(split["hospital_id"] as? String)
        let file = try waivers("""
            waivers:
              - fingerprint: \(fingerprint)
                reason: 外立面维修经院务会批准分期付款（院务会纪要 2024-08-30）
                accepted_by: 张敏（审计组）
                expires: 2099-12-31
              - rule: RP-006
                hospital: \(hospital)
                reason: 举办者提供的唯一院区
                accepted_by: 张敏（审计组）
                expires: 2020-06-30
              - rule: DD-007
                hospital: \(hospital)
                reason: 无此事项
                accepted_by: 张敏（审计组）
                expires: 2099-12-31

            """)
        let waived = try run(["--waivers", file])
        let after = try #require(waived.document["findings"] as? [[String: Any]])
        #expect(after.count == findings.count)
        let suppressed = after.filter { $0["status"] as? String == "suppressed" }
        #expect(suppressed.map { $0["fingerprint"] as? String } == [fingerprint])
        #expect((suppressed.first?["waiver"] as? [String: Any])?["accepted_by"] as? String == "张敏（审计组）")
        let summary = try #require(waived.document["summary"] as? [String: Any])
        #expect(summary["suppressed"] as? Int == 1)
        #expect(summary["findings"] as? Int == findings.count - 1)
        let outcomes = try #require(waived.document["waivers"] as? [[String: Any]])
        #expect(outcomes.map { $0["state"] as? String } == ["applied", "expired", "unmatched"])
        #expect(outcomes[1]["findings"] as? Int == 2)   // the two RP-006 findings it no longer covers
        #expect(waived.stderr.contains("waiver 2 (RP-006 \(hospital)) expired on 2020-06-30"))
        #expect(waived.stderr.contains("waiver 3 (DD-007 \(hospital)) matches no finding"))
        // The expired waiver suppresses nothing: RP-006 stands.
        #expect(after.filter { $0["rule"] as? String == "RP-006" }.allSatisfy { $0["status"] as? String == "new" })
    }

    @Test func suppressedFindingsDoNotFailTheRun() throws {
        let low = try run(["--fail-on", "low"])
        #expect(low.status == 1)
        let findings = try #require(low.document["findings"] as? [[String: Any]])
        let hospital = try #require(findings.first?["hospital_id"] as? String)
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        let file = try waivers("waivers:\n" + rules.sorted().map {
            "  - {rule: \($0), hospital: \(hospital), reason: 已复核, accepted_by: 李审计, expires: 2099-12-31}\n"
        }.joined())
        let waived = try run(["--fail-on", "low", "--waivers", file])
        #expect(waived.status == 0)
        let hospitals = try #require(waived.document["hospitals"] as? [[String: Any]])
        #expect(hospitals.first?["score"] as? Int == 0)
    }

    @Test(arguments: [
        ("waivers:\n  - {rule: RP-005, reason: x, accepted_by: y, expires: 2099-12-31}\n", "waivers[0] needs a fingerprint, or a rule and a hospital"),
        ("waivers:\n  - {fingerprint: abc, reason: x, accepted_by: y, expires: 2099-12-31}\n", "waivers[0].fingerprint"),
        ("waivers:\n  - {rule: RP-005, hospital: 52330106MJ55667782, reason: x, expires: 2099-12-31}\n", "waivers[0].accepted_by is required"),
        ("waivers:\n  - {rule: RP-005, hospital: 52330106MJ55667782, reason: x, accepted_by: y, expires: 2099-02-30}\n", "waivers[0].expires is not a date"),
        ("waiver:\n  - {}\n", "waivers is required"),
    ])
    func aBadWaiversFileIsRefusedWithThePathOfTheBadKey(text: String, message: String) throws {
        let result = try CLI.run(["audit", Self.sample, "--waivers", try waivers(text)])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
