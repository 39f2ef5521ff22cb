/// Bytes of many cells, one after another in one growing allocation: what a table keyed by
/// cell bytes compares a probe with, without a String or an array per key.
struct ByteArena {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    /// Forgets every byte; the memory stays for what comes next.
    mutating func removeAll() { count = 0 }

    /// Keeps `b` and says where it starts.
    mutating func append(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        if count + b.count > capacity {
            var grown = capacity * 2
            while grown < count + b.count { grown *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity = grown
        }
        let start = count
        if let from = b.baseAddress { (base + start).update(from: from, count: b.count) }
        count += b.count
        return start
    }

    /// Whether the bytes kept at `start` are `b` (their length is known to match).
    @inline(__always)
    func holds(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        ByteText.equal(base + start, b.baseAddress!, count: b.count)
    }
}
