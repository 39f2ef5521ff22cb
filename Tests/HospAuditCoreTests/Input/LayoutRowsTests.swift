import Foundation
import Testing
@testable import HospAuditCore

/// Statements as finance software prints them (numbered, signed, annotated labels and section
/// headings without amounts) and ledgers with page titles are read, not misread or rejected.
struct LayoutRowsTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "91120116MA05TQ8E2N,天津和谐医院,营利性,120116,专科医院,否,企业会计准则,2024,天津和谐医疗投资集团有限公司\n"

    @Test func numberedStatementLabelsAreTheItemsTheyName() {
        #expect(StatementLabel.bare("一、营业收入") == "营业收入")
        #expect(StatementLabel.bare("四、净利润（净亏损以“－”号填列）") == "净利润")
        #expect(StatementLabel.bare("四、净资产变动额（减少以“-”号填列）") == "净资产变动额")
        #expect(StatementLabel.bare("减：营业成本") == "营业成本")
        #expect(StatementLabel.bare("（一）持续经营净利润") == "持续经营净利润")
        #expect(StatementLabel.bare("营业收入") == "营业收入")
    }

    @Test func aRealIncomeStatementIsReadAndCheckedAgainstTheBooks() throws {
        let statements = """
            期间,报表名称,项目名称,本年累计数
            2024,利润表,一、营业收入,"10,000,000.00"
            2024,利润表,减：营业成本,
            2024,利润表,四、净利润（净亏损以“－”号填列）,"1,900,000.00"

            """
        let ledger = ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"8,800,000.00\"")
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "statements": statements, "ledger": ledger]))
        #expect(audit.errors.isEmpty, "\(audit.errors.map(\.message.en))")
        // The reported 1,900,000 against the books' 1,200,000: PR-003, and a 19% margin above the cap.
        #expect(audit.findings.map(\.rule).sorted() == ["PR-001", "PR-003"])
        #expect(audit.files.first { $0.table == "statements" }?.skipped[.note] == 1)
    }

    @Test func aPageTitleInTheLedgerIsSkipped() throws {
        let ledger = ExampleTables.ledgerHeader + """
            记-0001,2024-06-30,1002,银行存款,"100.00",,,收入
            序时账,,,,,第2页,,
            记-0001,2024-06-30,6001,主营业务收入,,"100.00",,收入

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "ledger": ledger]))
        #expect(audit.errors.isEmpty, "\(audit.errors.map(\.message.en))")
        #expect(audit.files.first { $0.table == "ledger" }?.skipped[.note] == 1)
    }
}
