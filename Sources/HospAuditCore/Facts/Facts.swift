/// What one pass over the ledger found, for the rules to query. It grows with counterparties,
/// years and anomalies, never with the number of ledger lines.
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
        /// Distributions to each counterparty: made (利润分配 and 应付股利 booked, or paid out
        /// with a summary that says 分红), and payments settling a distribution booked before.
        public var declared: [String: EvidencedAmount] = [:]
        public var paid: [String: EvidencedAmount] = [:]
        /// Related dealings by spend class (fee, rent, interest, compensation, expense), per party.
        public var relatedByClass: [String: [String: EvidencedAmount]] = [:]
        /// Related parties' expenses by month (1…12), per party.
        public var relatedExpenseByMonth: [String: [Int: Money]] = [:]
        /// All spending by class, whoever the counterparty: the base of concentration shares.
        public var spend: [String: Money] = [:]
        public var lines = 0
    }

    /// Payments to one counterparty close together, each below the approval threshold and
    /// together at or above it.
    public struct SplitPayment: Sendable {
        public let counterparty: String
        public let year: Int
        public let total: Money
        public let payments: Int
        public let evidence: [Evidence]
    }

    /// A voucher whose debits and credits differ.
    public struct Imbalance: Sendable {
        public let entryID: String
        public let month: String
        public var debit: Money
        public var credit: Money
        public var evidence: [Evidence]
    }

    public var years: [Int: Year] = [:]
    public var imbalances: [Imbalance] = []
    public var splitPayments: [SplitPayment] = []
    public var ledgerLines = 0

    public var periods: [Int] { years.keys.sorted() }
}
