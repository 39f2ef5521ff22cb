import Foundation

/// Builds `Facts` from the ledger in one streaming pass. Lines arrive one at a time; the lines
/// of one voucher (same month and voucher number, one after another as exports list them) are
/// held until the voucher ends, then folded into the totals and dropped.
public final class FactsBuilder {
    private let context: AuditContext
    private let classifier: AccountClassifier
    /// DD-001's words for a dividend (分红 …) and DD-005's for a bonus tied to the surplus.
    private let dividendWords: SummaryKeywords
    private let bonusWords: SummaryKeywords
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
        dividendWords = SummaryKeywords(context.policy.rule("DD-001").strings("summary_keywords"))
        bonusWords = SummaryKeywords(context.policy.rule("DD-005").strings("bonus_keywords"))
        file = context.file("ledger")
    }

    /// Vouchers are numbered per month (记-0001 again every month), so the month is part of a
    /// voucher's identity.
    public func add(_ line: LedgerLine) {
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

    private var voucherKey: String { Self.voucherKey(month: voucherMonth, entryID: voucherEntry) }

    /// A voucher's identity: its month (yyyymm) and number.
    static func voucherKey(month: Int, entryID: String) -> String { "\(month)\u{1F}\(entryID)" }

    /// The year being built is held apart from `facts.years`, so a voucher does not copy the
    /// whole year's tables in and out of the dictionary.
    private var currentYear = Facts.Year()
    private var currentYearKey = Int.min

    private func flushYear() {
        guard currentYearKey != Int.min else { return }
        // Balances owed by related parties carry over; the year keeps what was open at its end.
        currentYear.openReceivables = receivableBalances.filter { $0.value.balance.units > 0 }
        for k in spendTotals.indices where !spendTotals[k].isZero {
            currentYear.spend[AccountClasses.shareClasses[k].name, default: .zero] += spendTotals[k]
            spendTotals[k] = .zero
        }
        closeLoans()
        facts.years[currentYearKey] = currentYear
    }

    /// Vouchers with a line the reader rejected: their balance says nothing about the books.
    private var incomplete: Set<String> = []
    /// Voucher numbers of rejected lines whose date could not be read: any month.
    private var incompleteAnyMonth: Set<String> = []

    public func markIncomplete(entryID: String, date: Day?) {
        guard let date else {
            incompleteAnyMonth.insert(entryID)
            return
        }
        let (y, m, _) = date.components
        incomplete.insert(Self.voucherKey(month: y * 100 + m, entryID: entryID))
    }

    public func finish() -> Facts {
        closeVoucher()
        // A disposal still open when the ledger ends is reported with what it shows; one open at
        // a year's end goes on into the next year (moved to clearing in December, sold in January).
        closeDisposal(into: &currentYear)
        flushYear()
        facts.incompleteVouchers = incomplete.count + incompleteAnyMonth.count
        facts.imbalances = openOrder.filter { !incomplete.contains($0) }.compactMap { open[$0] }
            .filter { $0.debit != $0.credit && !incompleteAnyMonth.contains($0.entryID) }
        return facts
    }

    private var classBuffer: [AccountClasses] = []

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

        // One buffer for every voucher's classes: no allocation per voucher. What the steps
        // below ask of the whole voucher (which classes it touches, cash in and out) is worked
        // out here once, so a step with nothing to do is not entered.
        classBuffer.removeAll(keepingCapacity: true)
        voucherClasses = []
        voucherCashIn = .zero
        voucherCashOut = .zero
        for i in voucher.indices {
            let cls = classifier.classes(code: voucher[i].accountCode, name: voucher[i].accountName)
            classBuffer.append(cls)
            voucherClasses.formUnion(cls)
            if cls.contains(.cash) {
                voucherCashIn += voucher[i].debit
                voucherCashOut += voucher[i].credit
            }
        }
        let classes = classBuffer
        balance()
        totals(classes, into: &currentYear)
        if voucherClasses.contains(.profitDistribution) || voucherCashOut.units > 0 {
            distributions(classes, into: &currentYear)
        }
        dealings(classes, date: date, into: &currentYear)
        if voucherCashOut.units > 0 { payments(classes, date: date) }
        if voucherClasses.contains(.compensation) { pay(classes, date: date, into: &currentYear) }
        if voucherClasses.contains(.receivable) { receivables(classes, date: date) }
        if voucherClasses.contains(.loanIn) { loans(classes, date: date) }
        if !voucherClasses.isDisjoint(with: [.assetDisposal, .donationOut]) { assetTransfers(classes, date: date, into: &currentYear) }
        roundTrips(date: date, into: &currentYear)
    }

    /// The classes any line of the current voucher has, and the cash it moves.
    private var voucherClasses: AccountClasses = []
    private var voucherCashIn = Money.zero
    private var voucherCashOut = Money.zero

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
        if voucherClasses.contains(.closing) && !voucherClasses.isDisjoint(with: [.revenue, .expense]) { return }
        spend(classes)
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
        let cashOut = voucherCashOut
        if !voucherClasses.contains(.profitDistribution) {
            // Only a payment can be a dividend in words; look at each distinct summary once.
            guard cashOut.units > 0 else { return }
            let mentionsDividend = voucher.indices.contains { i in
                (i == 0 || voucher[i].summary != voucher[i - 1].summary) && dividendWords.isFound(in: voucher[i].summary)
            }
            guard mentionsDividend else { return }
        }
        var distDebit = Money.zero, distCredit = Money.zero
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
            if cls.contains(.cash) && !voucher[i].credit.isZero { cashIndices.append(i) }
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

    /// The first related party the current voucher names, found once by `dealings`.
    private var voucherParty: RelatedParty?

    /// The voucher's worth to each related counterparty it names: the larger of the debit and
    /// credit totals of the lines naming it. Settling a payable or receivable is a payment of
    /// an amount already counted, not a new dealing.
    private func dealings(_ classes: [AccountClasses], date: Day, into year: inout Facts.Year) {
        voucherParty = nil
        var seen: [String] = []  // a voucher names few counterparties: a list beats hashing
        let onlySettlement = classes.allSatisfy { !$0.isDisjoint(with: .settlement) }
        for i in voucher.indices where !voucher[i].counterparty.isEmpty && !seen.contains(voucher[i].counterparty) {
            let counterparty = voucher[i].counterparty
            seen.append(counterparty)
            // The account is often only on the bank line: any line naming the counterparty may carry it.
            let account = context.relatedParties.knowsAccounts
                ? voucher[i...].first { $0.counterparty == counterparty && !$0.counterpartyAccount.isEmpty }?.counterpartyAccount ?? ""
                : ""
            guard let party = context.relatedParties.match(name: counterparty, id: voucher[i].counterpartyID,
                                                           account: account, on: date) else { continue }
            if voucherParty == nil { voucherParty = party }
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
            if let how = context.relatedParties.hiddenMatch(name: counterparty) {
                year.hidden[counterparty, default: Facts.HiddenDealing(party: party.name, how: how)].dealt.add(
                    max(debit, credit), ledgerLines: voucher.lazy.filter { $0.counterparty == counterparty }, file: file)
            }
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

    /// Spending of the year being built in the share classes, by position in
    /// `AccountClasses.shareClasses`: an array, because this runs for every line and a
    /// String-keyed update would hash each time.
    private var spendTotals = [Money](repeating: .zero, count: AccountClasses.shareClasses.count)
    private let spendBits = AccountClasses.shareClasses.map(\.bit)
    private let spendMask = AccountClasses.shareClasses.reduce(AccountClasses()) { $0.union($1.bit) }

    /// Spending per share class, whoever was paid: the denominator of concentration shares.
    private func spend(_ classes: [AccountClasses]) {
        for i in voucher.indices where classes[i].isDisjoint(with: .settlement) && !classes[i].isDisjoint(with: spendMask) {
            for k in spendBits.indices where classes[i].contains(spendBits[k]) {
                spendTotals[k] += voucher[i].debit - voucher[i].credit
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
        var cashLines: [Int] = []
        for i in voucher.indices {
            let cp = voucher[i].counterparty
            if !cp.isEmpty {
                if let named, named != cp { return }
                named = cp
            }
            if classes[i].contains(.cash) && !voucher[i].credit.isZero { cashLines.append(i) }
        }
        let cashOut = voucherCashOut
        guard let counterparty = named, cashOut.units > 0 else { return }
        var key = counterparty.bytesHash
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

    // MARK: funds occupied, assets moved out, round trips

    /// Running balances of what each related party owes, across years.
    private var receivableBalances: [String: Facts.OpenBalance] = [:]

    /// Receivable, prepayment and loan-out lines with a related party, named as counterparty or
    /// as the last part of the account path (其他应收款-北京仁和投资有限公司).
    private func receivables(_ classes: [AccountClasses], date: Day) {
        for i in voucher.indices where classes[i].contains(.receivable) {
            let line = voucher[i]
            guard let party = relatedParty(of: line, on: date) else { continue }
            var open = receivableBalances[party.name] ?? Facts.OpenBalance()
            let wasOpen = open.balance.units > 0
            open.balance += line.debit - line.credit
            if open.balance.units > 0 {
                if !wasOpen {
                    open.openSince = date
                    open.evidence = EvidencedAmount()
                }
                open.evidence.add(line.debit - line.credit, ledgerLines: CollectionOfOne(line), file: file)
            } else {
                open.openSince = nil
                open.evidence = EvidencedAmount()
            }
            receivableBalances[party.name] = open
        }
    }

    private struct LoanBalance {
        var balance = Money.zero
        /// Balance-days are counted up to this day.
        var countedTo: Day
        var drawnOn: Day?
        var openingUnknown = false
    }

    /// What the hospital owes each related lender, across years.
    private var loanBalances: [String: LoanBalance] = [:]

    /// Loans in (短期借款, 长期借款, 其他应付款-借款) from a related party: credits draw, debits repay.
    private func loans(_ classes: [AccountClasses], date: Day) {
        for i in voucher.indices where classes[i].contains(.loanIn) {
            let line = voucher[i]
            guard let party = relatedParty(of: line, on: date) else { continue }
            var loan = loanBalances[party.name] ?? LoanBalance(countedTo: max(date, yearStart))
            var use = currentYear.relatedLoans[party.name] ?? Facts.LoanUse()
            count(&loan, upTo: date, into: &use)
            loan.balance += line.credit - line.debit
            if !line.credit.isZero && loan.drawnOn == nil { loan.drawnOn = date }
            if loan.balance.units < 0 { loan.openingUnknown = true }
            use.drawnOn = loan.drawnOn
            use.openingUnknown = use.openingUnknown || loan.openingUnknown
            use.evidence.add(line.credit - line.debit, ledgerLines: CollectionOfOne(line), file: file)
            loanBalances[party.name] = loan
            currentYear.relatedLoans[party.name] = use
        }
    }

    private var yearStart: Day { Day(year: currentYearKey, month: 1, day: 1) ?? Day(ordinal: 0) }

    /// Adds the balance owed from the last counted day up to `day` (not included).
    private func count(_ loan: inout LoanBalance, upTo day: Day, into use: inout Facts.LoanUse) {
        let from = max(loan.countedTo, yearStart)
        if day > from && loan.balance.units > 0 {
            use.balanceDays += loan.balance.units * Int64(day.ordinal - from.ordinal)
        }
        if day > loan.countedTo { loan.countedTo = day }
    }

    /// At the year's end every open loan counts to the last day, and carries into the next year.
    private func closeLoans() {
        guard let nextYear = Day(year: currentYearKey + 1, month: 1, day: 1) else { return }
        for name in loanBalances.keys {
            var loan = loanBalances[name]!
            guard loan.balance.units > 0 || currentYear.relatedLoans[name] != nil else { continue }
            var use = currentYear.relatedLoans[name] ?? Facts.LoanUse(drawnOn: loan.drawnOn, openingUnknown: loan.openingUnknown)
            count(&loan, upTo: nextYear, into: &use)
            loanBalances[name] = loan
            currentYear.relatedLoans[name] = use
        }
    }

    /// The related party a line names: as counterparty, or as the last part of the account path.
    private func relatedParty(of line: LedgerLine, on date: Day) -> RelatedParty? {
        var name = line.counterparty
        if name.isEmpty, let leaf = line.accountName.split(whereSeparator: { "-/_\\".contains($0) }).last, leaf.count >= 4 {
            name = String(leaf)
        }
        guard !name.isEmpty else { return nil }
        return context.relatedParties.match(name: name, id: line.counterpartyID, account: line.counterpartyAccount, on: date)
    }

    /// A disposal followed through the clearing account (固定资产清理) from the voucher that
    /// moves the asset's book value in to the one that brings the account back to zero.
    private struct Disposal {
        var bookValue = Money.zero
        var proceeds = Money.zero
        var balance = Money.zero
        var party: String?
        var lines: [LedgerLine] = []
    }

    /// Disposals are followed one at a time, as a hospital books them.
    private var disposal: Disposal?

    /// Assets disposed of or donated to a related party: a donation in its own voucher, a sale
    /// either in one voucher (price + loss − gain is the book value) or through the clearing account.
    private func assetTransfers(_ classes: [AccountClasses], date: Day, into year: inout Facts.Year) {
        var donated = Money.zero, proceeds = Money.zero, outcome = Money.zero
        var clearingDebit = Money.zero, clearingCredit = Money.zero
        var touchesClearing = false, paysCash = false
        for i in voucher.indices {
            let cls = classes[i], line = voucher[i]
            if cls.contains(.donationOut) { donated += line.debit }
            if cls.contains(.assetDisposal) {
                if line.accountName.containsText("清理") || line.accountCode.hasPrefix("1606") {
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
        if donated.units > 0, let party = voucherParty {
            year.assetTransfers.append(Facts.AssetTransfer(
                party: party.name, value: donated, consideration: proceeds, bookValue: nil,
                evidence: voucher.prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) }))
        }
        if !touchesClearing {
            guard donated.isZero, let party = voucherParty, (proceeds + outcome).units > 0 else { return }
            year.assetTransfers.append(Facts.AssetTransfer(
                party: party.name, value: proceeds + outcome, consideration: proceeds, bookValue: proceeds + outcome,
                evidence: voucher.prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) }))
            return
        }
        var chain = disposal ?? Disposal()
        // Costs of the disposal paid in cash also go through the clearing account; they are not book value.
        if !paysCash { chain.bookValue += clearingDebit }
        chain.proceeds += proceeds
        chain.balance += clearingDebit - clearingCredit
        if chain.party == nil { chain.party = voucherParty?.name }
        chain.lines += voucher.prefix(max(0, EvidencedAmount.maxEvidence - chain.lines.count))
        disposal = chain
        if chain.balance.units <= 0 { closeDisposal(into: &year) }
    }

    private func closeDisposal(into year: inout Facts.Year) {
        guard let chain = disposal else { return }
        disposal = nil
        guard let party = chain.party else { return }
        let bookValue = chain.bookValue.isZero ? nil : chain.bookValue
        year.assetTransfers.append(Facts.AssetTransfer(
            party: party, value: bookValue ?? chain.proceeds, consideration: chain.proceeds, bookValue: bookValue,
            evidence: chain.lines.map { Evidence(file: file, line: $0) }))
    }

    private struct Flow {
        let date: Day
        let party: String
        let amount: Money
        let lines: [LedgerLine]
    }

    /// Money sent to related parties in the last days, waiting for a matching return.
    private var outflows: [Flow] = []
    private var outflowsHead = 0
    private var latestFlowDate = Day(ordinal: Int32.min)
    private static let maxOutflows = 256
    private lazy var roundTripWindow = context.policy.rule("RP-004").integer("window_days") ?? 30
    private lazy var roundTripTolerance = context.policy.rule("RP-004").decimal("tolerance") ?? Decimal(string: "0.02")!

    /// Cash out to one related party and back from the same or another within the window.
    private func roundTrips(date: Day, into year: inout Facts.Year) {
        guard let party = voucherParty else { return }
        let cashOut = voucherCashOut, cashIn = voucherCashIn
        guard cashOut.units > 0 || cashIn.units > 0 else { return }
        // Ledgers run in date order; the window is measured from the latest day seen, and the
        // list is capped so an export out of order cannot make it grow without bound.
        if date > latestFlowDate { latestFlowDate = date }
        while outflowsHead < outflows.count
                && (latestFlowDate.ordinal - outflows[outflowsHead].date.ordinal > Int32(roundTripWindow)
                    || outflows.count - outflowsHead >= Self.maxOutflows) {
            outflowsHead += 1
        }
        if outflowsHead > 4_096 {
            outflows.removeFirst(outflowsHead)
            outflowsHead = 0
        }
        if cashOut.units > 0 && cashIn.isZero {
            outflows.append(Flow(date: date, party: party.name, amount: cashOut, lines: Array(voucher.prefix(8))))
            return
        }
        guard cashIn.units > 0 && cashOut.isZero, cashIn >= context.policy.materiality else { return }
        guard let match = outflows[outflowsHead...].firstIndex(where: {
            ($0.amount - cashIn).magnitude.decimal <= roundTripTolerance * $0.amount.decimal
        }) else { return }
        let out = outflows.remove(at: match)
        year.roundTrips.append(Facts.RoundTrip(
            outParty: out.party, backParty: party.name, out: out.amount, back: cashIn,
            days: Int(date.ordinal - out.date.ordinal),
            evidence: (out.lines + voucher).prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) }))
    }

    // MARK: pay

    /// All pay booked, key managers' pay and bonuses tied to the surplus.
    private func pay(_ classes: [AccountClasses], date: Day, into year: inout Facts.Year) {
        for i in voucher.indices where classes[i].contains(.compensation) {
            let line = voucher[i]
            year.pay.add(line.debit - line.credit, ledgerLines: CollectionOfOne(line), file: file)
            if !line.debit.isZero, !line.counterparty.isEmpty,
               let party = context.relatedParties.match(name: line.counterparty, id: line.counterpartyID,
                                                        account: line.counterpartyAccount, on: date),
               party.relation == "key_manager" {
                year.keyManagerPay[party.name, default: EvidencedAmount()].add(line.debit, ledgerLines: CollectionOfOne(line), file: file)
            }
            if !line.debit.isZero && bonusWords.isFound(in: line.summary) {
                year.surplusBonuses[line.counterparty, default: EvidencedAmount()].add(line.debit, ledgerLines: CollectionOfOne(line), file: file)
            }
        }
    }
}
