import Foundation

/// A small bundle that shows a rule at work, as `hospaudit explain` prints it and the rule
/// tests run it: CSV text per table, and what the rule must find.
public struct RuleExample: Sendable {
    public let title: LocalizedText
    /// Table → CSV text (header and rows). entity and ledger are required.
    public let tables: [String: String]
    /// The severities the rule must report, in order; empty for a non-triggering example.
    public let expected: [Severity]
    public let region: String?
    /// Other hospitals audited in the same run, for rules that compare hospitals.
    public let peers: [[String: String]]
    /// A policy file (YAML) the auditor adds, for a test the shipped policy leaves off.
    public let policy: String?

    public init(_ zh: String, _ en: String, tables: [String: String], peers: [[String: String]] = [],
                expected: [Severity] = [], region: String? = nil, policy: String? = nil) {
        self.policy = policy
        title = LocalizedText(zh: zh, en: en)
        self.tables = tables
        self.peers = peers
        self.expected = expected
        self.region = region
    }
}

/// What a rule is, in its own words: `hospaudit rules` and `explain` print this, the README's
/// rule table is checked against `summary` and `severities`, and the rule tests run its
/// examples, so documentation and behaviour cannot drift apart.
public struct RuleDescription: Sendable {
    public let id: String
    public let title: LocalizedText
    public let catches: LocalizedText
    public let whyItMatters: LocalizedText
    /// One line for the catalog table (English, Markdown): what the rule catches, with its defaults.
    public let summary: String
    /// The severities it reports under the defaults, as the catalog table states them.
    public let severities: String
    public let triggering: [RuleExample]
    public let nonTriggering: [RuleExample]

    public init(id: String, title: LocalizedText, catches: LocalizedText, whyItMatters: LocalizedText,
                summary: String, severities: String, triggering: [RuleExample], nonTriggering: [RuleExample]) {
        self.id = id
        self.title = title
        self.catches = catches
        self.whyItMatters = whyItMatters
        self.summary = summary
        self.severities = severities
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// A rule: a pure function of the facts of one pass over the ledger, the hospital's context
/// and the policy's settings for it. Its settings are a type of its own, with their defaults.
public protocol AuditRule: Sendable {
    associatedtype Settings: RuleConfiguration = NoSettings
    static var description: RuleDescription { get }
    func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding]

    /// What the rule adds to the one pass over the ledger; rules that only query shared facts
    /// add nothing. `LedgerRule` provides it.
    func accumulator(context: AuditContext, policy: Policy) -> (any LedgerAccumulator)?
}

extension AuditRule {
    public static var id: String { description.id }

    public func accumulator(context: AuditContext, policy: Policy) -> (any LedgerAccumulator)? { nil }

    /// The rule's entry in `policy`, its settings typed.
    public func settings(in policy: Policy) -> RuleSettings<Settings> {
        policy.settings(for: Self.self)
    }

    /// Runs the rule if `policy` has it on.
    func run(facts: Facts, context: AuditContext) -> [Finding] {
        let settings = settings(in: context.policy)
        guard settings.enabled else { return [] }
        return evaluate(facts: facts, context: context, settings: settings)
    }
}

/// A rule that needs something of the ledger no shared fact holds: it brings its own
/// accumulator, fed by the one pass, and reads what the accumulator gathered.
public protocol LedgerRule: AuditRule {
    associatedtype Accumulator: LedgerAccumulator
    func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> Accumulator
    func evaluate(_ gathered: Accumulator.Output, facts: Facts, context: AuditContext,
                  settings: RuleSettings<Settings>) -> [Finding]
}

extension LedgerRule {
    public func accumulator(context: AuditContext, policy: Policy) -> (any LedgerAccumulator)? {
        let settings = settings(in: policy)
        guard settings.enabled else { return nil }
        return makeAccumulator(context: context, settings: settings)
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        guard let gathered = facts.gathered[Self.id] as? Accumulator.Output else { return [] }
        return evaluate(gathered, facts: facts, context: context, settings: settings)
    }
}

/// A rule that compares the hospitals of one run (peer margins): it runs once all bundles are
/// audited. Its per-bundle evaluation finds nothing. It works in three steps so that a night's
/// run over a province keeps only a small value of each hospital until the end, and looks at a
/// hospital's whole audit again only when it stands out.
public protocol PeerRule: AuditRule {
    /// What is compared of a hospital, nil when it takes no part.
    func peerValue(of audit: BundleAudit) -> PeerValue?
    /// The hospitals that stand out, by their index in `values`; `policy` gives each one's policy.
    func outliers(_ values: [PeerValue?], policy: (Int) -> Policy?) -> [(index: Int, outlier: PeerOutlier)]
    /// The finding for a hospital that stands out, from its audit.
    func finding(for audit: BundleAudit, _ outlier: PeerOutlier) -> Finding?
}

/// A hospital's figure compared within its group of peers.
public struct PeerValue: Sendable {
    public let group: String
    public let value: Decimal
    public init(group: String, value: Decimal) {
        self.group = group
        self.value = value
    }
}

/// How far a hospital's figure stands from its peers'.
public struct PeerOutlier: Sendable {
    public let value: Decimal
    public let median: Decimal
    public let z: Decimal
    public let peers: Int
}

extension PeerRule {
    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] { [] }

    /// The three steps over audits held whole.
    public func evaluate(peers audits: [BundleAudit]) -> [(index: Int, finding: Finding)] {
        outliers(audits.map(peerValue), policy: { audits[$0].policy }).compactMap { index, outlier in
            finding(for: audits[index], outlier).map { (index, $0) }
        }
    }
}

/// Every rule of the shipped catalog, in catalog order. Adding a rule is its file and one line here.
public enum RuleRegistry {
    public static let all: [any AuditRule] = [
        SurplusDistributedRule(),
        FeesToSponsorSideRule(),
        AboveMarketRentRule(),
        AboveMarketInterestRule(),
        PayAsChannelRule(),
        FundsOccupiedRule(),
        AssetsToInsidersRule(),
        YearEndStrippingRule(),
        UndisclosedRelatedPartyRule(),
        HiddenRelatedPartyRule(),
        TransferPricingRule(),
        RoundTripRule(),
        SplitPaymentsRule(),
        InsiderConcentrationRule(),
        MarginAboveCapRule(),
        PeerMarginOutlierRule(),
        StatementsMismatchRule(),
        MissingDisclosureRule(),
        UnbalancedVoucherRule(),
        UnapprovedConversionRule(),
    ]

    public static let catalog = RuleCatalog(all)

    public static func rule(_ id: String) -> (any AuditRule)? { catalog.rule(id) }
}

/// Helpers every rule uses to speak money and rates the same way.
public enum RuleText {
    /// A caveat for figures summed from the ledger when input errors cost some vouchers lines.
    public static func incomplete(_ facts: Facts) -> (zh: String, en: String) {
        guard facts.incompleteVouchers > 0 else { return ("", "") }
        return ("账簿数据有 \(facts.incompleteVouchers) 张凭证因输入错误缺行（见 errors），账簿数可能不全。",
                " \(facts.incompleteVouchers) voucher(s) lost lines to input errors (see errors), so the ledger figure may be incomplete.")
    }

    public static func citations(_ basis: [Citation]) -> String {
        basis.map { $0.clause.isEmpty ? $0.document : "\($0.document)（\($0.clause)）" }.joined(separator: "；")
    }

    /// Said after a party's name when the books dealt with it under other names (hidden
    /// companies found by bank account, USCC or name stem), so a letter names what the
    /// evidence shows.
    public static func bookedUnder(_ party: String, in year: Facts.Year) -> (zh: String, en: String) {
        let aliases = (year.relatedAs[party] ?? []).sorted()
        guard !aliases.isEmpty else { return ("", "") }
        return ("（含以\(aliases.joined(separator: "、"))名义入账的往来）", " (dealings booked under \(aliases.joined(separator: ", ")) included)")
    }

    /// An amount in a message, grouped as in a letter (7,344,000.00); `details` keep the plain form.
    public static func yuan(_ amount: Money) -> String { amount.grouped }

    /// A decimal amount (an average, a policy figure), to the fen, grouped.
    public static func yuan(_ amount: Decimal) -> String {
        var v = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .plain)
        guard case .success(let money?) = NumberParser.money("\(rounded)") else { return ratio(rounded, places: 2) }
        return money.grouped
    }

    public static func percent(_ value: Decimal) -> String {
        var v = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .plain)
        return "\(rounded)%"
    }

    public static func ratio(_ value: Decimal, places: Int = 4) -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, places, .plain)
        return RatioFormatters.shared.string(rounded, places: places)
    }
}

/// One formatter for each number of places, made once: making one (its locale, ICU's pattern)
/// cost more than the rest of a small bundle's rules, and every bundle's margin is a ratio. A
/// formatter is not safe on two threads at once, so each is used under the lock.
private final class RatioFormatters: @unchecked Sendable {
    static let shared = RatioFormatters()
    private let lock = NSLock()
    private var formatters: [Int: NumberFormatter] = [:]

    func string(_ rounded: Decimal, places: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        let formatter = formatters[places] ?? {
            let formatter = NumberFormatter()
            formatter.minimumFractionDigits = places
            formatter.maximumFractionDigits = places
            formatter.minimumIntegerDigits = 1
            formatter.numberStyle = .decimal
            formatter.usesGroupingSeparator = false
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatters[places] = formatter
            return formatter
        }()
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }
}

extension Money {
    /// Not a number for `overflow`, so no comparison with it holds.
    var decimal: Decimal { isOverflow ? .nan : Decimal(units) / Decimal(Money.unitsPerYuan) }
}
