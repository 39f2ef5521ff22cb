/// The one streaming pass over the ledger. Lines arrive one at a time; the lines of one
/// voucher (same month and voucher number, one after another as exports list them) are held
/// until the voucher ends, classified once, handed to the shared facts and to the accumulator
/// of every enabled ledger rule, then dropped.
public struct LedgerPass {
    private let file: String
    /// The classifier of the year being read; each fiscal year is read with its own chart (a
    /// hospital converting to for-profit changes charts between years).
    private var classifier: AccountClassifier
    private var classifiers: [Int: AccountClassifier] = [:]
    private let hospital: Hospital
    private let policy: Policy
    private var lookup: PartyLookup
    private var voucher: Voucher
    private let texts: LedgerTexts
    private var shared: SharedFacts
    private let accumulators: [AccumulatorSlot]
    /// Each accumulator's interest, beside it: asked for every voucher, so kept out of the slots.
    private let interests: [VoucherInterest]
    private var seen: [LedgerText] = []
    private var lastDate = Day(ordinal: Int32.min)
    private var lastMonth = 0
    /// Whether the open voucher's number is its own normal form (`ByteText.isOwnNormalForm`),
    /// tested once when it opens rather than at every line that may start the next voucher.
    private var numberIsOwnNormalForm = true
    private var currentYear = Int.min
    private var incomplete: Set<String> = []
    private var incompleteAnyMonth: Set<String> = []
    /// A line was lost just before the next voucher's first line.
    private var lostLineBefore = false
    /// What is still owed to each related counterparty of the liabilities booked to it by name
    /// (应付账款, 应付利息, 其他应付款 credited naming it, deposits received, a loan moved to its
    /// current portion): paying it is no second dealing, whenever the payment comes.
    private var openByName: [String: Money] = [:]
    /// Years in which pay was booked to a related person by name (应付职工薪酬 credited naming
    /// them): paying pay beyond what is open then settles what was owed before the ledger began
    /// (last December's salary), not a dealing of its own.
    private var payBookedByName: Set<String> = []
    /// Money lent to or borrowed from each related party, by year and party (资金拆借).
    private var funds: [Int: [String: Money]] = [:]
    private var settledUnbooked: [String: (year: Int, named: String, party: RelatedParty, match: RelatedPartyBook.Match,
                                           isHidden: Bool, paid: EvidencedAmount, forBusiness: Money)] = [:]

    /// The accumulators of the rules `context.policy` has on, of `rules`.
    public init(context: AuditContext, rules: [any AuditRule] = RuleRegistry.all) {
        file = context.file("ledger")
        hospital = context.hospital
        policy = context.policy
        classifier = AccountClassifier(policy: context.policy, standard: context.hospital.accountingStandard,
                                       year: context.hospital.fiscalYear)
        lookup = PartyLookup(context.relatedParties)
        texts = context.ledgerTexts
        voucher = Voucher(texts: texts)
        shared = SharedFacts(file: file, texts: texts)
        accumulators = rules.compactMap { rule in
            rule.accumulator(context: context, policy: context.policy).map { AccumulatorSlot.holding($0, id: type(of: rule).description.id) }
        }
        interests = accumulators.map(\.interest)
        voucher.month = -1
    }

    public mutating func add(_ line: consuming LedgerLine) {
        if line.date != lastDate {
            let (y, m, _) = line.date.components
            lastDate = line.date
            lastMonth = y * 100 + m
        }
        var lineNumberIsOwnNormalForm: Bool?
        if lastMonth != voucher.month || !ByteText.sameText(line.entryID, voucher.entryID, bIsOwnNormalForm: numberIsOwnNormalForm,
                                                                aIsOwnNormalForm: &lineNumberIsOwnNormalForm) {
            closeVoucher()
            voucher.month = lastMonth
            voucher.entryID = line.entryID
            numberIsOwnNormalForm = lineNumberIsOwnNormalForm ?? ByteText.isOwnNormalForm(line.entryID)
            if lostLineBefore {
                incomplete.insert(Voucher.key(month: lastMonth, entryID: line.entryID))
                lostLineBefore = false
            }
        }
        voucher.lines.append(consume line)
    }

    /// A line was lost to the CSV syntax here: it belonged to the voucher being read or to the
    /// next one, so neither is judged on its balance.
    public mutating func markLostLine() {
        if !voucher.lines.isEmpty { incomplete.insert(Voucher.key(month: voucher.month, entryID: voucher.entryID)) }
        lostLineBefore = true
    }

    /// A line of this voucher was rejected by the reader.
    public mutating func markIncomplete(entryID: String, date: Day?) {
        guard let date else {
            incompleteAnyMonth.insert(entryID)
            return
        }
        let (y, m, _) = date.components
        incomplete.insert(Voucher.key(month: y * 100 + m, entryID: entryID))
    }

    public mutating func finish() -> Facts {
        closeVoucher()
        if currentYear != Int.min {
            for slot in accumulators { slot.endYear(currentYear) }
        }
        var facts = Facts()
        facts.years = shared.finish()
        for (year, parties) in funds {
            for (name, amount) in parties { facts.years[year, default: Facts.Year()].relatedFunds[name, default: .zero] += amount }
        }
        for key in settledUnbooked.keys.sorted() {
            let pending = settledUnbooked[key]!
            let name = pending.party.name
            var year = facts.years[pending.year] ?? Facts.Year()
            year.related[name] = (year.related[name] ?? EvidencedAmount()) + pending.paid
            if pending.forBusiness.units > 0 { year.paidForBusiness[name, default: .zero] += pending.forBusiness }
            if pending.isHidden {
                // Booked under a name the list does not hold, tied to the party only by the
                // payment's bank account or USCC.
                year.relatedAs[name, default: []].insert(pending.named)
                year.hiddenPayments[pending.named] = Facts.HiddenPayment(party: pending.party, match: pending.match, paid: pending.paid)
            }
            facts.years[pending.year] = year
        }
        facts.ledgerParties = shared.ledgerParties
        let end = PassEnd(lastYear: currentYear == Int.min ? nil : currentYear, incomplete: incomplete,
                          incompleteAnyMonth: incompleteAnyMonth)
        for slot in accumulators { facts.gathered[slot.id] = slot.finish(end) }
        facts.incompleteVouchers = incomplete.count + incompleteAnyMonth.count
        return facts
    }

    private mutating func closeVoucher() {
        guard !voucher.lines.isEmpty else { return }
        if voucher.year != currentYear {
            if currentYear != Int.min {
                for slot in accumulators { slot.endYear(currentYear) }
            }
            if currentYear != Int.min { classifiers[currentYear] = classifier }
            currentYear = voucher.year
            classifier = classifiers[currentYear] ?? AccountClassifier(
                policy: policy, standard: hospital.asOf(year: currentYear).accountingStandard, year: currentYear)
        }
        classify()
        resolveDealings()
        // One copy of the voucher for all its readers: handing out the stored property to each
        // would retain and release every field of it once per reader (measured). The copy ends
        // with the block, so the lines are emptied in place, not copied first.
        do {
            let current = voucher
            shared.observe(current)
            // Each slot borrowed, not retained and released per call (the pass holds them all).
            for i in interests.indices where interests[i].wants(current) {
                Unmanaged.passUnretained(accumulators[i])._withUnsafeGuaranteedRef { $0.observe(current) }
            }
        }
        voucher.lines.empty()
    }

    /// Each line's classes, the classes of the whole voucher and the cash it moves, worked out
    /// once so an accumulator with nothing to do can tell at a glance.
    private mutating func classify() {
        voucher.classes.empty()
        var touched: AccountClasses = []
        var cashIn = Money.zero, cashOut = Money.zero
        for i in voucher.lines.indices {
            let cls = classifier.classes(code: voucher.lines[i].accountCode, name: voucher.lines[i].accountName, texts: texts)
            voucher.classes.append(cls)
            touched.formUnion(cls)
            if cls.contains(.cash) {
                cashIn += voucher.lines[i].debit
                cashOut += voucher.lines[i].credit
            }
        }
        voucher.touched = touched
        voucher.cashIn = cashIn
        voucher.cashOut = cashOut
    }

    static func account(of named: LedgerText, from first: Int, in lines: [LedgerLine]) -> LedgerText {
        if let line = lines[first...].first(where: { $0.counterparty == named && !$0.counterpartyAccount.isEmpty }) {
            return line.counterpartyAccount
        }
        guard lines.allSatisfy({ $0.counterparty == named || $0.counterparty.isEmpty }) else { return .empty }
        return lines.first { $0.counterparty.isEmpty && !$0.counterpartyAccount.isEmpty }?.counterpartyAccount ?? .empty
    }

    /// The principal the voucher repays on a loan from the counterparty (borrowings debited) and
    /// the principal it gets back on a loan to it (money lent credited): on lines naming it, or
    /// naming nobody in a voucher naming no other.
    static func principalRepaid(to named: LedgerText, namesOnlyIt: Bool, in voucher: Voucher, texts: LedgerTexts) -> (byUs: Money, toUs: Money) {
        let lines = voucher.lines
        guard voucher.touched.contains(.loanIn) || voucher.touched.contains(.receivable) else { return (.zero, .zero) }
        var byUs = Money.zero, toUs = Money.zero
        for j in lines.indices where lines[j].counterparty == named || (namesOnlyIt && lines[j].counterparty.isEmpty) {
            if lines[j].debit.units > 0 && voucher.classes[j].contains(.loanIn) { byUs += lines[j].debit }
            if lines[j].credit.units > 0 && isLent(j, in: voucher, texts: texts) { toUs += lines[j].credit }
        }
        return (byUs, toUs)
    }

    static func isLent(_ j: Int, in voucher: Voucher, texts: LedgerTexts) -> Bool {
        voucher.classes[j].contains(.receivable) && isLending(texts[voucher.lines[j].accountName])
    }

    /// A liability booked to a related party by name: no longer among those booked without it.
    /// Kept by the listed party, whatever name the line gives it (a bank journal's short name).
    private mutating func bookByName(_ party: String, _ amount: Money) {
        openByName[party, default: .zero] += amount
    }

    /// A receivable that is money lent, not a prepayment or a sale on credit.
    static func isLending(_ account: String) -> Bool {
        // A deposit or guarantee paid (押金, 保证金) is held by the other side, not lent to it.
        if account.containsText("押金") || account.containsText("保证金") { return false }
        return account.containsText("其他应收") || account.containsText("借出") || account.containsText("借款")
    }

    /// The related parties the voucher names, and its worth to each it deals with. Settling a
    /// payable or receivable is a payment of an amount already counted, not a new dealing;
    /// distributions to owners, through 利润分配 or net assets moved to a payable, are not
    /// dealings (DD-001 looks at those).
    private mutating func resolveDealings() {
        if voucher.namesRelatedParty { voucher.party = nil }
        voucher.dealings.empty()
        let lines = voucher.lines
        let date = lines[0].date
        seen.empty()  // a voucher names few counterparties: a list beats hashing
        let onlySettlement = voucher.classes.allSatisfy(\.settles)
        // Net assets moved to a payable (提取结余分配款) distribute, like 利润分配 does.
        let appropriates = voucher.touched.contains(.closing) && voucher.touched.isDisjoint(with: [.revenue, .expense])
        let knowsAccounts = lookup.book.knowsAccounts
        // Liabilities the voucher credits naming nobody, left to share among the parties its
        // other lines name; worked out for the first related party found (most vouchers have none).
        var unnamedOwed: Money? = nil
        for i in lines.indices where !lines[i].counterparty.isEmpty && !seen.contains(lines[i].counterparty) {
            let named = lines[i].counterparty
            seen.append(named)
            // The account is often only on the bank line: any line naming the counterparty may
            // carry it, or, in a voucher that names no other, a line naming nobody (a bank
            // journal's line gives the payee's account and leaves the name to the payable's).
            let account = knowsAccounts ? Self.account(of: named, from: i, in: lines) : .empty
            guard let found = lookup.resolve(name: named, uscc: lines[i].counterpartyID, account: account, texts: texts, on: date) else { continue }
            let counterparty = texts[named]
            if !voucher.namesRelatedParty { voucher.party = found.party }
            // Lines naming nobody are the party's when the voucher names no other.
            let namesOnlyIt = lines.allSatisfy { $0.counterparty == named || $0.counterparty.isEmpty }
            if onlySettlement {
                // Paying a liability settles first what was booked to the party by name; the rest
                // was booked without its name (pay accrued for all staff, paid to the person) and
                // this payment may be the only place the books name the party: a dealing. A
                // dividend declared before and paid now is a distribution, never a dealing (DD-001
                // looks at it).
                var owedPaid = Money.zero, forBusiness = Money.zero, pay = Money.zero
                for j in lines.indices where lines[j].counterparty == named && lines[j].debit.units > 0
                    && voucher.classes[j].isTradeLiability {
                    owedPaid += lines[j].debit
                    if voucher.classes[j].contains(.compensation) { pay += lines[j].debit } else { forBusiness += lines[j].debit }
                }
                // What was booked to the party by name before (this year or any earlier) is settled
                // first; only the rest was booked without its name.
                let settled = owedPaid.units > 0 ? min(owedPaid, openByName[found.party.name] ?? .zero) : .zero
                if settled.units > 0 {
                    openByName[found.party.name] = (openByName[found.party.name] ?? .zero) - settled
                    owedPaid -= settled
                }
                // Pay beyond it, in a year whose pay was booked to the person by name, is pay owed
                // from before the ledger; anything else beyond it (a fee paid out of 其他应付款
                // with nothing booked) is a dealing, counted here.
                let settledPay = min(pay, settled)
                if payBookedByName.contains(Voucher.key(month: voucher.year, entryID: found.party.name)) {
                    owedPaid -= min(owedPaid, pay - settledPay)
                }
                forBusiness = min(forBusiness, owedPaid)
                if owedPaid.units > 0 {
                    let key = Voucher.key(month: voucher.year, entryID: counterparty)
                    var pending = settledUnbooked[key] ?? (year: voucher.year, named: counterparty, party: found.party, match: found.match,
                                                           isHidden: found.isHidden, paid: EvidencedAmount(), forBusiness: .zero)
                    pending.forBusiness += forBusiness
                    // The bank line naming nobody is the one giving the payee's account.
                    pending.paid.add(owedPaid, ledgerLines: voucher.lines.lazy.filter { $0.counterparty == named || $0.counterparty.isEmpty },
                                     file: file, texts: texts)
                    settledUnbooked[key] = pending
                }
                // A liability credited to the party by name here (a loan moved to its current
                // portion, a deposit received) is booked by name: paying it later settles it.
                for j in lines.indices where (lines[j].counterparty == named || (namesOnlyIt && lines[j].counterparty.isEmpty))
                    && lines[j].credit.units > 0 && voucher.classes[j].isTradeLiability {
                    bookByName(found.party.name, lines[j].credit)
                }
                // Lending to the party (其他应收款, 借出款 debited naming it) provides it with funds,
                // and borrowing from it (短期借款, 其他应付款-借款 credited) takes funds from it: each a
                // dealing of its own (资金拆借), which its repayment settles.
                // A borrowing's line naming nobody is the party's only when the money came in from
                // it, in a voucher naming no other (a bank's loan paid straight to a supplier is not
                // the supplier's loan).
                let cameFromIt = lines.indices.contains { lines[$0].counterparty == named && lines[$0].debit.units > 0 && voucher.classes[$0].contains(.cash) }
                let alone = cameFromIt && namesOnlyIt
                var funds = Money.zero
                for j in lines.indices where lines[j].counterparty == named || lines[j].counterparty.isEmpty {
                    if lines[j].debit.units > 0 && Self.isLent(j, in: voucher, texts: texts) {
                        funds += lines[j].debit
                    } else if lines[j].credit.units > 0 && voucher.classes[j].contains(.loanIn) && (lines[j].counterparty == named || alone) {
                        funds += lines[j].credit
                    }
                }
                if funds.units > 0 {
                    self.funds[voucher.year, default: [:]][found.party.name, default: .zero] += funds
                    voucher.dealings.append(Voucher.Dealing(counterparty: counterparty, named: named, party: found.party, match: found.match,
                                                            isHidden: found.isHidden, worth: funds, purpose: []))
                }
                continue
            }
            var debit = Money.zero, credit = Money.zero, owedDebit = Money.zero
            var onlyDistribution = true
            // A loan's principal repaid (a borrowing debited, money lent credited) in the voucher
            // that also pays or receives its interest settles the loan, counted when it was made:
            // neither its line nor the money paying it is part of this dealing.
            let (repaidByUs, repaidToUs) = Self.principalRepaid(to: named, namesOnlyIt: namesOnlyIt, in: voucher, texts: texts)
            for j in lines.indices where lines[j].counterparty == named {
                if repaidByUs.units > 0 && lines[j].debit.units > 0 && voucher.classes[j].contains(.loanIn) { continue }
                if repaidToUs.units > 0 && lines[j].credit.units > 0 && Self.isLent(j, in: voucher, texts: texts) { continue }
                debit += lines[j].debit
                credit += lines[j].credit
                // Net assets or 利润分配 moved to a payable owed to the party distribute, they deal
                // nothing (DD-001 looks at them).
                if !(voucher.classes[j].contains(.profitDistribution)
                     || ((appropriates || voucher.touched.contains(.profitDistribution)) && voucher.classes[j].contains(.owed) && lines[j].credit.units > 0)) {
                    onlyDistribution = false
                }
                if lines[j].debit.units > 0 && voucher.classes[j].isTradeLiability {
                    owedDebit += lines[j].debit
                }
                if lines[j].credit.units > 0 && voucher.classes[j].contains(.owed) && !voucher.classes[j].contains(.loanIn) {
                    bookByName(found.party.name, lines[j].credit)
                    if voucher.classes[j].contains(.compensation) {
                        payBookedByName.insert(Voucher.key(month: voucher.year, entryID: found.party.name))
                    }
                }
            }
            // Rent or fees naming the party, accrued to a liability naming nobody: the accrual is
            // the dealing, and paying the liability to the party later settles it. In a voucher
            // accruing for several, each is owed what its own lines debit, out of that liability.
            if unnamedOwed == nil {
                var total = Money.zero
                if voucher.touched.contains(.owed) {
                    for j in lines.indices where lines[j].counterparty.isEmpty && lines[j].credit.units > 0
                        && voucher.classes[j].isTradeLiability {
                        total += lines[j].credit
                    }
                }
                unnamedOwed = total
            }
            if let left = unnamedOwed, left.units > 0 {
                var own = Money.zero
                for j in lines.indices where lines[j].counterparty == named && lines[j].debit.units > 0 && !voucher.classes[j].settles {
                    own += lines[j].debit
                }
                let booked = min(own, left)
                if booked.units > 0 {
                    bookByName(found.party.name, booked)
                    unnamedOwed = left - booked
                }
            }
            if onlyDistribution { continue }
            credit -= min(credit, repaidByUs)
            debit -= min(debit, repaidToUs)
            // A liability booked to the party by name before, paid in a voucher that also books
            // something else (interest with a loan's current portion): the payment of it is no
            // part of this dealing, on either side.
            let settledHere = owedDebit.units > 0 ? min(owedDebit, openByName[found.party.name] ?? .zero) : .zero
            if settledHere.units > 0 {
                openByName[found.party.name] = (openByName[found.party.name] ?? .zero) - settledHere
                debit -= min(debit, settledHere)
                credit -= min(credit, settledHere)
            }
            voucher.dealings.append(Voucher.Dealing(counterparty: counterparty, named: named, party: found.party, match: found.match,
                                                    isHidden: found.isHidden, worth: max(debit, credit),
                                                    purpose: voucher.purposeLines(of: named)))
        }
    }
}
