import Foundation

/// DD-004: interest paid to a related lender above the market: the loan's effective annual rate
/// against the one-year LPR in force when the loan began.
public struct AboveMarketInterestRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-004",
        title: LocalizedText(zh: "向关联出借方支付高于市场的利息", en: "Above-market interest to a related lender"),
        catches: LocalizedText(
            zh: "向关联方借款的实际年利率高于合同起始日适用的一年期 LPR × 1.5；高于 4 倍 LPR（民间借贷司法保护上限）为严重。有借款合同时逐份按合同年利率判断（只有一份合同且无年利率时按当年计入的利息 ÷ 本金折算），高出部分按合同本金和当年天数计算；没有合同时按账上当年计入该关联方的利息 ÷ 按日加权的借款余额，LPR 取账上首次借入之日。账上还款多于借入（借款早于账簿，余额不明）时不推算利率。当年计入该关联方的利息须达到重要性水平。",
            en: "A related party's loan to the hospital at an effective annual rate above 1.5 × the one-year LPR in force when the contract began; critical above 4 × LPR (the judicial cap on private lending). With loan contracts, each is judged on its annual rate (or, for a party's only contract without one, the interest booked ÷ principal), the excess counted on its principal over its days in the year; with none, the interest booked to the party in the year ÷ its day-weighted loan balance, the LPR taken at the first draw the ledger shows. No rate is read when the ledger repays more than it shows drawn (the loan predates the ledger). The interest booked to the party in the year must reach materiality."),
        whyItMatters: LocalizedText(
            zh: "举办者以高息借款给医院，利息即是结余的转出（国办发〔2017〕44号 二十一）；超过 4 倍 LPR 的利息连法院也不保护（法释〔2020〕17号 第二十五条）。",
            en: "A sponsor lending to the hospital at a high rate takes the surplus out as interest (State Council 2017 No. 44, clause 21); above 4 × LPR not even a court would enforce it (Supreme People's Court 2020 No. 17, art. 25)."),
        summary: "interest a non-profit pays a related lender at an effective annual rate above 1.5 × the one-year LPR in force when the loan began: each loan contract's rate (the excess counted on its principal), or interest ÷ principal for a party's only contract without a rate, or — with no contract — the interest booked ÷ the day-weighted loan balance the ledger shows (no rate is guessed when the loan predates the ledger)",
        severities: "high; critical above 4 × LPR (法释〔2020〕17号 第二十五条)",
        triggering: [
            RuleExample("合同年利率 8%，起始日 LPR 3.45%", "Contract at 8% when the LPR was 3.45%", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "contracts": ExampleTables.contractHeader + "JK-2023-03,北京仁和投资有限公司,借款,\"10,000,000.00\",8%,,,2023-09-01,2026-08-31\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-31,5401,财务费用-利息支出,"800,000.00",,北京仁和投资有限公司,计提全年借款利息
                    记-0090,2024-12-31,2204,其他应付款-应付利息,,"800,000.00",北京仁和投资有限公司,计提全年借款利息

                    """,
            ], expected: [.high]),
            RuleExample("无合同：按余额推算年利率 15%，超过 4 倍 LPR", "No contract: 15% read from the balance, above 4 × LPR", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0003,2024-01-01,1002,银行存款,"2,000,000.00",,北京仁和投资有限公司,向举办者借款
                    记-0003,2024-01-01,2001,短期借款-北京仁和投资有限公司,,"2,000,000.00",北京仁和投资有限公司,向举办者借款
                    记-0095,2024-12-31,5401,财务费用-利息支出,"300,000.00",,北京仁和投资有限公司,支付借款利息
                    记-0095,2024-12-31,1002,银行存款,,"300,000.00",北京仁和投资有限公司,支付借款利息

                    """,
            ], expected: [.critical]),
            RuleExample("两笔借款各按合同判断：一笔 4.2% 合理，一笔 12% 过高", "Two loans judged each on its contract: 4.2% is fair, 12% is not", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "contracts": ExampleTables.contractHeader + """
                    JK-2023-03,北京仁和投资有限公司,借款,"10,000,000.00",4.2%,,,2023-09-01,2026-08-31
                    JK-2024-01,北京仁和投资有限公司,借款,"2,000,000.00",12%,,,2024-01-01,2025-12-31

                    """,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-31,5401,财务费用-利息支出,"660,000.00",,北京仁和投资有限公司,计提全年借款利息
                    记-0090,2024-12-31,2204,其他应付款-应付利息,,"660,000.00",北京仁和投资有限公司,计提全年借款利息

                    """,
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("合同年利率 4.5%，未超过 1.5 倍 LPR", "Contract at 4.5%, within 1.5 × LPR", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "contracts": ExampleTables.contractHeader + "JK-2023-03,北京仁和投资有限公司,借款,\"10,000,000.00\",4.5%,,,2023-09-01,2026-08-31\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-31,5401,财务费用-利息支出,"450,000.00",,北京仁和投资有限公司,计提全年借款利息
                    记-0090,2024-12-31,2204,其他应付款-应付利息,,"450,000.00",北京仁和投资有限公司,计提全年借款利息

                    """,
            ]),
            RuleExample("借款早于账簿、余额不明，不推算利率", "A loan older than the ledger: no rate is guessed", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0040,2024-06-30,2001,短期借款-北京仁和投资有限公司,"500,000.00",,北京仁和投资有限公司,归还部分借款
                    记-0040,2024-06-30,1002,银行存款,,"500,000.00",北京仁和投资有限公司,归还部分借款
                    记-0095,2024-12-31,5401,财务费用-利息支出,"120,000.00",,北京仁和投资有限公司,支付借款利息
                    记-0095,2024-12-31,1002,银行存款,,"120,000.00",北京仁和投资有限公司,支付借款利息

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// An effective rate above the LPR times this is above the market.
        public var lprFactor: Rate = "1.5"
        /// Above the LPR times this (the judicial cap on private lending), reported at `severityAboveCap`.
        public var capFactor: Rate = "4"
        public var severityAboveCap = Severity.critical
        public init() {}
    }

    /// A loan's rate and where it was read from.
    private struct LoanRate {
        let annual: Decimal
        let since: Day
        let contract: Contract?
        /// The interest the loan carries over the year, when its principal and days are known.
        let yearInterest: Decimal?
        let evidence: [Evidence]
        let how: String
        /// The day-weighted balance the rate was found from, when no contract gave it.
        var averageBalance: Money? = nil
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> RelatedLoansAccumulator {
        RelatedLoansAccumulator(context: context)
    }

    public func evaluate(_ loans: [Int: [String: RelatedLoansAccumulator.LoanUse]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let y = facts.years[year] else { continue }
            for party in y.relatedByClass.keys.sorted() {
                guard let interest = y.relatedByClass[party]?["interest"], interest.amount >= context.policy.materiality else { continue }
                for rate in rates(of: party, interest: interest.amount, year: year, loans: loans[year]?[party], context: context, facts: facts) {
                    if let finding = judge(rate, interest: interest, party: party, year: year, context: context, settings: settings) {
                        findings.append(finding)
                    }
                }
            }
        }
        return findings
    }

    /// Each loan contract with the party that runs in the year is judged on its own rate; with
    /// none, the ledger's interest over its day-weighted balance.
    private func rates(of party: String, interest: Money, year: Int, loans: RelatedLoansAccumulator.LoanUse?, context: AuditContext,
                       facts: Facts) -> [LoanRate] {
        let days = Decimal(Day.days(inYear: year))
        let contracts = context.contracts.filter {
            $0.kind == .loan && $0.covers(year: year) && context.relatedParty(named: $0.counterparty, in: year, facts: facts)?.name == party
        }
        if !contracts.isEmpty {
            return contracts.compactMap { loan in
                let since = loan.start ?? Day(year: year, month: 1, day: 1)!
                let share = Decimal(loan.days(in: year)) / days
                let line = Evidence(file: context.file("contracts"), line: loan.line,
                                    summary: "借款合同 \(loan.id)：本金 \(loan.principal?.description ?? "—")，年利率 \(loan.annualRate.map { RuleText.percent($0) } ?? "—")，起始 \(loan.start?.description ?? "—")")
                if let annual = loan.annualRate {
                    let carried = loan.principal.map { $0.decimal * annual * share }
                    return LoanRate(annual: annual, since: since, contract: loan, yearInterest: carried, evidence: [line], how: "contract_rate")
                }
                // Without a rate, the interest booked says it, when this is the party's only loan.
                guard contracts.count == 1, let principal = loan.principal, principal.units > 0, share > 0 else { return nil }
                return LoanRate(annual: interest.decimal / (principal.decimal * share), since: since, contract: loan,
                            yearInterest: interest.decimal, evidence: [line], how: "interest_over_principal")
            }
        }
        guard let loans, !loans.openingUnknown, let drawn = loans.drawnOn else { return [] }
        let average = loans.averageBalance(days: Day.days(inYear: year))
        guard average.units > 0 else { return [] }
        return [LoanRate(annual: interest.decimal / average.decimal, since: drawn, contract: nil, yearInterest: interest.decimal,
                         evidence: loans.evidence.evidence, how: "interest_over_average_balance", averageBalance: average)]
    }

    private func judge(_ rate: LoanRate, interest: EvidencedAmount, party: String, year: Int, context: AuditContext,
                       settings: RuleSettings<Settings>) -> Finding? {
        let hospital = context.hospital
        let factor = settings.lprFactor.value
        let capFactor = settings.capFactor.value
        let policy = context.policy
        // A loan older than the policy's LPR table is judged against the table's first rate, and says so.
        guard let lpr = policy.lpr(on: rate.since) ?? policy.lpr.first?.rate else { return nil }
        let predates = policy.lpr(on: rate.since) == nil
        guard rate.annual > lpr * factor else { return nil }
        let aboveCap = rate.annual > lpr * capFactor
        let severity = aboveCap ? settings.severityAboveCap : settings.severity
        // The interest above 1.5 × LPR: of the loan's own interest for the year when its principal
        // is known, else of the interest booked to the party.
        let excess = Money(rounding: (rate.yearInterest ?? interest.amount.decimal) * (1 - lpr * factor / rate.annual))
        // Without a contract the balance is said, so the rate can be checked from the letter.
        let balance = rate.averageBalance.map { RuleText.yuan($0.decimal) } ?? ""
        let source = rate.contract.map { "借款合同 \($0.id)" } ?? "账面利息与按日加权借款余额 \(balance) 元"
        let sourceEn = rate.contract.map { "loan contract \($0.id)" } ?? "the interest booked over the day-weighted loan balance of \(balance) yuan"
        // The excess of a contract with a principal is of the interest its terms give for the
        // year, which differs from what was booked: the message says which.
        let onTerms = rate.how == "contract_rate" && rate.yearInterest != nil
        let days = rate.contract.map { $0.days(in: year) } ?? 0
        let yearDays = Day.days(inYear: year)
        let span = days == yearDays ? "全年 \(yearDays) 天" : "当年 \(days) 天（全年 \(yearDays) 天）"
        let spanEn = days == yearDays ? "the whole year of \(yearDays) days" : "its \(days) days in the year (of \(yearDays))"
        let excessText = onTerms ? "按合同本金和年利率计\(span)的利息中约 \(RuleText.yuan(excess)) 元" : "当年约 \(RuleText.yuan(excess)) 元利息"
        let excessTextEn = onTerms
            ? "about \(RuleText.yuan(excess)) yuan of the interest the contract's principal and rate give for \(spanEn)"
            : "about \(RuleText.yuan(excess)) yuan of the year's interest"
        let limitText = aboveCap ? "超过 \(capFactor) 倍 LPR 的司法保护上限" : "超过 \(factor) 倍 LPR"
        let limitTextEn = aboveCap ? "above the judicial cap of \(capFactor) × LPR" : "above \(factor) × LPR"
        return Finding(
            rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
            counterparty: party, amount: excess,
            message: LocalizedText(
                zh: "\(hospital.name)（非营利性）向关联方\(party)借款，实际年利率 \(RuleText.percent(rate.annual))（依据\(source)），\(rate.since) 适用的一年期 LPR 为 \(RuleText.percent(lpr))，\(limitText)；\(year)年计入该关联方利息 \(RuleText.yuan(interest.amount)) 元，\(excessText)高于 \(factor) 倍 LPR 的水平，可能构成变相分红。" + (predates ? "借款早于政策 LPR 表，按表中最早的 LPR 比较。" : ""),
                en: "\(hospital.name), a non-profit, borrows from the related party \(party) at an effective annual rate of \(RuleText.percent(rate.annual)) (from \(sourceEn)); the one-year LPR in force on \(rate.since) was \(RuleText.percent(lpr)), so the rate is \(limitTextEn); \(RuleText.yuan(interest.amount)) yuan of interest was booked to the party in \(year), and \(excessTextEn) is above what \(factor) × LPR would give: a possible disguised dividend." + (predates ? " The loan predates the policy's LPR table; the table's first rate was used." : "")),
            basis: settings.basis, evidence: rate.evidence + interest.evidence.prefix(EvidencedAmount.maxEvidence - rate.evidence.count),
            evidenceCount: rate.evidence.count + interest.evidenceCount,
            details: ["effective_rate": RuleText.ratio(rate.annual), "lpr": RuleText.ratio(lpr), "lpr_date": rate.since.description,
                      "rate_from": rate.how, "interest_booked": interest.amount.description]
                .merging(rate.contract.map { ["contract": $0.id] } ?? [:]) { a, _ in a }
                .merging(rate.averageBalance.map { ["average_balance": $0.description] } ?? [:]) { a, _ in a },
            subject: "\(PartyName.normalize(party)) \(rate.contract?.id ?? "ledger")")
    }
}

/// Loans in (短期借款, 长期借款, 其他应付款-借款) from related parties: credits draw, debits
/// repay; the balance owed is counted day by day, across years.
public struct RelatedLoansAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest.touching(.loanIn)
    /// A related party's loan to the hospital over one year, as the ledger shows it.
    public struct LoanUse: Sendable {
        /// The sum over the year's days of the balance owed at the end of each day, in money
        /// units × days; divided by the days of the year it is the average balance.
        public var balanceDays: Int64 = 0
        /// The first day the ledger shows money drawn from the party.
        public var drawnOn: Day?
        /// The ledger repays more than it shows drawn: the loan predates the ledger, its
        /// balance is unknown and no rate can be read from it.
        public var openingUnknown = false
        public var evidence = EvidencedAmount()

        /// The average balance owed over a year of `days` days.
        public func averageBalance(days: Int) -> Money { Money(units: balanceDays / Int64(days)) }
    }

    private struct Balance {
        var balance = Money.zero
        /// Balance-days are counted up to this day.
        var countedTo: Day
        var drawnOn: Day?
        var openingUnknown = false
    }

    private let file: String
    private let texts: LedgerTexts
    private var parties: PartyLookup
    private var balances: [String: Balance] = [:]
    private var years: [Int: [String: LoanUse]] = [:]

    init(context: AuditContext) {
        file = context.file("ledger")
        texts = context.ledgerTexts
        parties = PartyLookup(context.relatedParties)
    }

    public mutating func observe(_ voucher: Voucher) {
        guard voucher.touched.contains(.loanIn) else { return }
        let date = voucher.date
        let yearStart = Self.start(of: voucher.year)
        for i in voucher.lines.indices where voucher.classes[i].contains(.loanIn) {
            let line = voucher.lines[i]
            guard let party = parties.relatedParty(of: line, on: date, texts: texts) else { continue }
            var loan = balances[party.name] ?? Balance(countedTo: max(date, yearStart))
            var use = years[voucher.year]?[party.name] ?? LoanUse()
            Self.count(&loan, upTo: date, from: yearStart, into: &use)
            loan.balance += line.credit - line.debit
            if !line.credit.isZero && loan.drawnOn == nil { loan.drawnOn = date }
            if loan.balance.units < 0 { loan.openingUnknown = true }
            use.drawnOn = loan.drawnOn
            use.openingUnknown = use.openingUnknown || loan.openingUnknown
            use.evidence.add(line.credit - line.debit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            balances[party.name] = loan
            years[voucher.year, default: [:]][party.name] = use
        }
    }

    /// At the year's end every open loan counts to the last day, and carries into the next year.
    public mutating func endYear(_ year: Int) {
        guard let nextYear = Day(year: year + 1, month: 1, day: 1) else { return }
        let yearStart = Self.start(of: year)
        for name in balances.keys {
            var loan = balances[name]!
            guard loan.balance.units > 0 || years[year]?[name] != nil else { continue }
            var use = years[year]?[name] ?? LoanUse(drawnOn: loan.drawnOn, openingUnknown: loan.openingUnknown)
            Self.count(&loan, upTo: nextYear, from: yearStart, into: &use)
            balances[name] = loan
            years[year, default: [:]][name] = use
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [String: LoanUse]] { years }

    private static func start(of year: Int) -> Day { Day(year: year, month: 1, day: 1) ?? Day(ordinal: 0) }

    /// Adds the balance owed from the last counted day up to `day` (not included).
    private static func count(_ loan: inout Balance, upTo day: Day, from yearStart: Day, into use: inout LoanUse) {
        let from = max(loan.countedTo, yearStart)
        if day > from && loan.balance.units > 0 {
            // Past the range the balance cannot be averaged: no rate is read from it.
            let (product, overflow) = loan.balance.units.multipliedReportingOverflow(by: Int64(day.ordinal - from.ordinal))
            let (sum, overflowAgain) = use.balanceDays.addingReportingOverflow(product)
            if overflow || overflowAgain { use.openingUnknown = true } else { use.balanceDays = sum }
        }
        if day > loan.countedTo { loan.countedTo = day }
    }
}
