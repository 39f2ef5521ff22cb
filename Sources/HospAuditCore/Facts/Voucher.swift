/// One voucher as every accumulator sees it: its lines, each line's account classes, and what
/// the pass worked out once for all (cash in and out, the related parties it names).
public struct Voucher {
    public internal(set) var lines: [LedgerLine] = []
    /// The classes of each line, by index.
    public internal(set) var classes: [AccountClasses] = []
    /// The classes any line has.
    public internal(set) var touched: AccountClasses = []
    /// Debits and credits of cash lines.
    public internal(set) var cashIn = Money.zero
    public internal(set) var cashOut = Money.zero
    /// yyyymm: vouchers are numbered per month (记-0001 again every month), so the month is
    /// part of a voucher's identity.
    public internal(set) var month = 0
    public internal(set) var entryID = ""
    /// The first related party a line names as counterparty, settlements included.
    public internal(set) var party: RelatedParty? {
        get { partyBox?.party }
        set { partyBox = newValue.map(PartyBox.init) }
    }
    /// Whether a line names a related party: one pointer test.
    public var namesRelatedParty: Bool { partyBox != nil }
    /// Boxed: the voucher is copied for its readers and asked at every accumulator whether it
    /// names a party; held inline, the optional party was copied and compared through its value
    /// witnesses each time (about 2% of an audit's instructions).
    private var partyBox: PartyBox?

    private final class PartyBox: Sendable {
        let party: RelatedParty
        init(_ party: RelatedParty) { self.party = party }
    }
    /// The related counterparties the voucher deals with; a voucher that only settles payables
    /// or receivables against cash, or only distributes to owners, deals with none.
    public internal(set) var dealings: [Dealing] = []
    /// What its lines' names are.
    public let texts: LedgerTexts

    init(texts: LedgerTexts) { self.texts = texts }

    public var year: Int { month / 100 }
    public var date: Day { lines[0].date }
    public var key: String { Self.key(month: month, entryID: entryID) }

    /// A voucher's identity: its month (yyyymm) and number.
    static func key(month: Int, entryID: String) -> String { "\(month)\u{1F}\(entryID)" }

    /// A related counterparty of the voucher and its worth: the larger of the debit and credit
    /// totals of the lines naming it.
    public struct Dealing: Sendable {
        public let counterparty: String
        /// The counterparty as its lines name it.
        public let named: LedgerText
        public let party: RelatedParty
        public let match: RelatedPartyBook.Match
        public let isHidden: Bool
        public let worth: Money
        /// What the dealing was for: the lines naming the party outside settlement accounts,
        /// or, when the party is named only on the bank or payable line, the voucher's unnamed lines.
        public let purpose: [Int]
    }

    /// The lines naming `counterparty`.
    public func lines(naming counterparty: LedgerText) -> LazyFilterSequence<[LedgerLine]> {
        lines.lazy.filter { $0.counterparty == counterparty }
    }

    func purposeLines(of counterparty: LedgerText) -> [Int] {
        let named = lines.indices.filter { lines[$0].counterparty == counterparty && !classes[$0].settles }
        if !named.isEmpty { return named }
        return lines.indices.filter { lines[$0].counterparty.isEmpty && !classes[$0].settles }
    }

    /// Up to the evidence limit of the voucher's lines, as evidence.
    public func evidence(file: String) -> [Evidence] {
        lines.prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0, texts: texts) }
    }
}
