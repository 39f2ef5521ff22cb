import Foundation
import Synchronization

/// The names one bundle's ledger gives, each kept once and numbered as it is first read
/// (`LedgerText`). The reader numbers texts on its thread; the pass, on its own, reads them
/// back by number: only numbers that reached it with a line, and so only texts written before
/// that line was handed over. Stored texts never move (blocks are never reallocated), and the
/// count of those written is published atomically, so reading needs no lock and a number this
/// table did not give stops the run rather than read memory no text was written to.
///
/// It is not a cache: a number stays valid as long as the table, since rules keep what they
/// found by it. A ledger naming more than `limit` different things (or more than `byteLimit`
/// bytes of them) is beyond what is kept: `isFull` says so, and the reader rejects the file.
public final class LedgerTexts: @unchecked Sendable {
    /// About 250 MB at most: more names than any hospital's ledger gives.
    public static let limit = 1 << 21
    public static let byteLimit = 128 << 20

    private static let blockShift = 12
    private static let blockSize = 1 << blockShift
    private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>
    private let blockCount = LedgerTexts.limit >> LedgerTexts.blockShift
    /// Texts held, the empty one (number 0) included: the reader's count, and the one published
    /// for other threads once each text is written.
    public private(set) var count = 1
    private let published = Atomic<Int>(1)
    public private(set) var isFull = false
    private let limit: Int
    private let byteLimit: Int

    // The reader's side: finding a text's number from its bytes.
    private var slots: [Int32]
    private var mask: Int
    private var shift: UInt64
    private var hashes: [UInt64] = [0]
    private var starts: [Int] = [0]
    private var lengths: [Int] = [0]
    private var keys: [UInt32] = [0]
    private var arena = ByteArena()
    /// Keys by the bytes of the normalised (NFC) form of every text that is not already its own
    /// normal form: how a text is found equal to one written differently.
    private var normalForms: [[UInt8]: UInt32] = [:]
    /// Hashes are seeded per table: names made to collide under a fixed hash would make the
    /// probes of a table that never starts over quadratic.
    private let seed = UInt64.random(in: .min ... .max)

    /// Smaller limits than the defaults are for tests.
    public init(limit: Int = LedgerTexts.limit, byteLimit: Int = LedgerTexts.byteLimit) {
        self.limit = min(limit, Self.limit)
        self.byteLimit = byteLimit
        blocks = .allocate(capacity: blockCount)
        blocks.initialize(repeating: nil, count: blockCount)
        let first = UnsafeMutablePointer<String>.allocate(capacity: Self.blockSize)
        first.initialize(to: "")
        blocks[0] = first
        let size = 1 << 11
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit {
        var left = count
        for b in 0..<blockCount {
            guard let block = blocks[b] else { break }
            block.deinitialize(count: min(left, Self.blockSize))
            block.deallocate()
            left -= Self.blockSize
        }
        blocks.deallocate()
        arena.deallocate()
    }

    /// The text numbered `text`: one this table gave.
    public subscript(_ text: LedgerText) -> String {
        let id = Int(text.id)
        precondition(id < published.load(ordering: .acquiring), "a text number this table did not give")
        return blocks[id >> Self.blockShift]![id & (Self.blockSize - 1)]
    }

    /// The number of a cell's (trimmed) bytes; nil when they are not valid UTF-8 or hold U+FFFD,
    /// which the transcoder leaves for bytes it could not decode. Once the table is full, new
    /// texts are numbered as empty and `isFull` is set.
    func number(_ b: UnsafeBufferPointer<UInt8>) -> LedgerText? {
        if b.isEmpty { return .empty }
        let hash = StringCache.hash(b, seed: seed)
        if let found = find(b, hash: hash) { return found }
        guard ByteText.isDecodedText(b) else { return nil }
        guard count < limit, arena.count + b.count <= byteLimit else {
            isFull = true
            return .empty
        }
        if (count + 1) * 2 > slots.count { grow() }
        var slot = home(hash)
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        let id = count
        let string = String(decoding: b, as: UTF8.self)
        let key = equivalenceKey(of: string, bytes: b) ?? UInt32(id)
        slots[slot] = Int32(id)
        hashes.append(hash)
        starts.append(arena.append(b))
        lengths.append(b.count)
        keys.append(key)
        store(string, at: id)
        return LedgerText(id: UInt32(id), key: key)
    }

    private func find(_ b: UnsafeBufferPointer<UInt8>, hash: UInt64) -> LedgerText? {
        var slot = home(hash)
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if hashes[index] == hash && lengths[index] == b.count && arena.holds(b, at: starts[index]) {
                return LedgerText(id: UInt32(index), key: keys[index])
            }
            slot = (slot + 1) & mask
        }
    }

    /// The key of an earlier text Swift's `==` finds equal to this new one, if there is one.
    /// Two Strings are equal when their normal forms are: a text that is its own normal form
    /// (`ByteText.isOwnNormalForm`: what ledgers write, Chinese, ASCII, full-width forms) is found by the normal
    /// forms of the few that are not; one that is not, by its normal form's bytes.
    private func equivalenceKey(of string: String, bytes b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if ByteText.isOwnNormalForm(b) {
            return normalForms.isEmpty ? nil : normalForms[Array(b)]
        }
        let normal = Array(string.precomposedStringWithCanonicalMapping.utf8)
        let key = normal.withUnsafeBufferPointer { n in n.isEmpty ? nil : find(n, hash: StringCache.hash(n, seed: seed))?.key }
            ?? normalForms[normal]
        if normalForms[normal] == nil { normalForms[normal] = key ?? UInt32(count) }
        return key
    }

    /// The number of a text made on the reader's side (a counterparty taken out of labelled
    /// auxiliary items), or of one a test names.
    func number(_ text: String) -> LedgerText {
        text.withUTF8Bytes { number($0) } ?? .empty
    }

    private func store(_ string: String, at id: Int) {
        let b = id >> Self.blockShift
        if blocks[b] == nil { blocks[b] = .allocate(capacity: Self.blockSize) }
        (blocks[b]! + (id & (Self.blockSize - 1))).initialize(to: string)
        count = id + 1
        published.store(count, ordering: .releasing)
    }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func grow() {
        let size = slots.count * 2
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        slots = [Int32](repeating: -1, count: size)
        for index in 1..<hashes.count {
            var slot = home(hashes[index])
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
