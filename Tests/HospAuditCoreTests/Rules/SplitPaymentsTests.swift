import Foundation
import Testing
@testable import HospAuditCore

struct SplitPaymentsTests {
    /// Two payees whose names differ only in a compatibility ideograph (隆 U+9686, 隆 U+F9DC)
    /// are two payees in the ledger's texts, and their splits two findings: each finding's
    /// subject is made from its own payee's name, so the two never share a fingerprint.
    @Test func payeesSpelledAlikeKeepTheirOwnSubjects() throws {
        let plain = "兴隆医药有限公司", compatibility = "兴\u{F9DC}医药有限公司"
        #expect(plain == compatibility && !plain.utf8.elementsEqual(compatibility.utf8))
        var ledger = ExampleTables.ledgerHeader
        for (n, payee) in [(1, plain), (3, plain), (5, compatibility), (7, compatibility)] {
            ledger += "记-010\(n),2024-09-02,5201,管理费用-维修费,\"60,000.00\",,\(payee),门诊楼维修\n"
            ledger += "记-010\(n),2024-09-02,1002,银行存款,,\"60,000.00\",\(payee),门诊楼维修\n"
        }
        let layout = try makeBundle(["entity": ExampleTables.zhejiangNonprofit, "ledger": ledger])
        let audit = try BundleAuditor(policyChoice: PolicyChoice()).audit(layout)
        let splits = audit.findings.filter { $0.rule == "RP-005" }
        let payees = Set(splits.map { Array(($0.counterparty ?? "").utf8) })
        #expect(Set(splits.map(\.fingerprint)).count == splits.count)
        // Each subject starts with its own payee's normalised name, byte for byte.
        for finding in splits {
            let own = PartyName.normalize(try #require(finding.counterparty))
            #expect(finding.subject.utf8.starts(with: own.utf8), "\(finding.subject)")
        }
        #expect(payees.count == splits.count)
    }
}
