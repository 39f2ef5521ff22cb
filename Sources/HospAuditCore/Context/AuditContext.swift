/// Everything about a hospital except the ledger: small tables, read whole.
public struct AuditContext: Sendable {
    public let bundle: String
    public let hospital: Hospital
    public let policy: Policy
    public let relatedParties: RelatedPartyMatcher
    /// Nil when the bundle has no disclosures file at all.
    public let disclosures: [Disclosure]?
    public let statements: [StatementFigure]?
    /// File names the tables were read from, for evidence.
    public let files: [String: String]

    public init(bundle: String, hospital: Hospital, policy: Policy, relatedParties: [RelatedParty],
                disclosures: [Disclosure]?, statements: [StatementFigure]?, files: [String: String]) {
        self.bundle = bundle
        self.hospital = hospital
        self.policy = policy
        self.relatedParties = RelatedPartyMatcher(relatedParties)
        self.disclosures = disclosures
        self.statements = statements
        self.files = files
    }

    public var ledgerFile: String { files["ledger"] ?? "ledger.csv" }
}
