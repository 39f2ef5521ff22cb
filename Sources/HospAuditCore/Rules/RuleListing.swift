import Foundation

/// A rule as `hospaudit rules` lists it under the active policy: what it is, whether it is on,
/// how severe, on what basis, and every setting's value in force.
public struct RuleListing: Encodable, Sendable {
    public let id: String
    public let title: LocalizedText
    public let enabled: Bool
    public let severity: Severity
    public let basis: [Citation]
    public let settings: JSONValue

    /// The settings as text, key by key, for the terminal (texts such as `cap_note` left out).
    public var settingsText: [(key: String, value: String)] {
        guard case .object(let object) = settings else { return [] }
        return object.keys.sorted().compactMap { key in
            switch object[key]! {
            case .string(let s): return (key, s)
            case .number(let n): return (key, n)
            case .bool(let b): return (key, b ? "true" : "false")
            case .array(let items): return (key, items.map { if case .string(let s) = $0 { return s } else { return $0.canonicalJSON } }.joined(separator: "、"))
            case .object, .null: return nil
            }
        }
    }
}

extension RuleCatalog {
    /// Every rule of the catalog under `policy`, in catalog order.
    public func listing(under policy: Policy) -> [RuleListing] {
        rules.map { Self.listing(of: $0, under: policy) }
    }

    private static func listing<R: AuditRule>(of rule: R, under policy: Policy) -> RuleListing {
        let settings = policy.settings(for: R.self)
        let values = (try? SettingsTreeEncoder.tree(settings.options)) ?? .object([:])
        return RuleListing(id: R.id, title: R.description.title, enabled: settings.enabled, severity: settings.severity,
                           basis: settings.basis, settings: values)
    }
}

extension JSONValue: Encodable {
    /// Numbers keep their text: integers as JSON integers, anything else as the decimal string
    /// the policy holds amounts and rates as.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let n):
            var c = encoder.singleValueContainer()
            if let i = Int(n) { try c.encode(i) } else { try c.encode(n) }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let object):
            var c = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in object { try c.encode(value, forKey: AnyKey(key)) }
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
