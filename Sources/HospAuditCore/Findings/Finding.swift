/// One audit finding: what happened, how much, under which clause, and the lines that prove it.
public struct Finding: Sendable, Codable {
    public var rule: String
    public var severity: Severity
    public var hospitalID: String
    public var period: String
    public var counterparty: String?
    public var amount: Money?
    public var message: LocalizedText
    public var basis: [Citation]
    public var evidence: [Evidence]
    /// How many evidence lines there are in all (only the first are listed).
    public var evidenceCount: Int
    public var consequences: [LocalizedText] = []
    /// Rule-specific figures (margin, disclosed amount …) as decimal strings.
    public var details: [String: String] = [:]
    /// What, besides rule, hospital and period, makes this finding this one (a counterparty,
    /// a voucher): the fingerprint is taken over these, never over line numbers or amounts.
    public var subject: String
    /// The waiver that accepted it, if one did: it is reported as suppressed and counts for
    /// neither the score nor `--fail-on`.
    public var waiver: Waiver?
    public var isSuppressed: Bool { waiver != nil }
    /// Against the previous run of the same bundles, when the run keeps a history.
    public var recurrence: Recurrence?

    /// What a shard carries: the finding as the rules made it. Waivers and history are applied
    /// to the whole run, after its shards are merged.
    enum CodingKeys: String, CodingKey {
        case rule, severity, hospitalID, period, counterparty, amount, message, basis, evidence, evidenceCount
        case consequences, details, subject
    }

    public init(rule: String, severity: Severity, hospitalID: String, period: String, counterparty: String? = nil,
                amount: Money?, message: LocalizedText, basis: [Citation], evidence: [Evidence],
                evidenceCount: Int? = nil, details: [String: String] = [:], subject: String) {
        self.rule = rule
        self.severity = severity
        self.hospitalID = hospitalID
        self.period = period
        self.counterparty = counterparty
        self.amount = amount
        self.message = message
        self.basis = basis
        self.evidence = evidence
        self.evidenceCount = evidenceCount ?? evidence.count
        self.details = details
        self.subject = subject
    }

    /// Stable across runs and machines for the same facts: the first 128 bits (32 hex
    /// characters) of a SHA-256 over rule, hospital, period and subject.
    public var fingerprint: String {
        String(SHA256.hex(Array([rule, hospitalID, period, subject].joined(separator: "\u{1F}").utf8)).prefix(32))
    }
}
