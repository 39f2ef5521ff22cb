@testable import HospAuditCore

/// A ledger line with its names as text, as a test states what a file says.
struct TextLine: Equatable {
    var line: Int
    var entryID: String
    var lineNo: Int?
    var date: Day
    var accountCode: String
    var accountName: String
    var debit: Money
    var credit: Money
    var counterparty: String
    var counterpartyID: String
    var counterpartyAccount: String
    var summary: String
    var preparer: String
    var approver: String

    init(line: Int, entryID: String, lineNo: Int? = nil, date: Day, accountCode: String = "",
         accountName: String = "", debit: Money = .zero, credit: Money = .zero,
         counterparty: String = "", counterpartyID: String = "", counterpartyAccount: String = "", summary: String = "",
         preparer: String = "", approver: String = "") {
        self.line = line
        self.entryID = entryID
        self.lineNo = lineNo
        self.date = date
        self.accountCode = accountCode
        self.accountName = accountName
        self.debit = debit
        self.credit = credit
        self.counterparty = counterparty
        self.counterpartyID = counterpartyID
        self.counterpartyAccount = counterpartyAccount
        self.summary = summary
        self.preparer = preparer
        self.approver = approver
    }

    init(_ l: LedgerLine, texts: LedgerTexts) {
        self.init(line: l.line, entryID: l.entryID, lineNo: l.lineNo, date: l.date, accountCode: texts[l.accountCode],
                  accountName: texts[l.accountName], debit: l.debit, credit: l.credit, counterparty: texts[l.counterparty],
                  counterpartyID: texts[l.counterpartyID], counterpartyAccount: texts[l.counterpartyAccount],
                  summary: l.summary, preparer: texts[l.preparer], approver: texts[l.approver])
    }
}

extension LedgerTexts {
    /// A line a test writes with its names as text, numbered in this table.
    func line(_ l: TextLine) -> LedgerLine {
        LedgerLine(line: l.line, entryID: l.entryID, lineNo: l.lineNo, date: l.date, accountCode: number(l.accountCode),
                   accountName: number(l.accountName), debit: l.debit, credit: l.credit, counterparty: number(l.counterparty),
                   counterpartyID: number(l.counterpartyID), counterpartyAccount: number(l.counterpartyAccount),
                   summary: l.summary, preparer: number(l.preparer), approver: number(l.approver))
    }
}

extension ByteChunkReader {
    /// Every byte the reader gives, chunk after chunk to its end.
    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        var chunk: [UInt8] = []
        repeat {
            try read(into: &chunk)
            all += chunk
        } while !chunk.isEmpty
        return all
    }
}

/// Reads a ledger the way an audit does and keeps every line, for tests on small files.
func readLedger(path: String, encoding: TextEncoding? = nil) throws -> (lines: [TextLine], report: FileReport, encoding: TextEncoding) {
    let input = try DecodedInput.open(path: path, encoding: encoding)
    var lines: [TextLine] = []
    let reader = LedgerReader(bundle: "fixtures", file: path.split(separator: "/").last.map(String.init) ?? path)
    let report = try reader.read(input) { lines.append(TextLine($0, texts: reader.texts)) }
    return (lines, report, input.encoding)
}

func readLedger(bytes: [UInt8], delimiter: UInt8? = nil, encoding: TextEncoding? = nil) throws -> (lines: [TextLine], report: FileReport) {
    var lines: [TextLine] = []
    let reader = LedgerReader(bundle: "memory", file: "ledger.csv")
    let report = try reader.read(DecodedInput.open(bytes: bytes, encoding: encoding), delimiter: delimiter) { lines.append(TextLine($0, texts: reader.texts)) }
    return (lines, report)
}

extension FileReport {
    /// used + skipped + rejected must account for every record.
    var accountsForEveryRecord: Bool { used + skippedTotal + rejected == records }
    var errorSummary: [String] { errors.map { "\($0.line.map(String.init) ?? "-"):\($0.column ?? "-"):\($0.code.rawValue)" } }
}
