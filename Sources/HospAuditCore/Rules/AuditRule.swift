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

/// What a rule is, in its own words: `hospaudit rules` and `explain` print this, and the
/// rule tests run its examples, so documentation and behaviour cannot drift apart.
public struct RuleDescription: Sendable {
    public let id: String
    public let title: LocalizedText
    public let catches: LocalizedText
    public let whyItMatters: LocalizedText
    public let triggering: [RuleExample]
    public let nonTriggering: [RuleExample]
}

/// A rule: a pure function of the facts of one pass over the ledger, the hospital's context
/// and the policy's settings for it.
public protocol AuditRule: Sendable {
    static var description: RuleDescription { get }
    func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings) -> [Finding]
}

/// A rule that compares the hospitals of one run (peer margins): it runs once all bundles are
/// audited. Its per-bundle evaluation finds nothing.
public protocol PeerRule: AuditRule {
    /// Findings per audit, by the audit's index in `audits`.
    func evaluate(peers audits: [BundleAudit]) -> [(index: Int, finding: Finding)]
}

extension PeerRule {
    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings) -> [Finding] { [] }
}

/// Every rule, in catalog order.
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

    public static func rule(_ id: String) -> (any AuditRule)? {
        all.first { type(of: $0).description.id == id.uppercased() }
    }
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
        let formatter = NumberFormatter()
        formatter.minimumFractionDigits = places
        formatter.maximumFractionDigits = places
        formatter.minimumIntegerDigits = 1
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = false
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }
}

extension Money {
    var decimal: Decimal { Decimal(units) / Decimal(Money.unitsPerYuan) }
}
