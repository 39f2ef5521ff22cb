import Foundation

/// Whether a bundle was audited: a run that could not look at a hospital's books must not read
/// like a clean one.
public enum AuditStatus: String, Sendable, Codable {
    /// Every table the bundle has was read (bad lines are listed as errors).
    case audited
    /// The hospital is known, but its ledger or another table is missing or could not be read:
    /// what the rules found stands, what they could not see is unknown.
    case incomplete
    /// No hospital to audit: no usable entity row.
    case notAudited = "not_audited"
}

/// What auditing one bundle produced: its hospital, findings, and the account of every file.
public struct BundleAudit: Sendable {
    public let bundle: String
    public var status = AuditStatus.audited
    /// Why the status is not `audited`.
    public var statusReasons: [LocalizedText] = []
    public var hospital: Hospital?
    public var policy: Policy?
    public var findings: [Finding] = []
    public var files: [FileReport] = []
    public var digests: [String: String] = [:]
    public var errors: [InputError] = []
    /// Revenue and net result of the latest period (statements when given, else ledger), with
    /// the lines they come from: the document states the margin, peer rules compare it.
    public var figures: ResultFigures?
    /// The margin as the document states it.
    public var margin: String? { figures?.margin.map { RuleText.ratio($0) } }
    public var facts: Facts?

    /// A table file that was there but could not be read.
    mutating func unread(_ table: String) {
        let name = Self.title(table)
        incomplete(LocalizedText(zh: "\(name.zh)（\(table)）无法读取", en: "the \(name.en) table (\(table)) could not be read"))
    }

    /// A table file that was read but cannot be used as a whole (no header it can be read by,
    /// amounts beyond what can be summed exactly): its errors say why.
    mutating func unused(_ table: String) {
        let name = Self.title(table)
        incomplete(LocalizedText(zh: "\(name.zh)（\(table)）未能使用", en: "the \(name.en) table (\(table)) could not be used"))
    }

    private static func title(_ table: String) -> LocalizedText {
        TableCatalog.schema(table).map { LocalizedText(zh: $0.title.zh, en: $0.title.en) } ?? LocalizedText(zh: table, en: table)
    }

    /// Part of the books unseen, for this reason: what the rules found stands, what they could
    /// not see is unknown.
    mutating func incomplete(_ reason: LocalizedText) {
        if status == .audited { status = .incomplete }
        statusReasons.append(reason)
    }

    public var score: Int {
        findings.reduce(0) { $0 + ($1.isSuppressed ? 0 : policy?.severityWeights[$1.severity] ?? 0) }
    }

    public var blacklisted: Bool {
        guard let policy else { return false }
        return score >= policy.blacklistThreshold
    }
}

/// Runs the rules that compare hospitals over all the audits of a run.
public enum PeerReview {
    public static func apply(_ audits: inout [BundleAudit]) {
        apply(&audits, rules: RuleRegistry.all)
    }

    public static func apply(_ audits: inout [BundleAudit], rules: [any AuditRule]) {
        for (index, finding) in findings(over: audits, rules: rules) { audits[index].findings.append(finding) }
        for index in audits.indices { OverflowedFindings.withhold(from: &audits[index]) }
    }

    /// The cross-hospital findings, by the index of the audit each is about, with the
    /// consequences its hospital's policy gives. Only hospitals, policies and figures are read.
    public static func findings(over audits: [BundleAudit], rules: [any AuditRule] = RuleRegistry.all) -> [(index: Int, finding: Finding)] {
        var found: [(index: Int, finding: Finding)] = []
        for rule in rules.compactMap({ $0 as? any PeerRule }) {
            for (index, finding) in rule.evaluate(peers: audits) {
                guard let finding = withConsequences(finding, of: audits[index]) else { continue }
                found.append((index, finding))
            }
        }
        return found
    }

    /// The finding with the consequences its hospital's policy gives it; nil without a policy.
    static func withConsequences(_ finding: Finding, of audit: BundleAudit) -> Finding? {
        guard let policy = audit.policy, let hospital = audit.hospital else { return nil }
        var finding = finding
        finding.consequences = policy.consequences
            .filter { $0.applies(to: finding, hospital: hospital) }
            .map(\.text)
        return finding
    }
}

/// How the policy is chosen: by the hospital's region unless the auditor names one.
public struct PolicyChoice: Sendable {
    public var file: String?
    public var region: String?
    /// The rules to run, and the national policy that must name each of them.
    public var catalog: RuleCatalog
    public var national: JSONValue?

    public init(file: String? = nil, region: String? = nil, catalog: RuleCatalog = RuleRegistry.catalog, national: JSONValue? = nil) {
        self.file = file
        self.region = region
        self.catalog = catalog
        self.national = national
    }

    /// Policies built so far, by region: a batch of a province's hospitals loads each once.
    private let built = PolicyCache()

    public func policy(for hospital: Hospital) throws -> Policy {
        let region = self.region ?? hospital.region
        return try built.policy(for: region ?? "") {
            try PolicyLoader.load(region: region, file: file, regionIsExplicit: self.region != nil, catalog: catalog, national: national)
        }
    }
}

/// Policies by region, shared by the threads of a batch. Loading one parses the policy files
/// and checks a schema: far more than auditing a small bundle.
final class PolicyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var policies: [String: Policy] = [:]

    func policy(for key: String, load: () throws -> Policy) throws -> Policy {
        lock.lock()
        defer { lock.unlock() }
        if let known = policies[key] { return known }
        let policy = try load()
        policies[key] = policy
        return policy
    }
}
