import Foundation
import Testing
@testable import HospAuditCore

/// The summary of a region's run fits a screen: the highest scores and every hospital that
/// could not be audited whole, the rest counted.
struct RunSummaryTests {
    static func audits() throws -> [BundleAudit] {
        let policy = try PolicyLoader.load(region: "330000")
        var audits: [BundleAudit] = []
        for i in 0..<40 {
            var audit = BundleAudit(bundle: "330000/h\(i)")
            audit.hospital = Hospital(id: String(format: "52330100MJ%08d", i), name: "浙江第\(i)医院", ownership: .nonprofit)
            audit.policy = policy
            audit.findings = (0..<(i % 7)).map { n in
                Finding(rule: "RP-005", severity: .medium, hospitalID: audit.hospital!.id, period: "2024", amount: nil,
                        message: LocalizedText(zh: "拆分付款", en: "split"), basis: [], evidence: [], subject: "s\(n)")
            }
            audits.append(audit)
        }
        audits[3].status = .incomplete
        audits[3].statusReasons = [LocalizedText(zh: "缺少序时账（ledger）", en: "no ledger")]
        var lost = BundleAudit(bundle: "330000/乱码")
        lost.status = .notAudited
        lost.statusReasons = [LocalizedText(zh: "缺少机构信息（entity）", en: "no entity table")]
        audits.append(lost)
        return audits
    }

    @Test func aRegionsRunListsTheTopScoresAndTheProblems() throws {
        let text = RunSummary.text(try Self.audits(), english: true)
        let lines = text.split(separator: "\n")
        #expect(lines.count < 20)
        #expect(text.contains("by rule: RP-005"))
        #expect(lines.filter { $0.contains("score 18") }.count == 5)   // six findings of weight 3
        #expect(text.contains("AUDIT INCOMPLETE: no ledger"))
        #expect(text.contains("330000/乱码: NOT AUDITED"))
        #expect(text.contains("more hospitals in the document; --verbose lists every one"))
        #expect(!text.contains("浙江第0医院"))
        let verbose = RunSummary.text(try Self.audits(), english: true, verbose: true)
        #expect(verbose.contains("浙江第0医院") && verbose.split(separator: "\n").count > 40)
    }
}
