/// DD-007: the hospital's assets disposed of or donated to related parties.
public struct AssetsToInsidersRule: AuditRule {
    public static let description = RuleDescription(
        id: "DD-007",
        title: LocalizedText(zh: "资产转移给关联方", en: "Assets moved to insiders"),
        catches: LocalizedText(
            zh: "对关联方的资产处置（固定资产清理、资产处置、无形资产转让）或对外捐赠，达到重要性水平；同一凭证未收到现金或应收款（无偿）为严重。",
            en: "An asset disposal (固定资产清理, 资产处置, 无形资产转让) or donation to a related party at or above materiality; critical when the voucher books no cash or receivable in return (gratuitous)."),
        whyItMatters: LocalizedText(
            zh: "把设备、房产或无形资产低价或无偿转给举办者，是直接转移医院财产（国办发〔2017〕44号 二十一；民法典第八十七条）。",
            en: "Handing equipment, premises or intangibles to the sponsor cheaply or for nothing moves the hospital's property out directly (State Council 2017 No. 44, clause 21; Civil Code art. 87)."),
        triggering: [
            RuleExample("CT 机无偿转给举办者", "A CT scanner handed to the sponsor for nothing", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0102,2024-10-16,5301,其他费用-捐赠支出,"1,850,000.00",,北京仁和投资有限公司,CT机转给举办者
                    记-0102,2024-10-16,1601,固定资产-医疗设备,,"1,850,000.00",北京仁和投资有限公司,CT机转给举办者

                    """,
            ], expected: [.critical]),
        ],
        nonTriggering: [
            RuleExample("旧设备卖给无关联的回收公司", "Old equipment sold to an unrelated recycler", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0102,2024-10-16,1002,银行存款,"35,000.00",,北京再生资源回收有限公司,出售旧B超
                    记-0102,2024-10-16,1606,固定资产清理,,"35,000.00",北京再生资源回收有限公司,出售旧B超

                    """,
            ]),
        ])

    public init() {}

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings) -> [Finding] {
        let hospital = context.hospital
        let gratuitous = settings.severity("severity_gratuitous") ?? .critical
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = facts.years[year] else { continue }
            for transfer in y.assetTransfers where transfer.value >= context.policy.materiality {
                let free = transfer.consideration.isZero
                findings.append(Finding(
                    rule: Self.description.id, severity: free ? gratuitous : settings.severity, hospitalID: hospital.id,
                    period: String(year), counterparty: transfer.party, amount: transfer.value,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年向关联方\(transfer.party)处置或捐赠资产 \(transfer.value) 元，" + (free ? "未收到任何对价。" : "收到对价 \(transfer.consideration) 元。"),
                        en: "\(hospital.name) disposed of or donated \(transfer.value) yuan of assets to the related party \(transfer.party) in \(year), " + (free ? "for nothing in return." : "for \(transfer.consideration) yuan in return.")),
                    basis: settings.basis, evidence: transfer.evidence,
                    details: ["consideration": transfer.consideration.description],
                    subject: "\(PartyName.normalize(transfer.party)) \(transfer.evidence.first?.entryID ?? "") \(transfer.evidence.first?.date ?? "")"))
            }
        }
        return findings
    }
}
