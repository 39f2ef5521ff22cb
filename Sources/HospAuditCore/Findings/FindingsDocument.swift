import Foundation

/// The records of the findings document of `schemas/findings.schema.json`: what a run found,
/// for auditors to file, scheduled checks to diff and other systems to ingest. `DocumentStream`
/// writes the document from a collected run; `FindingLines` writes the same records a line each.
public enum FindingsDocument {
    public static let schemaVersion = "1.0"
    static let tool = Tool(name: "hospaudit", version: HospAuditVersion.current)

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

    /// `tally` counts its findings, cross-hospital ones included.
    static func hospitalEntry(_ audit: BundleAudit, tally: BundleTally, english: Bool) -> HospitalEntry {
        let h = audit.hospital!
        let score = tally.score(under: audit.policy)
        return HospitalEntry(hospitalID: h.id, name: h.name, ownership: h.ownership.rawValue, region: h.region,
                             bundle: audit.bundle, policy: audit.policy?.name ?? "",
                             policyProfiles: audit.policy?.profiles ?? [], score: score,
                             blacklisted: audit.policy.map { score >= $0.blacklistThreshold } ?? false, margin: audit.margin,
                             findings: tally.standing, status: audit.status.rawValue,
                             statusReasons: audit.statusReasons.map { english ? $0.en : $0.zh })
    }

    static func entry(_ e: InputError, english: Bool) -> ErrorEntry {
        ErrorEntry(bundle: e.bundle, file: e.file, line: e.line, endLine: e.endLine, column: e.column,
                   code: e.code.rawValue, message: english ? e.message.en : e.message.zh)
    }

}
