/// What one pass over the ledger found, for the rules to query. It grows with counterparties,
/// years and anomalies, never with the number of ledger lines.
///
/// `years` holds what several rules read; what only one rule reads is in `gathered`, under the
/// rule's id, as its accumulator gave it.
public struct Facts: Sendable {
    public struct Year: Sendable {
        /// From revenue and expense accounts, year-end closing vouchers left out.
        public var revenue = Money.zero
        public var expense = Money.zero
        public var netProfit: Money { revenue - expense }
        /// The revenue and expense lines behind those totals (the first of them listed).
        public var result = EvidencedAmount()
        /// Dealings with each listed related party (by its registered name), payments of
        /// amounts already booked left out.
        public var related: [String: EvidencedAmount] = [:]
        /// Related dealings by spend class (fee, rent, interest, compensation, expense), per party.
        public var relatedByClass: [String: [String: EvidencedAmount]] = [:]
        /// The names the books deal with each party under, where they are not its listed name
        /// (a hidden company found by its bank account or USCC).
        public var relatedAs: [String: Set<String>] = [:]

        public init() {}
    }

    public var years: [Int: Year] = [:]
    /// Each ledger rule's accumulator output, by rule id.
    public var gathered: [String: any Sendable] = [:]
    /// Vouchers with lines the reader rejected (listed in the input errors).
    public var incompleteVouchers = 0
    /// The related party each ledger counterparty was resolved to (by USCC, bank account, name
    /// or name stem), keyed by the normalised name: how a contract or purchase naming a company
    /// the list does not (a hidden party) is tied to the party the ledger found behind it.
    public var ledgerParties: [String: RelatedParty] = [:]

    public init() {}

    public var periods: [Int] { years.keys.sorted() }
}
