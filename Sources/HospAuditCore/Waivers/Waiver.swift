import Foundation

/// A finding an auditor reviewed and accepted until a date: named by its fingerprint, or by
/// rule and hospital (and counterparty), with the reason and who accepted it.
public struct Waiver: Sendable, Equatable {
    public let fingerprint: String?
    public let rule: String?
    public let hospital: String?
    public let counterparty: String?
    public let reason: String
    public let acceptedBy: String
    /// The last day it holds.
    public let expires: Day
    /// Its place in the file, from 1.
    public let position: Int

    func matches(_ finding: Finding, fingerprint: String) -> Bool {
        if let own = self.fingerprint { return own == fingerprint }
        guard rule == finding.rule, hospital == finding.hospitalID else { return false }
        guard let counterparty else { return true }
        return finding.counterparty.map(PartyName.normalize) == PartyName.normalize(counterparty)
    }

    /// What a waiver is said to be in a report: its fingerprint, or rule, hospital and counterparty.
    public var label: String {
        fingerprint ?? [rule, hospital, counterparty].compactMap { $0 }.joined(separator: " ")
    }
}

public enum WaiverError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case invalid(file: String, path: String, message: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "waivers file \(file): \(reason)"
        case .invalid(let file, let path, let message): return "waivers file \(file): \(path) \(message)"
        }
    }
}

/// The waivers of a run, read from a YAML or JSON file checked against
/// `schemas/waivers.schema.json`.
public struct WaiverBook: Sendable {
    public let waivers: [Waiver]
    public let file: String

    public init(waivers: [Waiver], file: String = "waivers.yaml") {
        self.waivers = waivers
        self.file = file
    }

    public static let schema: JSONValue = {
        guard let text = EmbeddedPolicies.json["waivers.schema"], let tree = try? JSONValue.parse(shipped: text) else {
            preconditionFailure("embedded waivers schema does not parse")
        }
        return tree
    }()

    public static func load(path: String) throws -> WaiverBook {
        let text: String
        do {
            text = try WholeFile.text(path, limit: WholeFile.optionLimit)
        } catch let error as FileReadError {
            throw WaiverError.unreadable(file: path, reason: error.reason)
        }
        let tree: JSONValue
        do {
            tree = try JSONValue.parse(yaml: text)
        } catch let PolicyError.invalid(_, message) {
            throw WaiverError.unreadable(file: path, reason: message)
        } catch {
            throw WaiverError.unreadable(file: path, reason: "not valid YAML or JSON: \(error)")
        }
        let document: JSONValue
        do {
            document = try SchemaValidator(root: schema).validate(tree)
        } catch let failure as SchemaValidator.Failure {
            throw WaiverError.invalid(file: path, path: failure.path, message: failure.message)
        }
        guard case .array(let items)? = document["waivers"] else { return WaiverBook(waivers: [], file: path) }
        var waivers: [Waiver] = []
        for (index, item) in items.enumerated() {
            func text(_ key: String) -> String? { if case .string(let v)? = item[key] { return v } else { return nil } }
            let at = "waivers[\(index)]"
            guard case .success(let day?) = DateParser.parse(text("expires") ?? "") else {
                throw WaiverError.invalid(file: path, path: "\(at).expires", message: "is not a date")
            }
            let fingerprint = text("fingerprint")
            if fingerprint == nil && (text("rule") == nil || text("hospital") == nil) {
                throw WaiverError.invalid(file: path, path: at, message: "needs a fingerprint, or a rule and a hospital")
            }
            if fingerprint != nil && (text("rule") != nil || text("hospital") != nil || text("counterparty") != nil) {
                throw WaiverError.invalid(file: path, path: at, message: "names a finding by fingerprint or by rule and hospital, not both")
            }
            waivers.append(Waiver(fingerprint: fingerprint, rule: text("rule"), hospital: text("hospital"),
                                  counterparty: text("counterparty"), reason: text("reason") ?? "",
                                  acceptedBy: text("accepted_by") ?? "", expires: day, position: index + 1))
        }
        return WaiverBook(waivers: waivers, file: path)
    }

    /// How each waiver fared in a run.
    public struct Outcome: Sendable {
        public enum State: String, Sendable { case applied, expired, unmatched }
        public let waiver: Waiver
        public let state: State
        /// Findings it suppressed (applied) or would have (expired).
        public let findings: Int
    }

    /// Marks the findings of live waivers suppressed. A waiver past its date suppresses
    /// nothing; it and one that matches no finding are reported.
    public func apply(to audits: inout [BundleAudit], on today: Day) -> [Outcome] {
        var counts = [Int](repeating: 0, count: waivers.count)
        for a in audits.indices {
            for f in audits[a].findings.indices {
                mark(&audits[a].findings[f], fingerprint: audits[a].findings[f].fingerprint, on: today, counts: &counts)
            }
        }
        return outcomes(counts: counts, on: today)
    }

    /// Suppresses one finding under the first live waiver that names it, and counts it for
    /// every waiver that names it (`counts` by waiver, in the file's order).
    public func mark(_ finding: inout Finding, fingerprint: String, on today: Day, counts: inout [Int]) {
        for (w, waiver) in waivers.enumerated() where waiver.matches(finding, fingerprint: fingerprint) {
            counts[w] += 1
            if waiver.expires >= today && finding.waiver == nil { finding.waiver = waiver }
        }
    }

    public func outcomes(counts: [Int], on today: Day) -> [Outcome] {
        waivers.enumerated().map { w, waiver in
            Outcome(waiver: waiver, state: waiver.expires < today ? .expired : (counts[w] == 0 ? .unmatched : .applied), findings: counts[w])
        }
    }
}
