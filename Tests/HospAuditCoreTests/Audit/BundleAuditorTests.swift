import Foundation
import Testing
@testable import HospAuditCore

struct BundleAuditorTests {
    static let ledgerHeader = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let entity = """
        统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者
        52330100MJ9876543M,浙江安远医院,非营利性,330000,综合医院,是,民间非营利组织会计制度,2024,杭州安远控股有限公司

        """

    /// A ledger longer than a batch goes to the pass on a thread of its own: the findings, and
    /// what the pass gathered, are those of feeding the same lines to the pass directly, and the
    /// rejected and lost lines reach it in their places.
    @Test func aLedgerFedOnItsOwnThreadGivesWhatTheDirectPassGives() throws {
        var ledger = Self.ledgerHeader
        var day = 0
        for n in 1...6_000 {
            let date = String(format: "2024-%02d-%02d", 1 + (day / 28) % 12, 1 + day % 28)
            if n % 3 == 0 { day += 1 }
            if n % 500 == 0 { ledger += "记-\(n),\(date),5201,管理费用-咨询费,\"1,2x\",,杭州安远控股有限公司,咨询费\n" }
            if n % 700 == 0 { ledger += "记-\(n),\(date),1002,银行存款,,\"3,000.00\"x,,维修\n" }
            ledger += "记-\(n),\(date),5201,管理费用-咨询费,\(1000 + n % 97).00,,杭州安远控股有限公司,咨询费\n"
            ledger += "记-\(n),\(date),1002,银行存款,,\(1000 + n % 97).00,杭州安远控股有限公司,咨询费\n"
        }
        let layout = try makeBundle(["entity": Self.entity, "ledger": ledger, "related_parties": "关联方名称,关联关系\n杭州安远控股有限公司,举办者\n"])
        let audit = try BundleAuditor().audit(layout)
        #expect(audit.files.first { $0.table == "ledger" }?.used == 12_000)
        #expect(audit.facts?.incompleteVouchers ?? 0 > 0)

        let context = try Self.context(layout, audit)
        var direct = LedgerPass(context: context, rules: RuleRegistry.all)
        let input = try DecodedInput.open(path: try #require(layout.filePath("ledger")))
        _ = try LedgerReader(bundle: layout.name, file: "ledger.csv", texts: context.ledgerTexts).read(
            input, onRejectedLine: { direct.markIncomplete(entryID: $0, date: $1) }, onUnreadableLine: { direct.markLostLine() }) { direct.add($0) }
        let facts = direct.finish()
        #expect(facts.incompleteVouchers == audit.facts?.incompleteVouchers)
        #expect(facts.years.keys.sorted() == audit.facts?.years.keys.sorted())
        for (year, figures) in facts.years {
            #expect(figures.revenue == audit.facts?.years[year]?.revenue)
            #expect(figures.expense == audit.facts?.years[year]?.expense)
        }
        let context2 = try Self.context(layout, audit)
        let directFindings = RuleRegistry.all.flatMap { $0.run(facts: facts, context: context2) }
        #expect(directFindings.map(\.fingerprint).sorted() == audit.findings.map(\.fingerprint).sorted())
        #expect(!directFindings.isEmpty)
    }

    /// The feed's thread holds the feed while it runs; once the pass is finished the feed, and
    /// its batches' memory, must go (a region's run audits thousands of long ledgers).
    @Test func aFeedThatStartedItsThreadIsFreedWhenFinished() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledgerHeader, "related_parties": "关联方名称,关联关系\n"])
        let audit = try BundleAuditor().audit(layout)
        weak var released: PassFeed?
        try {
            let context = try Self.context(layout, audit)
            let feed = PassFeed(LedgerPass(context: context, rules: RuleRegistry.all))
            released = feed
            for n in 0 ..< (PassFeed.batchesBeforeThread + 3) * PassFeed.eventsPerBatch {
                feed.add(context.ledgerTexts.line(TextLine(line: n + 2, entryID: "记-\(n / 2)", date: Day(year: 2024, month: 3, day: 1)!,
                                    accountCode: "1002", accountName: "银行存款", debit: n % 2 == 0 ? Money(yuan: 1) : .zero,
                                    credit: n % 2 == 0 ? .zero : Money(yuan: 1))))
            }
            #expect(feed.runsOnItsOwnThread)
            _ = feed.finish()
        }()
        for _ in 0 ..< 200 where released != nil { usleep(10_000) }
        #expect(released == nil)
    }

    /// Lines with very long summaries hand over in smaller batches: the batches in flight stay
    /// a few MiB however long a hostile file's cells are.
    @Test func batchesOfLongLinesAreBoundedByTheirText() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledgerHeader, "related_parties": "关联方名称,关联关系\n"])
        let audit = try BundleAuditor().audit(layout)
        let context = try Self.context(layout, audit)
        let feed = PassFeed(LedgerPass(context: context, rules: RuleRegistry.all))
        let summary = String(repeating: "支付门诊楼维修工程款", count: 2_000)  // 60,000 bytes
        for n in 0 ..< 1_000 {
            feed.add(context.ledgerTexts.line(TextLine(line: n + 2, entryID: "记-\(n / 2)", date: Day(year: 2024, month: 3, day: 1)!,
                                accountCode: "1002", accountName: "银行存款", debit: n % 2 == 0 ? Money(yuan: 1) : .zero,
                                credit: n % 2 == 0 ? .zero : Money(yuan: 1), summary: summary)))
        }
        #expect(feed.runsOnItsOwnThread)
        let line = summary.utf8.count + 20
        #expect(feed.largestHandedTextBytes >= PassFeed.textBytesPerBatch)
        #expect(feed.largestHandedTextBytes < PassFeed.textBytesPerBatch + line)
        _ = feed.finish()
    }

    static func context(_ layout: BundleLayout, _ audit: BundleAudit) throws -> AuditContext {
        let rows = try TableRowReader.read(try DecodedInput.open(path: try #require(layout.filePath("related_parties"))),
                                           schema: TableCatalog.schema("related_parties")!, bundle: layout.name, file: "related_parties.csv").rows
        return AuditContext(bundle: layout.name, hospital: try #require(audit.hospital), policy: try #require(audit.policy),
                            relatedParties: RelatedParty.from(rows: rows), disclosures: nil, statements: nil, files: layout.files)
    }

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

    /// A line lost to the CSV syntax has no cells to tell its voucher by; the vouchers on either
    /// side of it are not accused, and one further away still is.
    @Test(arguments: [
        "记-0002,2024-03-06,1002,银行存款,,\"3,000.00\"x,,维修\n",            // text after a closing quote
        "记-0002,2024-03-06,1002,银行存款,,\"3,000.00\",,\"维修\"工程款\n",  // a quote inside a cell
    ])
    func aLineLostToTheCSVSyntaxAccusesNoVoucherBesideIt(badLine: String) throws {
        let ledger = Self.ledgerHeader + """
            记-0001,2024-03-05,5201,管理费用-办公费,500.00,,,办公用品
            记-0001,2024-03-05,1002,银行存款,,400.00,,办公用品
            记-0002,2024-03-06,5201,管理费用-维修费,3000.00,,,维修

            """ + badLine + """
            记-0003,2024-03-07,5201,管理费用-办公费,200.00,,,打印纸
            记-0003,2024-03-07,1002,银行存款,,200.00,,打印纸

            """
        let audit = try BundleAuditor().audit(try makeBundle(["entity": Self.entity, "ledger": ledger]))
        #expect(audit.errors.map(\.code) == [.csvSyntax])
        // 记-0002 lost its bank line, 记-0003 might have lost its first: neither is judged; 记-0001 is.
        #expect(audit.findings.filter { $0.rule == "DS-002" }.map(\.evidence.first?.entryID) == ["记-0001"])
        #expect(audit.facts?.incompleteVouchers == 2)
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

/// A purchase list as a hospital's HIS exports it: GB18030, CRLF, a title and an 编制单位 row,
/// dates three ways, a quoted item name with a comma, ¥ and full-width digits, an amount in
/// words, and a total row. The good lines reach RP-003; the bad one is an error, not a silence.
struct UglyPurchaseListTests {
    @Test func messyPurchaseExportStillPricesTheGoodLines() throws {
        let layout = try makeBundle([
            "entity": BundleAuditorTests.entity,
            "related_parties": "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
            "benchmarks": "品目编码,品名,基准价,单位,来源,地区\nXN01A001,阿托伐他汀钙片,3.20,盒,国家组织药品集中采购中选价,\n",
            "ledger": BundleAuditorTests.ledgerHeader,
        ])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("purchases_gb18030.csv")))
        try bytes.write(to: URL(fileURLWithPath: layout.path + "/purchases.csv"))
        let audit = try BundleAuditor().audit(BundleLayout(path: layout.path))
        let report = try #require(audit.files.first { $0.file == "purchases.csv" })
        #expect(report.encoding == "gb18030")
        #expect(audit.errors.count == 1, "the amount in words is reported: \(audit.errors.map(\.message.en))")
        #expect(audit.errors.first?.line == 6)
        let finding = try #require(audit.findings.first { $0.rule == "RP-003" })
        #expect(finding.severity == .high)
        // (5.60 − 3.20) × (3,000 + 2,500): the rejected line is not counted.
        #expect(finding.amount == Money(yuan: 13_200))
        #expect(finding.evidence.map(\.line).sorted() == [2, 4, 5])
    }
}
