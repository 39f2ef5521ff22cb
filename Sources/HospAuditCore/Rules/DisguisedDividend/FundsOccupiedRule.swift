import Foundation

/// DD-006: the sponsor's side holding the hospital's money — receivables, prepayments or loans
/// to related parties still open at the end of the period.
public struct FundsOccupiedRule: AuditRule {
    public static let description = RuleDescription(
        id: "DD-006",
        title: LocalizedText(zh: "关联方占用医院资金", en: "Funds occupied by related parties"),
        catches: LocalizedText(
            zh: "期末关联方仍欠医院的其他应收款、预付账款、借出款，达到 max(重要性水平, 资产总计的 1%)；挂账超过 365 天为严重。往来单位为空时，按科目全名最后一级（如“其他应收款-北京仁和投资有限公司”）识别对方。",
            en: "Receivables, prepayments or loans out to related parties still open at period end, at or above max(materiality, 1% of total assets); critical when open more than 365 days. With no counterparty on the line, the last part of the account path (其他应收款-北京仁和投资有限公司) names it."),
        whyItMatters: LocalizedText(
            zh: "举办者长期占用医院资金等于无偿使用结余，是变相分红（国办发〔2017〕44号 二十一；结余只能用于医院自身发展，卫医发〔2000〕233号）。",
            en: "A sponsor holding the hospital's money uses its surplus for free: a disguised dividend (State Council 2017 No. 44, clause 21; surplus may only serve the hospital's own development)."),
        triggering: [
            RuleExample("借给举办者 200 万，年末未还", "2 million lent to the sponsor, unpaid at year end", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0061,2024-06-29,1122,其他应收款-北京仁和投资有限公司,"2,000,000.00",,,借给举办者
                    记-0061,2024-06-29,1002,银行存款,,"2,000,000.00",,借给举办者

                    """,
            ], expected: [.high]),
            RuleExample("挂账超过一年", "Open for more than a year", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0061,2023-06-29,1122,其他应收款,"2,000,000.00",,北京仁和投资有限公司,借给举办者
                    记-0061,2023-06-29,1002,银行存款,,"2,000,000.00",北京仁和投资有限公司,借给举办者
                    记-0008,2024-03-08,1002,银行存款,"20,000.00",,,门诊收入
                    记-0008,2024-03-08,4301,提供服务收入,,"20,000.00",,门诊收入

                    """,
            ], expected: [.high, .critical]),
        ],
        nonTriggering: [
            RuleExample("年内借出并收回", "Lent and repaid within the year", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0061,2024-06-29,1122,其他应收款-北京仁和投资有限公司,"2,000,000.00",,,借给举办者
                    记-0061,2024-06-29,1002,银行存款,,"2,000,000.00",,借给举办者
                    记-0075,2024-08-30,1002,银行存款,"2,000,000.00",,,收回借款
                    记-0075,2024-08-30,1122,其他应收款-北京仁和投资有限公司,,"2,000,000.00",,收回借款

                    """,
            ]),
        ])

    public init() {}

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings) -> [Finding] {
        let hospital = context.hospital
        let share = settings.decimal("asset_share") ?? Decimal(string: "0.01")!
        let ageLimit = settings.integer("age_days") ?? 365
        let aged = settings.severity("severity_aged") ?? .critical
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = facts.years[year], let yearEnd = Day(year: year, month: 12, day: 31) else { continue }
            let assets = ResultFigures.statementFigure("total_assets", year: year, in: context)?.amount
            let threshold = max(context.policy.materiality.decimal, share * (assets?.decimal ?? 0))
            for party in y.openReceivables.keys.sorted() {
                let open = y.openReceivables[party]!
                guard open.balance.decimal >= threshold else { continue }
                let days = open.openSince.map { Int(yearEnd.ordinal - $0.ordinal) } ?? 0
                let severity = days > ageLimit ? aged : settings.severity
                findings.append(Finding(
                    rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
                    counterparty: party, amount: open.balance,
                    message: LocalizedText(
                        zh: "\(year)年末关联方\(party)占用\(hospital.name)资金 \(open.balance) 元，自 \(open.openSince?.description ?? "?") 起挂账 \(days) 天。",
                        en: "At the end of \(year) the related party \(party) held \(open.balance) yuan of \(hospital.name)'s funds, open since \(open.openSince?.description ?? "?") (\(days) days)."),
                    basis: settings.basis, evidence: open.evidence.evidence, evidenceCount: open.evidence.evidenceCount,
                    details: ["open_since": open.openSince?.description ?? "", "days_open": String(days)],
                    subject: PartyName.normalize(party)))
            }
        }
        return findings
    }
}
