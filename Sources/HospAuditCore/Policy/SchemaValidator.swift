import Foundation

/// Checks a document against the subset of JSON Schema (draft 2020-12) that
/// `schemas/policy.schema.json` uses: type, properties, patternProperties,
/// additionalProperties, required, items, minItems, enum, pattern, minLength, minimum, maximum and
/// local `$ref`s. The schema file itself is the contract; this reads it, so the two cannot drift.
///
/// Where the schema wants a string and the document has a number (`materiality: 10000` in
/// YAML), the number's own text is taken: amounts and rates stay exact either way.
struct SchemaValidator {
    let root: JSONValue
    private let patterns = Patterns()

    init(root: JSONValue) {
        self.root = root
    }

    /// Each pattern compiled once a validation rather than once a value: a policy checks some
    /// eighty values against the same few patterns, and compiling them was most of its check.
    /// A validator is made and used by one caller, never shared.
    private final class Patterns {
        private var compiled: [String: NSRegularExpression?] = [:]

        /// As `range(of:options: .regularExpression)` answers: a pattern that does not compile
        /// matches nothing.
        func match(_ text: String, _ pattern: String) -> Bool {
            let regex: NSRegularExpression?
            if let known = compiled[pattern] {
                regex = known
            } else {
                regex = try? NSRegularExpression(pattern: pattern)
                compiled[pattern] = regex
            }
            guard let regex else { return false }
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    struct Failure: Error, Equatable {
        let path: String
        let message: String
    }

    /// The document with numbers turned into strings where the schema asks for strings.
    func validate(_ value: JSONValue) throws -> JSONValue {
        try check(value, against: root, path: "")
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard case .string(let ref)? = schema["$ref"], ref.hasPrefix("#/") else { return schema }
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
        return resolve(node)
    }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, path: String) throws -> JSONValue {
        let schema = resolve(rawSchema)
        var value = value
        if case .string(let type)? = schema["type"] {
            switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .number):
                break
            case ("string", .number(let text)):
                value = .string(text)
            case ("integer", .number(let text)) where Int(text) != nil:
                break
            default:
                throw Failure(path: path, message: "must be \(Self.article(type)) (found \(Self.describe(value)))")
            }
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            let names = allowed.map { $0.canonicalJSON }.joined(separator: ", ")
            throw Failure(path: path, message: "must be one of \(names)")
        }
        switch value {
        case .string(let text):
            if case .number(let min)? = schema["minLength"], let n = Int(min), text.count < n {
                throw Failure(path: path, message: "must not be empty")
            }
            if case .string(let pattern)? = schema["pattern"], !patterns.match(text, pattern) {
                throw Failure(path: path, message: "“\(text)” does not have the expected form (\(pattern))")
            }
        case .number(let text):
            if case .number(let min)? = schema["minimum"], let v = Decimal(string: text), let m = Decimal(string: min), v < m {
                throw Failure(path: path, message: "must be at least \(min)")
            }
            if case .number(let max)? = schema["maximum"], let v = Decimal(string: text), let m = Decimal(string: max), v > m {
                throw Failure(path: path, message: "must be at most \(max)")
            }
        case .array(let items):
            if case .number(let min)? = schema["minItems"], let n = Int(min), items.count < n {
                throw Failure(path: path, message: "needs at least \(n) item(s)")
            }
            if let itemSchema = schema["items"] {
                value = .array(try items.enumerated().map { try check($1, against: itemSchema, path: "\(path)[\($0)]") })
            }
        case .object(let object):
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where object[key] == nil {
                    throw Failure(path: Self.join(path, key), message: "is required")
                }
            }
            var checked: [String: JSONValue] = [:]
            for key in object.keys.sorted() {
                let child = object[key]!
                let childPath = Self.join(path, key)
                if let propertySchema = schema["properties"]?[key] {
                    checked[key] = try check(child, against: propertySchema, path: childPath)
                } else if case .object(let patterns)? = schema["patternProperties"],
                          let match = patterns.first(where: { self.patterns.match(key, $0.key) }) {
                    checked[key] = try check(child, against: match.value, path: childPath)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        throw Failure(path: childPath, message: "is not a known setting")
                    }
                    checked[key] = try check(child, against: additional, path: childPath)
                } else {
                    checked[key] = child
                }
            }
            value = .object(checked)
        default:
            break
        }
        return value
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func article(_ type: String) -> String {
        switch type {
        case "object": return "an object (key: value)"
        case "array": return "a list"
        case "integer": return "a whole number"
        case "boolean": return "true or false"
        default: return "a \(type)"
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "nothing"
        case .bool: return "true/false"
        case .number(let n): return "the number \(n)"
        case .string(let s): return "the text “\(s)”"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
