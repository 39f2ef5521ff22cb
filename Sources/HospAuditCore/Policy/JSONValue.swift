import Foundation
import Yams

/// A JSON or YAML document as data: policies are merged, validated and hashed in this form
/// before they become a `Policy`. Numbers keep the text they were written with, so `0.15`
/// stays exactly 0.15.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// How deep a policy may nest and how many values it may hold: a real one nests five deep
    /// and holds a few hundred. The limits stop a file nested thousands deep (which would
    /// overflow the stack) and aliases that expand a few hundred bytes into gigabytes.
    static let maximumDepth = 64
    static let maximumValues = 100_000

    /// Parses YAML or JSON (JSON is read as YAML 1.2 flow style).
    ///
    /// The YAML composer recurses once per level of nesting, before any limit of ours can look
    /// at the tree, and a bracket count cannot see every level (brackets in quotes close
    /// nothing). So it runs on a thread whose stack holds the deepest nesting a file of
    /// `maximumLength` bytes can spell, and the depth is judged on the tree it gives.
    public static func parse(yaml text: String) throws -> JSONValue {
        try checkNesting(text)
        let outcome = ParseOutcome()
        let thread = Thread {
            outcome.result = Result { try composed(text) }
            outcome.done.signal()
        }
        thread.stackSize = parseStackSize
        thread.start()
        outcome.done.wait()
        return try outcome.result!.get()
    }

    /// A text shipped in the binary (the national policy, the region profiles, the schemas):
    /// JSON, whose nesting is known, read by `StrictJSON` on the calling thread.
    static func parse(shipped text: String) throws -> JSONValue {
        try StrictJSON.parse(text)
    }

    /// The YAML composer's tree, on the calling thread (`parse(yaml:)` gives it its own).
    static func composed(_ text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        var budget = maximumValues
        return try from(node, depth: 0, budget: &budget)
    }

    /// A level of YAML nesting costs the composer well under 2 KiB of stack; one level is at
    /// least two bytes of text.
    static let parseStackSize = maximumLength / 2 * 2048

    private final class ParseOutcome: @unchecked Sendable {
        // Written by the parsing thread before `done` is signalled, read after the wait.
        var result: Result<JSONValue, Error>?
        let done = DispatchSemaphore(value: 0)
    }

    /// The largest policy file read: the shipped ones are a few kilobytes.
    static let maximumLength = 128 << 10

    /// Size, brackets and indentation, checked before the YAML parser sees the text: the cheap
    /// refusal of the obvious cases (the tree's own depth is checked after).
    private static func checkNesting(_ text: String) throws {
        guard text.utf8.count <= maximumLength else {
            throw PolicyError.invalid(path: "", message: "is larger than \(maximumLength / 1024) KiB")
        }
        var depth = 0, indent = 0, atLineStart = true
        let tooDeep = PolicyError.invalid(path: "", message: "nests deeper than \(maximumDepth) levels")
        for byte in text.utf8 {
            if byte == 0x0A {
                atLineStart = true
                indent = 0
                continue
            }
            if atLineStart {
                if byte == 0x20 || byte == 0x2D || byte == 0x09 {
                    indent += 1
                    if indent > maximumDepth * 8 { throw tooDeep }
                    continue
                }
                atLineStart = false
            }
            switch byte {
            case 0x5B, 0x7B:
                depth += 1
                if depth > maximumDepth { throw tooDeep }
            case 0x5D, 0x7D: depth = max(0, depth - 1)
            default: break
            }
        }
    }

    private static func from(_ node: Node, depth: Int, budget: inout Int) throws -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw PolicyError.invalid(path: "", message: "holds more than \(maximumValues) values (aliases expanding?)")
        }
        guard depth <= maximumDepth else { throw PolicyError.invalid(path: "", message: "nests deeper than \(maximumDepth) levels") }
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            switch scalar.string {
            case "~", "null", "Null", "NULL", "": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                let text = scalar.string
                return isPlainDecimal(text, signed: true) ? .number(text) : .string(text)
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try from(item, depth: depth + 1, budget: &budget)) }
            return .array(items)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let k) = key else { throw PolicyError.invalid(path: "", message: "a key that is not text") }
                object[k.string] = try from(value, depth: depth + 1, budget: &budget)
            }
            return .object(object)
        }
    }

    /// Digits, and at most one point with digits on both sides, after a minus when `signed`:
    /// `^-?[0-9]+(\.[0-9]+)?$` as the policy schema's patterns and the YAML reading of numbers
    /// have it, where `$` also matches before one line terminator that ends the text (a YAML
    /// block scalar's `0.05\n`). A regular expression here was a tenth of every start. A number
    /// written otherwise (`1e5`, `.5`, `+1`) is kept as a string, which the schema then refuses
    /// where a number is wanted.
    static func isPlainDecimal(_ text: String, signed: Bool) -> Bool {
        // ICU's line terminators are Swift's newlines, CR LF one Character among them.
        var body = Substring(text)
        if body.last?.isNewline == true { body.removeLast() }
        if signed && body.utf8.first == UInt8(ascii: "-") { body = body.dropFirst() }
        var digits = 0, point = false
        for byte in body.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == 0x2E && !point && digits > 0 {
                point = true
                digits = 0
            } else {
                return false
            }
        }
        return digits > 0
    }

    /// `overlay` laid over `self`: objects merge key by key; anything else replaces.
    public func merged(with overlay: JSONValue) -> JSONValue {
        guard case .object(let base) = self, case .object(let top) = overlay else { return overlay }
        var result = base
        for (key, value) in top {
            result[key] = result[key].map { $0.merged(with: value) } ?? value
        }
        return .object(result)
    }

    /// Canonical JSON: sorted keys, no spaces. The policy's hash is taken over this.
    public var canonicalJSON: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return Self.quoted(s)
        case .array(let items): return "[" + items.map(\.canonicalJSON).joined(separator: ",") + "]"
        case .object(let object):
            return "{" + object.keys.sorted().map { Self.quoted($0) + ":" + object[$0]!.canonicalJSON }.joined(separator: ",") + "}"
        }
    }

    /// Indented JSON with sorted keys, for files people read.
    public var prettyJSON: String { pretty(indent: "") }

    private func pretty(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object) where !object.isEmpty:
            return "{\n" + object.keys.sorted().map { inner + Self.quoted($0) + ": " + object[$0]!.pretty(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return canonicalJSON
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
