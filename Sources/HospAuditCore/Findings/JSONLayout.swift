/// JSON written straight into bytes, in the layout Foundation's `JSONEncoder` gives with
/// `.sortedKeys` and `.withoutEscapingSlashes`, pretty (`.prettyPrinted`) or compact. The
/// document's records are many (a finding carries up to fifty evidence lines) and the generic
/// encoder spent more time on them than the whole audit after the ledger; written here they are
/// the same bytes at a fraction of the cost (`JSONLayoutTests` holds the two side by side).
///
/// Keys are written in the order given and must come in ascending UTF-8 order, as
/// `.sortedKeys` orders them; debug builds check it.
struct JSONLayout {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// The level of the line being written, counting the fragment's own depth.
    private var level: Int
    /// Members or elements written so far in each open container.
    private var counts: [Int] = []
    #if DEBUG
    private var lastKeys: [[UInt8]?] = []
    #endif

    /// A value that starts `depth` levels in, as `PrettyJSON.fragment` places it.
    init(pretty: Bool = true, depth: Int = 0) {
        self.pretty = pretty
        level = depth
        bytes.reserveCapacity(1024)
    }

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
            bytes.append(contentsOf: Self.prettyColon)
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        // The value belongs to the member just opened, not a new element.
        counts[counts.count - 1] = -counts[counts.count - 1]
    }

    mutating func string(_ value: String) {
        element()
        quoted(value)
    }

    private mutating func quoted(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var start = 0
            for i in 0 ..< utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start ..< i]))
                Self.escape(byte, into: &bytes)
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start ..< utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        element()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) {
        element()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null() {
        element()
        bytes.append(contentsOf: "null".utf8)
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
    private static func escape(_ byte: UInt8, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }

    /// Before a value: the separator and line break of the container it is an element of. A
    /// negative count marks a member whose key is written.
    private mutating func element() {
        guard let n = counts.last else { return }
        if n < 0 {
            counts[counts.count - 1] = -n
            return
        }
        if pretty {
            bytes.append(contentsOf: n > 0 ? Self.commaNewline : Self.newline)
            indent(level)
        } else if n > 0 {
            bytes.append(UInt8(ascii: ","))
        }
        counts[counts.count - 1] = n + 1
    }

    private mutating func open(_ bracket: UInt8) {
        element()
        bytes.append(bracket)
        counts.append(0)
        #if DEBUG
        lastKeys.append(nil)
        #endif
        level += 1
    }

    /// Foundation closes an empty container after a blank line, a full one on a line of its own.
    private mutating func close(_ bracket: UInt8) {
        level -= 1
        let n = counts.removeLast()
        #if DEBUG
        lastKeys.removeLast()
        #endif
        if pretty {
            bytes.append(0x0A)
            if n == 0 { bytes.append(0x0A) }
            indent(level)
        }
        bytes.append(bracket)
    }

    private mutating func indent(_ level: Int) {
        // One append of a run of spaces, not one a space: evidence lines are indented five deep.
        let width = 2 * level
        if width <= Self.spaces.count {
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0 ..< width])) }
        } else {
            bytes.append(contentsOf: repeatElement(0x20, count: width))
        }
    }

    private static let commaNewline: [UInt8] = [UInt8(ascii: ","), 0x0A]
    private static let newline: [UInt8] = [0x0A]
    private static let prettyColon: [UInt8] = [0x20, UInt8(ascii: ":"), 0x20]
    private static let spaces = [UInt8](repeating: 0x20, count: 32)
}

/// A record that writes itself as `JSONLayout`, in the bytes its `Encodable` conformance gives.
protocol JSONLayoutWritable {
    func write(to json: inout JSONLayout)
}
