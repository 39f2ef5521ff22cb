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
    /// Net margin of the latest period (statements when given, else ledger).
    public var margin: String?
    public var marginValue: Decimal?
    /// The revenue and the lines (statement rows or ledger lines) the margin comes from.
    public var marginRevenue: Money?
    public var marginEvidence: [Evidence] = []
    public var marginEvidenceCount = 0
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
        for rule in RuleRegistry.all.compactMap({ $0 as? any PeerRule }) {
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

    public init(file: String? = nil, region: String? = nil) {
        self.file = file
        self.region = region
    }

    public func policy(for hospital: Hospital) throws -> Policy {
        if let region {
            return try PolicyLoader.load(region: region, file: file, regionIsExplicit: true)
        }
        return try PolicyLoader.load(region: hospital.region, file: file)
    }
}
