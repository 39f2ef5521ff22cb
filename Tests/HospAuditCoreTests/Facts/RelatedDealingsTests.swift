import Foundation
import Testing
@testable import HospAuditCore

/// What counts as dealing with a related party, once: a liability booked to the party and paid
/// later is one dealing, whether the booking or only the payment names the party.
struct RelatedDealingsTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52120104MJ0067890X,天津南开华康医院,非营利性,120104,综合医院,是,民间非营利组织会计制度,2024,天津华康投资有限公司\n"
    static let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n王建民,,关键管理人员,2018-01-01,\n"
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"

    func dealt(_ ledger: String) throws -> Money? {
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "related_parties": Self.related, "ledger": Self.header + ledger]))
        return audit.facts?.years[2024]?.related["王建民"]?.amount
    }

    @Test func payAccruedByNameAndPaidCountsOnce() throws {
        var ledger = ""
        for month in 1...3 {
            ledger += """
                记-00\(month)1,2024-0\(month)-10,5201,管理费用-人员经费-工资,"65,000.00",,王建民,计提院长\(month)月工资
                记-00\(month)1,2024-0\(month)-10,2204,应付工资,,"65,000.00",王建民,计提院长\(month)月工资
                记-00\(month)2,2024-0\(month)-15,2204,应付工资,"65,000.00",,王建民,发放院长\(month)月工资
                记-00\(month)2,2024-0\(month)-15,2206,应交税金-代扣个人所得税,,"12,000.00",王建民,发放院长\(month)月工资
                记-00\(month)2,2024-0\(month)-15,1002,银行存款,,"53,000.00",王建民,发放院长\(month)月工资

                """
        }
        // January also pays December's salary, booked the year before: a settlement, not a dealing.
        ledger += """
            记-0009,2024-01-05,2204,应付工资,"65,000.00",,王建民,发放院长2023年12月工资
            记-0009,2024-01-05,1002,银行存款,,"65,000.00",王建民,发放院长2023年12月工资

            """
        #expect(try dealt(ledger) == Money(yuan: 195_000))
    }

    @Test func payAccruedWithoutANameCountsWhereItIsPaidToThePerson() throws {
        let ledger = """
            记-0011,2024-01-10,5201,管理费用-人员经费-工资,"860,000.00",,,计提1月工资
            记-0011,2024-01-10,2204,应付工资,,"860,000.00",,计提1月工资
            记-0012,2024-01-15,2204,应付工资,"65,000.00",,王建民,发放院长1月工资
            记-0012,2024-01-15,1002,银行存款,,"65,000.00",王建民,发放院长1月工资

            """
        #expect(try dealt(ledger) == Money(yuan: 65_000))
    }

    /// Money lent to a related party through 其他应收款 is a dealing; its repayment settles it.
    @Test func lendingToTheSponsorIsADealingAndItsRepaymentIsNot() throws {
        let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n天津华康投资有限公司,91120104MA05KX8N4L,举办者,2015-06-01,\n"
        let ledger = Self.header + """
            记-0031,2024-03-15,1221,其他应收款,"3,000,000.00",,天津华康投资有限公司,借给举办者
            记-0031,2024-03-15,1002,银行存款,,"3,000,000.00",天津华康投资有限公司,借给举办者
            记-0081,2024-08-15,1002,银行存款,"1,000,000.00",,天津华康投资有限公司,收回借款
            记-0081,2024-08-15,1221,其他应收款,,"1,000,000.00",天津华康投资有限公司,收回借款
            记-0082,2024-08-16,1123,预付账款,"200,000.00",,天津华康投资有限公司,预付房租
            记-0082,2024-08-16,1002,银行存款,,"200,000.00",天津华康投资有限公司,预付房租

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "related_parties": related, "ledger": ledger]))
        #expect(audit.facts?.years[2024]?.related["天津华康投资有限公司"]?.amount == Money(yuan: 3_000_000))
    }
}
