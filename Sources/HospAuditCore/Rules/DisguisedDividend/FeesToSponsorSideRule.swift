import Foundation

/// DD-002: management, consulting, service, brand or franchise fees paid to the sponsor's side.
public struct FeesToSponsorSideRule: AuditRule {
    public static let description = RuleDescription(
        id: "DD-002",
        title: LocalizedText(zh: "向举办者一方支付管理费等费用", en: "Fees paid to the sponsor's side"),
        catches: LocalizedText(
            zh: "非营利性医院向关联方支付管理费、咨询费、服务费、技术服务费、品牌使用费、加盟费、托管费、特许权使用费，按对方和期间汇总达到重要性水平；达到收入 1% 为高，否则为中。",
            en: "A non-profit paying a related party management, consulting, service, technical service, brand, franchise, trusteeship or royalty fees, per counterparty and period, at or above materiality; high at 1% of revenue or more, else medium."),
        whyItMatters: LocalizedText(
            zh: "以“管理费”“品牌费”名义向举办者或其控制的企业付款，是最常见的变相分红方式（国办发〔2017〕44号 二十一）。",
            en: "Fees to the sponsor or its companies under the name of management or brand fees are the commonest disguised dividend (State Council 2017 No. 44, clause 21)."),
        summary: "management, consulting, service, brand, franchise, trusteeship or royalty fees paid by a non-profit to a related party, per party and year, at or above materiality",
        severities: "high at ≥ 1% of revenue, else medium",
        triggering: [
            RuleExample("向举办者控制的企业支付管理费", "Management fees to the sponsor's company", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和医院管理有限公司,91110105MA01ABCD39,举办者控制的企业,2016-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-01-05,1002,银行存款,"5,000,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"5,000,000.00",,门诊收入日结
                    记-0031,2024-01-25,5201,管理费用-管理费,"80,000.00",,,支付1月医院管理费
                    记-0031,2024-01-25,1002,银行存款,,"80,000.00",北京仁和医院管理有限公司,支付1月医院管理费

                    """,
            ], expected: [.high]),
            RuleExample("品牌使用费低于收入 1%", "A brand fee below 1% of revenue", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和医院管理有限公司,91110105MA01ABCD39,举办者控制的企业,2016-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-01-05,1002,银行存款,"50,000,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"50,000,000.00",,门诊收入日结
                    记-0032,2024-01-26,5201,管理费用-品牌使用费,"60,000.00",,北京仁和医院管理有限公司,品牌使用费
                    记-0032,2024-01-26,2202,应付账款,,"60,000.00",北京仁和医院管理有限公司,品牌使用费

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("向无关联的咨询公司付费", "Fees to an unrelated consultant", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2024-01-25,5201,管理费用-咨询费,"80,000.00",,北京中和管理咨询有限公司,支付咨询费
                    记-0031,2024-01-25,1002,银行存款,,"80,000.00",北京中和管理咨询有限公司,支付咨询费

                    """,
            ]),
            RuleExample("向关联方采购药品不是费用", "Buying drugs from a related party is not a fee", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和医药有限公司,91110108MA02KX8N4L,举办者控制的企业,2016-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0040,2024-02-05,5101,业务活动成本-药品费,"300,000.00",,北京仁和医药有限公司,采购药品
                    记-0040,2024-02-05,1002,银行存款,,"300,000.00",北京仁和医药有限公司,采购药品

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Fees at or above this share of revenue are reported at the rule's severity, below it at `severityBelow`.
        public var revenueShare: Rate = "0.01"
        public var severityBelow = Severity.medium
        public init() {}
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let share = settings.revenueShare.value
        let lower = settings.severityBelow
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let y = facts.years[year] else { continue }
            let revenue = ResultFigures.of(year: year, facts: facts, context: context)?.revenue ?? y.revenue
            for party in y.relatedByClass.keys.sorted() {
                guard let fees = y.relatedByClass[party]?["fee"], fees.amount >= context.policy.materiality else { continue }
                let ratio = revenue.units > 0 ? fees.amount.decimal / revenue.decimal : nil
                let severity = (ratio.map { $0 >= share } ?? true) ? settings.severity : lower
                let ofRevenue = ratio.map { "，占收入 \(RuleText.percent($0))" } ?? ""
                let ofRevenueEn = ratio.map { ", \(RuleText.percent($0)) of revenue" } ?? ""
                let through = RuleText.bookedUnder(party, in: y)
                findings.append(Finding(
                    rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
                    counterparty: party, amount: fees.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)（非营利性）\(year)年向关联方\(party)\(through.zh)支付管理费、咨询费等费用 \(RuleText.yuan(fees.amount)) 元\(ofRevenue)，可能构成变相分红。",
                        en: "\(hospital.name), a non-profit, paid the related party \(party)\(through.en) \(RuleText.yuan(fees.amount)) yuan of management, consulting and similar fees in \(year)\(ofRevenueEn): a possible disguised dividend."),
                    basis: settings.basis, evidence: fees.evidence, evidenceCount: fees.evidenceCount,
                    details: ["revenue": revenue.description] .merging(ratio.map { ["share_of_revenue": RuleText.ratio($0)] } ?? [:]) { a, _ in a },
                    subject: PartyName.normalize(party)))
            }
        }
        return findings
    }
}
