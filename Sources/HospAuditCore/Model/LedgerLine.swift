/// One line of a journal voucher, typed. Text fields a file does not have are empty strings.
public struct LedgerLine: Sendable, Equatable {
    /// Physical line of the export where the record starts.
    public var line: Int
    public var entryID: String
    public var lineNo: Int?
    public var date: Day
    public var accountCode: String
    /// The full account path as exported (`管理费用-咨询费`).
    public var accountName: String
    /// Negative amounts stay negative on their side: a red-ink reversal (红字冲销) is not a credit.
    public var debit: Money
    public var credit: Money
    public var counterparty: String
    public var counterpartyID: String
    /// The counterparty's bank account, as bank-journal exports give it (对方账号).
    public var counterpartyAccount: String
    public var summary: String
    public var preparer: String
    public var approver: String

    /// The bytes of its texts, for bounding what is held in memory.
    var textBytes: Int {
        entryID.utf8.count + accountCode.utf8.count + accountName.utf8.count + counterparty.utf8.count + counterpartyID.utf8.count
            + counterpartyAccount.utf8.count + summary.utf8.count + preparer.utf8.count + approver.utf8.count
    }

    public init(line: Int, entryID: String, lineNo: Int? = nil, date: Day, accountCode: String = "",
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
}
