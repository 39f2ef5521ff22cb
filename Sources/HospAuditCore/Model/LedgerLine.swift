/// One line of a journal voucher, typed. What names an account, a counterparty or a person is a
/// number in the bundle's `LedgerTexts` (`Voucher.texts`); text fields a file does not have are
/// empty.
public struct LedgerLine: Sendable, Equatable {
    /// Physical line of the export where the record starts.
    public var line: Int
    public var entryID: String
    public var lineNo: Int?
    public var date: Day
    public var accountCode: LedgerText
    /// The full account path as exported (`管理费用-咨询费`).
    public var accountName: LedgerText
    /// Negative amounts stay negative on their side: a red-ink reversal (红字冲销) is not a credit.
    public var debit: Money
    public var credit: Money
    public var counterparty: LedgerText
    public var counterpartyID: LedgerText
    /// The counterparty's bank account, as bank-journal exports give it (对方账号).
    public var counterpartyAccount: LedgerText
    public var summary: String
    /// Who prepared (制单) and approved (审核) it: read for `inspect`; no rule reads them.
    public var preparer: LedgerText
    public var approver: LedgerText

    /// The bytes of the texts it holds itself, for bounding what is held in memory (the named
    /// texts are held once, by the table).
    var textBytes: Int { entryID.utf8.count + summary.utf8.count }

    public init(line: Int, entryID: String, lineNo: Int? = nil, date: Day, accountCode: LedgerText = .empty,
                accountName: LedgerText = .empty, debit: Money = .zero, credit: Money = .zero,
                counterparty: LedgerText = .empty, counterpartyID: LedgerText = .empty, counterpartyAccount: LedgerText = .empty,
                summary: String = "", preparer: LedgerText = .empty, approver: LedgerText = .empty) {
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
}
