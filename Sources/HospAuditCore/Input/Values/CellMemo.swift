/// The last text one column produced, with its bytes: the lines of a voucher repeat the
/// voucher number, date, summary and counterparty, and a byte compare is far cheaper than
/// a hash lookup.
/// The longest text a memo remembers.
private let cellMemoCapacity = 128

struct CellMemo<Value> {
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: cellMemoCapacity)
    private var count = -1
    private var value: Value

    init(_ empty: Value) { value = empty }

    @inline(__always)
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        guard b.count == count, ByteText.equal(bytes, b.baseAddress!, count: count) else { return nil }
        return value
    }

    @inline(__always)
    mutating func remember(_ b: UnsafeBufferPointer<UInt8>, _ v: Value) {
        guard b.count <= cellMemoCapacity else {
            count = -1
            return
        }
        bytes.update(from: b.baseAddress!, count: b.count)
        count = b.count
        value = v
    }

    func deallocate() { bytes.deallocate() }
}
