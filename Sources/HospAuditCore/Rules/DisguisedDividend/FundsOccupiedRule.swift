import Foundation

/// DD-006: the sponsor's side holding the hospital's money — receivables, prepayments or loans
/// to related parties still open at the end of the period.
public struct FundsOccupiedRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-006",
        title: LocalizedText(zh: "关联方占用医院资金", en: "Funds occupied by related parties"),
        catches: LocalizedText(
            zh: "期末关联方仍欠医院的其他应收款、预付账款、借出款，达到 max(重要性水平, 资产总计的 1%)；挂账超过 365 天为严重。往来单位为空时，按科目全名最后一级（如“其他应收款-北京仁和投资有限公司”）识别对方。",
            en: "Receivables, prepayments or loans out to related parties still open at period end, at or above max(materiality, 1% of total assets); critical when open more than 365 days. With no counterparty on the line, the last part of the account path (其他应收款-北京仁和投资有限公司) names it."),
        whyItMatters: LocalizedText(
            zh: "举办者长期占用医院资金等于无偿使用结余，是变相分红（国办发〔2017〕44号 二十一；结余只能用于医院自身发展，卫医发〔2000〕233号）。",
            en: "A sponsor holding the hospital's money uses its surplus for free: a disguised dividend (State Council 2017 No. 44, clause 21; surplus may only serve the hospital's own development)."),
        summary: "receivables, prepayments or loans out to related parties open at year end, at or above max(materiality, 1% of total assets)",
        severities: "high; critical when open > 365 days",
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

    public struct Settings: RuleConfiguration {
        /// Balances at or above this share of total assets (or materiality, if larger) are reported.
        public var assetShare: Rate = "0.01"
        /// Open longer than this many days, reported at `severityAged`.
        public var ageDays = 365
        public var severityAged = Severity.critical
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> ReceivablesAccumulator {
        ReceivablesAccumulator(context: context)
    }

    public func evaluate(_ openAtYearEnd: [Int: [String: ReceivablesAccumulator.OpenBalance]], facts: Facts,
                         context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let share = settings.assetShare.value
        let ageLimit = settings.ageDays
        let aged = settings.severityAged
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let open = openAtYearEnd[year], let yearEnd = Day(year: year, month: 12, day: 31) else { continue }
            let assets = ResultFigures.statementFigure("total_assets", year: year, in: context)?.amount
            let threshold = max(context.policy.materiality.decimal, share * (assets?.decimal ?? 0))
            for party in open.keys.sorted() {
                let open = open[party]!
                guard open.balance.decimal >= threshold else { continue }
                let days = open.openSince.map { Int(yearEnd.ordinal - $0.ordinal) } ?? 0
                let severity = days > ageLimit ? aged : settings.severity
                findings.append(Finding(
                    rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
                    counterparty: party, amount: open.balance,
                    message: LocalizedText(
                        zh: "\(year)年末关联方\(party)占用\(hospital.name)资金 \(RuleText.yuan(open.balance)) 元，自 \(open.openSince?.description ?? "?") 起挂账 \(days) 天。",
                        en: "At the end of \(year) the related party \(party) held \(RuleText.yuan(open.balance)) yuan of \(hospital.name)'s funds, open since \(open.openSince?.description ?? "?") (\(days) days)."),
                    basis: settings.basis, evidence: open.evidence.evidence, evidenceCount: open.evidence.evidenceCount,
                    details: ["open_since": open.openSince?.description ?? "", "days_open": String(days)],
                    subject: PartyName.normalize(party)))
            }
        }
        return findings
    }
}

/// Running balances of what each related party owes the hospital (receivables, prepayments,
/// loans out) across years, named as counterparty or as the last part of the account path
/// (其他应收款-北京仁和投资有限公司); what is open at each year's end.
public struct ReceivablesAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest.touching(.receivable)
    public struct OpenBalance: Sendable {
        public var balance = Money.zero
        /// The day the balance last opened.
        public var openSince: Day?
        public var evidence = EvidencedAmount()
    }

    private let file: String
    private let texts: LedgerTexts
    private var parties: PartyLookup
    private var balances: [String: OpenBalance] = [:]
    private var atYearEnd: [Int: [String: OpenBalance]] = [:]

    init(context: AuditContext) {
        file = context.file("ledger")
        texts = context.ledgerTexts
        parties = PartyLookup(context.relatedParties)
    }

    public mutating func observe(_ voucher: Voucher) {
        guard voucher.touched.contains(.receivable) else { return }
        let date = voucher.date
        for i in voucher.lines.indices where voucher.classes[i].contains(.receivable) {
            let line = voucher.lines[i]
            guard let party = parties.relatedParty(of: line, on: date, texts: texts) else { continue }
            var open = balances[party.name] ?? OpenBalance()
            let wasOpen = open.balance.units > 0
            open.balance += line.debit - line.credit
            if open.balance.units > 0 {
                if !wasOpen {
                    open.openSince = date
                    open.evidence = EvidencedAmount()
                }
                open.evidence.add(line.debit - line.credit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            } else {
                open.openSince = nil
                open.evidence = EvidencedAmount()
            }
            balances[party.name] = open
        }
    }

    /// Balances carry over; the year keeps what was open at its end.
    public mutating func endYear(_ year: Int) {
        atYearEnd[year] = balances.filter { $0.value.balance.units > 0 }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [String: OpenBalance]] { atYearEnd }
}
