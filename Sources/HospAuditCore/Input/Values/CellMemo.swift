/// The longest text a memo remembers.
private let cellMemoCapacity = 128
/// How many texts one memo remembers (a power of two).
private let cellMemoWays = 4

/// The last few texts one column produced, with their bytes: the lines of a voucher repeat the
/// voucher number, date, summary and counterparty, its account columns go back and forth
/// between the bank and the other side (1002 银行存款, 5001 …, 1002 银行存款), the same few
/// clerks prepare and approve every voucher, and a byte compare is far cheaper than a hash
/// lookup. Four are kept, not two: with two, a column of five clerks missed on most vouchers.
/// The one used longest ago is the one forgotten.
struct CellMemo<Value> {
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: cellMemoWays * cellMemoCapacity)
    private let counts = UnsafeMutablePointer<Int>.allocate(capacity: cellMemoWays)
    /// When each entry was last used, by `clock`.
    private let uses = UnsafeMutablePointer<UInt64>.allocate(capacity: cellMemoWays)
    private let values = UnsafeMutablePointer<Value>.allocate(capacity: cellMemoWays)
    /// The entry looked up or remembered last: looked at first.
    private var recent = 0
    private var clock: UInt64 = 0

    init(_ empty: Value) {
        counts.initialize(repeating: -1, count: cellMemoWays)
        uses.initialize(repeating: 0, count: cellMemoWays)
        values.initialize(repeating: empty, count: cellMemoWays)
    }

    @inline(__always)
    mutating func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        if let value = lookupRecent(b) { return value }
        return lookupOthers(b)
    }

    /// The most recent entry only: for a column whose texts seldom come back once another came
    /// (voucher numbers), where looking through the others would only miss.
    @inline(__always)
    func lookupRecent(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = b.count
        if counts[recent] == n && ByteText.equal(bytes + recent * cellMemoCapacity, b.baseAddress!, count: n) {
            return values[recent]
        }
        return nil
    }

    /// The entries other than the most recent one, in slot order after it.
    @inline(__always)
    private mutating func lookupOthers(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = b.count
        var i = recent
        for _ in 1 ..< cellMemoWays {
            i = (i &+ 1) & (cellMemoWays - 1)
            if counts[i] == n && ByteText.equal(bytes + i * cellMemoCapacity, b.baseAddress!, count: n) {
                // The entry left is marked used: it is now the most recent of the others.
                uses[recent] = clock
                clock &+= 1
                recent = i
                return values[i]
            }
        }
        return nil
    }

    /// Takes the place of the entry used longest ago.
    @inline(__always)
    mutating func remember(_ b: UnsafeBufferPointer<UInt8>, _ v: Value) {
        guard b.count <= cellMemoCapacity else { return }
        uses[recent] = clock
        clock &+= 1
        var slot = recent == 0 ? 1 : 0
        for i in 0 ..< cellMemoWays where i != recent && uses[i] < uses[slot] { slot = i }
        (bytes + slot * cellMemoCapacity).update(from: b.baseAddress!, count: b.count)
        counts[slot] = b.count
        values[slot] = v
        recent = slot
    }

    func deallocate() {
        bytes.deallocate()
        counts.deallocate()
        uses.deallocate()
        values.deinitialize(count: cellMemoWays)
        values.deallocate()
    }
}

/// A reader's memos, one per column it remembers, in memory of their own: reached by index
/// without an array's bounds check and uniqueness check on every cell.
struct CellMemos<Value> {
    private let memos: UnsafeMutablePointer<CellMemo<Value>>
    let count: Int

    init(count: Int, empty: Value) {
        self.count = count
        memos = .allocate(capacity: count)
        // Each with bytes of its own (`initialize(repeating:)` would share one memo's).
        for i in 0..<count { (memos + i).initialize(to: CellMemo(empty)) }
    }

    @inline(__always)
    func lookup(_ index: Int, _ b: UnsafeBufferPointer<UInt8>) -> Value? { memos[index].lookup(b) }

    @inline(__always)
    func lookupRecent(_ index: Int, _ b: UnsafeBufferPointer<UInt8>) -> Value? { memos[index].lookupRecent(b) }

    @inline(__always)
    func remember(_ index: Int, _ b: UnsafeBufferPointer<UInt8>, _ v: Value) { memos[index].remember(b, v) }

    func deallocate() {
        for i in 0..<count { memos[i].deallocate() }
        memos.deinitialize(count: count)
        memos.deallocate()
    }
}
