import Foundation
import Testing
@testable import HospAuditCore

struct TableSchemaTests {
    /// The binary carries the table schemas, made from schemas/tables/*.json by the build plugin.
    @Test func theBinaryCarriesTheTableSchemas() throws {
        let dir = Paths.schemas.appendingPathComponent("tables")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == EmbeddedTableSchemas.json.keys.sorted())
        for file in files {
            let onDisk = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(EmbeddedTableSchemas.json[String(file.dropLast(5))] == onDisk.trimmingCharacters(in: .newlines),
                    "\(file) differs from the copy in the binary")
        }
    }

    @Test func everyTableOfTheContractIsDefined() {
        #expect(TableCatalog.all.map(\.table) == TableCatalog.order)
        #expect(TableCatalog.all.filter(\.required).map(\.table) == ["entity", "ledger"])
    }

    /// The minimum aliases of the input contract, spot-checked per table.
    @Test(arguments: [
        ("ledger", "entry_id", ["凭证号", "凭证字号", "凭证编号", "凭证号码"]),
        ("ledger", "counterparty", ["往来单位", "对方单位", "客商", "客户", "供应商", "往来单位名称", "辅助核算"]),
        ("ledger", "amount", ["金额", "本币金额"]),
        // 科目全称 is how many exports head the full account path, beside 科目代码.
        ("ledger", "account_name", ["科目名称", "科目全名", "科目全称"]),
        ("entity", "hospital_id", ["统一社会信用代码", "机构代码", "信用代码"]),
        ("statements", "amount", ["金额", "本期金额", "本年累计数", "期末余额"]),
        ("related_parties", "until", ["终止日期"]),
        ("benchmarks", "unit_price", ["基准价", "中选价", "市场价"]),
    ])
    func columnsAcceptTheirAliases(table: String, column: String, aliases: [String]) throws {
        let schema = try #require(TableCatalog.schema(table))
        let defined = try #require(schema.column(column))
        #expect(Set(aliases).isSubset(of: Set(defined.aliases)))
    }

    @Test(arguments: [("ledger.csv", "ledger"), ("LEDGER.CSV", "ledger"), ("序时账.txt", "ledger"), ("明细账.tsv", "ledger"),
                      ("hospital.csv", "entity"), ("关联方.csv", "related_parties"), ("市场价.csv", "benchmarks")])
    func filesMapToTables(file: String, table: String) {
        #expect(TableCatalog.table(forFileName: file)?.table == table)
    }

    @Test func otherFilesMapToNothing() {
        #expect(TableCatalog.table(forFileName: "ledger.xlsx") == nil)
        #expect(TableCatalog.table(forFileName: "记账凭证.csv") == nil)
        #expect(TableCatalog.table(forFileName: "序时账 - 副本.csv") == nil)
        #expect(TableCatalog.table(forFileName: "ledger_final.csv") == nil)
    }
}
