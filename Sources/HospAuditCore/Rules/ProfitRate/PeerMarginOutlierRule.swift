import Foundation

/// PR-002: a margin far above those of the hospital's peers (same province, category and
/// ownership, audited in the same run).
public struct PeerMarginOutlierRule: PeerRule {
    public static let description = RuleDescription(
        id: "PR-002",
        title: LocalizedText(zh: "利润率明显高于同类医院", en: "Margin out of line with peers"),
        catches: LocalizedText(
            zh: "同一次运行中同省、同类别、同性质的医院至少 5 家时（医院按区县登记，以省为同业范围），利润率的稳健 z 值（中位数 / 绝对中位差）超过 3.5。",
            en: "A margin whose robust z-score (median / MAD) exceeds 3.5 among at least 5 hospitals of the same province, category and ownership audited in one run (hospitals are registered by district, so the province is the peer region)."),
        whyItMatters: LocalizedText(
            zh: "没有法定利润率上限时，同类医院的比较是发现盈利率异常的依据（国办发〔2017〕44号 二十一 加强盈利率管控）。",
            en: "With no statutory cap on margins, comparison with peers is how an abnormal profit rate shows (State Council 2017 No. 44, clause 21 on controlling profit rates)."),
        summary: "a margin with a robust z-score (median / MAD) above 3.5 among at least 5 hospitals of the same province, category and ownership in one run",
        severities: "medium",
        triggering: [
            RuleExample("同类 6 家中一家利润率 45%", "One of six peers at a 45% margin", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"5,500,000.00\""),
            ], peers: PeerMarginOutlierRule.peerBundles, expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("利润率与同类相当", "A margin like its peers'", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"8,900,000.00\""),
            ], peers: PeerMarginOutlierRule.peerBundles),
            RuleExample("同类不足 5 家", "Fewer than five peers", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"5,500,000.00\""),
            ], peers: Array(PeerMarginOutlierRule.peerBundles.prefix(3))),
        ])

    /// Five Tianjin specialist for-profits with margins of 9% to 13%.
    static let peerBundles: [[String: String]] = [
        ("91120116MA06AAAA1", "天津安和医院", "9,100,000.00"), ("91120116MA06BBBB2", "天津康泰医院", "8,900,000.00"),
        ("91120116MA06CCCC3", "天津瑞华医院", "8,800,000.00"), ("91120116MA06DDDD4", "天津普济医院", "8,700,000.00"),
        ("91120116MA06EEEE5", "天津仁爱医院", "9,000,000.00"),
    ].map { prefix, name, cost in
        [
            "entity": ExampleTables.entityHeader
                + "\(prefix)\(USCC.checkCharacter(for: prefix)!),\(name),营利性,120000,专科医院,否,企业会计准则,2024,天津某投资有限公司\n",
            "ledger": ExampleTables.forprofitLedger(revenue: "\"10,000,000.00\"", cost: "\"\(cost)\""),
        ]
    }

    public init() {}

    public struct Settings: RuleConfiguration {
        /// A robust z-score (median / MAD) above this is an outlier…
        public var zThreshold: Rate = "3.5"
        /// …among at least this many hospitals of one province, category and ownership.
        public var minPeers = 5
        public init() {}
        public static var integerMinimums: [String: Int] { ["min_peers": 2] }
    }

    public func peerValue(of audit: BundleAudit) -> PeerValue? {
        guard let hospital = audit.hospital, let margin = audit.figures?.margin else { return nil }
        let group = [hospital.region.map(RegionCode.province) ?? "", hospital.category ?? "", hospital.ownership.rawValue].joined(separator: "|")
        return PeerValue(group: group, value: margin)
    }

    public func outliers(_ values: [PeerValue?], policy: (Int) -> Policy?) -> [(index: Int, outlier: PeerOutlier)] {
        var groups: [String: [Int]] = [:]
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            groups[value.group, default: []].append(index)
        }
        var found: [(index: Int, outlier: PeerOutlier)] = []
        for members in groups.values {
            // The group's median and spread, once: a province's thousand hospitals are one group.
            let margins = members.map { values[$0]!.value }
            let median = Self.median(margins)
            let mad = Self.median(margins.map { abs($0 - median) })
            guard mad > 0 else { continue }
            for (position, index) in members.enumerated() {
                guard let policy = policy(index) else { continue }
                let margin = margins[position]
                let settings = policy.settings(for: Self.self)
                guard settings.enabled, members.count >= settings.minPeers else { continue }
                let z = Decimal(string: "0.6745")! * (margin - median) / mad
                guard z > settings.zThreshold.value else { continue }
                found.append((index, PeerOutlier(value: margin, median: median, z: z, peers: members.count)))
            }
        }
        return found
    }

    public func finding(for audit: BundleAudit, _ outlier: PeerOutlier) -> Finding? {
        guard let policy = audit.policy, let hospital = audit.hospital, let figures = audit.figures else { return nil }
        let settings = policy.settings(for: Self.self)
        let (margin, median, z) = (outlier.value, outlier.median, outlier.z)
        let period = String(figures.year)
        let evidence = figures.evidence
        let revenue = figures.revenue
        guard !evidence.isEmpty else { return nil }
        // What the hospital earned beyond what its peers' median margin would have given.
        let excess = Money(rounding: revenue.decimal * (margin - median))
        return Finding(
            rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: period,
            amount: excess,
            message: LocalizedText(
                zh: "\(hospital.name)利润率 \(RuleText.percent(margin))，同省同类 \(outlier.peers) 家医院中位数 \(RuleText.percent(median))，稳健 z 值 \(RuleText.ratio(z, places: 2))；按中位数利润率计，多得利润约 \(RuleText.yuan(excess)) 元。",
                en: "\(hospital.name)'s margin of \(RuleText.percent(margin)) against a median of \(RuleText.percent(median)) among \(outlier.peers) peers of its province and category: robust z-score \(RuleText.ratio(z, places: 2)); about \(RuleText.yuan(excess)) yuan of profit beyond the median margin."),
            basis: settings.basis, evidence: evidence,
            evidenceCount: figures.evidenceCount,
            details: ["margin": RuleText.ratio(margin), "peer_median": RuleText.ratio(median),
                      "robust_z": RuleText.ratio(z, places: 2), "peers": String(outlier.peers)],
            subject: "peers")
    }

    static func median(_ values: [Decimal]) -> Decimal {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
