import Foundation
import Testing
@testable import HospAuditCore

struct TableRowReaderTests {
    func read(_ table: String, _ text: String) throws -> TableData {
        try TableRowReader.read(DecodedInput.open(bytes: Array(text.utf8)), schema: TableCatalog.schema(table)!,
                                bundle: "test", file: "\(table).csv")
    }

    @Test func entityRowsAreTypedAndBadCodesReported() throws {
        let input = try DecodedInput.open(path: Paths.fixture("entity_bad_uscc.csv"))
        let data = try TableRowReader.read(input, schema: TableCatalog.schema("entity")!, bundle: "test", file: "entity.csv")
        #expect(data.rows.count == 1)
        let row = try #require(data.rows.first)
        #expect(row["hospital_id"] == .uscc("52110000MJ0012345X"))
        #expect(row["ownership"] == .enumeration(key: "nonprofit", raw: "非营利性"))
        #expect(row["region"] == .region("110000"))
        #expect(row["tax_exempt"] == .boolean(true))
        #expect(row["fiscal_year"] == .year(2024))
        #expect(row["sponsor"] == .text("北京仁和投资有限公司"))
        #expect(data.report.errorSummary == ["3:hospital_id:bad_uscc", "4:ownership:bad_value", "4:tax_exempt:bad_boolean"])
        #expect(data.report.errors[0].message.zh.contains("校验位应为“X”"))
        #expect(data.report.accountsForEveryRecord)
    }

    @Test func relatedPartiesKeepWindowsAndOpenRelations() throws {
        let data = try read("related_parties", """
            关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号
            北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,,0200 0012 0902 4567 890
            北京康宁医疗管理有限公司,91110105MA01ABCD39,举办者控制的企业,2018-01-01,2023-12-31,
            赵建国,,关键管理人员,2019/3/1,,
            北京某某顾问公司,,战略合作方,,,
            """)
        #expect(data.rows.count == 4)
        #expect(data.rows[1]["until"] == .date(Day(year: 2023, month: 12, day: 31)!))
        #expect(data.rows[2]["relation"] == .enumeration(key: "key_manager", raw: "关键管理人员"))
        #expect(data.rows[3]["relation"] == .enumeration(key: nil, raw: "战略合作方"))
        #expect(data.report.errors.isEmpty)
    }

    @Test func statementsMapItemAliases() throws {
        let data = try read("statements", """
            期间,报表名称,项目名称,本年累计数
            2024,收入费用表,收入合计,"86,420,315.27"
            2024,收入费用表,费用合计,"79,118,002.90"
            2024年度,收入费用表,收支结余,"7,302,312.37"
            2024,资产负债表,资产总计,"152,660,000.00"
            2024,资产负债表,合计,1
            """)
        #expect(data.rows.map { $0["item"]?.text } == ["total_revenue", "total_expense", "surplus", "total_assets"])
        #expect(data.rows[2]["period"] == .period(Period(year: 2024)))
        #expect(data.rows[0]["amount"] == .money(Money(units: 864_203_152_700)))
        #expect(data.report.skipped[.subtotal] == 1)
    }

    @Test func contractsParseRatesAndAreas() throws {
        let data = try read("contracts", """
            合同编号,对方单位,合同类型,本金,年利率,租赁面积,月租金,开始日期,结束日期
            JK-2023-001,北京仁和投资有限公司,借款,"5,000,000.00",12%,,,2023-07-01,2025-06-30
            ZL-2022-003,北京瑞和置业有限公司,租赁,,,3200.5,"256,040.00",2022-01-01,2031-12-31
            FW-2024-010,北京康宁医疗管理有限公司,咨询,,,,,2024-01-01,2024-12-31
            """)
        #expect(data.rows.count == 2)
        #expect(data.rows[0]["annual_rate"] == .rate(ExactDecimal(mantissa: 12, scale: 2)))
        #expect(data.rows[1]["area_sqm"] == .decimal(ExactDecimal(mantissa: 32005, scale: 1)))
        #expect(data.report.errorSummary == ["4:type:bad_value"])
    }

    @Test func purchasesNeedAnItem() throws {
        let data = try read("purchases", """
            日期,供应商,药品编码,品名,数量,单价
            2024-05-06,北京康宁医疗管理有限公司,XJ01CA04,阿莫西林胶囊,1200,0.3650
            2024-05-06,北京康宁医疗管理有限公司,,,10,1.00
            """)
        #expect(data.rows.count == 1)
        #expect(data.rows[0]["unit_price"] == .money(Money(units: 3650)))
        #expect(data.report.errorSummary == ["3:item_code|item_name:missing_value"])
    }

    /// The error names every spelling the reader takes, not one per value.
    @Test func anUnknownValueListsEveryAcceptedSpelling() throws {
        let data = try read("contracts", """
            合同编号,合同类型,对方单位,开始日期,月租金
            HT-2024-007,租借,北京仁和投资有限公司,2024-01-01,"100,000.00"
            """)
        #expect(data.report.errorSummary == ["2:type:bad_value"])
        let message = try #require(data.report.errors.first?.message)
        for spellings in TableCatalog.schema("contracts")!.columns.first(where: { $0.name == "type" })!.values.values {
            for spelling in spellings {
                #expect(message.zh.contains(spelling) && message.en.contains(spelling))
            }
        }
        #expect(message.zh.contains("；") && message.en.contains("; "))
    }

    @Test func requiredValuesMustBeFilled() throws {
        let data = try read("disclosures", """
            期间,披露项目,关联方,金额
            2024,关联交易,北京康宁医疗管理有限公司,"1,440,000.00"
            2024,主要管理人员收入,,
            """)
        #expect(data.rows.count == 1)
        #expect(data.report.errorSummary == ["3:amount:missing_value"])
    }
}
