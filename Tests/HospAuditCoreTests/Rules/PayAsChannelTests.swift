import Foundation
import Testing
@testable import HospAuditCore

/// DD-005's amounts: pay counted once however it is accrued and paid, whatever the account.
struct PayAsChannelTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52110105MJ00234564,北京康宁医院,非营利性,110105,综合医院,是,民间非营利组织会计制度,2024,北京康宁投资管理有限公司\n"
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"

    func findings(_ ledger: String, related: String = "") throws -> [Finding] {
        var tables = ["entity": Self.entity, "ledger": Self.header + ledger]
        if !related.isEmpty { tables["related_parties"] = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n" + related }
        return try BundleAuditor().audit(try makeBundle(tables)).findings.filter { $0.rule == "DD-005" }
    }

    @Test func aSurplusBonusAccruedAndThenPaidCountsOnce() throws {
        let found = try findings("""
            记-0101,2024-12-25,5201,管理费用-奖金,"420,000.00",,,计提2024年结余提成奖
            记-0101,2024-12-25,2204,应付工资-奖金,,"420,000.00",,计提2024年结余提成奖
            记-0102,2024-12-28,2204,应付工资-奖金,"420,000.00",,王立新,发放2024年结余提成奖
            记-0102,2024-12-28,1002,银行存款,,"420,000.00",王立新,发放2024年结余提成奖

            """)
        #expect(found.count == 1)
        #expect(found.first?.amount == Money(yuan: 420_000))
        #expect(found.first?.counterparty == "王立新")
    }

    @Test func aKeyManagersPayThroughServiceFeesIsAddedToTheSalary() throws {
        var ledger = ""
        for month in 1...12 {
            let m = String(format: "%02d", month)
            ledger += """
                记-00\(m),2024-\(m)-10,5201,管理费用-人员经费-工资,"30,000.00",,,计提\(month)月工资
                记-00\(m),2024-\(m)-10,2204,应付工资,,"30,000.00",,计提\(month)月工资
                记-01\(m),2024-\(m)-12,2204,应付工资,"30,000.00",,孙志强,发放\(month)月工资
                记-01\(m),2024-\(m)-12,1002,银行存款,,"30,000.00",孙志强,发放\(month)月工资
                记-02\(m),2024-\(m)-25,5201,管理费用-劳务费,"98,000.00",,孙志强,支付\(month)月劳务费
                记-02\(m),2024-\(m)-25,1002,银行存款,,"98,000.00",孙志强,支付\(month)月劳务费

                """
        }
        let found = try findings(ledger, related: "孙志强,,关键管理人员,2020-07-01,\n")
        #expect(found.count == 1)
        // 12 × 30,000 of salary and 12 × 98,000 of 劳务费: 1,536,000 against the 1,206,980 cap.
        #expect(found.first?.amount == Money(yuan: 1_536_000))
        #expect(found.first?.evidenceCount == 24)
    }
}
