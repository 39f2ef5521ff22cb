import Foundation

/// The account classes rules speak of, as bits.
public struct AccountClasses: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let names = ["revenue", "expense", "profit_distribution", "closing", "fee", "rent", "interest",
                               "compensation", "receivable", "payable", "asset_disposal", "donation_out", "cash", "loan_in", "purchase"]

    /// The bits below are literals in the order of `names`, so reading one costs no lazy
    /// initialisation on the per-line path; a test checks the two agree.
    public init(named name: String) {
        self.init(rawValue: Self.names.firstIndex(of: name).map { 1 << UInt32($0) } ?? 0)
    }

    public static let revenue = AccountClasses(rawValue: 1 << 0)
    public static let expense = AccountClasses(rawValue: 1 << 1)
    public static let profitDistribution = AccountClasses(rawValue: 1 << 2)
    public static let closing = AccountClasses(rawValue: 1 << 3)
    public static let fee = AccountClasses(rawValue: 1 << 4)
    public static let rent = AccountClasses(rawValue: 1 << 5)
    public static let interest = AccountClasses(rawValue: 1 << 6)
    public static let compensation = AccountClasses(rawValue: 1 << 7)
    public static let receivable = AccountClasses(rawValue: 1 << 8)
    public static let payable = AccountClasses(rawValue: 1 << 9)
    public static let cash = AccountClasses(rawValue: 1 << 12)
    public static let assetDisposal = AccountClasses(rawValue: 1 << 10)
    public static let donationOut = AccountClasses(rawValue: 1 << 11)
    public static let loanIn = AccountClasses(rawValue: 1 << 13)
    public static let purchase = AccountClasses(rawValue: 1 << 14)
    /// A liability account (应付职工薪酬, 其他应付款): set from the account's element, not named by
    /// policies. A debit to it settles what was booked elsewhere.
    public static let owed = AccountClasses(rawValue: 1 << 31)

    /// Classes spending is measured in, for shares and related-party totals.
    public static let spendClasses: [(name: String, bit: AccountClasses)] = [
        ("fee", .fee), ("rent", .rent), ("interest", .interest), ("compensation", .compensation), ("purchase", .purchase),
        ("expense", .expense),
    ]

    /// Classes whose related share RP-006 measures (fees, rent, purchases).
    public static let shareClasses: [(name: String, bit: AccountClasses)] = [
        ("fee", .fee), ("rent", .rent), ("purchase", .purchase),
    ]

    /// Accounts a payment or a settlement moves between: money, claims and borrowings, no
    /// business. A loan received is a dealing of its own all the same: the pass counts it from
    /// the borrowing's credit, as it counts a loan made from the receivable's debit, so that
    /// repaying it is not counted again.
    public static let settlement: AccountClasses = [.cash, .payable, .receivable, .loanIn]

    /// A liability paid what was booked to it (应付账款, 应付职工薪酬, 其他应付款, a deposit
    /// received): neither a borrowing, which is a dealing of its own, nor a distribution owed.
    @inline(__always)
    public var isTradeLiability: Bool { contains(.owed) && isDisjoint(with: [.loanIn, .profitDistribution]) }

    /// A line of money or claims: cash, a receivable, a payable, a borrowing, or any other
    /// liability (应付工资, 应付利息, 应付股利 are paid what was booked elsewhere).
    @inline(__always)
    public var settles: Bool {
        !isDisjoint(with: Self.settlement) || contains(.owed)
    }
}

/// Maps an account (code and full path name) to its classes under the policy, for one chart of
/// accounts in one fiscal year. A code prefix is trusted only for the accounting standard
/// (会计制度) and years it belongs to; name keywords are the fallback that makes an unknown chart
/// work, and what they find is bounded by the account's element (a revenue account is never a
/// purchase). Results are cached per account, in the classifier's own memo.
public struct AccountClassifier {
    private struct Rule {
        let bit: AccountClasses
        let prefixes: [String]
        let keywords: [String]
        let ignore: [String]
        let exclusive: Bool
    }

    private let rules: [Rule]
    private let chart: ChartOfAccounts
    private struct Account: Equatable {
        let code: String
        let name: String
    }

    /// Per account; the reader hands out the same String for the same name, so the comparisons
    /// that confirm a hit are cheap.
    private var memo = TextMemo<Account, AccountClasses>(limit: 100_000)
    /// The same by the numbers of a ledger line's code and name: two integers, not two texts.
    private var byNumber = NumberMemo<AccountClasses>(empty: [])

    public init(policy: Policy, standard: String?, year: Int?) {
        chart = ChartOfAccounts(standard: standard)
        rules = policy.accountClasses.map { definition in
            let prefixes = definition.prefixes.filter { p in
                let standardOK = p.standards.isEmpty || (standard.map { s in p.standards.contains { s.containsText($0) || $0.containsText(s) } } ?? false)
                let fromOK = p.fromYear.map { from in (year ?? from) >= from } ?? true
                let untilOK = p.untilYear.map { until in (year ?? until) <= until } ?? true
                return standardOK && fromOK && untilOK
            }.map(\.prefix)
            return Rule(bit: AccountClasses(named: definition.name), prefixes: prefixes,
                        keywords: definition.keywords, ignore: definition.ignore, exclusive: definition.exclusive)
        }
    }

    /// The classes of a ledger line's account.
    public mutating func classes(code: LedgerText, name: LedgerText, texts: LedgerTexts) -> AccountClasses {
        let key = UInt64(code.id) << 32 | UInt64(name.id)
        if let known = byNumber[key] { return known }
        let found = classes(code: texts[code], name: texts[name])
        byNumber[key] = found
        return found
    }

    public mutating func classes(code: String, name: String) -> AccountClasses {
        let key = Account(code: code, name: name)
        let hash = code.bytesHash &* 31 &+ name.bytesHash
        if let known = memo.lookup(key, hash: hash) { return known }
        let element = chart.element(code: code, name: name)
        var found = Self.classify(code: code, name: name, rules: rules).intersection(element.allowed)
        if element == .liability { found.insert(.owed) }
        memo.remember(key, hash: hash, found)
        return found
    }

    private static func classify(code: String, name: String, rules: [Rule]) -> AccountClasses {
        var result: AccountClasses = []
        for rule in rules {
            let byPrefix = !code.isEmpty && rule.prefixes.contains { code.hasPrefix($0) }
            if byPrefix {
                result.insert(rule.bit)
            } else if !(rule.exclusive && !code.isEmpty && !rule.prefixes.isEmpty) {
                var text = name
                for ignored in rule.ignore where text.containsText(ignored) {
                    text = text.replacingText(ignored, with: "|")
                }
                if rule.keywords.contains(where: { text.containsText($0) }) { result.insert(rule.bit) }
            }
        }
        return result
    }
}
