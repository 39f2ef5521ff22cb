import Foundation

public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low, info

    /// Higher is worse.
    public var rank: Int {
        switch self {
        case .critical: return 4
        case .high: return 3
        case .medium: return 2
        case .low: return 1
        case .info: return 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A clause a finding rests on: document number (or title) and clause.
public struct Citation: Codable, Equatable, Hashable, Sendable {
    public let document: String
    public let clause: String

    public init(document: String, clause: String) {
        self.document = document
        self.clause = clause
    }
}

/// One rule's entry in the active policy, untyped: the switch, severity and basis every rule
/// has. The rule's own settings are typed by the rule (`Policy.settings(for:)`).
public struct RuleEntry: Sendable {
    public let id: String
    public let enabled: Bool
    public let severity: Severity
    public let basis: [Citation]
    let raw: JSONValue

    init(id: String, raw: JSONValue) {
        self.id = id
        self.raw = raw
        enabled = raw["enabled"] == .bool(true)
        if case .string(let s)? = raw["severity"], let severity = Severity(rawValue: s) {
            self.severity = severity
        } else {
            self.severity = .medium
        }
        if case .array(let items)? = raw["basis"] {
            basis = items.compactMap { item in
                guard case .string(let document)? = item["document"] else { return nil }
                if case .string(let clause)? = item["clause"] { return Citation(document: document, clause: clause) }
                return Citation(document: document, clause: "")
            }
        } else {
            basis = []
        }
    }
}

/// An account class (fee, rent, profit_distribution …) as code prefixes and name keywords.
public struct AccountClassDefinition: Sendable {
    public struct Prefix: Sendable {
        public let prefix: String
        /// The accounting standards (会计制度) the prefix belongs to; empty means any.
        public let standards: [String]
        public let fromYear: Int?
        public let untilYear: Int?
    }

    public let name: String
    public let prefixes: [Prefix]
    public let keywords: [String]
    /// Text removed from the account name before keywords are looked for.
    public let ignore: [String]
    /// Prefixes alone decide when they apply (revenue, expense).
    public let exclusive: Bool
}

/// A consequence the policy attaches to findings (loss of tax exemption, credit referral …).
public struct ConsequenceDefinition: Sendable {
    public let id: String
    public let severities: [Severity]
    public let rules: [String]
    public let nonprofit: Bool?
    public let taxExempt: Bool?
    public let text: LocalizedText

    /// Whether it follows from a finding. Ownership and tax exemption are those registered in
    /// the finding's year: a hospital that changed its ownership answers for each year as it
    /// then was.
    func applies(to finding: Finding, hospital: Hospital) -> Bool {
        let registered = Int(finding.period.prefix(4)).map { hospital.asOf(year: $0) } ?? hospital
        return applies(rule: finding.rule, severity: finding.severity, hospital: registered)
    }

    func applies(rule: String, severity: Severity, hospital: Hospital) -> Bool {
        if !severities.isEmpty && !severities.contains(severity) { return false }
        if !rules.isEmpty && !rules.contains(where: { pattern in
            pattern.hasSuffix("*") ? rule.hasPrefix(String(pattern.dropLast())) : rule == pattern
        }) { return false }
        if let nonprofit, nonprofit != (hospital.ownership == .nonprofit) { return false }
        if let taxExempt, taxExempt != (hospital.taxExempt ?? false) { return false }
        return true
    }
}

/// The active policy: thresholds, switches, citations, account classes, the LPR history,
/// severity weights and consequences. Everything a rule decides by comes from here.
public struct Policy: Sendable {
    public let name: String
    public let title: LocalizedText
    public let materiality: Money
    public let rules: [String: RuleEntry]
    /// Each catalog rule's typed settings, decoded when the policy was loaded.
    let options: [String: any Sendable]
    public let accountClasses: [AccountClassDefinition]
    /// One-year LPR, oldest first.
    public let lpr: [(from: Day, rate: Decimal)]
    public let severityWeights: [Severity: Int]
    public let blacklistThreshold: Int
    public let consequences: [ConsequenceDefinition]
    /// SHA-256 of the canonical JSON of the whole merged policy.
    public let sha256: String
    public let document: JSONValue
    /// What was laid over the rules' defaults, in order: "national", the region profiles that
    /// reached the hospital (110000 …), the auditor's policy file.
    public let profiles: [String]

    init(document: JSONValue, options: [String: any Sendable] = [:], profiles: [String] = ["national"]) {
        self.document = document
        self.profiles = profiles
        self.options = options
        sha256 = SHA256.hex(Array(document.canonicalJSON.utf8))
        if case .string(let n)? = document["name"] { name = n } else { name = "custom" }
        if case .string(let zh)? = document["title"]?["zh"], case .string(let en)? = document["title"]?["en"] {
            title = LocalizedText(zh: zh, en: en)
        } else {
            title = LocalizedText(zh: name, en: name)
        }
        if case .string(let m)? = document["materiality"], case .success(let money?) = NumberParser.money(m) {
            materiality = money
        } else {
            materiality = Money(yuan: 10_000)
        }
        var rules: [String: RuleEntry] = [:]
        if case .object(let object)? = document["rules"] {
            for (id, raw) in object { rules[id] = RuleEntry(id: id, raw: raw) }
        }
        self.rules = rules
        var classes: [AccountClassDefinition] = []
        if case .array(let items)? = document["account_classes"] {
            for item in items {
                guard case .string(let name)? = item["class"] else { continue }
                var prefixes: [AccountClassDefinition.Prefix] = []
                if case .array(let list)? = item["prefixes"] {
                    for p in list {
                        guard case .string(let prefix)? = p["prefix"] else { continue }
                        var standards: [String] = []
                        if case .array(let s)? = p["standards"] {
                            standards = s.compactMap { if case .string(let v) = $0 { return v } else { return nil } }
                        }
                        func year(_ key: String) -> Int? {
                            if case .number(let n)? = p[key] { return Int(n) }
                            return nil
                        }
                        prefixes.append(.init(prefix: prefix, standards: standards, fromYear: year("from_year"), untilYear: year("until_year")))
                    }
                }
                var keywords: [String] = []
                if case .array(let list)? = item["keywords"] {
                    keywords = list.compactMap { if case .string(let v) = $0 { return v } else { return nil } }
                }
                var ignore: [String] = []
                if case .array(let list)? = item["ignore"] {
                    ignore = list.compactMap { if case .string(let v) = $0 { return v } else { return nil } }
                }
                classes.append(AccountClassDefinition(name: name, prefixes: prefixes, keywords: keywords, ignore: ignore,
                                                      exclusive: item["exclusive"] == .bool(true)))
            }
        }
        accountClasses = classes
        var lpr: [(Day, Decimal)] = []
        if case .array(let items)? = document["lpr_one_year"] {
            for item in items {
                guard case .string(let from)? = item["from"], case .success(let day?) = DateParser.parse(from),
                      case .string(let rate)? = item["rate"], let value = Decimal(string: rate) else { continue }
                lpr.append((day, value))
            }
        }
        self.lpr = lpr.sorted { $0.0 < $1.0 }
        var weights: [Severity: Int] = [:]
        for severity in Severity.allCases {
            if case .number(let n)? = document["severity_weights"]?[severity.rawValue] { weights[severity] = Int(n) }
        }
        severityWeights = weights
        if case .number(let n)? = document["blacklist_threshold"], let v = Int(n) { blacklistThreshold = v } else { blacklistThreshold = 12 }
        var consequences: [ConsequenceDefinition] = []
        if case .array(let items)? = document["consequences"] {
            for item in items {
                guard case .string(let id)? = item["id"], case .string(let zh)? = item["text"]?["zh"],
                      case .string(let en)? = item["text"]?["en"] else { continue }
                let when = item["when"]
                func list(_ key: String) -> [String] {
                    guard case .array(let values)? = when?[key] else { return [] }
                    return values.compactMap { if case .string(let v) = $0 { return v } else { return nil } }
                }
                func flag(_ key: String) -> Bool? {
                    if case .bool(let b)? = when?[key] { return b }
                    return nil
                }
                consequences.append(ConsequenceDefinition(
                    id: id, severities: list("severity").compactMap(Severity.init), rules: list("rules"),
                    nonprofit: flag("nonprofit"), taxExempt: flag("tax_exempt"), text: LocalizedText(zh: zh, en: en)))
            }
        }
        self.consequences = consequences
    }

    public func rule(_ id: String) -> RuleEntry {
        rules[id] ?? RuleEntry(id: id, raw: .object([:]))
    }

    /// A rule's entry with its settings typed. A rule the policy was not loaded for (one of
    /// another catalog) has its settings read from its entry here.
    public func settings<R: AuditRule>(for type: R.Type) -> RuleSettings<R.Settings> {
        let entry = rule(R.id)
        let options = self.options[R.id] as? R.Settings ?? (try? R.Settings.decode(entry.raw)) ?? R.Settings()
        return RuleSettings(id: R.id, enabled: entry.enabled, severity: entry.severity, basis: entry.basis, options: options)
    }

    /// The one-year LPR in force on `day` (the latest published on or before it).
    public func lpr(on day: Day) -> Decimal? {
        lpr.last { $0.from <= day }?.rate
    }
}
