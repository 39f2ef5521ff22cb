import Foundation
import Testing
@testable import HospAuditCore

/// Messages an auditor can quote: amounts grouped as in a letter, and no ratio to a mean that
/// does not exist.
struct FindingMessageTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52330100MJ9876543M,浙江安远医院,非营利性,330102,综合医院,是,民间非营利组织会计制度,2024,杭州安远控股有限公司\n"
    static let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n杭州安远医院管理有限公司,91330106MA2B3C4D5E,举办者控制的企业,2016-01-01,\n"
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"

    @Test func aDecemberOnlyExpenseIsSaidToBeALumpSumNotARatio() throws {
        let ledger = Self.header + """
            记-0150,2024-12-28,5201,管理费用-咨询费,"1,850,000.00",,杭州安远医院管理有限公司,年度管理咨询费
            记-0150,2024-12-28,1002,银行存款,,"1,850,000.00",杭州安远医院管理有限公司,年度管理咨询费

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "related_parties": Self.related, "ledger": ledger]))
        let finding = try #require(audit.findings.first { $0.rule == "DD-008" })
        #expect(finding.message.zh.contains("1,850,000.00 元"))
        #expect(finding.message.zh.contains("其余各月均无"))
        #expect(!finding.message.zh.contains("倍"))
        #expect(finding.message.en.contains("none in any other month"))
    }

    /// The related parties' code column also takes a person's identity-card number: RP-002 must
    /// not call it a USCC, nor print it whole.
    @Test func aSharedIdentityCardNumberIsNamedAsOneAndMasked() throws {
        let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n王建国,11010519491231002X,举办者实际控制人,2016-01-01,\n"
        let ledger = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方统一社会信用代码,摘要\n" + """
            记-0062,2024-06-18,5201,管理费用-劳务费,"600,000.00",,王国建,11010519491231002X,支付专家劳务费
            记-0062,2024-06-18,1002,银行存款,,"600,000.00",王国建,11010519491231002X,支付专家劳务费

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "related_parties": related, "ledger": ledger]))
        let finding = try #require(audit.findings.first { $0.rule == "RP-002" })
        #expect(finding.message.zh.contains("身份证件号码相同（1101**********002X）"))
        #expect(finding.message.en.contains("shares its identity-card number (1101**********002X) with"))
        #expect(!finding.message.zh.contains("统一社会信用代码"))
        #expect(!finding.message.zh.contains("11010519491231002X") && !finding.message.en.contains("11010519491231002X"))
        #expect(finding.details["evidence_of_relation"] == "identity_card")
    }

    /// A person's bank card ties their sole proprietorship to them; the letter gives its first and
    /// last four digits only. A company's account is given whole.
    @Test func aPersonsBankCardIsMaskedAndACompanysAccountIsNot() throws {
        let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号\n"
            + "李国庆,,关键管理人员,2016-01-01,,6217 0008 1000 2345 678\n"
            + "杭州安远医院管理有限公司,91330106MA2B3C4D5E,举办者控制的企业,2016-01-01,,3301 0400 0123 4567 890\n"
        let ledger = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方账号,摘要\n" + """
            记-0071,2024-07-12,5101,业务活动成本-卫生材料费,"196,000.00",,吉林市船营区国庆医疗器械经营部,,购入耗材
            记-0071,2024-07-12,1002,银行存款,,"196,000.00",吉林市船营区国庆医疗器械经营部,6217000810002345678,购入耗材
            记-0072,2024-07-15,5201,管理费用-咨询费,"150,000.00",,杭州启明商务咨询有限公司,,支付咨询费
            记-0072,2024-07-15,1002,银行存款,,"150,000.00",杭州启明商务咨询有限公司,3301 0400 0123 4567 890,支付咨询费

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "related_parties": related, "ledger": ledger]))
        let hidden = audit.findings.filter { $0.rule == "RP-002" }
        let person = try #require(hidden.first { $0.counterparty == "吉林市船营区国庆医疗器械经营部" })
        #expect(person.message.zh.contains("银行账号相同（6217 **** 5678）") && !person.message.zh.contains("2345"), "\(person.message.zh)")
        let company = try #require(hidden.first { $0.counterparty == "杭州启明商务咨询有限公司" })
        #expect(company.message.zh.contains("（3301 0400 0123 4567 890）"), "\(company.message.zh)")
    }

    @Test func aPartyCodeIsToldFromAUSCCAndAnIdentityCardNumber() {
        #expect(PartyCode("91330106MA2B3C4D5E") == .other("91330106MA2B3C4D5E"))
        #expect(PartyCode(" 52330100mj9876543m ") == .uscc("52330100MJ9876543M"))
        #expect(PartyCode("11010519491231002X") == .identityCard(masked: "1101**********002X"))
        // A mistyped check digit is still a person's number.
        #expect(PartyCode("110105194912310021") == .identityCard(masked: "1101**********0021"))
        // Not a birth date in the 7th to 14th places: a code.
        #expect(PartyCode("110105194913310021") == .other("110105194913310021"))
        #expect(PartyCode("KS-0012") == .other("KS-0012"))
        // The first generation's fifteen digits.
        #expect(PartyCode("110105491231002") == .identityCard(masked: "1101*******1002"))
    }

    @Test func amountsAreGroupedAsInALetter() {
        #expect(Money(yuan: 7_344_000).grouped == "7,344,000.00")
        #expect(Money(units: -123_456_789).grouped == "-12,345.6789")
        #expect(Money(yuan: 999).grouped == "999.00")
        #expect(Money(yuan: 1_000).grouped == "1,000.00")
        #expect(Money(yuan: -100_000).grouped == "-100,000.00")
        #expect(Money(yuan: -1_234_567).grouped == "-1,234,567.00")
        #expect(Money(units: 5).grouped == "0.0005")
        #expect(Money.overflow.grouped == "overflow")
        #expect(RuleText.yuan(Decimal(string: "1234567.891")!) == "1,234,567.89")
    }
}
