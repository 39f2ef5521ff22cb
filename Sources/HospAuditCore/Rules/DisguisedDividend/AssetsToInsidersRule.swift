/// DD-007: the hospital's assets disposed of or donated to related parties.
public struct AssetsToInsidersRule: AuditRule {
    public static let description = RuleDescription(
        id: "DD-007",
        title: LocalizedText(zh: "资产转移给关联方", en: "Assets moved to insiders"),
        catches: LocalizedText(
            zh: "对关联方的资产处置（固定资产清理、资产处置、无形资产转让）或对外捐赠，达到重要性水平；未收到现金或应收款（无偿）为严重。经固定资产清理的处置沿凭证链读取：从转入账面净值的凭证到清理科目余额归零的凭证，对价低于账面净值时写明差额；一张凭证内完成的处置，账面净值为对价加处置损失减处置收益。",
            en: "An asset disposal (固定资产清理, 资产处置, 无形资产转让) or donation to a related party at or above materiality; critical when no cash or receivable comes back (gratuitous). A disposal through the clearing account is read along its voucher chain, from the voucher moving the book value in to the one bringing the account back to zero, and a price below book value is stated with the shortfall; in a one-voucher disposal the book value is the price plus the loss (less any gain)."),
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
            RuleExample("彩超经固定资产清理以远低于账面净值卖给举办者的门诊部", "An ultrasound sold through 固定资产清理 to the sponsor's clinic far below book value", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和门诊部有限公司,91110108MA03MZ4B6,举办者控制的企业,2017-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2024-07-08,1509,固定资产清理,"1,260,000.00",,北京仁和门诊部有限公司,彩超转入清理
                    记-0031,2024-07-08,1502,累计折旧,"540,000.00",,,彩超转入清理
                    记-0031,2024-07-08,1501,固定资产-医疗设备,,"1,800,000.00",,彩超转入清理
                    记-0032,2024-07-09,1002,银行存款,"200,000.00",,北京仁和门诊部有限公司,出售彩超
                    记-0032,2024-07-09,1509,固定资产清理,,"200,000.00",北京仁和门诊部有限公司,出售彩超
                    记-0088,2024-07-31,5301,其他费用-资产处置损失,"1,060,000.00",,,结转彩超处置净损失
                    记-0088,2024-07-31,1509,固定资产清理,,"1,060,000.00",,结转彩超处置净损失

                    """,
            ], expected: [.high]),
            RuleExample("12 月转入清理、次年 1 月低价卖给举办者的门诊部", "Moved to clearing in December, sold cheaply to the sponsor's clinic in January", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和门诊部有限公司,91110108MA03MZ4B6,举办者控制的企业,2017-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0140,2024-12-27,1509,固定资产清理,"640,000.00",,北京仁和门诊部有限公司,DR机转入清理
                    记-0140,2024-12-27,1502,累计折旧,"360,000.00",,,DR机转入清理
                    记-0140,2024-12-27,1501,固定资产-医疗设备,,"1,000,000.00",,DR机转入清理
                    记-0006,2025-01-08,1002,银行存款,"90,000.00",,北京仁和门诊部有限公司,出售DR机
                    记-0006,2025-01-08,1509,固定资产清理,,"90,000.00",北京仁和门诊部有限公司,出售DR机
                    记-0019,2025-01-31,5301,其他费用-资产处置损失,"550,000.00",,,结转DR机处置净损失
                    记-0019,2025-01-31,1509,固定资产清理,,"550,000.00",,结转DR机处置净损失

                    """,
            ], expected: [.high]),
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
                let shortfall = transfer.bookValue.map { $0 - transfer.consideration } ?? .zero
                let (what, whatEn): (String, String)
                if free {
                    (what, whatEn) = ("未收到任何对价。", "for nothing in return.")
                } else if let book = transfer.bookValue, shortfall.units > 0 {
                    (what, whatEn) = ("账面净值 \(book) 元，仅收到对价 \(transfer.consideration) 元，低于账面净值 \(shortfall) 元。",
                                      "book value \(book) yuan, for only \(transfer.consideration) yuan, \(shortfall) yuan below book value.")
                } else {
                    (what, whatEn) = ("收到对价 \(transfer.consideration) 元。", "for \(transfer.consideration) yuan in return.")
                }
                var details = ["consideration": transfer.consideration.description]
                if let book = transfer.bookValue {
                    details["book_value"] = book.description
                    details["below_book_value"] = max(shortfall, .zero).description
                }
                findings.append(Finding(
                    rule: Self.description.id, severity: free ? gratuitous : settings.severity, hospitalID: hospital.id,
                    period: String(year), counterparty: transfer.party, amount: transfer.value,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年向关联方\(transfer.party)处置或捐赠资产 \(transfer.value) 元，" + what,
                        en: "\(hospital.name) disposed of or donated \(transfer.value) yuan of assets to the related party \(transfer.party) in \(year), " + whatEn),
                    basis: settings.basis, evidence: transfer.evidence, details: details,
                    subject: "\(PartyName.normalize(transfer.party)) \(transfer.evidence.first?.entryID ?? "") \(transfer.evidence.first?.date ?? "")"))
            }
        }
        return findings
    }
}
