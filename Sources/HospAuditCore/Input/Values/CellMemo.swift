/// The last text one column produced, with its bytes: the lines of a voucher repeat the
/// voucher number, date, summary and counterparty, and a byte compare is far cheaper than
/// a hash lookup.
struct CellMemo {
    static let capacity = 128
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: CellMemo.capacity)
    private var count = -1
    private var string = ""

    @inline(__always)
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard b.count == count, ByteText.equal(bytes, b.baseAddress!, count: count) else { return nil }
        return string
    }

    @inline(__always)
    mutating func remember(_ b: UnsafeBufferPointer<UInt8>, _ s: String) {
        guard b.count <= Self.capacity else {
            count = -1
            return
        }
        bytes.update(from: b.baseAddress!, count: b.count)
        count = b.count
        string = s
    }

    func deallocate() { bytes.deallocate() }
}
