/// JSON written straight into bytes, in the layout Foundation's `JSONEncoder` gives with
/// `.sortedKeys` and `.withoutEscapingSlashes`, pretty (`.prettyPrinted`) or compact. The
/// document's records are many (a finding carries up to fifty evidence lines) and the generic
/// encoder spent more time on them than the whole audit after the ledger; written here they are
/// the same bytes at a fraction of the cost (`JSONLayoutTests` holds the two side by side).
///
/// Keys are written in the order given and must come in ascending UTF-8 order, as
/// `.sortedKeys` orders them; debug builds check it.
struct JSONLayout: ~Copyable {
    /// Written through pointers, not appended to an Array: a document of hundreds of findings
    /// with fifty evidence lines each is tens of thousands of short appends, and the Array's
    /// checks on each (unique? room?) cost more than the bytes. Shared by reference, so the
    /// layout cannot be copied: two copies would write into one buffer.
    private let out = JSONBytes()
    private let pretty: Bool
    /// The level of the line being written, counting the fragment's own depth.
    private var level: Int
    #if DEBUG
    private var lastKeys: [[UInt8]?] = []
    #endif

    /// A value that starts `depth` levels in, as `PrettyJSON.fragment` places it.
    init(pretty: Bool = true, depth: Int = 0) {
        self.pretty = pretty
        level = depth
    }

    /// What was written.
    var bytes: [UInt8] { out.array }

    mutating func object(_ body: (inout JSONLayout) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array(_ body: (inout JSONLayout) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// An object member's key; its value follows.
    mutating func key(_ key: String) {
        #if DEBUG
        let keyBytes = Array(key.utf8)
        if let last = lastKeys[lastKeys.count - 1] {
            assert(last.lexicographicallyPrecedes(keyBytes), "JSON keys out of order: \(key)")
        }
        lastKeys[lastKeys.count - 1] = keyBytes
        #endif
        element()
        quoted(key)
        if pretty {
            out.append(0x20, UInt8(ascii: ":"), 0x20)
        } else {
            out.append(UInt8(ascii: ":"))
        }
        // The value belongs to the member just opened, not a new element.
        out.markKeyWritten()
    }

    mutating func string(_ value: String) {
        element()
        quoted(value)
    }

    private mutating func quoted(_ value: String) {
        value.withUTF8Bytes { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return out.append(UInt8(ascii: "\""), UInt8(ascii: "\"")) }
            out.append(UInt8(ascii: "\""))
            var start = 0
            var i = 0
            while i < utf8.count {
                // Eight bytes at a time while none needs an escape (nearly all of them).
                if i + 8 <= utf8.count && !Self.needsEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let byte = utf8[i]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(base + start, i - start)
                    Self.escape(byte, into: out)
                    start = i + 1
                }
                i += 1
            }
            out.append(base + start, utf8.count - start)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// Whether any of eight bytes is a control character, a quote or a backslash: the
    /// classic tests for a byte below n and for a zero byte, on all eight at once. Bytes of
    /// 0x80 and above (every byte of a Chinese character) never test true.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let below = (word &- ones &* 0x20) & ~word
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        return (below | zeroQuote | zeroBackslash) & highs != 0
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        element()
        var n = value.magnitude
        // Digits from the right into a small buffer, then copied: no String made for a number.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var at = 20
            repeat {
                at -= 1
                digits[at] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(digits.baseAddress! + at, 20 - at)
        }
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) {
        element()
        if value { out.append(Self.trueBytes) } else { out.append(Self.falseBytes) }
    }

    mutating func null() {
        element()
        out.append(Self.nullBytes)
    }

    mutating func strings(_ values: [String]) {
        array { a in for v in values { a.string(v) } }
    }

    /// A dictionary, its keys sorted as `.sortedKeys` sorts them: by their UTF-8 bytes.
    mutating func object(_ dictionary: [String: String]) {
        let keys = dictionary.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        object { o in
            for k in keys {
                o.key(k)
                o.string(dictionary[k]!)
            }
        }
    }

    /// Foundation's escapes: the short forms it has, `\u00XX` (lower-case hex) for the other
    /// control characters; slashes and everything above U+001F as they are.
    private static func escape(_ byte: UInt8, into out: JSONBytes) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            out.append(UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"))
            out.append(hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Before a value: the separator and line break of the container it is an element of. A
    /// negative count marks a member whose key is written.
    private mutating func element() {
        guard let n = out.openCount else { return }
        if n < 0 {
            out.openCount = -n
            return
        }
        if pretty {
            if n > 0 { out.append(UInt8(ascii: ","), 0x0A) } else { out.append(0x0A) }
            indent(level)
        } else if n > 0 {
            out.append(UInt8(ascii: ","))
        }
        out.openCount = n + 1
    }

    private mutating func open(_ bracket: UInt8) {
        element()
        out.append(bracket)
        out.push()
        #if DEBUG
        lastKeys.append(nil)
        #endif
        level += 1
    }

    /// Foundation closes an empty container after a blank line, a full one on a line of its own.
    private mutating func close(_ bracket: UInt8) {
        level -= 1
        let n = out.pop()
        #if DEBUG
        lastKeys.removeLast()
        #endif
        if pretty {
            if n == 0 { out.append(0x0A, 0x0A) } else { out.append(0x0A) }
            indent(level)
        }
        out.append(bracket)
    }

    private mutating func indent(_ level: Int) {
        out.appendSpaces(2 * level)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
}

/// The bytes a `JSONLayout` writes, and the count of members or elements of each container it
/// has open, in memory of its own.
private final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private var counts: UnsafeMutablePointer<Int>
    private var depth = 0
    private var countsCapacity = 16

    init() {
        // A finding with fifty evidence lines is about 17 KB.
        capacity = 16 << 10
        base = .allocate(capacity: capacity)
        counts = .allocate(capacity: countsCapacity)
    }

    deinit {
        base.deallocate()
        counts.deallocate()
    }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = larger
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ a: UInt8, _ b: UInt8) {
        reserve(2)
        base[count] = a
        base[count + 1] = b
        count += 2
    }

    @inline(__always)
    func append(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
        reserve(3)
        base[count] = a
        base[count + 1] = b
        base[count + 2] = c
        count += 3
    }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(from: bytes, count: n)
        count += n
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0.baseAddress!, $0.count) }
    }

    func appendSpaces(_ n: Int) {
        reserve(n)
        (base + count).initialize(repeating: 0x20, count: n)
        count += n
    }

    /// The innermost open container's count; nil when none is open.
    var openCount: Int? {
        get { depth == 0 ? nil : counts[depth - 1] }
        set {
            precondition(depth > 0, "no container is open")
            counts[depth - 1] = newValue!
        }
    }

    func markKeyWritten() {
        precondition(depth > 0, "a key outside an object")
        counts[depth - 1] = -counts[depth - 1]
    }

    func push() {
        if depth == countsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: countsCapacity * 2)
            grown.initialize(from: counts, count: depth)
            counts.deallocate()
            counts = grown
            countsCapacity *= 2
        }
        counts[depth] = 0
        depth += 1
    }

    func pop() -> Int {
        precondition(depth > 0, "a container closed that was not opened")
        depth -= 1
        return counts[depth]
    }
}

/// A record that writes itself as `JSONLayout`, in the bytes its `Encodable` conformance gives.
protocol JSONLayoutWritable {
    func write(to json: inout JSONLayout)
}

/// The document's writer held to Foundation's encoder, for the fuzz harness, which gives it any
/// text: an evidence line whose every field is that text (split in two where it can be), laid out
/// pretty at the depth the document places evidence and compact as JSONL carries it.
public enum JSONLayoutAgreement {
    public static func holds(_ text: String) -> Bool {
        let half = text.index(text.startIndex, offsetBy: text.count / 2)
        let evidence = Evidence(file: String(text[..<half]), line: text.utf8.count, summary: String(text[half...]) + text)
        guard let pretty = try? PrettyJSON().encoded(evidence, depth: 4), let compact = try? CompactJSON.encode(evidence) else { return false }
        var flat = JSONLayout(pretty: false)
        evidence.write(to: &flat)
        return PrettyJSON().fragment(evidence, depth: 4) == pretty && flat.bytes == compact
    }
}
