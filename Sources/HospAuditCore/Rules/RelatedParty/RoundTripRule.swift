import Foundation

/// RP-004: money sent out to a related party that comes back, from it or another, within days.
public struct RoundTripRule: LedgerRule {
    public static let description = RuleDescription(
        id: "RP-004",
        title: LocalizedText(zh: "资金循环（过桥）", en: "Round-tripping"),
        catches: LocalizedText(
            zh: "付款给关联方后 30 天内从同一或另一关联方收回金额相差不超过 2% 的款项，达到重要性水平。",
            en: "Cash paid to a related party and an amount within 2% received back from the same or another related party within 30 days, at or above materiality."),
        whyItMatters: LocalizedText(
            zh: "资金在关联方之间转一圈，可以虚增收入、掩盖占用或为结余转移制造凭证（国办发〔2017〕44号 二十一）。",
            en: "Money sent round through related parties can inflate revenue, hide an occupation of funds or dress up a transfer of surplus (State Council 2017 No. 44, clause 21)."),
        summary: "cash out to a related party and back (within 2%) from the same or another within 30 days, at or above materiality",
        severities: "high",
        triggering: [
            RuleExample("付给举办者 300 万，十天后由其关联企业打回", "3 million to the sponsor, back from its company ten days later", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA28GH4Q70,举办者,2014-01-01,\n杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0210,2024-11-05,1122,其他应收款,"3,000,000.00",,杭州安远控股有限公司,往来款
                    记-0210,2024-11-05,1002,银行存款,,"3,000,000.00",杭州安远控股有限公司,往来款
                    记-0251,2024-11-15,1002,银行存款,"2,980,000.00",,杭州安远医药贸易有限公司,收到往来款
                    记-0251,2024-11-15,4901,其他收入,,"2,980,000.00",杭州安远医药贸易有限公司,收到往来款

                    """,
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("付给关联方的采购款，两个月后另有收入", "A purchase from a related party, unrelated income two months later", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0210,2024-09-05,5101,业务活动成本-药品费,"300,000.00",,杭州安远医药贸易有限公司,采购药品
                    记-0210,2024-09-05,1002,银行存款,,"300,000.00",杭州安远医药贸易有限公司,采购药品
                    记-0251,2024-11-15,1002,银行存款,"300,000.00",,杭州安远医药贸易有限公司,体检收入
                    记-0251,2024-11-15,4301,提供服务收入-体检收入,,"300,000.00",杭州安远医药贸易有限公司,体检收入

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// The money must come back within this many days…
        public var windowDays = 30
        /// …and within this share of what went out.
        public var tolerance: Rate = "0.02"
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> RoundTripAccumulator {
        RoundTripAccumulator(file: context.file("ledger"), texts: context.ledgerTexts, window: settings.windowDays, tolerance: settings.tolerance.value,
                             materiality: context.policy.materiality)
    }

    public func evaluate(_ trips: [Int: [RoundTripAccumulator.Trip]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        var findings: [Finding] = []
        for year in facts.periods {
            for trip in trips[year] ?? [] {
                let via = trip.outParty == trip.backParty ? "" : "，经\(trip.backParty)"
                let viaEn = trip.outParty == trip.backParty ? "" : " by way of \(trip.backParty)"
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: trip.outParty, amount: trip.out,
                    message: LocalizedText(
                        zh: "\(hospital.name)付给关联方\(trip.outParty) \(RuleText.yuan(trip.out)) 元，\(trip.days) 天后收回 \(RuleText.yuan(trip.back)) 元\(via)，形成资金循环。",
                        en: "\(hospital.name) paid the related party \(trip.outParty) \(RuleText.yuan(trip.out)) yuan and received \(RuleText.yuan(trip.back)) yuan back \(trip.days) days later\(viaEn): a round trip."),
                    basis: settings.basis, evidence: trip.evidence,
                    details: ["back": trip.back.description, "back_from": trip.backParty, "days": String(trip.days)],
                    subject: "\(PartyName.normalize(trip.outParty)) \(trip.evidence.first?.date ?? "")"))
            }
        }
        return findings
    }
}

/// Cash out to one related party and back from the same or another within the window.
public struct RoundTripAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest(cashWithRelatedParty: true)
    public struct Trip: Sendable {
        public let outParty: String
        public let backParty: String
        public let out: Money
        public let back: Money
        public let days: Int
        public let evidence: [Evidence]
    }

    private struct Flow {
        let date: Day
        let party: String
        let amount: Money
        let lines: [LedgerLine]
    }

    private let file: String
    private let texts: LedgerTexts
    private let window: Int
    private let tolerance: Decimal
    private let materiality: Money
    /// Money sent to related parties in the last days, waiting for a matching return.
    private var outflows: [Flow] = []
    private var head = 0
    private var latest = Day(ordinal: Int32.min)
    private static let maxOutflows = 256
    private var years: [Int: [Trip]] = [:]

    init(file: String, texts: LedgerTexts, window: Int, tolerance: Decimal, materiality: Money) {
        self.file = file
        self.texts = texts
        self.window = window
        self.tolerance = tolerance
        self.materiality = materiality
    }

    public mutating func observe(_ voucher: Voucher) {
        guard let party = voucher.party else { return }
        let cashOut = voucher.cashOut, cashIn = voucher.cashIn
        guard cashOut.units > 0 || cashIn.units > 0 else { return }
        let date = voucher.date
        // Ledgers run in date order; the window is measured from the latest day seen, and the
        // list is capped so an export out of order cannot make it grow without bound.
        if date > latest { latest = date }
        while head < outflows.count
                && (latest.ordinal - outflows[head].date.ordinal > Int32(clamping: window) || outflows.count - head >= Self.maxOutflows) {
            head += 1
        }
        if head > 4_096 {
            outflows.removeFirst(head)
            head = 0
        }
        if cashOut.units > 0 && cashIn.isZero {
            outflows.append(Flow(date: date, party: party.name, amount: cashOut, lines: Array(voucher.lines.prefix(8))))
            return
        }
        guard cashIn.units > 0 && cashOut.isZero, cashIn >= materiality else { return }
        let tolerance = self.tolerance
        guard let match = outflows[head...].firstIndex(where: {
            ($0.amount - cashIn).magnitude.decimal <= tolerance * $0.amount.decimal
        }) else { return }
        let out = outflows.remove(at: match)
        years[voucher.year, default: []].append(Trip(
            outParty: out.party, backParty: party.name, out: out.amount, back: cashIn,
            days: Int(date.ordinal - out.date.ordinal),
            evidence: (out.lines + voucher.lines).prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0, texts: texts) }))
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [Trip]] { years }
}
