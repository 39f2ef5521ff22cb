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
    private var voucherEntry = ""
    private var voucherMonth = -1
    private var lastDate = Day(ordinal: Int32.min)
    private var lastMonth = 0
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

    /// Vouchers are numbered per month (记-0001 again every month), so the month is part of a
    /// voucher's identity.
    public func add(_ line: LedgerLine) {
        facts.ledgerLines += 1
        if line.date != lastDate {
            let (y, m, _) = line.date.components
            lastDate = line.date
            lastMonth = y * 100 + m
        }
        let month = lastMonth
        if month != voucherMonth || line.entryID != voucherEntry {
            closeVoucher()
            voucherMonth = month
            voucherEntry = line.entryID
        }
        voucher.append(line)
    }

    private var voucherKey: String { "\(voucherMonth)\u{1F}\(voucherEntry)" }

    /// The year being built is held apart from `facts.years`, so a voucher does not copy the
    /// whole year's tables in and out of the dictionary.
    private var currentYear = Facts.Year()
    private var currentYearKey = Int.min

    private func flushYear() {
        if currentYearKey != Int.min { facts.years[currentYearKey] = currentYear }
    }

    public func finish() -> Facts {
        closeVoucher()
        flushYear()
        facts.imbalances = openOrder.compactMap { open[$0] }.filter { $0.debit != $0.credit }
        return facts
    }

    private func closeVoucher() {
        guard !voucher.isEmpty else { return }
        defer { voucher.removeAll(keepingCapacity: true) }
        let date = voucher[0].date
        let year = voucherMonth / 100
        if year != currentYearKey {
            flushYear()
            currentYearKey = year
            currentYear = facts.years[year] ?? Facts.Year()
        }
        currentYear.lines += voucher.count

        let classes = voucher.indices.map { classifier.classes(code: voucher[$0].accountCode, name: voucher[$0].accountName) }
        balance()
        totals(classes, into: &currentYear)
        distributions(classes, into: &currentYear)
        dealings(classes, date: date, into: &currentYear)
        payments(classes, date: date)
    }

    private func balance() {
        var debit = Money.zero, credit = Money.zero
        for i in voucher.indices {
            debit += voucher[i].debit
            credit += voucher[i].credit
        }
        if debit == credit && open.isEmpty { return }
        let key = voucherKey
        if debit == credit && open[key] == nil { return }
        if var known = open[key] {
            known.debit += debit
            known.credit += credit
            open[key] = known
        } else {
            let (y, m) = (voucherMonth / 100, voucherMonth % 100)
            open[key] = Facts.Imbalance(
                entryID: voucherEntry, month: "\(y)-\(m < 10 ? "0" : "")\(m)", debit: debit, credit: credit,
                evidence: voucher.prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) })
            openOrder.append(key)
        }
    }

    /// Revenue and expense, leaving out vouchers that close them into 本年利润 or net assets.
    private func totals(_ classes: [AccountClasses], into year: inout Facts.Year) {
        let touchesClosing = classes.contains { $0.contains(.closing) }
        let touchesResult = classes.contains { !$0.isDisjoint(with: [.revenue, .expense]) }
        if touchesClosing && touchesResult { return }
        spend(classes, into: &year)
        // Index loops: `for line in voucher` would copy (and retain) every line's strings.
        for i in voucher.indices {
            let cls = classes[i]
            let isRevenue = cls.contains(.revenue)
            let isExpense = cls.contains(.expense) && !cls.contains(.profitDistribution)
            if isRevenue { year.revenue += voucher[i].credit - voucher[i].debit }
            if isExpense { year.expense += voucher[i].debit - voucher[i].credit }
            if isRevenue || isExpense {
                year.result.evidenceCount += 1
                if year.result.evidence.count < EvidencedAmount.maxEvidence {
                    year.result.evidence.append(Evidence(file: file, line: voucher[i]))
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
        for i in voucher.indices {
            let cls = classes[i]
            if cls.contains(.profitDistribution) {
                distIndices.append(i)
                distDebit += voucher[i].debit
                distCredit += voucher[i].credit
                if !(voucher[i].credit.isZero && voucher[i].accountName.containsText("应付")) { onlyPayableDebits = false }
            }
            if cls.contains(.cash) && !voucher[i].credit.isZero {
                cashIndices.append(i)
                cashOut += voucher[i].credit
            }
        }
        if distIndices.isEmpty {
            // Only a payment can be a dividend in words; look at each distinct summary once.
            guard !cashOut.isZero else { return }
            let mentionsDividend = voucher.indices.contains { i in
                (i == 0 || voucher[i].summary != voucher[i - 1].summary)
                    && keywords.contains { voucher[i].summary.containsText($0) }
            }
            guard mentionsDividend else { return }
        }
        let counterparty = (distIndices + cashIndices).lazy.map { self.voucher[$0].counterparty }.first { !$0.isEmpty }
            ?? voucher.lazy.map(\.counterparty).first { !$0.isEmpty } ?? ""
        if distIndices.isEmpty {
            // Paid out with a summary that says what it is: a distribution of its own.
            year.declared[counterparty, default: EvidencedAmount()].add(cashOut, ledgerLines: voucher, file: file)
        } else if onlyPayableDebits && !cashOut.isZero {
            // Paying 应付股利 booked earlier: the same distribution, not a second one.
            year.paid[counterparty, default: EvidencedAmount()].add(cashOut, ledgerLines: voucher, file: file)
        } else {
            year.declared[counterparty, default: EvidencedAmount()].add(max(distDebit, distCredit), ledgerLines: voucher, file: file)
        }
    }

    /// The voucher's worth to each related counterparty it names: the larger of the debit and
    /// credit totals of the lines naming it. Settling a payable or receivable is a payment of
    /// an amount already counted, not a new dealing.
    private func dealings(_ classes: [AccountClasses], date: Day, into year: inout Facts.Year) {
        var seen: [String] = []  // a voucher names few counterparties: a list beats hashing
        let onlySettlement = classes.allSatisfy { !$0.isDisjoint(with: .settlement) }
        for i in voucher.indices where !voucher[i].counterparty.isEmpty && !seen.contains(voucher[i].counterparty) {
            let counterparty = voucher[i].counterparty
            seen.append(counterparty)
            guard let party = context.relatedParties.match(name: counterparty, id: voucher[i].counterpartyID, on: date) else { continue }
            if onlySettlement { continue }
            var debit = Money.zero, credit = Money.zero
            var onlyDistribution = true
            for j in voucher.indices where voucher[j].counterparty == counterparty {
                debit += voucher[j].debit
                credit += voucher[j].credit
                if !classes[j].contains(.profitDistribution) { onlyDistribution = false }
            }
            // Distributions to owners are not dealings (DD-001 looks at those).
            if onlyDistribution { continue }
            year.related[party.name, default: EvidencedAmount()].add(
                max(debit, credit), ledgerLines: voucher.lazy.filter { $0.counterparty == counterparty }, file: file)
            attribute(to: party.name, counterparty: counterparty, classes: classes, date: date, into: &year)
        }
    }

    /// What a related dealing was for: the classes of the lines naming the party, or, when the
    /// party is named only on the bank or payable line, of the voucher's unnamed lines.
    private func attribute(to party: String, counterparty: String, classes: [AccountClasses], date: Day,
                           into year: inout Facts.Year) {
        var relevant = voucher.indices.filter { voucher[$0].counterparty == counterparty && classes[$0].isDisjoint(with: .settlement) }
        if relevant.isEmpty {
            relevant = voucher.indices.filter { voucher[$0].counterparty.isEmpty && classes[$0].isDisjoint(with: .settlement) }
        }
        for (name, bit) in AccountClasses.spendClasses {
            var amount = Money.zero
            var lines: [Int] = []
            for i in relevant where classes[i].contains(bit) {
                amount += voucher[i].debit - voucher[i].credit
                lines.append(i)
            }
            guard !lines.isEmpty else { continue }
            year.relatedByClass[party, default: [:]][name, default: EvidencedAmount()].add(
                amount, ledgerLines: lines.lazy.map { self.voucher[$0] }, file: file)
            if bit == .expense {
                year.relatedExpenseByMonth[party, default: [:]][date.month, default: .zero] += amount
            }
        }
    }

    /// Spending per class, whoever was paid: the denominator of concentration shares.
    private func spend(_ classes: [AccountClasses], into year: inout Facts.Year) {
        for i in voucher.indices where classes[i].isDisjoint(with: .settlement) {
            for (name, bit) in AccountClasses.spendClasses where classes[i].contains(bit) {
                year.spend[name, default: .zero] += voucher[i].debit - voucher[i].credit
            }
        }
    }

    // MARK: split payments

    private struct Payment {
        let date: Day
        let amount: Money
        /// The cash lines; made into evidence only if the payment turns out to be one of a split.
        let lines: [LedgerLine]
    }

    /// Recent payments below the threshold, per counterparty, inside the window; keyed by a
    /// hash of the name's bytes (hashing a Chinese String the Swift way normalises it first).
    private var recentPayments: [UInt64: (name: String, payments: [Payment])] = [:]
    private lazy var approvalThreshold: Money = {
        if case .success(let money?) = NumberParser.money(context.policy.rule("RP-005").decimal("approval_threshold").map { "\($0)" } ?? "") {
            return money
        }
        return Money(yuan: 100_000)
    }()
    private lazy var splitWindow = context.policy.rule("RP-005").integer("window_days") ?? 7

    /// A voucher naming one counterparty and paying money out is a payment to it.
    private func payments(_ classes: [AccountClasses], date: Day) {
        var named: String?
        var cashOut = Money.zero
        var cashLines: [Int] = []
        for i in voucher.indices {
            let cp = voucher[i].counterparty
            if !cp.isEmpty {
                if let named, named != cp { return }
                named = cp
            }
            if classes[i].contains(.cash) && !voucher[i].credit.isZero {
                cashOut += voucher[i].credit
                cashLines.append(i)
            }
        }
        guard let counterparty = named, cashOut.units > 0 else { return }
        var key = RelatedPartyMatcher.hash(counterparty)
        while let held = recentPayments[key], held.name != counterparty { key &+= 1 }
        guard cashOut < approvalThreshold else {
            recentPayments[key] = nil
            return
        }
        var window = recentPayments[key]?.payments ?? []
        window.removeAll { date.ordinal - $0.date.ordinal >= Int32(splitWindow) }
        window.append(Payment(date: date, amount: cashOut, lines: cashLines.map { voucher[$0] }))
        var total = Money.zero
        for payment in window { total += payment.amount }
        if window.count >= 2 && total >= approvalThreshold {
            facts.splitPayments.append(Facts.SplitPayment(
                counterparty: counterparty, year: date.year, total: total, payments: window.count,
                evidence: window.flatMap(\.lines).prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) }))
            window.removeAll()
        }
        recentPayments[key] = window.isEmpty ? nil : (counterparty, window)
    }
}
