import Foundation
import Testing
@testable import HospAuditCore

/// A distribution booked to a payable in one year and paid in the next is one distribution: it
/// is judged in the year it was booked, and the payment is that finding's evidence.
struct SurplusDistributedTests {
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let entity = """
        统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者
        52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司

        """

    private func distributions(_ ledger: String) throws -> [Finding] {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.header + ledger])
        let audit = try BundleAuditor().audit(layout)
        #expect(audit.errors.isEmpty)
        return audit.findings.filter { $0.rule == "DD-001" }
    }

    @Test func aDistributionPaidTheNextYearIsOneFindingOfTheYearItWasBooked() throws {
        let found = try distributions("""
            记-0212,2023-12-29,3101,非限定性净资产,"2,400,000.00",,,提取2023年结余分配款
            记-0212,2023-12-29,2209,其他应付款,,"2,400,000.00",北京仁和投资有限公司,提取2023年结余分配款
            记-0015,2024-01-12,2209,其他应付款,"2,400,000.00",,北京仁和投资有限公司,支付往来款
            记-0015,2024-01-12,1002,银行存款,,"2,400,000.00",北京仁和投资有限公司,支付往来款

            """)
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.period == "2023")
        #expect(finding.amount == Money(yuan: 2_400_000))
        #expect(finding.details["paid"] == "2400000.00")
        #expect(finding.details["paid_in_later_years"] == "2400000.00")
        #expect(Set(finding.evidence.map(\.entryID)) == ["记-0212", "记-0015"])
        #expect(finding.message.zh.contains("已全部支付"))
    }

    @Test func paymentsBeyondWhatEarlierYearsLeftOwedAreANewYearsDistribution() throws {
        let found = try distributions("""
            记-0198,2023-12-28,3101,利润分配-应付利润,"2,000,000.00",,北京仁和投资有限公司,分配2023年结余
            记-0198,2023-12-28,2204,应付利润,,"2,000,000.00",北京仁和投资有限公司,分配2023年结余
            记-0021,2024-01-18,2204,应付利润,"2,600,000.00",,北京仁和投资有限公司,支付应付利润
            记-0021,2024-01-18,1002,银行存款,,"2,600,000.00",北京仁和投资有限公司,支付应付利润
            记-0264,2024-12-27,3101,利润分配-应付利润,"1,500,000.00",,北京仁和投资有限公司,分配2024年结余
            记-0264,2024-12-27,2204,应付利润,,"1,500,000.00",北京仁和投资有限公司,分配2024年结余

            """)
        #expect(found.map(\.period) == ["2023", "2024"])
        // 2,000,000 of the payment is 2023's distribution paid; the other 600,000 pays part of
        // 2024's 1,500,000.
        #expect(found[0].amount == Money(yuan: 2_000_000))
        #expect(found[0].details["paid_in_later_years"] == "2000000.00")
        #expect(found[1].amount == Money(yuan: 1_500_000))
        #expect(found[1].details["paid"] == "600000.00")
        #expect(found[1].details["paid_in_later_years"] == nil)
    }

    /// A booking taken back in red ink comes off what was booked; the finding is of what is left.
    @Test func aBookingReversedInRedInkIsTakenOff() throws {
        let found = try distributions("""
            记-0107,2023-11-28,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0107,2023-11-28,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0108,2023-11-30,3101,非限定性净资产,"-1,000,000.00",,,冲销11月28日提取结余分配款（红字）
            记-0108,2023-11-30,2209,其他应付款,,"-1,000,000.00",北京仁和投资有限公司,冲销11月28日提取结余分配款（红字）
            记-0196,2023-12-28,3101,非限定性净资产,"600,000.00",,,提取结余分配款
            记-0196,2023-12-28,2209,其他应付款,,"600,000.00",北京仁和投资有限公司,提取结余分配款

            """)
        #expect(found.map(\.amount) == [Money(yuan: 600_000)])
        #expect(Set(found.first?.evidence.map(\.entryID) ?? []) == ["记-0107", "记-0108", "记-0196"])
    }

    /// The sponsor lent the hospital money through the same payable and was repaid: repaying
    /// the loan does not pay the distribution, which is still owed.
    @Test func repayingTheSponsorsLoanDoesNotPayTheDistribution() throws {
        let found = try distributions("""
            记-0011,2023-03-01,1002,银行存款,"2,000,000.00",,北京仁和投资有限公司,收到举办者借款
            记-0011,2023-03-01,2209,其他应付款,,"2,000,000.00",北京仁和投资有限公司,收到举办者借款
            记-0203,2023-12-29,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0203,2023-12-29,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0042,2024-03-01,2209,其他应付款,"2,000,000.00",,北京仁和投资有限公司,归还举办者借款
            记-0042,2024-03-01,1002,银行存款,,"2,000,000.00",北京仁和投资有限公司,归还举办者借款
            记-0077,2024-06-28,2209,其他应付款,"400,000.00",,北京仁和投资有限公司,支付往来款
            记-0077,2024-06-28,1002,银行存款,,"400,000.00",北京仁和投资有限公司,支付往来款

            """)
        #expect(found.count == 1)
        #expect(found.first?.period == "2023")
        // The loan is repaid first; the 400,000 after it pays part of the distribution.
        #expect(found.first?.details["paid"] == "400000.00")
        #expect(Set(found.first?.evidence.map(\.entryID) ?? []) == ["记-0203", "记-0077"])
    }

    /// A payment that says it pays the dividend pays it, though a loan from the sponsor is
    /// still open on the same payable; the loan's repayment later is not the dividend again.
    @Test func aPaymentThatSaysDividendPaysTheDistributionFirst() throws {
        let found = try distributions("""
            记-0011,2023-03-01,1002,银行存款,"2,000,000.00",,北京仁和投资有限公司,收到举办者借款
            记-0011,2023-03-01,2209,其他应付款,,"2,000,000.00",北京仁和投资有限公司,收到举办者借款
            记-0203,2023-12-29,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0203,2023-12-29,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0009,2024-01-15,2209,其他应付款,"1,000,000.00",,北京仁和投资有限公司,支付举办者2023年度分红
            记-0009,2024-01-15,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付举办者2023年度分红
            记-0088,2024-06-28,2209,其他应付款,"2,000,000.00",,北京仁和投资有限公司,归还举办者借款
            记-0088,2024-06-28,1002,银行存款,,"2,000,000.00",北京仁和投资有限公司,归还举办者借款

            """)
        #expect(found.count == 1)
        #expect(found.first?.period == "2023")
        #expect(found.first?.details["paid"] == "1000000.00")
        #expect(Set(found.first?.evidence.map(\.entryID) ?? []) == ["记-0203", "记-0009"])
    }

    /// A loan the sponsor forgave (credited to donation income) is no longer owed: a later
    /// payment pays the distribution.
    @Test func aForgivenLoanIsNotRepaidByLaterPayments() throws {
        let found = try distributions("""
            记-0011,2023-03-01,1002,银行存款,"500,000.00",,北京仁和投资有限公司,收到举办者借款
            记-0011,2023-03-01,2209,其他应付款,,"500,000.00",北京仁和投资有限公司,收到举办者借款
            记-0150,2023-09-30,2209,其他应付款,"500,000.00",,北京仁和投资有限公司,举办者豁免借款转捐赠
            记-0150,2023-09-30,4101,捐赠收入,,"500,000.00",北京仁和投资有限公司,举办者豁免借款转捐赠
            记-0203,2023-12-29,3101,非限定性净资产,"800,000.00",,,提取结余分配款
            记-0203,2023-12-29,2209,其他应付款,,"800,000.00",北京仁和投资有限公司,提取结余分配款
            记-0021,2024-02-10,2209,其他应付款,"800,000.00",,北京仁和投资有限公司,支付往来款
            记-0021,2024-02-10,1002,银行存款,,"800,000.00",北京仁和投资有限公司,支付往来款

            """)
        #expect(found.map(\.period) == ["2023"])
        #expect(found.first?.details["paid"] == "800000.00")
    }

    /// 应付利润 reversed in red ink the next year: nothing was distributed, and no finding of
    /// 0.00 is made for the year of the reversal.
    @Test func profitOwedReversedInRedInkTheNextYearLeavesNothing() throws {
        let found = try distributions("""
            记-0198,2023-12-28,3101,利润分配-应付利润,"1,000,000.00",,北京仁和投资有限公司,分配2023年结余
            记-0198,2023-12-28,2204,应付利润,,"1,000,000.00",北京仁和投资有限公司,分配2023年结余
            记-0012,2024-01-09,3101,利润分配-应付利润,"-1,000,000.00",,北京仁和投资有限公司,冲销2023年结余分配（红字）
            记-0012,2024-01-09,2204,应付利润,,"-1,000,000.00",北京仁和投资有限公司,冲销2023年结余分配（红字）

            """)
        #expect(found.isEmpty)
    }

    /// Found by a review of the accumulator: each of these was wrong before its fix.
    @Test func forgivenLoansClosesReclassesAndOverpayments() throws {
        // The sponsor's loan forgiven into net assets clears the loan, not the distribution.
        let forgiven = try distributions("""
            记-0010,2024-03-01,1002,银行存款,"5,000,000.00",,北京仁和投资有限公司,收到举办者借款
            记-0010,2024-03-01,2209,其他应付款,,"5,000,000.00",北京仁和投资有限公司,收到举办者借款
            记-0088,2024-11-30,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0088,2024-11-30,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0090,2024-12-10,2209,其他应付款,"5,000,000.00",,北京仁和投资有限公司,举办者豁免借款转入净资产
            记-0090,2024-12-10,3101,非限定性净资产,,"5,000,000.00",,举办者豁免借款转入净资产
            记-0095,2024-12-20,2209,其他应付款,"1,000,000.00",,北京仁和投资有限公司,支付往来款
            记-0095,2024-12-20,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付往来款

            """)
        #expect(forgiven.map(\.amount) == [Money(yuan: 1_000_000)])
        #expect(forgiven.first?.details["paid"] == "1000000.00")
        // 利润分配 closed into net assets beyond anything booked to it is a line of its own.
        let closed = try distributions("""
            记-0107,2023-11-28,3101,非限定性净资产,"10,000.00",,,提取结余分配款
            记-0107,2023-11-28,2209,其他应付款,,"10,000.00",北京仁和投资有限公司,提取结余分配款
            记-0108,2023-11-30,2209,其他应付款,"10,000.00",,北京仁和投资有限公司,冲回11月28日提取结余分配款
            记-0108,2023-11-30,3101,非限定性净资产,,"10,000.00",,冲回11月28日提取结余分配款
            记-0301,2024-12-31,3101,非限定性净资产,"5,000,000.00",,,结转
            记-0301,2024-12-31,3102,利润分配-未分配利润,,"5,000,000.00",,结转

            """)
        #expect(closed.map(\.amount) == [Money(yuan: 5_000_000)])
        // Paid in words of a dividend beyond what was booked: all of it is distributed.
        let overpaid = try distributions("""
            记-0088,2024-11-30,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0088,2024-11-30,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0095,2024-12-06,2209,其他应付款,"3,000,000.00",,北京仁和投资有限公司,支付举办者分红
            记-0095,2024-12-06,1002,银行存款,,"3,000,000.00",北京仁和投资有限公司,支付举办者分红

            """)
        #expect(overpaid.map(\.amount) == [Money(yuan: 3_000_000)])
        // Moved between two sub-accounts of the sponsor's payable, then paid: paid.
        let moved = try distributions("""
            记-0088,2024-11-30,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0088,2024-11-30,2209,其他应付款-应付举办者款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0090,2024-12-01,2209,其他应付款-应付举办者款,"1,000,000.00",,北京仁和投资有限公司,科目调整
            记-0090,2024-12-01,2209,其他应付款-往来款,,"1,000,000.00",北京仁和投资有限公司,科目调整
            记-0095,2024-12-06,2209,其他应付款-往来款,"1,000,000.00",,北京仁和投资有限公司,支付往来款
            记-0095,2024-12-06,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付往来款

            """)
        #expect(moved.first?.details["paid"] == "1000000.00")
        #expect(moved.first?.evidence.contains { $0.entryID == "记-0095" } == true)
        // Moved into 应付利润, then paid: one distribution, not two.
        let intoProfitOwed = try distributions("""
            记-0088,2024-11-30,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
            记-0088,2024-11-30,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
            记-0090,2024-12-01,2209,其他应付款,"1,000,000.00",,北京仁和投资有限公司,转入应付利润
            记-0090,2024-12-01,2204,应付利润,,"1,000,000.00",北京仁和投资有限公司,转入应付利润
            记-0095,2024-12-06,2204,应付利润,"1,000,000.00",,北京仁和投资有限公司,支付应付利润
            记-0095,2024-12-06,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付应付利润

            """)
        #expect(intoProfitOwed.map(\.amount) == [Money(yuan: 1_000_000)])
        // A payment of 应付利润 reversed in red ink the next year leaves no finding of 0.00.
        let reversedPayment = try distributions("""
            记-0198,2023-12-28,3101,利润分配-应付利润,"1,000,000.00",,北京仁和投资有限公司,分配2023年结余
            记-0198,2023-12-28,2204,应付利润,,"1,000,000.00",北京仁和投资有限公司,分配2023年结余
            记-0199,2023-12-29,2204,应付利润,"1,000,000.00",,北京仁和投资有限公司,支付应付利润
            记-0199,2023-12-29,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付应付利润
            记-0003,2024-01-05,2204,应付利润,"-1,000,000.00",,北京仁和投资有限公司,冲销12月29日支付应付利润（银行退回）（红字）
            记-0003,2024-01-05,1002,银行存款,,"-1,000,000.00",北京仁和投资有限公司,冲销12月29日支付应付利润（银行退回）（红字）

            """)
        #expect(reversedPayment.map(\.period) == ["2023"])
    }
}
