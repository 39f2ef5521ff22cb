import Foundation

/// A rule's own settings: a `Codable` struct whose property defaults are the rule's defaults.
/// The policy's entry for the rule is laid over them, so a key the policy leaves out keeps the
/// value written here, in the rule's file, and nowhere else. Keys are the properties' names in
/// snake case (`approvalThreshold` ↔ `approval_threshold`).
public protocol RuleConfiguration: Codable, Sendable, Equatable {
    init()
    /// Smallest values of integer settings, by key, for the policy schema (default 1).
    static var integerMinimums: [String: Int] { get }
}

extension RuleConfiguration {
    public static var integerMinimums: [String: Int] { [:] }

    /// The defaults as policy data, laid under the shipped policy so the merged document says
    /// every value that is in force.
    public static var defaults: JSONValue {
        (try? SettingsTreeEncoder.tree(Self())) ?? .object([:])
    }

    /// The settings a policy's entry for the rule gives, over the defaults.
    public static func decode(_ entry: JSONValue) throws -> Self {
        try decode(merged: defaults.merged(with: entry))
    }

    /// The settings of an entry that already holds the defaults: a loaded policy's, whose
    /// document was laid over the catalog's defaults.
    static func decode(merged entry: JSONValue) throws -> Self {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Self.self, from: Data(entry.canonicalJSON.utf8))
    }

    /// The JSON Schema of the settings, key by key, as `policy.schema.json` states it.
    static var schemaProperties: [String: JSONValue] {
        let recorder = SettingsSchemaRecorder(minimums: integerMinimums)
        try? Self().encode(to: recorder)
        return recorder.properties
    }
}

/// For rules with nothing to set but the switch, severity and basis every rule has.
public struct NoSettings: RuleConfiguration {
    public init() {}
}

/// A rule's entry in the active policy: the switch, severity and basis every rule has, and the
/// rule's own typed settings, read as `settings.approvalThreshold`.
@dynamicMemberLookup
public struct RuleSettings<Options: RuleConfiguration>: Sendable {
    public let id: String
    public let enabled: Bool
    public let severity: Severity
    public let basis: [Citation]
    public let options: Options

    public init(id: String, enabled: Bool = true, severity: Severity, basis: [Citation] = [], options: Options = Options()) {
        self.id = id
        self.enabled = enabled
        self.severity = severity
        self.basis = basis
        self.options = options
    }

    public subscript<T>(dynamicMember path: KeyPath<Options, T>) -> T { options[keyPath: path] }
}
