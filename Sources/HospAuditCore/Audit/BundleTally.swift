/// A bundle's findings counted as the summary, the score and the document count them: those
/// that stand by severity and rule, and those suppressed by a waiver apart. What a run keeps of
/// a hospital's findings once they are spooled.
public struct BundleTally: Sendable {
    /// By `Severity.allCases` position, inline: a region's run keeps one of these a hospital.
    private var bySeverity = SIMD8<Int32>()
    public private(set) var byRule: [String: Int] = [:]
    public private(set) var suppressed = 0

    public init() {}

    public init(_ findings: [Finding]) {
        for finding in findings { count(finding) }
    }

    public mutating func count(_ finding: Finding) {
        if finding.isSuppressed {
            suppressed += 1
        } else {
            bySeverity[Self.slot(finding.severity)] += 1
            byRule[finding.rule, default: 0] += 1
        }
    }

    public mutating func add(_ other: BundleTally) {
        bySeverity &+= other.bySeverity
        for (rule, n) in other.byRule { byRule[rule, default: 0] += n }
        suppressed += other.suppressed
    }

    public func standing(_ severity: Severity) -> Int { Int(bySeverity[Self.slot(severity)]) }
    public var standing: Int { Int(bySeverity.wrappedSum()) }
    public var all: Int { standing + suppressed }

    /// Only findings that stand weigh.
    public func score(under policy: Policy?) -> Int {
        Severity.allCases.reduce(0) { $0 + standing($1) * (policy?.severityWeights[$1] ?? 0) }
    }

    /// The worst severity among the findings that stand.
    public var worst: Severity? { Severity.allCases.filter { standing($0) > 0 }.max() }

    private static func slot(_ severity: Severity) -> Int { Severity.allCases.firstIndex(of: severity)! }
}
