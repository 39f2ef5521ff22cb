/// Everything about a hospital except the ledger: small tables, read whole.
public struct AuditContext: Sendable {
    public let bundle: String
    public let hospital: Hospital
    public let policy: Policy
    public let relatedParties: RelatedPartyBook
    /// Nil when the bundle has no disclosures file at all.
    public let disclosures: [Disclosure]?
    public let statements: [StatementFigure]?
    public let contracts: [Contract]
    public let purchases: [Purchase]
    public let benchmarks: BenchmarkBook
    /// File names the tables were read from, for evidence.
    public let files: [String: String]
    /// Where the ledger's readers number the names of accounts and counterparties, and where
    /// the pass and the rules read them back.
    public let ledgerTexts = LedgerTexts()

    public init(bundle: String, hospital: Hospital, policy: Policy, relatedParties: [RelatedParty],
                disclosures: [Disclosure]?, statements: [StatementFigure]?, contracts: [Contract] = [],
                purchases: [Purchase] = [], benchmarks: [Benchmark] = [], files: [String: String]) {
        self.bundle = bundle
        self.hospital = hospital
        self.policy = policy
        self.relatedParties = RelatedPartyBook(relatedParties)
        self.disclosures = disclosures
        self.statements = statements
        self.contracts = contracts
        self.purchases = purchases
        self.benchmarks = BenchmarkBook(benchmarks)
        self.files = files
    }

    /// The fiscal years the audit covers: the ledger's, else (no ledger line read) the years the
    /// entity table registers, so what other tables show by themselves is not lost with the ledger.
    public func auditedYears(_ facts: Facts) -> [Int] {
        facts.periods.isEmpty ? Set(hospital.history.compactMap(\.fiscalYear)).sorted() : facts.periods
    }

    /// The related party a name in a contract stands for, if it was related at any time in the year.
    public func relatedParty(named name: String, in year: Int) -> RelatedParty? {
        relatedParties.candidates(name: name).parties.first { $0.isRelated(during: year) }
    }

    /// The same, or else the party the ledger's own resolution found behind that name (a
    /// lessor or supplier tied to a listed party by its USCC or bank account): contracts and
    /// purchases see the hidden parties the ledger does.
    public func relatedParty(named name: String, in year: Int, facts: Facts) -> RelatedParty? {
        if let listed = relatedParty(named: name, in: year) { return listed }
        guard let found = facts.ledgerParties[PartyName.normalize(name)], found.isRelated(during: year) else { return nil }
        return found
    }

    /// The file a table was read from, for evidence.
    public func file(_ table: String) -> String { files[table] ?? "\(table).csv" }
}
