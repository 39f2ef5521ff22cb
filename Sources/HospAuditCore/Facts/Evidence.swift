/// A ledger line that proves a finding: where it is and what it says.
public struct Evidence: Codable, Sendable, Hashable {
    public private(set) var file: String
    public private(set) var line: Int
    public let entryID: String
    public let date: String
    public let account: String
    public let debit: String
    public let credit: String
    public let counterparty: String?
    public let summary: String

    public init(file: String, line: LedgerLine, texts: LedgerTexts) {
        self.file = file
        self.line = line.line
        entryID = line.entryID
        date = line.date.description
        account = line.accountCode.isEmpty ? texts[line.accountName]
            : line.accountName.isEmpty ? texts[line.accountCode] : texts[line.accountCode] + " " + texts[line.accountName]
        debit = line.debit.description
        credit = line.credit.description
        counterparty = line.counterparty.isEmpty ? nil : texts[line.counterparty]
        summary = line.summary
    }

    /// Evidence from a table other than the ledger (a statement figure, a disclosure).
    public init(file: String, line: Int, summary: String) {
        self.file = file
        self.line = line
        entryID = ""
        date = ""
        account = ""
        debit = ""
        credit = ""
        counterparty = nil
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case file, line, date, account, debit, credit, counterparty, summary
        case entryID = "entry_id"
    }

    /// The evidence with its line placed in the file it was read from, when its table came in
    /// parts (`PartLine`): rules label every line with the table's first file.
    public func placed(in parts: TableParts) -> Evidence {
        guard let files = parts.byFirstFile[file], files.count > 1 else { return self }
        let (part, physical) = PartLine.split(line)
        guard part < files.count else { return self }
        var placed = self
        placed.file = files[part]
        placed.line = physical
        return placed
    }

    /// Every key is always written, `counterparty` as null when there is none.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(entryID, forKey: .entryID)
        try c.encode(date, forKey: .date)
        try c.encode(account, forKey: .account)
        try c.encode(debit, forKey: .debit)
        try c.encode(credit, forKey: .credit)
        try c.encode(counterparty, forKey: .counterparty)
        try c.encode(summary, forKey: .summary)
    }
}

/// An amount with the lines behind it. Only the first lines are kept: the rest are counted,
/// so a daily dealing over ten years does not fill memory.
public struct EvidencedAmount: Sendable {
    public static let maxEvidence = 50

    public var amount = Money.zero
    public var evidence: [Evidence] = []
    public var evidenceCount = 0

    public init() {}

    /// Evidence is only made for the lines that will be listed.
    public mutating func add<Lines: Sequence>(_ value: Money, ledgerLines: Lines, file: String, texts: LedgerTexts) where Lines.Element == LedgerLine {
        amount += value
        for line in ledgerLines {
            evidenceCount += 1
            if evidence.count < Self.maxEvidence { evidence.append(Evidence(file: file, line: line, texts: texts)) }
        }
    }

    /// Both amounts, with both sets of evidence (as many as are listed).
    public static func + (a: EvidencedAmount, b: EvidencedAmount) -> EvidencedAmount {
        var sum = a
        sum.amount += b.amount
        sum.evidence += b.evidence.prefix(maxEvidence - min(maxEvidence, a.evidence.count))
        sum.evidenceCount += b.evidenceCount
        return sum
    }
}
