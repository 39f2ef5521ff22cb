import Foundation
import Testing
@testable import HospAuditCore

/// The figures DD-003, DD-004 and RP-003 stand on: loan balances counted day by day across a
/// year's end, and which benchmark applies to a hospital.
struct PricingFactsTests {
    static let related = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n"
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n"

    @Test func loanBalanceIsCountedDayByDayAndCarriesIntoTheNextYear() throws {
        let layout = try makeBundle([
            "entity": Self.entity, "related_parties": Self.related,
            "ledger": Self.header + """
                记-0030,2023-10-02,1002,银行存款,"3,650,000.00",,北京仁和投资有限公司,借款
                记-0030,2023-10-02,2001,短期借款,,"3,650,000.00",北京仁和投资有限公司,借款
                记-0012,2024-07-01,2001,短期借款,"1,000,000.00",,北京仁和投资有限公司,还款
                记-0012,2024-07-01,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,还款

                """,
        ])
        let facts = try #require(try BundleAuditor().audit(layout).facts)
        let loans = try #require(facts.gathered["DD-004"] as? [Int: [String: RelatedLoansAccumulator.LoanUse]])
        // 2023: 3,650,000 owed from 2 October to 31 December, 91 days.
        let y2023 = try #require(loans[2023]?["北京仁和投资有限公司"])
        #expect(y2023.balanceDays == Money(yuan: 3_650_000).units * 91)
        #expect(y2023.drawnOn == Day(year: 2023, month: 10, day: 2))
        // 2024 (366 days): 3,650,000 for 182 days to 1 July, then 2,650,000 for 184.
        let y2024 = try #require(loans[2024]?["北京仁和投资有限公司"])
        #expect(y2024.balanceDays == Money(yuan: 3_650_000).units * 182 + Money(yuan: 2_650_000).units * 184)
        #expect(!y2024.openingUnknown)
        #expect(y2024.drawnOn == Day(year: 2023, month: 10, day: 2))
    }

    @Test func repayingMoreThanTheLedgerShowsDrawnMarksTheOpeningUnknown() throws {
        let layout = try makeBundle([
            "entity": Self.entity, "related_parties": Self.related,
            "ledger": Self.header + """
                记-0012,2024-07-01,2001,短期借款-北京仁和投资有限公司,"1,000,000.00",,,还款
                记-0012,2024-07-01,1002,银行存款,,"1,000,000.00",,还款

                """,
        ])
        let facts = try #require(try BundleAuditor().audit(layout).facts)
        let loans = facts.gathered["DD-004"] as? [Int: [String: RelatedLoansAccumulator.LoanUse]]
        #expect(loans?[2024]?["北京仁和投资有限公司"]?.openingUnknown == true)
    }

    @Test func theClosestRegionsBenchmarkApplies() {
        func benchmark(_ price: Int64, _ region: String?) -> Benchmark {
            Benchmark(itemCode: "XN01", itemName: "阿托伐他汀钙片", unitPrice: Money(yuan: price), unit: "盒",
                      source: nil, region: region, line: Int(price))
        }
        let book = BenchmarkBook([benchmark(1, nil), benchmark(2, "330000"), benchmark(3, "330100"), benchmark(4, "320000")])
        #expect(book.price(code: "XN01", name: nil, region: "330106")?.unitPrice == Money(yuan: 3))
        #expect(book.price(code: "XN01", name: nil, region: "330200")?.unitPrice == Money(yuan: 2))
        #expect(book.price(code: "XN01", name: nil, region: "110000")?.unitPrice == Money(yuan: 1))
        #expect(book.price(code: "XN02", name: "阿托伐他汀钙片", region: "110000") == nil, "codes on both sides decide")
        #expect(book.price(code: nil, name: "阿托伐他汀钙片", region: "110000")?.unitPrice == Money(yuan: 1))
        #expect(book.rent(region: "110000") == nil)
    }
}

/// The class bits are literals for speed; they must stay in the order of the policy's names.
struct AccountClassBitsTests {
    @Test func literalBitsFollowTheNames() {
        let pairs: [(String, AccountClasses)] = [
            ("revenue", .revenue), ("expense", .expense), ("profit_distribution", .profitDistribution),
            ("closing", .closing), ("fee", .fee), ("rent", .rent), ("interest", .interest),
            ("compensation", .compensation), ("receivable", .receivable), ("payable", .payable),
            ("asset_disposal", .assetDisposal), ("donation_out", .donationOut), ("cash", .cash),
            ("loan_in", .loanIn), ("purchase", .purchase),
        ]
        #expect(pairs.count == AccountClasses.names.count)
        for (name, bit) in pairs { #expect(AccountClasses(named: name) == bit, "\(name)") }
    }
}

struct DerivedAmountTests {
    /// Excesses the rules compute are stated to the fen, half up; negative ones likewise.
    @Test func derivedAmountsRoundToTheFen() {
        #expect(Money(rounding: Decimal(string: "1486481.1653")!) == Money(units: 14_864_811_700))
        #expect(Money(rounding: Decimal(string: "0.005")!) == Money(units: 100))
        #expect(Money(rounding: Decimal(string: "-2.344")!) == Money(units: -23_400))
    }
}
