import Foundation

/// A set of rules and what follows from it: which ids a policy may name, the defaults laid
/// under the shipped policy, the rule part of the policy schema, and the catalog table.
/// The shipped catalog is `RuleRegistry.catalog`; a package that adds rules builds its own.
public struct RuleCatalog: Sendable {
    public let rules: [any AuditRule]
    /// Every rule's default settings as a partial policy, to lay the policy files over.
    public let defaults: JSONValue
    /// The `rules` property of the policy schema: exactly the catalog's ids, each with the
    /// switch, severity and basis every rule has and its own settings.
    public let schemaRules: JSONValue

    /// Defaults and schema are worked out here, once: every policy load uses them.
    public init(_ rules: [any AuditRule]) {
        self.rules = rules
        var entries: [String: JSONValue] = [:]
        var properties: [String: JSONValue] = [:]
        for rule in rules {
            // Defaults, schema and settings are kept by id.
            precondition(entries[type(of: rule).description.id] == nil, "two rules of a catalog are \(type(of: rule).description.id)")
            entries[type(of: rule).description.id] = Self.defaults(of: rule)
            properties[type(of: rule).description.id] = Self.schema(of: rule)
        }
        defaults = .object(["rules": .object(entries)])
        schemaRules = .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(properties)])
    }

    public var ids: [String] { rules.map { type(of: $0).description.id } }

    public func rule(_ id: String) -> (any AuditRule)? {
        rules.first { type(of: $0).description.id == id.uppercased() }
    }

    private static func defaults<R: AuditRule>(of rule: R) -> JSONValue { R.Settings.defaults }

    private static func schema<R: AuditRule>(of rule: R) -> JSONValue {
        var properties = R.Settings.schemaProperties
        properties["enabled"] = .object(["type": .string("boolean")])
        properties["severity"] = .object(["$ref": .string("#/$defs/severity")])
        properties["basis"] = .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/citation")])])
        return .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(properties)])
    }

    /// The policy schema with its rule part made from this catalog.
    public func policySchema(from published: JSONValue) -> JSONValue {
        guard case .object(var root) = published, case .object(var properties)? = root["properties"] else { return published }
        properties["rules"] = schemaRules
        root["properties"] = .object(properties)
        if case .object(var defs)? = root["$defs"] {
            defs["rule"] = nil
            root["$defs"] = .object(defs)
        }
        return .object(root)
    }

    /// Every rule's typed settings under a merged policy document (laid over `defaults`).
    func decodeSettings(_ document: JSONValue) throws -> [String: any Sendable] {
        var decoded: [String: any Sendable] = [:]
        for rule in rules {
            let id = type(of: rule).description.id
            decoded[id] = try Self.decode(rule, entry: document["rules"]?[id] ?? defaults["rules"]?[id] ?? .object([:]), id: id)
        }
        return decoded
    }

    private static func decode<R: AuditRule>(_ rule: R, entry: JSONValue, id: String) throws -> any Sendable {
        do {
            return try R.Settings.decode(merged: entry)
        } catch {
            throw PolicyError.invalid(path: "rules.\(id)", message: "does not give the rule's settings: \(error)")
        }
    }

    /// A policy document may only name rules of the catalog.
    func checkKnown(_ document: JSONValue, source: String) throws {
        guard case .object(let entries)? = document["rules"] else { return }
        for id in entries.keys.sorted() where rule(id) == nil || id != id.uppercased() {
            throw PolicyError.invalid(
                path: "rules.\(id)",
                message: "in \(source) is not a rule of the catalog (known: \(ids.joined(separator: ", ")))")
        }
    }

    /// The national policy decides for every rule whether it is on and how severe it is: a rule
    /// it does not name would be silently off, so it is refused.
    func checkComplete(national: JSONValue) throws {
        for id in ids {
            guard let entry = national["rules"]?[id] else {
                throw PolicyError.invalid(path: "rules.\(id)", message: "is a rule of the catalog the national policy does not name; give it enabled, severity and basis there")
            }
            for key in ["enabled", "severity"] where entry[key] == nil {
                throw PolicyError.invalid(path: "rules.\(id).\(key)", message: "is missing from the national policy")
            }
        }
    }

    /// The catalog as the README's rule table states it.
    public var markdownTable: String {
        var lines = ["| id | catches | default severity |", "|---|---|---|"]
        for rule in rules {
            let d = type(of: rule).description
            lines.append("| \(d.id) | \(d.summary) | \(d.severities) |")
        }
        return lines.joined(separator: "\n")
    }
}
