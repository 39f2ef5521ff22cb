import Testing
@testable import HospAuditCore

struct BundleAuditorTests {
    static let ledgerHeader = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let entity = """
        统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者
        52330100MJ9876543M,浙江安远医院,非营利性,330000,综合医院,是,民间非营利组织会计制度,2024,杭州安远控股有限公司

        """

    /// A voucher that lost a line to an input error is reported as the input error, not as a
    /// voucher that does not balance: that would be a finding about the reader, not the books.
    @Test(arguments: [
        "记-0002,2024-03-06,5201,管理费用-维修费,3,000.00,,,维修\n",   // an unquoted thousands separator: ragged
        "记-0002,2024-02-31,5201,管理费用-维修费,3000.00,,,维修\n",     // a date that does not exist
    ])
    func aVoucherWithARejectedLineIsNotCalledUnbalanced(badLine: String) throws {
        let ledger = Self.ledgerHeader + badLine + "记-0002,2024-03-06,1002,银行存款,,3000.00,,维修\n"
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "ledger": ledger]))
        #expect(audit.errors.count == 1)
        #expect(!audit.findings.contains { $0.rule == "DS-002" })
        #expect(audit.facts?.incompleteVouchers == 1)
    }

    @Test func anUnbalancedVoucherWithAllItsLinesIsStillReported() throws {
        let ledger = Self.ledgerHeader + """
            记-0002,2024-03-06,5201,管理费用-维修费,3000.00,,,维修
            记-0002,2024-03-06,1002,银行存款,,2900.00,,维修
            记-0003,2024-03-07,5201,管理费用-办公费,,,,坏行
            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "ledger": ledger + "\n"]))
        #expect(audit.findings.filter { $0.rule == "DS-002" }.map(\.amount) == [Money(yuan: 100)])
    }

    /// A figure summed from a ledger that lost lines says so, so the letter does not rest on it alone.
    @Test func aMismatchFromAnIncompleteLedgerSaysTheLedgerLostLines() throws {
        let ledger = Self.ledgerHeader + """
            记-0001,2024-03-05,1002,银行存款,500000.00,,,门诊收入
            记-0001,2024-03-05,4301,提供服务收入,,500000.00,,门诊收入
            记-0002,2024-03-06,5201,管理费用-维修费,3,000.00,,,维修
            记-0002,2024-03-06,1002,银行存款,,3000.00,,维修

            """
        let statements = "期间,报表名称,项目名称,本年累计数\n2024,业务活动表,收入合计,500000.00\n2024,业务活动表,本年结余,380000.00\n"
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "ledger": ledger, "statements": statements]))
        let mismatch = try #require(audit.findings.first { $0.rule == "PR-003" })
        #expect(mismatch.message.en.contains("1 voucher(s) lost lines to input errors"))
        #expect(mismatch.details["incomplete_vouchers"] == "1")
    }
}
