/// DD-001: a non-profit hospital paying out its surplus outright — a 利润分配 or 应付股利 line
/// (which a non-profit chart does not even have), or a payment whose summary says 分红.
public struct SurplusDistributedRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-001",
        title: LocalizedText(zh: "非营利性医疗机构分配结余", en: "Surplus distributed by a non-profit hospital"),
        catches: LocalizedText(
            zh: "非营利性医院账上出现利润分配、应付股利、应付利润类科目，或摘要写明分红、股利、红利、利润分配、结余分配的付款。",
            en: "A line in a profit-distribution account (利润分配, 应付股利, 应付利润) at a non-profit hospital, or a payment whose summary speaks of dividends (分红, 股利, 红利, 利润分配, 结余分配)."),
        whyItMatters: LocalizedText(
            zh: "非营利性医疗机构不得将收支结余用于分红或变相分红（国办发〔2017〕44号 二十一）；非营利法人不得向出资人分配利润（民法典第八十七条）。",
            en: "A non-profit hospital may not use its surplus for dividends, open or disguised (State Council 2017 No. 44, clause 21); a non-profit legal person distributes no profit to its founders (Civil Code art. 87)."),
        summary: "surplus distributed by a non-profit: a 利润分配 / 应付股利 / 应付利润 line, or a payment whose summary says 分红, 股利, 红利, 利润分配 or 结余分配",
        severities: "critical",
        triggering: [
            RuleExample("结余转入利润分配并应付举办者", "Surplus booked to 利润分配 and owed to the sponsor", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2024-12-30,3101,利润分配-应付股利,"2,000,000.00",,北京仁和投资有限公司,分配2024年结余
                    记-0031,2024-12-30,2204,应付利润,,"2,000,000.00",北京仁和投资有限公司,分配2024年结余

                    """,
            ], expected: [.critical]),
            RuleExample("以管理费用列支举办者分红", "A dividend to the sponsor booked as an expense", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0118,2024-06-28,5201,管理费用-其他,"3,000,000.00",,北京仁和投资有限公司,举办者2023年度分红
                    记-0118,2024-06-28,1002,银行存款,,"3,000,000.00",北京仁和投资有限公司,举办者2023年度分红

                    """,
            ], expected: [.critical]),
        ],
        nonTriggering: [
            RuleExample("营利性医院向股东分配利润", "A for-profit hospital paying its shareholder", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-28,4104,利润分配-应付现金股利,"5,000,000.00",,天津和谐医疗投资集团有限公司,向股东分配利润
                    记-0090,2024-12-28,2232,应付股利,,"5,000,000.00",天津和谐医疗投资集团有限公司,向股东分配利润

                    """,
            ]),
            RuleExample("非营利医院支付咨询费", "A non-profit paying an ordinary consulting fee", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0044,2024-03-25,5201,管理费用-咨询费,"38,000.00",,北京中和管理咨询有限公司,支付3月管理咨询费
                    记-0044,2024-03-25,1002,银行存款,,"38,000.00",北京中和管理咨询有限公司,支付3月管理咨询费

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Words in a payment's summary that make it a distribution whatever the account.
        public var summaryKeywords = ["分红", "股利", "红利", "利润分配", "结余分配"]
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> DistributionsAccumulator {
        DistributionsAccumulator(file: context.file("ledger"), words: settings.summaryKeywords)
    }

    public func evaluate(_ gathered: [Int: DistributionsAccumulator.Year], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.ownership == .nonprofit else { return [] }
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = gathered[year] else { continue }
            for counterparty in Set(y.declared.keys).union(y.paid.keys).sorted() {
                let declared = y.declared[counterparty] ?? EvidencedAmount()
                let paid = y.paid[counterparty] ?? EvidencedAmount()
                // Booked and then paid is one distribution, not two; paying more than was
                // booked this year settles distributions booked before it.
                let amount = max(declared.amount, paid.amount)
                let evidence = Array((declared.evidence + paid.evidence).prefix(EvidencedAmount.maxEvidence))
                let who = counterparty.isEmpty ? "（未记往来单位）" : counterparty
                let whoEn = counterparty.isEmpty ? "(no counterparty recorded)" : counterparty
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: counterparty.isEmpty ? nil : counterparty, amount: amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)为非营利性医疗机构，\(year)年向\(who)分配结余 \(amount) 元（\(declared.evidenceCount + paid.evidenceCount) 行凭证），属于将收支结余用于分红。",
                        en: "\(hospital.name), a non-profit hospital, distributed \(amount) yuan of surplus to \(whoEn) in \(year) (\(declared.evidenceCount + paid.evidenceCount) voucher lines): surplus used for dividends."),
                    basis: settings.basis, evidence: evidence, evidenceCount: declared.evidenceCount + paid.evidenceCount,
                    details: ["declared": declared.amount.description, "paid": paid.amount.description],
                    subject: PartyName.normalize(counterparty)))
            }
        }
        return findings
    }
}

/// 利润分配 and 应付股利 lines, and payments whose summary speaks of dividends, per year and
/// counterparty.
public struct DistributionsAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest(classes: .profitDistribution, payingOut: true)
    public struct Year: Sendable {
        /// Distributions made: 利润分配 and 应付股利 booked, or paid out with a summary that says 分红.
        public var declared: [String: EvidencedAmount] = [:]
        /// Payments settling a distribution booked before.
        public var paid: [String: EvidencedAmount] = [:]
    }

    private let file: String
    private var words: SummaryKeywords
    private var years: [Int: Year] = [:]

    init(file: String, words: [String]) {
        self.file = file
        self.words = SummaryKeywords(words)
    }

    public mutating func observe(_ voucher: Voucher) {
        let lines = voucher.lines
        let cashOut = voucher.cashOut
        if !voucher.touched.contains(.profitDistribution) {
            // Only a payment can be a dividend in words; look at each distinct summary once.
            guard cashOut.units > 0 else { return }
            let mentionsDividend = lines.indices.contains { i in
                (i == 0 || lines[i].summary != lines[i - 1].summary) && words.isFound(in: lines[i].summary)
            }
            guard mentionsDividend else { return }
        }
        var distDebit = Money.zero, distCredit = Money.zero
        var distIndices: [Int] = []
        var cashIndices: [Int] = []
        var onlyPayableDebits = true
        for i in lines.indices {
            let cls = voucher.classes[i]
            if cls.contains(.profitDistribution) {
                distIndices.append(i)
                distDebit += lines[i].debit
                distCredit += lines[i].credit
                if !(lines[i].credit.isZero && lines[i].accountName.containsText("应付")) { onlyPayableDebits = false }
            }
            if cls.contains(.cash) && !lines[i].credit.isZero { cashIndices.append(i) }
        }
        let counterparty = (distIndices + cashIndices).lazy.map { lines[$0].counterparty }.first { !$0.isEmpty }
            ?? lines.lazy.map(\.counterparty).first { !$0.isEmpty } ?? ""
        if distIndices.isEmpty {
            // Paid out with a summary that says what it is: a distribution of its own.
            years[voucher.year, default: Year()].declared[counterparty, default: EvidencedAmount()].add(cashOut, ledgerLines: lines, file: file)
        } else if onlyPayableDebits && !cashOut.isZero {
            // Paying 应付股利 booked earlier: the same distribution, not a second one.
            years[voucher.year, default: Year()].paid[counterparty, default: EvidencedAmount()].add(cashOut, ledgerLines: lines, file: file)
        } else {
            years[voucher.year, default: Year()].declared[counterparty, default: EvidencedAmount()].add(
                max(distDebit, distCredit), ledgerLines: lines, file: file)
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: Year] { years }
}
