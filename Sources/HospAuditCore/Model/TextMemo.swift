/// A bounded memo of what was worked out from text (an account's classes, a counterparty's
/// related party, whether a summary holds a keyword). Keyed by a hash of the text's bytes,
/// not by the String: Swift hashes a String after normalising it, which for Chinese text costs
/// more than the lookup it serves. Hits are confirmed by comparing the keys; the memo is
/// emptied when it reaches its limit, so an endless variety of texts cannot fill memory.
struct TextMemo<Key: Equatable, Value> {
    /// Open addressing on the text hash itself: a `Dictionary` keyed by it would hash the hash
    /// again (SipHash) and hand out a bucket array to search, retained and released each time.
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var entries: [(key: Key, value: Value)] = []
    private var shift: UInt64 = 64
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value remembered for `key`, if any. With `remember`, a memo owned by a struct is
    /// used without a closure capturing its owner.
    func lookup(_ key: Key, hash: UInt64) -> Value? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = home(hash)
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if hashes[index] == hash && entries[index].key == key { return entries[index].value }
            slot = (slot + 1) & mask
        }
    }

    mutating func remember(_ key: Key, hash: UInt64, _ value: Value) {
        if entries.count >= limit {
            entries.removeAll()
            hashes.removeAll()
            slots = []
        }
        // At most half full, so a probe ends soon at an empty slot.
        if slots.isEmpty || (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = home(hash)
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entries.count)
        hashes.append(hash)
        entries.append((key, value))
    }

    /// The value remembered for `key`, or the one `compute` gives, remembered from now on.
    mutating func value(for key: Key, hash: UInt64, compute: () -> Value) -> Value {
        if let hit = lookup(key, hash: hash) { return hit }
        let value = compute()
        remember(key, hash: hash, value)
        return value
    }

    private mutating func grow() {
        let size = max(64, slots.count * 2)
        shift = UInt64(64 - size.trailingZeroBitCount)
        slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = home(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
