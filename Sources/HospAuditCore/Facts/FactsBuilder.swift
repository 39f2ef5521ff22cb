/// Builds `Facts` from the ledger in one streaming pass. Lines arrive one at a time; the lines
/// of one voucher (same month and voucher number, one after another as exports list them) are
/// held until the voucher ends, then folded into the totals and dropped.
public final class FactsBuilder {
    private let context: AuditContext
    private let classifier: AccountClassifier
    private let keywords: [String]
    private let file: String
    private var facts = Facts()
    private var voucher: [LedgerLine] = []
    private var voucherKey = ""
    /// Imbalance of voucher runs not yet balanced, by voucher key: a voucher listed in two
    /// places balances when its parts do.
    private var open: [String: Facts.Imbalance] = [:]
    private var openOrder: [String] = []

    public init(context: AuditContext) {
        self.context = context
        classifier = AccountClassifier(policy: context.policy, standard: context.hospital.accountingStandard,
                                       year: context.hospital.fiscalYear)
        keywords = context.policy.rule("DD-001").strings("summary_keywords")
        file = context.ledgerFile
    }

    /// Vouchers are numbered per month (记-0001 again every month), so the month is part of the key.
    static func key(_ line: LedgerLine) -> String {
        let (y, m, _) = line.date.components
        return "\(y)-\(m)\u{1F}\(line.entryID)"
    }

    public func add(_ line: LedgerLine) {
        facts.ledgerLines += 1
        let key = Self.key(line)
        if key != voucherKey {
            closeVoucher()
            voucherKey = key
        }
        voucher.append(line)
    }

    public func finish() -> Facts {
        closeVoucher()
        facts.imbalances = openOrder.compactMap { open[$0] }.filter { $0.debit != $0.credit }
        return facts
    }

    private func closeVoucher() {
        guard let first = voucher.first else { return }
        defer { voucher.removeAll(keepingCapacity: true) }
        let year = first.date.year
        var yearFacts = facts.years[year] ?? Facts.Year()
        yearFacts.lines += voucher.count

        let classes = voucher.map { classifier.classes(code: $0.accountCode, name: $0.accountName) }
        balance(first)
        totals(classes, into: &yearFacts)
        distributions(classes, into: &yearFacts)
        dealings(classes, date: first.date, into: &yearFacts)
        facts.years[year] = yearFacts
    }

    private func balance(_ first: LedgerLine) {
        var debit = Money.zero, credit = Money.zero
        for line in voucher {
            debit += line.debit
            credit += line.credit
        }
        if debit == credit && open[voucherKey] == nil { return }
        if var known = open[voucherKey] {
            known.debit += debit
            known.credit += credit
            open[voucherKey] = known
        } else {
            let (y, m, _) = first.date.components
            open[voucherKey] = Facts.Imbalance(
                entryID: first.entryID, month: "\(y)-\(m < 10 ? "0" : "")\(m)", debit: debit, credit: credit,
                evidence: voucher.prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) })
            openOrder.append(voucherKey)
        }
    }

    /// Revenue and expense, leaving out vouchers that close them into 本年利润 or net assets.
    private func totals(_ classes: [AccountClasses], into year: inout Facts.Year) {
        let touchesClosing = classes.contains { $0.contains(.closing) }
        let touchesResult = classes.contains { !$0.isDisjoint(with: [.revenue, .expense]) }
        if touchesClosing && touchesResult { return }
        for (line, cls) in zip(voucher, classes) {
            let isRevenue = cls.contains(.revenue)
            let isExpense = cls.contains(.expense) && !cls.contains(.profitDistribution)
            if isRevenue { year.revenue += line.credit - line.debit }
            if isExpense { year.expense += line.debit - line.credit }
            if isRevenue || isExpense {
                year.result.evidenceCount += 1
                if year.result.evidence.count < EvidencedAmount.maxEvidence {
                    year.result.evidence.append(Evidence(file: file, line: line))
                }
            }
        }
    }

    /// 利润分配 and 应付股利 lines, and payments whose summary speaks of dividends.
    private func distributions(_ classes: [AccountClasses], into year: inout Facts.Year) {
        var distDebit = Money.zero, distCredit = Money.zero, cashOut = Money.zero
        var distIndices: [Int] = []
        var cashIndices: [Int] = []
        var onlyPayableDebits = true
        for (i, (line, cls)) in zip(voucher, classes).enumerated() {
            if cls.contains(.profitDistribution) {
                distIndices.append(i)
                distDebit += line.debit
                distCredit += line.credit
                if !(line.credit.isZero && line.accountName.contains("应付")) { onlyPayableDebits = false }
            }
            if cls.contains(.cash) && !line.credit.isZero {
                cashIndices.append(i)
                cashOut += line.credit
            }
        }
        let mentionsDividend = voucher.contains { line in keywords.contains { line.summary.contains($0) } }
        guard !distIndices.isEmpty || (mentionsDividend && !cashOut.isZero) else { return }
        let counterparty = (distIndices + cashIndices).lazy.map { self.voucher[$0].counterparty }.first { !$0.isEmpty }
            ?? voucher.lazy.map(\.counterparty).first { !$0.isEmpty } ?? ""
        let evidence = voucher.map { Evidence(file: file, line: $0) }
        if distIndices.isEmpty {
            // Paid out with a summary that says what it is: a distribution of its own.
            year.declared[counterparty, default: EvidencedAmount()].add(cashOut, lines: evidence)
        } else if onlyPayableDebits && !cashOut.isZero {
            // Paying 应付股利 booked earlier: the same distribution, not a second one.
            year.paid[counterparty, default: EvidencedAmount()].add(cashOut, lines: evidence)
        } else {
            year.declared[counterparty, default: EvidencedAmount()].add(max(distDebit, distCredit), lines: evidence)
        }
    }

    /// The voucher's worth to each related counterparty it names: the larger of the debit and
    /// credit totals of the lines naming it. Settling a payable or receivable is a payment of
    /// an amount already counted, not a new dealing.
    private func dealings(_ classes: [AccountClasses], date: Day, into year: inout Facts.Year) {
        var seen: Set<String> = []
        let onlySettlement = classes.allSatisfy { !$0.isDisjoint(with: .settlement) }
        for line in voucher where !line.counterparty.isEmpty && seen.insert(line.counterparty).inserted {
            guard let party = context.relatedParties.match(name: line.counterparty, id: line.counterpartyID, on: date) else { continue }
            if onlySettlement { continue }
            // Distributions to owners are not dealings (DD-001 looks at those).
            let own = zip(voucher, classes).filter { $0.0.counterparty == line.counterparty }
            if own.allSatisfy({ $0.1.contains(.profitDistribution) }) { continue }
            var debit = Money.zero, credit = Money.zero
            var evidence: [Evidence] = []
            for other in voucher where other.counterparty == line.counterparty {
                debit += other.debit
                credit += other.credit
                evidence.append(Evidence(file: file, line: other))
            }
            year.related[party.name, default: EvidencedAmount()].add(max(debit, credit), lines: evidence)
        }
    }
}
