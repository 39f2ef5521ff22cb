/// The facts several rules read, gathered in the one pass whatever rules are on: each year's
/// revenue and expense with the lines behind them, and its dealings with related parties.
struct SharedFacts {
    private let file: String
    private let texts: LedgerTexts
    private(set) var years: [Int: Facts.Year] = [:]
    /// Counterparty names already resolved to a party, by the number of their exact text, and
    /// the table by normalised name.
    private var resolvedNames: Set<UInt32> = []
    private(set) var ledgerParties: [String: RelatedParty] = [:]
    /// The year being built is held apart from `years`, so a voucher does not copy the whole
    /// year's tables in and out of the dictionary.
    private var current = Facts.Year()
    private var currentKey = Int.min
    /// The year's dealings per party, kept apart until the year is done: the party's name as a
    /// dictionary key was hashed (normalised first) on every dealing and for every spend class.
    private var partySlots = TextMemo<String, Int>(limit: Int.max)
    private var parties: [PartyDealings] = []

    private struct PartyDealings {
        let name: String
        var related = EvidencedAmount()
        /// By the index of the class in `AccountClasses.spendClasses`.
        var byClass: [EvidencedAmount?] = Array(repeating: nil, count: AccountClasses.spendClasses.count)
    }

    init(file: String, texts: LedgerTexts) {
        self.file = file
        self.texts = texts
    }

    mutating func observe(_ voucher: Voucher) {
        if voucher.year != currentKey {
            finishYear()
            currentKey = voucher.year
            current = years[currentKey] ?? Facts.Year()
        }
        totals(voucher)
        if !voucher.dealings.isEmpty { dealings(voucher) }
    }

    mutating func finish() -> [Int: Facts.Year] {
        finishYear()
        return years
    }

    private mutating func finishYear() {
        guard currentKey != Int.min else { return }
        // A year read again later (vouchers out of year order) adds to what it had.
        for party in parties {
            current.related[party.name] = current.related[party.name].map { $0 + party.related } ?? party.related
            for (c, amount) in party.byClass.enumerated() {
                guard let amount else { continue }
                let className = AccountClasses.spendClasses[c].name
                current.relatedByClass[party.name, default: [:]][className] =
                    current.relatedByClass[party.name]?[className].map { $0 + amount } ?? amount
            }
        }
        parties.removeAll()
        partySlots = TextMemo(limit: Int.max)
        years[currentKey] = current
    }

    /// Revenue and expense, leaving out vouchers that close them into 本年利润 or net assets.
    private mutating func totals(_ voucher: Voucher) {
        if voucher.touched.contains(.closing) && !voucher.touched.isDisjoint(with: [.revenue, .expense]) { return }
        // Index loops: `for line in voucher.lines` would copy (and retain) every line's strings.
        let lines = voucher.lines
        for i in lines.indices {
            let cls = voucher.classes[i]
            let isRevenue = cls.contains(.revenue)
            let isExpense = cls.contains(.expense) && !cls.contains(.profitDistribution)
            if isRevenue { current.revenue += lines[i].credit - lines[i].debit }
            if isExpense { current.expense += lines[i].debit - lines[i].credit }
            if isRevenue || isExpense {
                current.result.evidenceCount += 1
                if current.result.evidence.count < EvidencedAmount.maxEvidence {
                    current.result.evidence.append(Evidence(file: file, line: lines[i], texts: texts))
                }
            }
        }
    }

    /// Each dealing's worth to its party, and what it was for by spend class.
    private mutating func dealings(_ voucher: Voucher) {
        for dealing in voucher.dealings {
            let name = dealing.party.name
            if resolvedNames.insert(dealing.named.id).inserted {
                ledgerParties[PartyName.normalize(dealing.counterparty)] = dealing.party
            }
            if dealing.isHidden { current.relatedAs[name, default: []].insert(dealing.counterparty) }
            let nameHash = name.bytesHash
            let slot = partySlots.lookup(name, hash: nameHash) ?? {
                parties.append(PartyDealings(name: name))
                partySlots.remember(name, hash: nameHash, parties.count - 1)
                return parties.count - 1
            }()
            parties[slot].related.add(dealing.worth, ledgerLines: voucher.lines(naming: dealing.named), file: file, texts: texts)
            let purpose = dealing.purpose
            for (c, spend) in AccountClasses.spendClasses.enumerated() {
                var amount = Money.zero
                var lines: [Int] = []
                for i in purpose where voucher.classes[i].contains(spend.bit) {
                    amount += voucher.lines[i].debit - voucher.lines[i].credit
                    lines.append(i)
                }
                guard !lines.isEmpty else { continue }
                if parties[slot].byClass[c] == nil { parties[slot].byClass[c] = EvidencedAmount() }
                parties[slot].byClass[c]!.add(amount, ledgerLines: lines.lazy.map { voucher.lines[$0] }, file: file, texts: texts)
            }
        }
    }
}
