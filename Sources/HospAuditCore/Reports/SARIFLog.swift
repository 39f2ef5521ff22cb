import Foundation

/// A findings document as a SARIF 2.1.0 log, for code-scanning dashboards and ticketing systems:
/// one run whose rules are the catalog's, one result a finding, each evidence line a location
/// (the bundle's file and line), the fingerprint as the partial fingerprint, the history as the
/// baseline state and waivers as accepted suppressions.
public enum SARIFLog {
    public static func data(_ document: ReportDocument, english: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(log(document, english: english)) + Data([0x0A])
    }

    /// critical and high are errors, medium a warning, low and info notes.
    static func level(_ severity: String) -> String {
        switch severity {
        case "critical", "high": return "error"
        case "medium": return "warning"
        default: return "note"
        }
    }

    static func log(_ document: ReportDocument, english: Bool) -> Log {
        func text(_ t: LocalizedText) -> String { english ? t.en : t.zh }
        let national = try? PolicyLoader.load(region: nil)
        let severities = Dictionary(uniqueKeysWithValues: (national.map { RuleRegistry.catalog.listing(under: $0) } ?? []).map { ($0.id, $0.severity) })
        let rules = RuleRegistry.all.map { rule -> Rule in
            let d = type(of: rule).description
            return Rule(id: d.id, name: d.title.en.camelCased, shortDescription: Message(text: text(d.title)),
                        fullDescription: Message(text: text(d.catches)), help: Message(text: text(d.whyItMatters)),
                        defaultConfiguration: Configuration(level: level(severities[d.id]?.rawValue ?? "medium")))
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let history = document.hasHistory
        var results = document.findings.map { f -> Result in
            let bundle = document.bundle(of: f.hospitalId)
            let locations = f.evidence.map { e in
                Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: Self.uri(bundle: bundle, file: e.file)),
                    region: e.line > 0 ? Region(startLine: e.line) : nil),
                    message: Message(text: [e.entryId, e.date, e.account, e.summary].filter { !$0.isEmpty }.joined(separator: " ")))
            }
            var state: String?
            if history {
                state = f.status == "recurring" ? (f.amountChanged == true ? "updated" : "unchanged") : (f.firstSeen != nil ? "new" : nil)
            }
            return Result(
                ruleId: f.rule, ruleIndex: ruleIndex[f.rule], level: level(f.severity), message: Message(text: f.message),
                locations: locations, partialFingerprints: ["hospaudit/v1": f.fingerprint], baselineState: state,
                suppressions: f.waiver.map { w in
                    [Suppression(kind: "external", status: "accepted",
                                 justification: "\(w.reason) (\(w.acceptedBy), \(english ? "until" : "有效至") \(w.expires))")]
                },
                properties: Properties(hospitalId: f.hospitalId, bundle: bundle, period: f.period, counterparty: f.counterparty,
                                       amount: f.amount, severity: f.severity, evidenceCount: f.evidenceCount,
                                       basis: f.basis.map { "\($0.document) \($0.clause)" }, consequences: f.consequences))
        }
        // What the previous run found and this one does not: absent from the baseline.
        for r in document.resolved ?? [] {
            results.append(Result(
                ruleId: r.rule, ruleIndex: ruleIndex[r.rule], level: "none",
                message: Message(text: english ? "No longer found (first seen \(r.firstSeen), last seen \(r.lastSeen))."
                                               : "已不再出现（首次发现 \(r.firstSeen)，最后一次 \(r.lastSeen)）。"),
                locations: [], partialFingerprints: ["hospaudit/v1": r.fingerprint], baselineState: "absent", suppressions: nil,
                properties: Properties(hospitalId: r.hospitalId, bundle: document.bundle(of: r.hospitalId), period: r.period,
                                       counterparty: r.counterparty, amount: nil, severity: nil, evidenceCount: nil, basis: nil,
                                       consequences: nil)))
        }
        let run = Run(tool: Tool(driver: Driver(name: "hospaudit", version: document.tool.version, semanticVersion: document.tool.version,
                                                rules: rules)),
                      invocations: [invocation(document, english: english)],
                      results: results, language: english ? "en-US" : "zh-CN")
        return Log(runs: [run])
    }

    /// A run that could not audit every hospital whole did not succeed, and says which.
    static func invocation(_ document: ReportDocument, english: Bool) -> Invocation {
        var notes: [Notification] = []
        for h in document.hospitals where (h.status ?? "audited") != "audited" {
            let why = (h.statusReasons ?? []).joined(separator: "; ")
            notes.append(Notification(level: "error", message: Message(text: english ? "\(h.name) (\(h.bundle)) was audited incompletely: \(why)"
                                                                               : "\(h.name)（\(h.bundle)）审计不完整：\(why)")))
        }
        for n in document.notAudited ?? [] {
            let why = n.reasons.joined(separator: "; ")
            notes.append(Notification(level: "error", message: Message(text: english ? "\(n.bundle) was not audited: \(why)" : "\(n.bundle) 未审计：\(why)")))
        }
        return Invocation(executionSuccessful: notes.isEmpty, startTimeUtc: document.run.startedAt,
                          toolExecutionNotifications: notes.isEmpty ? nil : notes)
    }

    /// Evidence sits in a bundle's file: its URI relative to the run's root, path segments
    /// percent-encoded as RFC 3986 wants (Chinese bundle names included).
    static func uri(bundle: String?, file: String) -> String {
        let path = [bundle, file].compactMap { $0 }.joined(separator: "/")
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]@!$&'()*+,=:")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }.joined(separator: "/")
    }

    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]
        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }
    struct Run: Encodable {
        let tool: Tool
        let invocations: [Invocation]
        let results: [Result]
        let language: String
    }
    struct Tool: Encodable { let driver: Driver }
    struct Driver: Encodable {
        let name: String
        let version: String
        let semanticVersion: String
        let rules: [Rule]
    }
    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Message
        let fullDescription: Message
        let help: Message
        let defaultConfiguration: Configuration
    }
    struct Configuration: Encodable { let level: String }
    struct Message: Encodable { let text: String }
    struct Invocation: Encodable {
        let executionSuccessful: Bool
        let startTimeUtc: String
        let toolExecutionNotifications: [Notification]?
    }
    struct Notification: Encodable {
        let level: String
        let message: Message
    }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int?
        let level: String
        let message: Message
        let locations: [Location]
        let partialFingerprints: [String: String]
        let baselineState: String?
        let suppressions: [Suppression]?
        let properties: Properties
    }
    struct Location: Encodable {
        let physicalLocation: PhysicalLocation
        let message: Message
    }
    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        /// None for evidence of a file as a whole (line 0).
        let region: Region?
    }
    struct ArtifactLocation: Encodable { let uri: String }
    struct Region: Encodable { let startLine: Int }
    struct Suppression: Encodable {
        let kind: String
        let status: String
        let justification: String
    }
    /// What SARIF has no field for: the hospital, the period and the money.
    struct Properties: Encodable {
        let hospitalId: String
        let bundle: String?
        let period: String
        let counterparty: String?
        let amount: String?
        let severity: String?
        let evidenceCount: Int?
        let basis: [String]?
        let consequences: [String]?
        enum CodingKeys: String, CodingKey {
            case bundle, period, counterparty, amount, severity, basis, consequences
            case hospitalId = "hospital_id"
            case evidenceCount = "evidence_count"
        }
    }
}

extension String {
    /// "Margin out of line with peers" → "MarginOutOfLineWithPeers": a SARIF rule name.
    var camelCased: String {
        split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
