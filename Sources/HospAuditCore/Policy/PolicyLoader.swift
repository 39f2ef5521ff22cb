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

    /// The policy schema as published in `schemas/policy.schema.json`.
    public static let publishedSchema: JSONValue = {
        guard let text = EmbeddedPolicies.json["policy.schema"], let tree = try? JSONValue.parse(shipped: text) else {
            preconditionFailure("embedded policy schema does not parse")
        }
        return tree
    }()

    /// The shipped national policy, as its file has it.
    public static var national: JSONValue { embedded("national") }

    static func embedded(_ name: String) -> JSONValue {
        guard let text = EmbeddedPolicies.json[name], let tree = try? JSONValue.parse(shipped: text) else {
            preconditionFailure("embedded policy \(name) does not parse")
        }
        return tree
    }

    /// Loads the national policy on a thread of its own and throws it away. A process's first
    /// load pays the runtime's first-use costs (the type metadata and conformances of the
    /// settings' decoders, the regex engine, the rule catalog), a third of a small audit's
    /// start; begun before the arguments are parsed, on the core that is idle then, it leaves
    /// the audit's own load with those paid. What it loads is never used: the audit loads its
    /// hospital's policy itself. The process must `wait()` for it before it exits: exiting
    /// tears down what a load still running uses (a crash at exit, seen in 4% of runs).
    public static func warmUp() -> WarmUp {
        let warmUp = WarmUp()
        warmUp.running.enter()
        let thread = Thread {
            _ = try? load(region: nil)
            warmUp.running.leave()
        }
        thread.start()
        return warmUp
    }

    public final class WarmUp: Sendable {
        fileprivate let running = DispatchGroup()

        /// Returns once the load is over; at once every time after.
        public func wait() { running.wait() }
    }

    /// A region gets the profiles of its province, its prefecture and itself that exist, laid
    /// over the national policy widest first (110105 → 110000; 220202 → 220200). A region none
    /// of whose profiles exists gets the national policy; an explicitly requested region
    /// (`--region`) must have at least one.
    ///
    /// The rules' own defaults lie under everything. `catalog` and `national` are for packages
    /// that add rules: their national policy must name every rule of their catalog.
    public static func load(region: String?, file: String? = nil, regionIsExplicit: Bool = false,
                            catalog: RuleCatalog = RuleRegistry.catalog, national: JSONValue? = nil) throws -> Policy {
        let national = national ?? embedded("national")
        let schema = SchemaValidator(root: catalog.policySchema(from: publishedSchema))
        try catalog.checkKnown(national, source: "the national policy")
        try catalog.checkComplete(national: national)
        var tree = catalog.defaults.merged(with: national)
        var profiles = ["national"]
        if let region {
            let chain = RegionCode.chain(region).filter { EmbeddedPolicies.json[$0] != nil }
            if chain.isEmpty && regionIsExplicit { throw PolicyError.unknownRegion(region) }
            for code in chain {
                let profile = embedded(code)
                try catalog.checkKnown(profile, source: "the profile for region \(code)")
                tree = tree.merged(with: profile)
                profiles.append(code)
            }
        }
        if let file {
            let text: String
            do {
                text = try WholeFile.text(file, limit: WholeFile.optionLimit)
            } catch let error as FileReadError {
                throw PolicyError.unreadable(file: file, reason: error.reason)
            }
            let overlay: JSONValue
            do {
                overlay = try JSONValue.parse(yaml: text)
            } catch PolicyError.invalid(path: "", let message) {
                throw PolicyError.unreadable(file: file, reason: message)
            } catch let error as PolicyError {
                throw error
            } catch {
                throw PolicyError.unreadable(file: file, reason: "not valid YAML or JSON: \(error)")
            }
            // The file alone must be a valid (partial) policy, so a typo is reported at its own path.
            try catalog.checkKnown(overlay, source: file)
            do {
                _ = try schema.validate(overlay)
            } catch let failure as SchemaValidator.Failure {
                throw PolicyError.invalid(path: failure.path, message: failure.message)
            }
            tree = tree.merged(with: overlay)
            profiles.append(file)
        }
        do {
            let document = try schema.validate(tree)
            // Amounts the schema's pattern lets through may still be beyond what is kept exactly.
            if case .string(let text)? = document["materiality"], case .failure = NumberParser.money(text) {
                throw PolicyError.invalid(path: "materiality", message: "“\(text)” is beyond the amounts kept exactly (up to \(Money.trillions(Money.largestAmount)) trillion yuan)")
            }
            return Policy(document: document, options: try catalog.decodeSettings(document), profiles: profiles)
        } catch let failure as SchemaValidator.Failure {
            throw PolicyError.invalid(path: failure.path, message: failure.message)
        }
    }
}
