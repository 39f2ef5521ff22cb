import Foundation

/// The findings document of `schemas/findings.schema.json`: what a run found, for auditors
/// to file, scheduled checks to diff and other systems to ingest.
public struct FindingsDocument: Encodable {
    public static let schemaVersion = "1.0"

    struct Tool: Encodable { let name: String; let version: String }
    struct PolicyRef: Encodable { let name: String; let sha256: String }
    struct Input: Encodable {
        let bundle: String
        let file: String
        let table: String?
        let sha256: String?
        let encoding: String?
        let rows: Int
        let skipped: Int
        let errors: Int
    }
    struct Run: Encodable {
        let startedAt: String
        let language: String
        let policy: PolicyRef
        let policies: [PolicyRef]
        let inputs: [Input]
        enum CodingKeys: String, CodingKey {
            case language, policy, policies, inputs
            case startedAt = "started_at"
        }
    }
    struct Summary: Encodable {
        let hospitals: Int
        let findings: Int
        let bySeverity: [String: Int]
        let byRule: [String: Int]
        let inputErrors: Int
        let incomplete: Int
        let notAudited: Int
        let suppressed: Int
        enum CodingKeys: String, CodingKey {
            case hospitals, findings, incomplete, suppressed
            case notAudited = "not_audited"
            case bySeverity = "by_severity"
            case byRule = "by_rule"
            case inputErrors = "input_errors"
        }
    }
    struct HospitalEntry: Encodable {
        let hospitalID: String
        let name: String
        let ownership: String
        let region: String?
        let bundle: String
        let policy: String
        let policyProfiles: [String]
        let score: Int
        let blacklisted: Bool
        let margin: String?
        let findings: Int
        let status: String
        let statusReasons: [String]
        enum CodingKeys: String, CodingKey {
            case name, ownership, region, bundle, policy, score, blacklisted, margin, findings, status
            case hospitalID = "hospital_id"
            case policyProfiles = "policy_profiles"
            case statusReasons = "status_reasons"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(hospitalID, forKey: .hospitalID)
            try c.encode(name, forKey: .name)
            try c.encode(ownership, forKey: .ownership)
            try c.encode(region, forKey: .region)
            try c.encode(bundle, forKey: .bundle)
            try c.encode(policy, forKey: .policy)
            try c.encode(policyProfiles, forKey: .policyProfiles)
            try c.encode(score, forKey: .score)
            try c.encode(blacklisted, forKey: .blacklisted)
            try c.encode(margin, forKey: .margin)
            try c.encode(findings, forKey: .findings)
            try c.encode(status, forKey: .status)
            try c.encode(statusReasons, forKey: .statusReasons)
        }
    }
    /// A bundle with no hospital to audit, and why.
    struct NotAuditedEntry: Encodable {
        let bundle: String
        let reasons: [String]
    }
    struct FindingEntry: Encodable {
        let fingerprint: String
        let rule: String
        let title: LocalizedText
        let severity: String
        let hospitalID: String
        let period: String
        let counterparty: String?
        let amount: String?
        let currency: String
        let message: String
        let basis: [Citation]
        let evidence: [Evidence]
        let evidenceCount: Int
        let consequences: [String]
        let details: [String: String]
        let status: String
        let waiver: WaiverEntry?
        let firstSeen: String?
        let amountChanged: Bool?
        enum CodingKeys: String, CodingKey {
            case fingerprint, rule, title, severity, period, counterparty, amount, currency, message, basis, evidence
            case consequences, details, status, waiver
            case firstSeen = "first_seen"
            case amountChanged = "amount_changed"
            case hospitalID = "hospital_id"
            case evidenceCount = "evidence_count"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fingerprint, forKey: .fingerprint)
            try c.encode(rule, forKey: .rule)
            try c.encode(title, forKey: .title)
            try c.encode(severity, forKey: .severity)
            try c.encode(hospitalID, forKey: .hospitalID)
            try c.encode(period, forKey: .period)
            try c.encode(counterparty, forKey: .counterparty)
            try c.encode(amount, forKey: .amount)
            try c.encode(currency, forKey: .currency)
            try c.encode(message, forKey: .message)
            try c.encode(basis, forKey: .basis)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(evidenceCount, forKey: .evidenceCount)
            try c.encode(consequences, forKey: .consequences)
            try c.encode(details, forKey: .details)
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(waiver, forKey: .waiver)
            try c.encodeIfPresent(firstSeen, forKey: .firstSeen)
            try c.encodeIfPresent(amountChanged, forKey: .amountChanged)
        }
    }
    struct ErrorEntry: Encodable {
        let bundle: String
        let file: String?
        let line: Int?
        let endLine: Int?
        let column: String?
        let code: String
        let message: String
        enum CodingKeys: String, CodingKey {
            case bundle, file, line, column, code, message
            case endLine = "end_line"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(bundle, forKey: .bundle)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encodeIfPresent(endLine, forKey: .endLine)
            try c.encode(column, forKey: .column)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
        }
    }

    /// Why a finding is suppressed: the waiver's reason, who accepted it, until when.
    struct WaiverEntry: Encodable {
        let reason: String
        let acceptedBy: String
        let expires: String
        enum CodingKeys: String, CodingKey {
            case reason, expires
            case acceptedBy = "accepted_by"
        }
    }
    /// A finding of the previous run over the same bundles that this run no longer finds.
    struct ResolvedEntry: Encodable {
        let fingerprint: String
        let rule: String
        let hospitalID: String
        let period: String
        let counterparty: String?
        let firstSeen: String
        let lastSeen: String
        enum CodingKeys: String, CodingKey {
            case fingerprint, rule, period, counterparty
            case hospitalID = "hospital_id"
            case firstSeen = "first_seen"
            case lastSeen = "last_seen"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fingerprint, forKey: .fingerprint)
            try c.encode(rule, forKey: .rule)
            try c.encode(hospitalID, forKey: .hospitalID)
            try c.encode(period, forKey: .period)
            try c.encode(counterparty, forKey: .counterparty)
            try c.encode(firstSeen, forKey: .firstSeen)
            try c.encode(lastSeen, forKey: .lastSeen)
        }
    }
    /// How a waiver of the run's waivers file fared.
    struct WaiverOutcomeEntry: Encodable {
        let position: Int
        let names: String
        let state: String
        let findings: Int
        let reason: String
        let acceptedBy: String
        let expires: String
        enum CodingKeys: String, CodingKey {
            case position, names, state, findings, reason, expires
            case acceptedBy = "accepted_by"
        }
    }

    let schemaVersion = FindingsDocument.schemaVersion
    let tool = Tool(name: "hospaudit", version: HospAuditVersion.current)
    let run: Run
    let summary: Summary
    let hospitals: [HospitalEntry]
    let notAudited: [NotAuditedEntry]
    let findings: [FindingEntry]
    let errors: [ErrorEntry]
    let waivers: [WaiverOutcomeEntry]
    let resolved: [ResolvedEntry]

    enum CodingKeys: String, CodingKey {
        case tool, run, summary, hospitals, findings, errors, waivers, resolved
        case schemaVersion = "schema_version"
        case notAudited = "not_audited"
    }

    /// Builds the document in its fixed order: hospitals by id; findings by hospital, rule,
    /// period and fingerprint; errors by bundle, file and line.
    public init(audits: [BundleAudit], runErrors: [InputError] = [], startedAt: Date, english: Bool,
                waivers outcomes: [WaiverBook.Outcome] = [], resolved: [ResolvedFinding] = []) {
        func text(_ t: LocalizedText) -> String { english ? t.en : t.zh }
        let audited = audits.filter { $0.hospital != nil }
        var policies: [String: PolicyRef] = [:]
        for audit in audited { if let p = audit.policy { policies[p.sha256] = PolicyRef(name: p.name, sha256: p.sha256) } }
        let policyList = policies.values.sorted { ($0.name, $0.sha256) < ($1.name, $1.sha256) }
        let runPolicy: PolicyRef
        if policyList.count == 1 {
            runPolicy = policyList[0]
        } else {
            // One document may cover hospitals of several regions, each under its own policy.
            runPolicy = PolicyRef(name: policyList.isEmpty ? "none" : "by-region",
                                  sha256: SHA256.hex(Array(policyList.map(\.sha256).joined(separator: "\n").utf8)))
        }
        var inputs: [Input] = []
        for audit in audits {
            for report in audit.files {
                inputs.append(Input(bundle: audit.bundle, file: report.file, table: report.table,
                                    sha256: audit.digests[report.file], encoding: report.encoding,
                                    rows: report.used, skipped: report.skippedTotal, errors: report.errorCount))
            }
        }
        inputs.sort { ($0.bundle, $0.file) < ($1.bundle, $1.file) }
        run = Run(startedAt: ISO8601DateFormatter().string(from: startedAt), language: english ? "en" : "zh",
                  policy: runPolicy, policies: policyList, inputs: inputs)

        // Each fingerprint is a SHA-256: worked out once per finding, not once per comparison.
        let keyed = audited.flatMap(\.findings).map { (fingerprint: $0.fingerprint, finding: $0) }.sorted {
            ($0.finding.hospitalID, $0.finding.rule, $0.finding.period, $0.fingerprint)
                < ($1.finding.hospitalID, $1.finding.rule, $1.finding.period, $1.fingerprint)
        }
        let allFindings = keyed.map(\.finding)
        findings = keyed.map { Self.entry($1, fingerprint: $0, english: english) }
        hospitals = audited.map { Self.hospitalEntry($0, english: english) }.sorted { ($0.hospitalID, $0.bundle) < ($1.hospitalID, $1.bundle) }
        notAudited = audits.filter { $0.hospital == nil }
            .map { NotAuditedEntry(bundle: $0.bundle, reasons: $0.statusReasons.map(text)) }
            .sorted { $0.bundle < $1.bundle }
        let allErrors = (runErrors + audits.flatMap(\.errors)).sorted {
            ($0.bundle, $0.file ?? "", $0.line ?? 0, $0.column ?? "") < ($1.bundle, $1.file ?? "", $1.line ?? 0, $1.column ?? "")
        }
        errors = allErrors.map { Self.entry($0, english: english) }
        var bySeverity = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, 0) })
        var byRule: [String: Int] = [:]
        // Counts are of findings that stand; suppressed ones are listed, and counted apart.
        let standing = allFindings.filter { !$0.isSuppressed }
        for f in standing {
            bySeverity[f.severity.rawValue, default: 0] += 1
            byRule[f.rule, default: 0] += 1
        }
        summary = Summary(hospitals: audited.count, findings: standing.count, bySeverity: bySeverity,
                          byRule: byRule, inputErrors: allErrors.count,
                          incomplete: audited.filter { $0.status == .incomplete }.count, notAudited: notAudited.count,
                          suppressed: allFindings.count - standing.count)
        self.resolved = resolved.map {
            ResolvedEntry(fingerprint: $0.fingerprint, rule: $0.rule, hospitalID: $0.hospitalID, period: $0.period,
                          counterparty: $0.counterparty, firstSeen: $0.firstSeen, lastSeen: $0.lastSeen)
        }
        waivers = outcomes.map { o in
            WaiverOutcomeEntry(position: o.waiver.position, names: o.waiver.label, state: o.state.rawValue, findings: o.findings,
                               reason: o.waiver.reason, acceptedBy: o.waiver.acceptedBy, expires: o.waiver.expires.description)
        }
    }

    static func entry(_ f: Finding, fingerprint: String, english: Bool) -> FindingEntry {
        func text(_ t: LocalizedText) -> String { english ? t.en : t.zh }
        let title = RuleRegistry.rule(f.rule).map { type(of: $0).description.title } ?? LocalizedText(zh: f.rule, en: f.rule)
        return FindingEntry(
            fingerprint: fingerprint, rule: f.rule, title: title, severity: f.severity.rawValue,
            hospitalID: f.hospitalID, period: f.period, counterparty: f.counterparty, amount: f.amount?.description,
            currency: "CNY", message: text(f.message), basis: f.basis, evidence: f.evidence,
            evidenceCount: f.evidenceCount, consequences: f.consequences.map(text), details: f.details,
            status: f.isSuppressed ? "suppressed" : (f.recurrence?.status.rawValue ?? "new"),
            waiver: f.waiver.map { WaiverEntry(reason: $0.reason, acceptedBy: $0.acceptedBy, expires: $0.expires.description) },
            firstSeen: f.recurrence?.firstSeen,
            amountChanged: f.recurrence.flatMap { $0.status == .recurring ? $0.amountChanged : nil })
    }

    static func hospitalEntry(_ audit: BundleAudit, english: Bool) -> HospitalEntry {
        let h = audit.hospital!
        return HospitalEntry(hospitalID: h.id, name: h.name, ownership: h.ownership.rawValue, region: h.region,
                             bundle: audit.bundle, policy: audit.policy?.name ?? "",
                             policyProfiles: audit.policy?.profiles ?? [], score: audit.score,
                             blacklisted: audit.blacklisted, margin: audit.margin, findings: audit.findings.filter { !$0.isSuppressed }.count,
                             status: audit.status.rawValue, statusReasons: audit.statusReasons.map { english ? $0.en : $0.zh })
    }

    static func entry(_ e: InputError, english: Bool) -> ErrorEntry {
        ErrorEntry(bundle: e.bundle, file: e.file, line: e.line, endLine: e.endLine, column: e.column,
                   code: e.code.rawValue, message: english ? e.message.en : e.message.zh)
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
