/// RP-005: one payment cut into several below the approval threshold.
public struct SplitPaymentsRule: AuditRule {
    public static let description = RuleDescription(
        id: "RP-005",
        title: LocalizedText(zh: "拆分付款规避审批", en: "Payments split below the approval threshold"),
        catches: LocalizedText(
            zh: "7 天内向同一单位付款两笔及以上，每笔都低于审批限额（默认 100,000.00 元），合计达到限额。",
            en: "Two or more payments to one counterparty within 7 days, each below the approval threshold (100,000.00 by default), together at or above it."),
        whyItMatters: LocalizedText(
            zh: "拆分付款绕开院内审批，常被用来向关联方或特定单位转移资金（国办发〔2017〕44号 二十一 加强财务运营监管）。",
            en: "Splitting a payment dodges the hospital's own approval, a common way to move money to insiders (State Council 2017 No. 44, clause 21 on supervising financial operation)."),
        triggering: [
            RuleExample("三天内两笔各 6 万元", "Two payments of 60,000 within three days", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-维修费,"60,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0101,2024-09-02,1002,银行存款,,"60,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0105,2024-09-04,5201,管理费用-维修费,"58,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（二）
                    记-0105,2024-09-04,1002,银行存款,,"58,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（二）

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("按月付款不算拆分", "Monthly payments are not split", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-水电费,"60,000.00",,国网浙江省电力有限公司,9月电费
                    记-0101,2024-09-02,1002,银行存款,,"60,000.00",国网浙江省电力有限公司,9月电费
                    记-0105,2024-10-02,5201,管理费用-水电费,"58,000.00",,国网浙江省电力有限公司,10月电费
                    记-0105,2024-10-02,1002,银行存款,,"58,000.00",国网浙江省电力有限公司,10月电费

                    """,
            ]),
            RuleExample("一笔超过限额的付款", "One payment above the threshold", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-维修费,"118,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修
                    记-0101,2024-09-02,1002,银行存款,,"118,000.00",杭州宏远建筑装饰有限公司,门诊楼维修

                    """,
            ]),
        ])

    public init() {}

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings) -> [Finding] {
        let hospital = context.hospital
        return facts.splitPayments.map { split in
            Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(split.year),
                counterparty: split.counterparty, amount: split.total,
                message: LocalizedText(
                    zh: "\(hospital.name)在 \(split.evidence.first?.date ?? "") 起数日内向\(split.counterparty)分 \(split.payments) 笔付款共 \(split.total) 元，每笔均低于审批限额。",
                    en: "\(hospital.name) paid \(split.counterparty) \(split.total) yuan in \(split.payments) payments within days from \(split.evidence.first?.date ?? ""), each below the approval threshold."),
                basis: settings.basis, evidence: split.evidence, details: ["payments": String(split.payments)],
                subject: "\(PartyName.normalize(split.counterparty)) \(split.evidence.first?.date ?? "")")
        }
    }
}
