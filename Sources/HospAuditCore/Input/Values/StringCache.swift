/// Turns cell bytes into Strings, reusing the String for bytes it has seen recently.
///
/// A ledger repeats the same account names, counterparties, voucher numbers and summaries
/// line after line; making a fresh String for each costs more than parsing the CSV. The
/// cache is bounded: when full it starts over, so memory never grows with the ledger.
final class StringCache {
    /// The strings held before it starts over.
    private let maxCapacity: Int
    /// The strings held before the table grows: it starts small, since a reader is made for
    /// every table of every bundle and most of them are a few hundred rows.
    private var capacity: Int
    private var mask: Int
    private var shift: UInt64
    private var slots: [Int32]
    // Parallel arrays: probing reads hashes and lengths without touching (retaining) Strings.
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var strings: [String] = []
    private var arena = ByteArena()
    /// Seeded per cache, so cells made to collide under a fixed hash do not make every probe
    /// walk the whole table.
    private let seed = UInt64.random(in: .min ... .max)

    init(capacity: Int = 1 << 15) {
        maxCapacity = capacity
        self.capacity = min(capacity, 1 << 10)
        var size = 1
        while size < self.capacity * 2 { size <<= 1 }
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        slots = [Int32](repeating: -1, count: size)
    }

    /// Twice the strings, in a table twice the size, the ones held kept.
    private func grow() {
        capacity = min(capacity * 2, maxCapacity)
        let size = slots.count * 2
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        slots = [Int32](repeating: -1, count: size)
        for (index, hash) in hashes.enumerated() {
            var slot = home(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    deinit { arena.deallocate() }

    /// A multiply-rotate hash eight bytes at a time; collisions only cost a memcmp.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var h: UInt64 = seed ^ UInt64(b.count)
        let raw = UnsafeRawPointer(b.baseAddress!)
        var i = 0
        while i + 8 <= b.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = ((h ^ word) &* 0xFF51_AFD7_ED55_8CCD)
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        if i < b.count {
            if b.count >= 8 {
                // The last eight bytes, overlapping what the loop took: one load, no byte loop.
                tail = raw.loadUnaligned(fromByteOffset: b.count - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while i < b.count {
                    tail |= UInt64(b[i]) << shift
                    shift += 8
                    i += 1
                }
            }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// The slot a hash starts probing at: the top bits of a Fibonacci multiply, which spread
    /// keys that differ only in their last bytes (voucher numbers) across the table.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Nil when the bytes are not valid UTF-8, or hold U+FFFD, which the transcoder leaves
    /// for bytes it could not decode.
    /// `unique` says the column's texts seldom repeat (voucher numbers): those of up to fifteen
    /// bytes, which a String holds inline, are made afresh, not looked up. `isChecked` says the
    /// bytes are known to pass (`CSVRecord.isCheckedText`).
    func string(_ b: UnsafeBufferPointer<UInt8>, unique: Bool = false, isChecked: Bool = false) -> String? {
        if b.isEmpty { return "" }
        // Nothing to share in an inline String, and a voucher number is looked up in vain: the
        // probes of its unique numbers miss the processor's caches. Account codes and names
        // repeat, and making them again cost more than finding them.
        if unique && b.count <= 15 {
            guard isChecked || ByteText.isDecodedText(b) else { return nil }
            return String(decoding: b, as: UTF8.self)
        }
        let hash = Self.hash(b, seed: seed)
        var slot = home(hash)
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash && lengths[index] == b.count
                && arena.holds(b, at: starts[index]) {
                return strings[index]
            }
            slot = (slot + 1) & mask
        }
        // String(validating:) is generic and costs ~1,000 instructions a call here; checking
        // the bytes ourselves and then decoding is several times cheaper.
        guard isChecked || ByteText.isDecodedText(b) else { return nil }
        let string = String(decoding: b, as: UTF8.self)
        let full = strings.count == capacity
        if full && capacity < maxCapacity && arena.count + b.count <= 64 << 20 {
            grow()
            slot = home(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
        } else if full || arena.count + b.count > 64 << 20 {
            hashes.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            lengths.removeAll(keepingCapacity: true)
            strings.removeAll(keepingCapacity: true)
            arena.removeAll()
            for i in slots.indices { slots[i] = -1 }
            slot = home(hash)
        }
        slots[slot] = Int32(strings.count)
        hashes.append(hash)
        starts.append(arena.append(b))
        lengths.append(b.count)
        strings.append(string)
        return string
    }
}
