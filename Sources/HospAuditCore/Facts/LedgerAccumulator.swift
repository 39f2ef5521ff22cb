/// What a rule keeps of the ledger while the one pass runs: it sees each voucher of interest
/// to it once, classified, and gives what it gathered at the end. Accumulators are values: the
/// pass owns them and calls them from one thread, so their state needs no locks and no
/// runtime checks.
public protocol LedgerAccumulator {
    associatedtype Output: Sendable
    /// The vouchers it wants to see; the pass hands it no other.
    static var interest: VoucherInterest { get }
    mutating func observe(_ voucher: Voucher)
    /// The ledger moves on from `year` (or ends): balances carried across years are noted here.
    mutating func endYear(_ year: Int)
    mutating func finish(_ end: PassEnd) -> Output
}

extension LedgerAccumulator {
    public static var interest: VoucherInterest { .every }
    public mutating func endYear(_ year: Int) {}
}

/// Which vouchers an accumulator wants: any that touches one of `classes`, pays money out,
/// moves cash with a related party named, or deals with a related party. The pass asks this
/// before calling, so a voucher costs an accumulator it does not concern one bit test.
public struct VoucherInterest: Sendable {
    public var every = false
    public var classes: AccountClasses = []
    public var payingOut = false
    public var cashWithRelatedParty = false
    public var dealings = false
    /// Any voucher naming a related party, whatever it does.
    public var namingRelatedParty = false

    public init(every: Bool = false, classes: AccountClasses = [], payingOut: Bool = false,
                cashWithRelatedParty: Bool = false, dealings: Bool = false, namingRelatedParty: Bool = false) {
        self.every = every
        self.classes = classes
        self.payingOut = payingOut
        self.cashWithRelatedParty = cashWithRelatedParty
        self.dealings = dealings
        self.namingRelatedParty = namingRelatedParty
    }

    public static let every = VoucherInterest(every: true)
    public static func touching(_ classes: AccountClasses) -> VoucherInterest { VoucherInterest(classes: classes) }

    @inline(__always)
    func wants(_ voucher: Voucher) -> Bool {
        every || !voucher.touched.isDisjoint(with: classes) || (payingOut && voucher.cashOut.units > 0)
            || (dealings && !voucher.dealings.isEmpty) || (namingRelatedParty && voucher.namesRelatedParty)
            || (cashWithRelatedParty && voucher.namesRelatedParty && (voucher.cashOut.units > 0 || voucher.cashIn.units > 0))
    }
}

/// What the pass knows only at its end.
public struct PassEnd: Sendable {
    /// The year of the ledger's last voucher.
    public let lastYear: Int?
    /// Voucher keys (`Voucher.key`) with a line the reader rejected: their balance says nothing.
    public let incomplete: Set<String>
    /// Voucher numbers of rejected lines whose date could not be read: any month.
    public let incompleteAnyMonth: Set<String>
}

/// Holds one accumulator for the pass. A class, so the pass calls it through one indirect call
/// per voucher instead of opening an existential for mutation each time (measured: that cost
/// about 5% of an audit); the state itself stays in the accumulator's struct.
class AccumulatorSlot {
    let id: String
    var interest: VoucherInterest { .every }
    init(id: String) { self.id = id }
    func observe(_ voucher: Voucher) {}
    func endYear(_ year: Int) {}
    func finish(_ end: PassEnd) -> any Sendable { () }

    static func holding<A: LedgerAccumulator>(_ accumulator: A, id: String) -> AccumulatorSlot {
        TypedSlot(accumulator, id: id)
    }
}

private final class TypedSlot<A: LedgerAccumulator>: AccumulatorSlot {
    private var accumulator: A

    init(_ accumulator: A, id: String) {
        self.accumulator = accumulator
        super.init(id: id)
    }

    override var interest: VoucherInterest { A.interest }
    override func observe(_ voucher: Voucher) { accumulator.observe(voucher) }
    override func endYear(_ year: Int) { accumulator.endYear(year) }
    override func finish(_ end: PassEnd) -> any Sendable { accumulator.finish(end) }
}
