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
        /// Payments to a hidden related party (tied to a listed one by bank account or USCC on
        /// the payment only) of liabilities booked under a name the list does not hold, by the
        /// name booked: the only place the books show the dealing, counted in `related`, and
        /// said by RP-002.
        public var hiddenPayments: [String: HiddenPayment] = [:]
        /// Of the payments counted in `related` only when paid (a liability booked without the
        /// party's name), what settled purchases or services rather than pay.
        public var paidForBusiness: [String: Money] = [:]
        /// Money lent to or borrowed from each party (资金拆借), counted in `related`.
        public var relatedFunds: [String: Money] = [:]

        public init() {}
    }

    public struct HiddenPayment: Sendable {
        public var party: RelatedParty
        public var match: RelatedPartyBook.Match
        public var paid: EvidencedAmount
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
