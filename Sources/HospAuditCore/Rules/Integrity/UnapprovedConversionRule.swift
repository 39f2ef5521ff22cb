/// DS-003: a non-profit that turned for-profit without an approval.
public struct UnapprovedConversionRule: AuditRule {
    public static let description = RuleDescription(
        id: "DS-003",
        title: LocalizedText(zh: "非营利性擅自转为营利性", en: "Non-profit turned for-profit without approval"),
        catches: LocalizedText(
            zh: "机构信息中前一年度为非营利性、后一年度为营利性，且无批准文号。",
            en: "Ownership nonprofit in an earlier fiscal year and forprofit in a later one, with no approval reference."),
        whyItMatters: LocalizedText(
            zh: "非营利性医疗机构原则上不得转为营利性；确需转变的须经批准并补缴此前享受的免税税款（北京市促进社会办医健康发展若干政策措施 十七）。",
            en: "A non-profit may in principle not become for-profit; a conversion needs approval and repayment of the tax exempted before (Beijing measures, clause 17)."),
        summary: "ownership non-profit in one fiscal year and for-profit in a later one with no approval reference",
        severities: "high",
        triggering: [
            RuleExample("2025 年改为营利性，无批准文号", "For-profit from 2025 with no approval", tables: [
                "entity": ExampleTables.entityHeader + """
                    52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司
                    52110000MJ0012345X,北京仁和医院,营利性,110000,综合医院,否,企业会计准则,2025,北京仁和投资有限公司

                    """,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2025-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2025-01-05,6001,主营业务收入,,"180,000.00",,门诊收入日结

                    """,
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("经批准转为营利性", "Converted with approval", tables: [
                "entity": "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者,批准文号\n" + """
                    52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司,
                    52110000MJ0012345X,北京仁和医院,营利性,110000,综合医院,否,企业会计准则,2025,北京仁和投资有限公司,京卫医〔2025〕18号

                    """,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2025-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2025-01-05,6001,主营业务收入,,"180,000.00",,门诊收入日结

                    """,
            ]),
        ])

    public init() {}

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let history = context.hospital.history
        let file = context.file("entity")
        var findings: [Finding] = []
        for (earlier, later) in zip(history, history.dropFirst())
        where earlier.ownership == .nonprofit && later.ownership == .forprofit && (later.approvalRef ?? "").isEmpty {
            let from = earlier.fiscalYear.map(String.init) ?? "?"
            let to = later.fiscalYear.map(String.init) ?? "?"
            findings.append(Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: context.hospital.id, period: to,
                amount: nil,
                message: LocalizedText(
                    zh: earlier.name == later.name
                        ? "\(later.name)\(from)年度为非营利性，\(to)年度登记为营利性，未见批准文号。"
                        : "\(earlier.name)\(from)年度为非营利性，\(to)年度以\(later.name)登记为营利性，未见批准文号。",
                    en: earlier.name == later.name
                        ? "\(later.name) was non-profit in \(from) and is recorded as for-profit in \(to), with no approval reference."
                        : "\(earlier.name) was non-profit in \(from) and is recorded as the for-profit \(later.name) in \(to), with no approval reference."),
                basis: settings.basis,
                evidence: [Evidence(file: file, line: earlier.line, summary: "\(from) 非营利性"),
                           Evidence(file: file, line: later.line, summary: "\(to) 营利性，无批准文号")],
                subject: "\(from)-\(to)"))
        }
        return findings
    }
}
