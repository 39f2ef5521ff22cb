import Foundation

/// PR-003: the net profit or surplus a hospital reports is not what its own books add up to.
public struct StatementsMismatchRule: AuditRule {
    public static let description = RuleDescription(
        id: "PR-003",
        title: LocalizedText(zh: "报表与账簿不符", en: "Statements that do not match the books"),
        catches: LocalizedText(
            zh: "报表的净利润或收支结余与账簿计算数（收入类科目减费用类科目，不含年末结转凭证）相差超过 max(1%, 重要性水平)。",
            en: "Reported net profit or surplus that differs from the ledger's figure (revenue accounts less expense accounts, year-end closing vouchers left out) by more than max(1%, materiality)."),
        whyItMatters: LocalizedText(
            zh: "利润率管控和结余使用监管都以真实的报表为前提（国办发〔2017〕44号 二十一）；报表与账簿不符时，其他检查的结论也不可靠。",
            en: "Profit-rate control and supervision of surplus both rest on true statements (State Council 2017 No. 44, clause 21); when statements and books disagree, no other check can be trusted."),
        summary: "reported net profit or surplus more than max(1%, materiality) off the ledger's figure",
        severities: "high",
        triggering: [
            RuleExample("报表净利润比账簿少报 200 万", "Net profit reported 2 million below the books", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "statements": ExampleTables.statementHeader + "2024,利润表,营业收入,\"10,000,000.00\"\n2024,利润表,净利润,\"1,000,000.00\"\n",
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"7,000,000.00\""),
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("报表与账簿一致", "Statements agree with the books", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "statements": ExampleTables.statementHeader + "2024,利润表,营业收入,\"10,000,000.00\"\n2024,利润表,净利润,\"1,200,000.00\"\n",
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"8,800,000.00\""),
            ]),
            RuleExample("2023 年按民非制度、2024 年按企业准则记账，两年报表均与账簿一致", "Books under the non-profit chart in 2023 and the enterprise chart in 2024, each year's statements agreeing", tables: [
                "entity": ExampleTables.tianjinConverted,
                "statements": ExampleTables.statementHeader + """
                    2023,业务活动表,收入合计,"12,000,000.00"
                    2023,业务活动表,净资产变动额,"1,100,000.00"
                    2024,利润表,营业收入,"10,000,000.00"
                    2024,利润表,净利润,"1,200,000.00"

                    """,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2023-06-30,1002,银行存款,"12,000,000.00",,,医疗收入
                    记-0001,2023-06-30,4301,提供服务收入-医疗收入,,"12,000,000.00",,医疗收入
                    记-0002,2023-06-30,5101,业务活动成本,"10,900,000.00",,国药控股天津有限公司,药品及人工成本
                    记-0002,2023-06-30,1002,银行存款,,"10,900,000.00",国药控股天津有限公司,药品及人工成本
                    记-0001,2024-06-30,1002,银行存款,"10,000,000.00",,,医疗收入
                    记-0001,2024-06-30,6001,主营业务收入-医疗收入,,"10,000,000.00",,医疗收入
                    记-0002,2024-06-30,6401,主营业务成本,"8,800,000.00",,国药控股天津有限公司,药品及人工成本
                    记-0002,2024-06-30,1002,银行存款,,"8,800,000.00",国药控股天津有限公司,药品及人工成本

                    """,
            ]),
            RuleExample("相差不足重要性水平", "A difference below materiality", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "statements": ExampleTables.statementHeader + "2024,利润表,净利润,\"1,195,000.00\"\n",
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"8,800,000.00\""),
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Reported and ledger results may differ by this share of the ledger's figure (or materiality, if larger).
        public var tolerance: Rate = "0.01"
        public init() {}
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        guard context.statements != nil else { return [] }
        let hospital = context.hospital
        let tolerance = settings.tolerance.value
        let file = context.file("statements")
        var findings: [Finding] = []
        for year in facts.periods {
            guard let reported = ResultFigures.reportedResult(year: year, in: context), let y = facts.years[year] else { continue }
            let books = y.netProfit
            let difference = (reported.amount - books).magnitude
            let allowed = max(tolerance * books.magnitude.decimal, context.policy.materiality.decimal)
            guard difference.decimal > allowed else { continue }
            let label = reported.item == "surplus" ? ("收支结余", "surplus") : ("净利润", "net profit")
            findings.append(Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                amount: difference,
                message: LocalizedText(
                    zh: "\(hospital.asOf(year: year).name)\(year)年报表\(label.0) \(RuleText.yuan(reported.amount)) 元，账簿计算为 \(RuleText.yuan(books)) 元，相差 \(RuleText.yuan(difference)) 元。" + RuleText.incomplete(facts).zh,
                    en: "\(hospital.asOf(year: year).name) reports a \(year) \(label.1) of \(RuleText.yuan(reported.amount)) yuan; its ledger gives \(RuleText.yuan(books)) yuan, \(RuleText.yuan(difference)) yuan apart." + RuleText.incomplete(facts).en),
                basis: settings.basis,
                evidence: [Evidence(file: file, line: reported.line, summary: "\(label.0) \(reported.amount)")] + y.result.evidence,
                evidenceCount: 1 + y.result.evidenceCount,
                details: ["reported": reported.amount.description, "ledger": books.description,
                          "incomplete_vouchers": String(facts.incompleteVouchers)],
                subject: reported.item))
        }
        return findings
    }
}
