/// What a rule keeps of the ledger while the one pass runs: it sees every voucher once,
/// classified, and gives what it gathered at the end. Accumulators are values: the pass owns
/// them and calls them from one thread, so their state needs no locks and no runtime checks.
///
/// What a voucher does not concern should be passed over at once (a glance at
/// `voucher.touched` or `voucher.cashOut`): every enabled accumulator sees every voucher.
public protocol LedgerAccumulator {
    associatedtype Output: Sendable
    mutating func observe(_ voucher: Voucher)
    /// The ledger moves on from `year` (or ends): balances carried across years are noted here.
    mutating func endYear(_ year: Int)
    mutating func finish(_ end: PassEnd) -> Output
}

extension LedgerAccumulator {
    public mutating func endYear(_ year: Int) {}
}

/// What the pass knows only at its end.
public struct PassEnd: Sendable {
    /// Voucher keys (`Voucher.key`) with a line the reader rejected: their balance says nothing.
    public let incomplete: Set<String>
    /// Voucher numbers of rejected lines whose date could not be read: any month.
    public let incompleteAnyMonth: Set<String>
}
