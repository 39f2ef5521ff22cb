import Foundation

public enum PolicyError: Error, CustomStringConvertible, Equatable {
    case invalid(path: String, message: String)
    case unreadable(file: String, reason: String)
    case unknownRegion(String)

    public var description: String {
        switch self {
        case .invalid(let path, let message):
            return path.isEmpty ? "policy: \(message)" : "policy: \(path) \(message)"
        case .unreadable(let file, let reason):
            return "policy file \(file): \(reason)"
        case .unknownRegion(let code):
            return "no policy profile for region \(code) (known: \(PolicyLoader.regions.joined(separator: ", ")))"
        }
    }
}

/// Builds the active policy: the national default, then the region's profile, then an
/// auditor's file, each laid over the last; the result is checked against the policy schema.
public enum PolicyLoader {
    public static let regions = EmbeddedPolicies.json.keys.filter { $0.allSatisfy(\.isNumber) }.sorted()

    static let schema: SchemaValidator = {
        guard let text = EmbeddedPolicies.json["policy.schema"], let tree = try? JSONValue.parse(yaml: text) else {
            preconditionFailure("embedded policy schema does not parse")
        }
        return SchemaValidator(root: tree)
    }()

    static func embedded(_ name: String) -> JSONValue {
        guard let text = EmbeddedPolicies.json[name], let tree = try? JSONValue.parse(yaml: text) else {
            preconditionFailure("embedded policy \(name) does not parse")
        }
        return tree
    }

    /// A region without a profile of its own gets the national policy; an explicitly requested
    /// region (`--region`) must have one.
    public static func load(region: String?, file: String? = nil, regionIsExplicit: Bool = false) throws -> Policy {
        var tree = embedded("national")
        if let region {
            if EmbeddedPolicies.json[region] != nil {
                tree = tree.merged(with: embedded(region))
            } else if regionIsExplicit {
                throw PolicyError.unknownRegion(region)
            }
        }
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw PolicyError.unreadable(file: file, reason: error.localizedDescription)
            }
            let overlay: JSONValue
            do {
                overlay = try JSONValue.parse(yaml: text)
            } catch let error as PolicyError {
                throw error
            } catch {
                throw PolicyError.unreadable(file: file, reason: "not valid YAML or JSON: \(error)")
            }
            // The file alone must be a valid (partial) policy, so a typo is reported at its own path.
            do {
                _ = try schema.validate(overlay)
            } catch let failure as SchemaValidator.Failure {
                throw PolicyError.invalid(path: failure.path, message: failure.message)
            }
            tree = tree.merged(with: overlay)
        }
        do {
            return Policy(document: try schema.validate(tree))
        } catch let failure as SchemaValidator.Failure {
            throw PolicyError.invalid(path: failure.path, message: failure.message)
        }
    }
}
