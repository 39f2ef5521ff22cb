/// Turns cell bytes into Strings, reusing the String for bytes it has seen recently.
///
/// A ledger repeats the same account names, counterparties, voucher numbers and summaries
/// line after line; making a fresh String for each costs more than parsing the CSV. The
/// cache is bounded: when full it starts over, so memory never grows with the ledger.
final class StringCache {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
        var string: String
    }

    private let capacity: Int
    private var slots: [Int32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private let mask: Int

    init(capacity: Int = 1 << 15) {
        var size = 1
        while size < capacity * 2 { size <<= 1 }
        self.capacity = capacity
        self.mask = size - 1
        slots = [Int32](repeating: -1, count: size)
        entries.reserveCapacity(capacity)
    }

    /// Nil when the bytes are not valid UTF-8.
    func string(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        if b.isEmpty { return "" }
        // Short ASCII strings live inline in a String; the cache would only add work.
        if b.count <= 15 && !b.contains(where: { $0 >= 0x80 }) {
            // ASCII is valid UTF-8 and short strings are stored inline: nothing to save.
            return String(decoding: b, as: UTF8.self)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            let entry = entries[index]
            if entry.hash == hash && entry.length == b.count && arena.withUnsafeBufferPointer({
                memcmp($0.baseAddress! + entry.start, b.baseAddress!, b.count) == 0
            }) {
                return entry.string
            }
            slot = (slot + 1) & mask
        }
        // Invalid UTF-8, or U+FFFD left by the transcoder for bytes it could not decode.
        guard !ByteText.hasReplacementCharacter(b), let string = String(validating: b, as: UTF8.self) else { return nil }
        if entries.count == capacity {
            entries.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
            for i in slots.indices { slots[i] = -1 }
            slot = Int(truncatingIfNeeded: hash) & mask
        }
        slots[slot] = Int32(entries.count)
        entries.append(Entry(hash: hash, start: arena.count, length: b.count, string: string))
        arena.append(contentsOf: b)
        return string
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
