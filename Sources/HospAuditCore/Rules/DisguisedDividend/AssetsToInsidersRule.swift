/// DD-007: the hospital's assets disposed of or donated to related parties.
public struct AssetsToInsidersRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-007",
        title: LocalizedText(zh: "资产转移给关联方", en: "Assets moved to insiders"),
        catches: LocalizedText(
            zh: "对关联方的资产处置（固定资产清理、资产处置、无形资产转让）或对外捐赠，达到重要性水平；未收到现金或应收款（无偿）为严重。经固定资产清理的处置沿凭证链读取：从转入账面净值的凭证到清理科目余额归零的凭证，对价低于账面净值时写明差额；一张凭证内完成的处置，账面净值为对价加处置损失减处置收益。",
            en: "An asset disposal (固定资产清理, 资产处置, 无形资产转让) or donation to a related party at or above materiality; critical when no cash or receivable comes back (gratuitous). A disposal through the clearing account is read along its voucher chain, from the voucher moving the book value in to the one bringing the account back to zero, and a price below book value is stated with the shortfall; in a one-voucher disposal the book value is the price plus the loss (less any gain)."),
        whyItMatters: LocalizedText(
            zh: "把设备、房产或无形资产低价或无偿转给举办者，是直接转移医院财产（国办发〔2017〕44号 二十一；民法典第八十七条）。",
            en: "Handing equipment, premises or intangibles to the sponsor cheaply or for nothing moves the hospital's property out directly (State Council 2017 No. 44, clause 21; Civil Code art. 87)."),
        summary: "assets disposed of or donated to a related party, at or above materiality; a disposal through 固定资产清理 is followed from the voucher moving the book value in to the one clearing the account, and a price below book value is stated with the shortfall",
        severities: "high; critical when nothing came back",
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

    public struct Settings: RuleConfiguration {
        /// Nothing came back for the asset.
        public var severityGratuitous = Severity.critical
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> AssetTransfersAccumulator {
        AssetTransfersAccumulator(file: context.file("ledger"), texts: context.ledgerTexts)
    }

    public func evaluate(_ transfers: [Int: [AssetTransfersAccumulator.Transfer]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let gratuitous = settings.severityGratuitous
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            for transfer in transfers[year] ?? [] where transfer.value >= context.policy.materiality {
                let free = transfer.consideration.isZero
                let shortfall = transfer.bookValue.map { $0 - transfer.consideration } ?? .zero
                let (what, whatEn): (String, String)
                if free {
                    (what, whatEn) = ("未收到任何对价。", "for nothing in return.")
                } else if let book = transfer.bookValue, shortfall.units > 0 {
                    (what, whatEn) = ("账面净值 \(RuleText.yuan(book)) 元，仅收到对价 \(RuleText.yuan(transfer.consideration)) 元，低于账面净值 \(RuleText.yuan(shortfall)) 元。",
                                      "book value \(RuleText.yuan(book)) yuan, for only \(RuleText.yuan(transfer.consideration)) yuan, \(RuleText.yuan(shortfall)) yuan below book value.")
                } else {
                    (what, whatEn) = ("收到对价 \(RuleText.yuan(transfer.consideration)) 元。", "for \(RuleText.yuan(transfer.consideration)) yuan in return.")
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
                        zh: "\(hospital.name)\(year)年向关联方\(transfer.party)\(free ? "无偿转让（捐赠）" : "出售")资产 \(RuleText.yuan(transfer.value)) 元，" + what,
                        en: "\(hospital.name) \(free ? "gave away" : "sold") \(RuleText.yuan(transfer.value)) yuan of assets to the related party \(transfer.party) in \(year), " + whatEn),
                    basis: settings.basis, evidence: transfer.evidence, details: details,
                    subject: "\(PartyName.normalize(transfer.party)) \(transfer.evidence.first?.entryID ?? "") \(transfer.evidence.first?.date ?? "")"))
            }
        }
        return findings
    }
}

/// Assets disposed of or donated to related parties: a donation in its own voucher, a sale
/// either in one voucher (price + loss − gain is the book value) or through the clearing
/// account (固定资产清理), followed from the voucher moving the book value in to the one that
/// brings the account back to zero.
public struct AssetTransfersAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest.touching([.assetDisposal, .donationOut])
    public struct Transfer: Sendable {
        public let party: String
        public let value: Money
        /// What came back for it: cash or a receivable booked in the same voucher or chain.
        public let consideration: Money
        /// The net book value of what left, when the vouchers show it.
        public let bookValue: Money?
        public let evidence: [Evidence]
    }

    private struct Disposal {
        var bookValue = Money.zero
        var proceeds = Money.zero
        var balance = Money.zero
        var party: String?
        var lines: [LedgerLine] = []
    }

    private let file: String
    private let texts: LedgerTexts
    /// Disposals are followed one at a time, as a hospital books them.
    private var disposal: Disposal?
    private var years: [Int: [Transfer]] = [:]

    init(file: String, texts: LedgerTexts) {
        self.file = file
        self.texts = texts
    }

    public mutating func observe(_ voucher: Voucher) {
        guard !voucher.touched.isDisjoint(with: [.assetDisposal, .donationOut]) else { return }
        let party = voucher.party
        var donated = Money.zero, proceeds = Money.zero, outcome = Money.zero
        var clearingDebit = Money.zero, clearingCredit = Money.zero
        var touchesClearing = false, paysCash = false
        for i in voucher.lines.indices {
            let cls = voucher.classes[i], line = voucher.lines[i]
            if cls.contains(.donationOut) { donated += line.debit }
            if cls.contains(.assetDisposal) {
                if texts[line.accountName].containsText("清理") || texts[line.accountCode].hasPrefix("1606") {
                    touchesClearing = true
                    clearingDebit += line.debit
                    clearingCredit += line.credit
                } else {
                    outcome += line.debit - line.credit  // loss on disposal, or a gain as a negative
                }
            }
            if !cls.isDisjoint(with: [.cash, .receivable]) { proceeds += line.debit }
            if cls.contains(.cash) && !line.credit.isZero { paysCash = true }
        }
        if donated.units > 0, let party {
            years[voucher.year, default: []].append(Transfer(
                party: party.name, value: donated, consideration: proceeds, bookValue: nil, evidence: voucher.evidence(file: file)))
        }
        if !touchesClearing {
            guard donated.isZero, let party, (proceeds + outcome).units > 0 else { return }
            years[voucher.year, default: []].append(Transfer(
                party: party.name, value: proceeds + outcome, consideration: proceeds, bookValue: proceeds + outcome,
                evidence: voucher.evidence(file: file)))
            return
        }
        var chain = disposal ?? Disposal()
        // Costs of the disposal paid in cash also go through the clearing account; they are not book value.
        if !paysCash { chain.bookValue += clearingDebit }
        chain.proceeds += proceeds
        chain.balance += clearingDebit - clearingCredit
        if chain.party == nil { chain.party = party?.name }
        chain.lines += voucher.lines.prefix(max(0, EvidencedAmount.maxEvidence - chain.lines.count))
        disposal = chain
        if chain.balance.units <= 0 { closeDisposal(into: voucher.year) }
    }

    /// A disposal still open when the ledger ends is reported with what it shows; one open at a
    /// year's end goes on into the next year (moved to clearing in December, sold in January).
    public mutating func finish(_ end: PassEnd) -> [Int: [Transfer]] {
        if let lastYear = end.lastYear { closeDisposal(into: lastYear) }
        return years
    }

    private mutating func closeDisposal(into year: Int) {
        guard let chain = disposal else { return }
        disposal = nil
        guard let party = chain.party else { return }
        let bookValue = chain.bookValue.isZero ? nil : chain.bookValue
        years[year, default: []].append(Transfer(
            party: party, value: bookValue ?? chain.proceeds, consideration: chain.proceeds, bookValue: bookValue,
            evidence: chain.lines.map { Evidence(file: file, line: $0, texts: texts) }))
    }
}
