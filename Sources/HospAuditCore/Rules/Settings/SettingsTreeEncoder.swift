import Foundation

/// Encodes a settings struct straight into the policy tree (`JSONValue`), keys in snake case:
/// the tree `JSONEncoder` would print and the policy parser read back, without the text in
/// between (each rule's defaults went through Foundation's encoder, the YAML parser and a
/// thread of its own at every start, more than half of a small bundle's audit).
/// Only the kinds a policy holds are written: texts, integers, switches and what encodes as
/// one of them (amounts, rates, severities), lists and flat objects of them.
final class SettingsTreeEncoder: Encoder {
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    fileprivate var value: Node = .unset

    /// What was written so far at one level; objects and lists are filled in place.
    fileprivate enum Node {
        case unset
        case leaf(JSONValue)
        case object(Box)
        case array(Box)
    }

    fileprivate final class Box {
        var keyed: [(String, SettingsTreeEncoder)] = []
        var items: [SettingsTreeEncoder] = []
    }

    static func tree<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = SettingsTreeEncoder()
        try value.encode(to: encoder)
        return encoder.tree
    }

    fileprivate var tree: JSONValue {
        switch value {
        case .unset: return .null
        case .leaf(let v): return v
        case .object(let box):
            var object: [String: JSONValue] = [:]
            for (key, child) in box.keyed { object[key] = child.tree }
            return .object(object)
        case .array(let box): return .array(box.items.map(\.tree))
        }
    }

    fileprivate func child(_ key: String, in box: Box) -> SettingsTreeEncoder {
        let encoder = SettingsTreeEncoder()
        box.keyed.append((key, encoder))
        return encoder
    }

    fileprivate func objectBox() -> Box {
        if case .object(let box) = value { return box }
        let box = Box()
        value = .object(box)
        return box
    }

    fileprivate func arrayBox() -> Box {
        if case .array(let box) = value { return box }
        let box = Box()
        value = .array(box)
        return box
    }

    fileprivate func write<T: Encodable>(_ v: T) throws {
        switch v {
        case let s as String: value = .leaf(.string(s))
        case let b as Bool: value = .leaf(.bool(b))
        case let n as any BinaryInteger: value = .leaf(.number("\(n)"))
        case is Double, is Float, is Decimal:
            preconditionFailure("a rule setting of a kind the policy keeps as text: \(T.self)")
        default: try v.encode(to: self)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(box: objectBox(), encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { Unkeyed(box: arrayBox(), encoder: self) }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(encoder: self) }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let encoder: SettingsTreeEncoder
        var codingPath: [CodingKey] { [] }

        private func slot(_ key: Key) -> SettingsTreeEncoder {
            encoder.child(SettingsSchemaRecorder.snakeCase(key.stringValue), in: box)
        }

        mutating func encodeNil(forKey key: Key) throws { slot(key).value = .leaf(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try slot(key).write(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            slot(key).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { slot(key).unkeyedContainer() }
        mutating func superEncoder() -> Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> Encoder { slot(key) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        let encoder: SettingsTreeEncoder
        var codingPath: [CodingKey] { [] }
        var count: Int { box.items.count }

        private func slot() -> SettingsTreeEncoder {
            let child = SettingsTreeEncoder()
            box.items.append(child)
            return child
        }

        mutating func encodeNil() throws { slot().value = .leaf(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try slot().write(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            slot().container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { slot().unkeyedContainer() }
        mutating func superEncoder() -> Encoder { slot() }
    }

    private struct Single: SingleValueEncodingContainer {
        let encoder: SettingsTreeEncoder
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil() throws { encoder.value = .leaf(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.write(value) }
    }
}
