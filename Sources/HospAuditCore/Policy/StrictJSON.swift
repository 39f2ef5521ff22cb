import Foundation

/// Strict JSON (RFC 8259) read straight into `JSONValue`, for the texts shipped in the binary:
/// the national policy, the region profiles and the schemas, all JSON, read at every run's
/// start. The YAML composer took most of a small audit's start reading them; this reads them in
/// a fraction of it. Values come out as `JSONValue.parse(yaml:)` gives them (a number whose
/// text is not a plain decimal stays a string, a repeated key keeps its last value), which a
/// test checks for every shipped text.
///
/// Files people write (`--policy`, waivers, mappings) go on through the YAML reader: they may be
/// YAML, and its limits are the ones that keep a hostile file from costing the run.
enum StrictJSON {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "byte \(offset): \(message)" }
    }

    static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            // A byte order mark at the start, as the YAML reader allows one.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.at = 3 }
            let value = try reader.value(depth: 0)
            reader.skipSpace()
            guard reader.at == bytes.count else { throw reader.failure("text after the value") }
            return value
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        func failure(_ message: String) -> Failure { Failure(offset: at, message: message) }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 {
                at += 1
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth <= JSONValue.maximumDepth else { throw failure("nests deeper than \(JSONValue.maximumDepth) levels") }
            skipSpace()
            guard at < bytes.count else { throw failure("a value was expected") }
            switch bytes[at] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            default: return try number()
            }
        }

        private mutating func object(depth: Int) throws -> JSONValue {
            at += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw failure("a key was expected") }
                let key = try string()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw failure("“:” was expected") }
                at += 1
                members[key] = try value(depth: depth + 1)
                skipSpace()
                guard at < bytes.count else { throw failure("the object is not closed") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "}") else { throw failure("“,” or “}” was expected") }
                at += 1
                return .object(members)
            }
        }

        private mutating func array(depth: Int) throws -> JSONValue {
            at += 1
            var items: [JSONValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw failure("the array is not closed") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "]") else { throw failure("“,” or “]” was expected") }
                at += 1
                return .array(items)
            }
        }

        private mutating func word(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard at + count <= bytes.count,
                  memcmp(bytes.baseAddress! + at, word.utf8Start, count) == 0 else { throw failure("a value was expected") }
            at += count
        }

        /// A number's text, kept as `JSONValue.parse(yaml:)` keeps it: a number when it is a
        /// plain decimal, a string otherwise (`1e5`).
        private mutating func number() throws -> JSONValue {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            try digits("a value was expected")
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                try digits("digits were expected after “.”")
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                try digits("digits were expected in the exponent")
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< at]), as: UTF8.self)
            return JSONValue.isPlainDecimal(text, signed: true) ? .number(text) : .string(text)
        }

        private mutating func digits(_ missing: String) throws {
            let first = at
            while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
            guard at > first else { throw failure(missing) }
        }

        private mutating func string() throws -> String {
            at += 1
            var out: [UInt8] = []
            var runStart = at
            while true {
                guard at < bytes.count else { throw failure("the string is not closed") }
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< at]))
                    at += 1
                    return String(decoding: out, as: UTF8.self)
                }
                guard byte >= 0x20 else { throw failure("a control character in a string") }
                guard byte == UInt8(ascii: "\\") else { at += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< at]))
                at += 1
                guard at < bytes.count else { throw failure("the string is not closed") }
                let escaped = bytes[at]
                at += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800 ..< 0xDC00).contains(scalar) {
                        guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                            throw failure("a lone surrogate")
                        }
                        at += 2
                        let low = try hex4()
                        guard (0xDC00 ..< 0xE000).contains(low) else { throw failure("a lone surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone surrogate") }
                    out.append(contentsOf: UTF8.encode(unicode)!)
                default:
                    throw failure("an unknown escape")
                }
                runStart = at
            }
        }

        private mutating func hex4() throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw failure("four hex digits were expected") }
            var value: UInt32 = 0
            for _ in 0 ..< 4 {
                let byte = bytes[at]
                let digit: UInt8
                switch byte {
                case 0x30 ... 0x39: digit = byte - 0x30
                case 0x41 ... 0x46: digit = byte - 0x41 + 10
                case 0x61 ... 0x66: digit = byte - 0x61 + 10
                default: throw failure("four hex digits were expected")
                }
                value = value << 4 | UInt32(digit)
                at += 1
            }
            return value
        }
    }
}
