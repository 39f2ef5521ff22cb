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
        /// Spending in the classes concentration is measured in (fee, rent, purchase), whoever
        /// the counterparty: the base of related parties' shares.
        public var spend: [String: Money] = [:]
        /// All pay booked: pay accounts' debits less credits (an accrual and its payment count once).
        public var pay = EvidencedAmount()
        /// Pay to key managers listed as related parties: debits of pay accounts naming them.
        public var keyManagerPay: [String: EvidencedAmount] = [:]
        /// Pay whose summary ties it to the surplus (结余提成 …), by counterparty ("" for none).
        public var surplusBonuses: [String: EvidencedAmount] = [:]
        /// Dealings with counterparties that are listed parties under another name (RP-002),
        /// by the name the ledger uses.
        public var hidden: [String: HiddenDealing] = [:]
        /// Money related parties owe the hospital at the end of the year (receivables, prepayments,
        /// loans out), with the day each balance last opened.
        public var openReceivables: [String: OpenBalance] = [:]
        /// Assets disposed of or donated to related parties.
        public var assetTransfers: [AssetTransfer] = []
        /// Loans from each related party: how much was owed, day by day, through the year.
        public var relatedLoans: [String: LoanUse] = [:]
        /// Money out to a related party and back from one within the window.
        public var roundTrips: [RoundTrip] = []
    }

    public struct HiddenDealing: Sendable {
        public var party: String
        public var how: RelatedPartyMatcher.HiddenMatch
        public var dealt = EvidencedAmount()
    }

    public struct OpenBalance: Sendable {
        public var balance = Money.zero
        public var openSince: Day?
        public var evidence = EvidencedAmount()
    }

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

    public struct AssetTransfer: Sendable {
        public let party: String
        public let value: Money
        /// What came back for it: cash or a receivable booked in the same voucher or chain.
        public let consideration: Money
        /// The net book value of what left, when the vouchers show it.
        public let bookValue: Money?
        public let evidence: [Evidence]
    }

    public struct RoundTrip: Sendable {
        public let outParty: String
        public let backParty: String
        public let out: Money
        public let back: Money
        public let days: Int
        public let evidence: [Evidence]
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
    /// Vouchers with lines the reader rejected (listed in the input errors).
    public var incompleteVouchers = 0

    public var periods: [Int] { years.keys.sorted() }
}
