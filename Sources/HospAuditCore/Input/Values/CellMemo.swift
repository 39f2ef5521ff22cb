/// The longest text a memo remembers.
private let cellMemoCapacity = 128

/// The last two texts one column produced, with their bytes: the lines of a voucher repeat the
/// voucher number, date, summary and counterparty, its account columns go back and forth
/// between the bank and the other side (1002 银行存款, 5001 …, 1002 银行存款), and a byte compare
/// is far cheaper than a hash lookup. The one used longest ago is the one forgotten.
struct CellMemo<Value> {
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * cellMemoCapacity)
    private var counts = (-1, -1)
    private var values: (Value, Value)
    /// The entry looked up or remembered last (0 or 1).
    private var recent = 0

    init(_ empty: Value) { values = (empty, empty) }

    @inline(__always)
    mutating func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = b.count
        if recent == 0 {
            if n == counts.0 && ByteText.equal(bytes, b.baseAddress!, count: n) { return values.0 }
            if n == counts.1 && ByteText.equal(bytes + cellMemoCapacity, b.baseAddress!, count: n) {
                recent = 1
                return values.1
            }
        } else {
            if n == counts.1 && ByteText.equal(bytes + cellMemoCapacity, b.baseAddress!, count: n) { return values.1 }
            if n == counts.0 && ByteText.equal(bytes, b.baseAddress!, count: n) {
                recent = 0
                return values.0
            }
        }
        return nil
    }

    /// Takes the place of the entry used longest ago.
    @inline(__always)
    mutating func remember(_ b: UnsafeBufferPointer<UInt8>, _ v: Value) {
        let slot = 1 - recent
        guard b.count <= cellMemoCapacity else { return }
        (bytes + slot * cellMemoCapacity).update(from: b.baseAddress!, count: b.count)
        if slot == 0 {
            counts.0 = b.count
            values.0 = v
        } else {
            counts.1 = b.count
            values.1 = v
        }
        recent = slot
    }

    func deallocate() { bytes.deallocate() }
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
    func remember(_ index: Int, _ b: UnsafeBufferPointer<UInt8>, _ v: Value) { memos[index].remember(b, v) }

    func deallocate() {
        for i in 0..<count { memos[i].deallocate() }
        memos.deinitialize(count: count)
        memos.deallocate()
    }
}
