import Foundation

/// PR-001: a for-profit hospital's net margin above the policy's cap.
public struct MarginAboveCapRule: AuditRule {
    public static let description = RuleDescription(
        id: "PR-001",
        title: LocalizedText(zh: "营利性医院利润率超过上限", en: "For-profit margin above the cap"),
        catches: LocalizedText(
            zh: "营利性医院净利润 / 收入合计超过政策设定的上限（默认 15%，为政策设定值而非法定数值）；有报表时用报表，无报表时由账簿计算；报表利润率在上限以内而完整账簿计算超过上限的，按账簿报告；只看登记为营利性的年度；超过上限两倍为严重。",
            en: "A for-profit hospital's net profit over total revenue above the policy's cap (15% by default, a policy setting, not a statutory figure), from the statements when given, else from the ledger; where the statements report a margin within the cap and complete books show one above it, the books' figure is reported; only years registered for-profit; above twice the cap it is critical."),
        whyItMatters: LocalizedText(
            zh: "国办发〔2017〕44号（二十一）要求加强对营利性医疗机构盈利率的管控；各地实施方案重申了这一要求。",
            en: "State Council 2017 No. 44 (clause 21) calls for control of the profit rate of for-profit medical institutions; the regional plans repeat it."),
        summary: "a for-profit's net margin above the cap (15%, a policy setting, not a statutory figure); from the statements when given, else the ledger — and from complete books that show a margin above the cap where the statements report one below it; only years registered for-profit",
        severities: "high; critical above 2 × cap",
        triggering: [
            RuleExample("报表利润率 25%", "A 25% margin in the statements", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "statements": ExampleTables.statementHeader + "2024,利润表,营业收入,\"80,000,000.00\"\n2024,利润表,净利润,\"20,000,000.00\"\n",
                "ledger": ExampleTables.forprofitLedger(revenue: "\"80,000,000.00\"", cost: "\"60,000,000.00\""),
            ], expected: [.high]),
            RuleExample("报表利润率 10%，账簿利润率 25%", "Statements report a 10% margin where the books show 25%", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "statements": ExampleTables.statementHeader + "2024,利润表,营业收入,\"10,000,000.00\"\n2024,利润表,净利润,\"1,000,000.00\"\n",
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"7,500,000.00\""),
            ], expected: [.high]),
            RuleExample("无报表，账簿利润率 40%", "No statements; a 40% margin in the ledger", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"6,000,000.00\""),
            ], expected: [.critical]),
        ],
        nonTriggering: [
            RuleExample("利润率 12%", "A 12% margin", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"8,800,000.00\""),
            ]),
            RuleExample("转为营利性之前的非营利年度不适用本规则", "A year before the conversion, as a non-profit, is not held to the cap", tables: [
                "entity": ExampleTables.tianjinConverted,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2023-06-30,1002,银行存款,"10,000,000.00",,,医疗收入
                    记-0001,2023-06-30,4301,提供服务收入-医疗收入,,"10,000,000.00",,医疗收入
                    记-0002,2023-06-30,5101,业务活动成本,"7,000,000.00",,国药控股天津有限公司,药品及人工成本
                    记-0002,2023-06-30,1002,银行存款,,"7,000,000.00",国药控股天津有限公司,药品及人工成本
                    记-0001,2024-06-30,1002,银行存款,"10,000,000.00",,,医疗收入
                    记-0001,2024-06-30,6001,主营业务收入-医疗收入,,"10,000,000.00",,医疗收入
                    记-0002,2024-06-30,6401,主营业务成本,"8,800,000.00",,国药控股天津有限公司,药品及人工成本
                    记-0002,2024-06-30,1002,银行存款,,"8,800,000.00",国药控股天津有限公司,药品及人工成本

                    """,
            ]),
            RuleExample("非营利医院结余率高不适用本规则", "A non-profit's high surplus is not this rule's concern", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-06-30,1002,银行存款,"10,000,000.00",,,医疗收入
                    记-0001,2024-06-30,4301,提供服务收入,,"10,000,000.00",,医疗收入

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Net profit over revenue above this is a breach.
        public var marginCap: Rate = "0.15"
        /// Above twice the cap.
        public var severityAboveDouble = Severity.critical
        /// Said with every finding: where the cap comes from.
        public var capNote = LocalizedText(zh: "利润率上限 15% 为本政策设定值，并非法定数值",
                                           en: "the 15% margin cap is a setting of this policy, not a statutory figure")
        public init() {}
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.history.contains(where: { $0.ownership == .forprofit }) || hospital.ownership == .forprofit else { return [] }
        let cap = settings.marginCap.value
        let severe = settings.severityAboveDouble
        let note: LocalizedText? = settings.capNote
        var findings: [Finding] = []
        let years = Set(facts.periods).union((context.statements ?? []).map(\.period.year)).sorted()
        // A year the hospital was registered non-profit is not held to a for-profit's cap.
        for year in years where hospital.asOf(year: year).ownership == .forprofit {
            guard var figures = ResultFigures.of(year: year, facts: facts, context: context) else { continue }
            // Statements that report less profit than complete books show do not keep a
            // for-profit under the cap: the books are judged too (PR-003 reports the gap).
            var reportedMargin: Decimal?
            if figures.source == .statements, (figures.margin ?? 0) <= cap, facts.incompleteVouchers == 0,
               let booked = ResultFigures.fromLedger(year: year, facts: facts, context: context), let m = booked.margin, m > cap {
                reportedMargin = figures.margin
                figures = booked
            }
            guard let margin = figures.margin, margin > cap else { continue }
            let severity = margin > cap * 2 ? severe : settings.severity
            let source = figures.source == .statements ? "财务报表" : "账簿"
            findings.append(Finding(
                rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
                amount: figures.netResult,
                message: LocalizedText(
                    zh: "\(hospital.asOf(year: year).name)\(year)年净利润 \(RuleText.yuan(figures.netResult)) 元、收入 \(RuleText.yuan(figures.revenue)) 元（据\(source)），利润率 \(RuleText.percent(margin))，超过上限 \(RuleText.percent(cap))。" + (note.map { "（\($0.zh)）" } ?? "")
                        + (figures.source == .ledger ? RuleText.incomplete(facts).zh : "")
                        + (reportedMargin.map { "报表所列利润率仅 \(RuleText.percent($0))，与账簿不符。" } ?? ""),
                    en: "\(hospital.asOf(year: year).name)'s \(year) net profit of \(RuleText.yuan(figures.netResult)) yuan on revenue of \(RuleText.yuan(figures.revenue)) yuan (from the \(figures.source.rawValue)) is a \(RuleText.percent(margin)) margin, above the \(RuleText.percent(cap)) cap." + (note.map { " (\($0.en))" } ?? "")
                        + (figures.source == .ledger ? RuleText.incomplete(facts).en : "")
                        + (reportedMargin.map { " The statements report only \(RuleText.percent($0)), which the books do not bear out." } ?? "")),
                basis: settings.basis, evidence: figures.evidence, evidenceCount: figures.evidenceCount,
                details: ["margin": RuleText.ratio(margin), "cap": RuleText.ratio(cap), "revenue": figures.revenue.description,
                          "source": figures.source.rawValue],
                subject: "margin"))
        }
        return findings
    }
}
