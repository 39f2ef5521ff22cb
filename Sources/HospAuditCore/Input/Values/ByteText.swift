/// Small helpers over UTF-8 bytes, so values are typed without making a String first.
enum ByteText {
    /// The range left after trimming ASCII spaces and tabs, NBSP (C2 A0) and the
    /// ideographic space U+3000 (E3 80 80) that Chinese exports pad cells with, and the
    /// invisible characters that sneak into them (NUL, BOM, zero-width space).
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = b.count
        while start < end {
            let c = b[start]
            // Most cells start with a visible ASCII byte or a CJK lead byte (E4–E9): done at once.
            if (c > 0x20 && c < 0x80) || (c >= 0xE4 && c <= 0xE9) { break }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x00 { start += 1 }
            else if c == 0xC2 && start + 1 < end && b[start + 1] == 0xA0 { start += 2 }
            else if c == 0xE3 && start + 2 < end && b[start + 1] == 0x80 && b[start + 2] == 0x80 { start += 3 }
            else if (c == 0xEF || c == 0xE2) && start + 2 < end && isInvisible(c, b[start + 1], b[start + 2]) { start += 3 }
            else { break }
        }
        while end > start {
            let c = b[end - 1]
            if c > 0x20 && c < 0x80 { break }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x00 { end -= 1 }
            else if c == 0xA0 && end - 2 >= start && b[end - 2] == 0xC2 { end -= 2 }
            else if c == 0x80 && end - 3 >= start && b[end - 3] == 0xE3 && b[end - 2] == 0x80 { end -= 3 }
            else if (c == 0xBF || (c >= 0x8B && c <= 0x8D)) && end - 3 >= start && isInvisible(b[end - 3], b[end - 2], c) { end -= 3 }
            else { break }
        }
        return start..<end
    }

    /// A byte order mark (U+FEFF) where a later line starts, or a zero-width space or joiner
    /// (U+200B…U+200D): invisible, and enough to make 记-0007 two vouchers.
    @inline(__always)
    static func isInvisible(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        (a == 0xEF && b == 0xBB && c == 0xBF) || (a == 0xE2 && b == 0x80 && (c == 0x8B || c == 0x8C || c == 0x8D))
    }

    /// Whether the cell starts or ends with something `trimmed` removes that is not white space.
    static func hasInvisibleEdge(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, let last = b.last else { return false }
        return first == 0x00 || last == 0x00 || (b.count >= 3 && (isInvisible(b[0], b[1], b[2]) || isInvisible(b[b.count - 3], b[b.count - 2], last)))
    }

    static func trimmedString(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let r = trimmed(b)
        return String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }

    /// Folds a full-width form (U+FF01…U+FF5E: `１２３４．５６`, `（`, `－`) to ASCII at `i`;
    /// returns the ASCII byte and the number of bytes it took.
    @inline(__always)
    static func asciiFolded(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (UInt8, Int) {
        let c = b[i]
        if c < 0x80 { return (c, 1) }
        if c == 0xEF && i + 2 < end {
            let c1 = b[i + 1], c2 = b[i + 2]
            // U+FF01…U+FF3F is EF BC 81…BF, U+FF40…U+FF5E is EF BD 80…9E; each maps to U+0021…U+007E.
            if c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF { return (c2 - 0x81 + 0x21, 3) }
            if c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E { return (c2 - 0x80 + 0x60, 3) }
        }
        return (0, 0)
    }

    /// Byte equality for short cells, eight bytes at a time and the rest in one overlapping
    /// load: inlined, where a call to memcmp costs more than the comparison. A Chinese name of
    /// two or three characters (6 or 9 bytes) takes two loads, not a byte loop.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        if count >= 8 {
            var i = 0
            while i + 8 <= count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            return i == count || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        var i = 0
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// Whether two texts are equal as Swift compares Strings (canonical equivalence), from their
    /// bytes where that suffices: equal bytes are equal texts, and texts of ASCII, CJK
    /// ideographs and the like (记-0001) are their own normal form, so different bytes are different
    /// texts. Swift's own comparison of two short non-ASCII texts takes its slow path, once for
    /// every voucher of a ledger.
    @inline(__always)
    static func sameText(_ a: String, _ b: String) -> Bool {
        var tested: Bool?
        return sameText(a, b, bIsOwnNormalForm: isOwnNormalForm(b), aIsOwnNormalForm: &tested)
    }

    /// The same, for a text compared with many (the open voucher's number with each next line's):
    /// whether `b` is its own normal form is given, tested once by the caller, and whether `a`
    /// is, once tested, is left in `aIsOwnNormalForm`.
    @inline(__always)
    static func sameText(_ a: String, _ b: String, bIsOwnNormalForm: Bool, aIsOwnNormalForm: inout Bool?) -> Bool {
        var tested: Bool?
        let decided = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                if x.count == y.count && (x.isEmpty || equal(x.baseAddress!, y.baseAddress!, count: x.count)) { return true }
                guard bIsOwnNormalForm else { return nil }
                tested = isOwnNormalForm(x)
                return tested! ? false : nil
            } ?? nil
        } ?? nil
        aIsOwnNormalForm = tested
        return decided ?? (a == b)
    }

    /// Whether every character is one no normalisation changes or combines with another: ASCII,
    /// Latin-1, CJK ideographs (not the compatibility ones), CJK punctuation (not its tone
    /// marks), full-width forms. Such a text is its own normal form. The bytes are valid UTF-8.
    static func isOwnNormalForm(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            if (c == 0xC2 || c == 0xC3) && i + 1 < n {
                // U+0080–U+00FF.
                i += 2
                continue
            }
            guard c >= 0xE0 && c < 0xF0 && i + 2 < n else { return false }
            let scalar = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
            switch scalar {
            case 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60, 0xFFE0...0xFFE6:
                i += 3
            default:
                return false
            }
        }
        return true
    }

    /// The same test of a String's bytes; false for a String without contiguous UTF-8, which
    /// Swift's `==` then compares.
    static func isOwnNormalForm(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { isOwnNormalForm($0) } ?? false
    }

    /// Text a cell may hold: valid UTF-8 without U+FFFD, which the transcoder leaves for bytes
    /// it could not decode. One pass, where the cells of a ledger are checked two ways over:
    /// ASCII eight bytes at a time, and the three-byte sequences of Chinese text without the
    /// general case's table of bounds.
    static func isDecodedText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(p)
        let n = b.count
        var i = 0
        while i < n {
            if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            // E1–EC and EE–EF lead bytes take any two continuation bytes (E0 and ED limit the
            // second: overlongs, surrogates). EF BF BD is U+FFFD.
            // A run of them (a name, a summary) is tested without going back to the ASCII test
            // between characters, both continuation bytes in one load.
            if c &- 0xE1 < 0x0F && c != 0xED {
                var lead = c
                repeat {
                    guard i + 2 < n else { return false }
                    let pair = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i + 1, as: UInt16.self))
                    guard pair & 0xC0C0 == 0x8080 else { return false }
                    if lead == 0xEF && pair == 0xBDBF { return false }
                    i += 3
                    guard i < n else { return true }
                    lead = p[i]
                } while lead &- 0xE1 < 0x0F && lead != 0xED
                continue
            }
            guard let length = sequenceLength(p, at: i, count: n) else { return false }
            i += length
        }
        return true
    }

    /// The length of the well-formed sequence starting at `i` (not ASCII), nil if there is none:
    /// no overlongs, surrogates or code points past U+10FFFF.
    private static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Int? {
        var need: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch p[i] {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return nil
        }
        guard i + need < n else { return nil }
        let second = p[i + 1]
        guard second >= low && second <= high else { return nil }
        var k = 2
        while k <= need {
            guard p[i + k] & 0xC0 == 0x80 else { return nil }
            k += 1
        }
        return need + 1
    }
}
