/// The names one bundle's ledger gives, each kept once and numbered as it is first read
/// (`LedgerText`). The reader numbers texts on its thread; the pass, on its own, reads them
/// back by number: only numbers that reached it with a line, and so only texts written before
/// that line was handed over, which the hand-over orders. Stored texts never move (blocks are
/// never reallocated), so reading needs no lock.
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
    /// Texts held, the empty one (number 0) included.
    public private(set) var count = 1
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
    private var arena = ByteArena()

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
        // Checked where tests run: a number is only valid in the table that gave it.
        assert(id < count, "a text number this table did not give")
        return blocks[id >> Self.blockShift]![id & (Self.blockSize - 1)]
    }

    /// The number of a cell's (trimmed) bytes; nil when they are not valid UTF-8 or hold U+FFFD,
    /// which the transcoder leaves for bytes it could not decode. Once the table is full, new
    /// texts are numbered as empty and `isFull` is set.
    func number(_ b: UnsafeBufferPointer<UInt8>) -> LedgerText? {
        if b.isEmpty { return .empty }
        let hash = StringCache.hash(b)
        var slot = home(hash)
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash && lengths[index] == b.count
                && arena.holds(b, at: starts[index]) {
                return LedgerText(id: UInt32(index))
            }
            slot = (slot + 1) & mask
        }
        guard ByteText.isDecodedText(b) else { return nil }
        guard count < limit, arena.count + b.count <= byteLimit else {
            isFull = true
            return .empty
        }
        if (count + 1) * 2 > slots.count {
            grow()
            slot = home(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
        }
        let id = count
        slots[slot] = Int32(id)
        hashes.append(hash)
        starts.append(arena.append(b))
        lengths.append(b.count)
        store(String(decoding: b, as: UTF8.self), at: id)
        return LedgerText(id: UInt32(id))
    }

    /// The number of a text made on the reader's side (a counterparty taken out of labelled
    /// auxiliary items), or of one a test names.
    public func number(_ text: String) -> LedgerText {
        var text = text
        return text.withUTF8 { number($0) } ?? .empty
    }

    private func store(_ string: String, at id: Int) {
        let b = id >> Self.blockShift
        if blocks[b] == nil { blocks[b] = .allocate(capacity: Self.blockSize) }
        (blocks[b]! + (id & (Self.blockSize - 1))).initialize(to: string)
        count = id + 1
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
