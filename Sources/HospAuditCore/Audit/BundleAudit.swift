import Foundation

/// What auditing one bundle produced: its hospital, findings, and the account of every file.
public struct BundleAudit: Sendable {
    public let bundle: String
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

    public var score: Int {
        findings.reduce(0) { $0 + (policy?.severityWeights[$1.severity] ?? 0) }
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
        for rule in rules.compactMap({ $0 as? any PeerRule }) {
            for (index, finding) in rule.evaluate(peers: audits) {
                guard let policy = audits[index].policy, let hospital = audits[index].hospital else { continue }
                var finding = finding
                finding.consequences = policy.consequences
                    .filter { $0.applies(rule: finding.rule, severity: finding.severity, hospital: hospital) }
                    .map(\.text)
                audits[index].findings.append(finding)
            }
        }
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

    public func policy(for hospital: Hospital) throws -> Policy {
        try PolicyLoader.load(region: region ?? hospital.region, file: file, regionIsExplicit: region != nil,
                              catalog: catalog, national: national)
    }
}
