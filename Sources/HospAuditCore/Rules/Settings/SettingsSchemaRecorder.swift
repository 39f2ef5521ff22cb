import Foundation

/// Walks a settings struct's defaults as an `Encoder` and writes down the JSON Schema of each
/// key from the Swift type it holds, optional keys included (`encodeIfPresent` still sees the
/// type). Only the kinds a policy holds are known: amounts, rates, integers, switches,
/// severities, texts and lists of words.
final class SettingsSchemaRecorder: Encoder {
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    private(set) var properties: [String: JSONValue] = [:]
    private let minimums: [String: Int]

    init(minimums: [String: Int]) { self.minimums = minimums }

    static func snakeCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase {
                out += "_" + ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }

    func record(_ key: String, type: Any.Type) {
        let ref: (String) -> JSONValue = { .object(["$ref": .string("#/$defs/\($0)")]) }
        let schema: JSONValue
        switch type {
        case is Money.Type: schema = ref("amount")
        case is Rate.Type: schema = ref("rate")
        case is Severity.Type: schema = ref("severity")
        case is LocalizedText.Type: schema = ref("text")
        case is Bool.Type: schema = .object(["type": .string("boolean")])
        case is Int.Type:
            // Days, counts: a century of days is the most any of them means.
            schema = .object(["type": .string("integer"), "minimum": .number(String(minimums[key] ?? 1)), "maximum": .number("36500")])
        case is [String].Type:
            schema = .object(["type": .string("array"),
                              "items": .object(["type": .string("string"), "minLength": .number("1")])])
        default:
            preconditionFailure("a rule setting of a kind the policy schema cannot state: \(type)")
        }
        properties[key] = schema
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keys<Key>(recorder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { preconditionFailure("rule settings are an object") }
    func singleValueContainer() -> SingleValueEncodingContainer { preconditionFailure("rule settings are an object") }

    struct Keys<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let recorder: SettingsSchemaRecorder
        var codingPath: [CodingKey] { [] }

        private func note<T>(_ type: T.Type, _ key: Key) { recorder.record(SettingsSchemaRecorder.snakeCase(key.stringValue), type: type) }

        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws { note(Bool.self, key) }
        mutating func encode(_ value: String, forKey key: Key) throws { note(String.self, key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { note(Double.self, key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { note(Float.self, key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { note(Int.self, key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { note(Int8.self, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { note(Int16.self, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { note(Int32.self, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { note(Int64.self, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { note(UInt.self, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { note(UInt8.self, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { note(UInt16.self, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { note(UInt32.self, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { note(UInt64.self, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { note(T.self, key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { note(T.self, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { note(Int.self, key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { note(Bool.self, key) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("rule settings are flat")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { preconditionFailure("rule settings are flat") }
        mutating func superEncoder() -> Encoder { recorder }
        mutating func superEncoder(forKey key: Key) -> Encoder { recorder }
    }
}
