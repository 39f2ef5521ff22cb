import Foundation

/// RP-006: a spend class that goes mostly to related parties.
public struct InsiderConcentrationRule: LedgerRule {
    /// How a letter names each of `AccountClasses.shareClasses`.
    static let labels: [String: (zh: String, en: String)] = [
        "fee": ("管理咨询服务类费用", "fees"), "rent": ("租金", "rent"), "purchase": ("药品、卫生材料等采购", "purchases of drugs and supplies"),
    ]

    public static let description = RuleDescription(
        id: "RP-006",
        title: LocalizedText(zh: "对关联方依赖过高", en: "Dependence on insiders"),
        catches: LocalizedText(
            zh: "某类支出（管理咨询等费用、租金、药品和卫生材料等采购）中付给关联方的比例超过 30%。支出按记入费用、成本或资产类科目的借方计，收入类科目（如药品收入）和应付款不计。",
            en: "Related parties' share of a spend class (fees, rent, purchases of drugs and supplies) above 30%. Spending is what is debited to expense, cost or asset accounts; revenue accounts (药品收入) and payables never count."),
        whyItMatters: LocalizedText(
            zh: "支出集中于关联方，意味着价格和条件不受市场约束，是利益输送的温床（企业会计准则第36号要求披露）。",
            en: "Spending concentrated on insiders escapes market prices and terms, the ground for moving money out (CAS 36 requires its disclosure)."),
        summary: "related parties' share of fees, of rent or of purchases of drugs and supplies above 30%; spending is what is debited to expense, cost or asset accounts, so revenue (药品收入) and payables never count",
        severities: "low",
        triggering: [
            RuleExample("租金全部付给举办者", "All rent paid to the sponsor", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA28GH4Q70,举办者,2014-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0005,2024-01-05,5201,管理费用-租赁费,"9,500.00",,杭州安远控股有限公司,1月房租
                    记-0005,2024-01-05,1002,银行存款,,"9,500.00",杭州安远控股有限公司,1月房租

                    """,
            ], expected: [.low]),
            RuleExample("四成药品从举办者的医药公司采购", "Two fifths of the drugs bought from the sponsor's company", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远医药贸易有限公司,\"400,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0041,2024-04-16,5101,业务活动成本-药品费,"400,000.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0041,2024-04-16,1002,银行存款,,"400,000.00",杭州安远医药贸易有限公司,支付药品采购款
                    记-0042,2024-04-16,5101,业务活动成本-药品费,"600,000.00",,华东医药股份有限公司,支付药品采购款
                    记-0042,2024-04-16,1002,银行存款,,"600,000.00",华东医药股份有限公司,支付药品采购款

                    """,
            ], expected: [.low]),
        ],
        nonTriggering: [
            RuleExample("两成药品从举办者的医药公司采购，药品收入不是采购", "A fifth of the drugs bought from the sponsor's company; drug revenue is not a purchase", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远医药贸易有限公司,\"200,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0041,2024-04-16,5101,业务活动成本-药品费,"200,000.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0041,2024-04-16,1002,银行存款,,"200,000.00",杭州安远医药贸易有限公司,支付药品采购款
                    记-0042,2024-04-16,5101,业务活动成本-药品费,"800,000.00",,华东医药股份有限公司,支付药品采购款
                    记-0042,2024-04-16,1002,银行存款,,"800,000.00",华东医药股份有限公司,支付药品采购款
                    记-0043,2024-04-30,1002,银行存款,"700,000.00",,,门诊药品收入日结
                    记-0043,2024-04-30,4301,提供服务收入-门诊收入-药品收入,,"700,000.00",,门诊药品收入日结

                    """,
            ]),
            RuleExample("关联方租金占比 20%", "A 20% related share of rent", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA28GH4Q70,举办者,2014-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0005,2024-01-05,5201,管理费用-租赁费,"2,000.00",,杭州安远控股有限公司,仓库租金
                    记-0005,2024-01-05,1002,银行存款,,"2,000.00",杭州安远控股有限公司,仓库租金
                    记-0006,2024-01-05,5201,管理费用-租赁费,"8,000.00",,杭州华联置业有限公司,门诊楼租金
                    记-0006,2024-01-05,1002,银行存款,,"8,000.00",杭州华联置业有限公司,门诊楼租金

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Related parties' share of a class's spending above this is reported.
        public var share: Rate = "0.30"
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> SpendAccumulator {
        SpendAccumulator()
    }

    public func evaluate(_ spend: [Int: [String: Money]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        let limit = settings.share.value
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = facts.years[year] else { continue }
            for (name, _) in AccountClasses.shareClasses {
                let label = Self.labels[name] ?? (name, name)
                guard let total = spend[year]?[name], total.units > 0 else { continue }
                var related = Money.zero
                var evidence: [Evidence] = []
                var count = 0
                var parties: [String] = []
                for party in y.relatedByClass.keys.sorted() {
                    guard let amount = y.relatedByClass[party]?[name] else { continue }
                    if !amount.amount.isZero { parties.append(party) }
                    related += amount.amount
                    evidence += amount.evidence.prefix(EvidencedAmount.maxEvidence - evidence.count)
                    count += amount.evidenceCount
                }
                let share = related.decimal / total.decimal
                guard share > limit, !evidence.isEmpty else { continue }
                let who = parties.map { $0 + RuleText.bookedUnder($0, in: y).zh }.joined(separator: "、")
                let whoEn = parties.map { $0 + RuleText.bookedUnder($0, in: y).en }.joined(separator: "; ")
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: parties.count == 1 ? parties[0] : nil, amount: related,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年\(label.zh)共 \(RuleText.yuan(total)) 元，其中付给关联方\(who) \(RuleText.yuan(related)) 元，占 \(RuleText.percent(share))，超过 \(RuleText.percent(limit))。",
                        en: "\(hospital.name)'s \(year) \(label.en) came to \(RuleText.yuan(total)) yuan, of which \(RuleText.yuan(related)) yuan (\(RuleText.percent(share)), above the limit of \(RuleText.percent(limit))) went to related parties: \(whoEn)."),
                    basis: settings.basis, evidence: evidence, evidenceCount: count,
                    details: ["class": name, "class_total": total.description, "share": RuleText.ratio(share)],
                    subject: name))
            }
        }
        return findings
    }
}

/// Spending per share class (fees, rent, purchases), whoever was paid: the denominator of
/// related parties' shares, per year.
public struct SpendAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest.touching(AccountClasses.shareClasses.reduce(AccountClasses()) { $0.union($1.bit) })
    /// By position in `AccountClasses.shareClasses`: an array, because this runs for every line
    /// and a String-keyed update would hash each time.
    private var totals = [Money](repeating: .zero, count: AccountClasses.shareClasses.count)
    private let bits = AccountClasses.shareClasses.map(\.bit)
    private let mask = AccountClasses.shareClasses.reduce(AccountClasses()) { $0.union($1.bit) }
    private var years: [Int: [String: Money]] = [:]

    public mutating func observe(_ voucher: Voucher) {
        guard !voucher.touched.isDisjoint(with: mask) else { return }
        // Closing vouchers move revenue and expense into 本年利润: not spending.
        if voucher.touched.contains(.closing) && !voucher.touched.isDisjoint(with: [.revenue, .expense]) { return }
        for i in voucher.lines.indices where !voucher.classes[i].settles && !voucher.classes[i].isDisjoint(with: mask) {
            for k in bits.indices where voucher.classes[i].contains(bits[k]) {
                totals[k] += voucher.lines[i].debit - voucher.lines[i].credit
            }
        }
    }

    public mutating func endYear(_ year: Int) {
        for k in totals.indices where !totals[k].isZero {
            years[year, default: [:]][AccountClasses.shareClasses[k].name, default: .zero] += totals[k]
            totals[k] = .zero
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [String: Money]] { years }
}
