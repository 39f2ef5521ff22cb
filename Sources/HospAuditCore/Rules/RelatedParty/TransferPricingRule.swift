import Foundation

/// RP-003: buying from a related supplier above the market price of the same item.
public struct TransferPricingRule: AuditRule {
    public static let description = RuleDescription(
        id: "RP-003",
        title: LocalizedText(zh: "关联采购价格偏高", en: "Transfer pricing above the market"),
        catches: LocalizedText(
            zh: "从关联供应商采购的单价高于基准价 × 1.1；高于 × 1.5 为高。采购明细与基准价按品目编码对应（两边都有编码时），否则按品名；基准价取与医院行政区划最接近的一行。每个供应商、品目、年度一条，金额为高出基准价的部分（(单价 − 基准价) × 数量）。",
            en: "A purchase from a related supplier at a unit price above the benchmark × 1.1; high above × 1.5. Purchases meet benchmarks by item code when both have one, else by item name; the benchmark closest to the hospital's region is used. One finding per supplier, item and year; the amount is what was paid above the benchmark ((unit price − benchmark) × quantity)."),
        whyItMatters: LocalizedText(
            zh: "向举办者的药品、耗材公司高价采购，是把结余以货款形式转出（国办发〔2017〕44号 二十一；企业会计准则第36号要求披露关联交易定价政策）。",
            en: "Buying drugs and consumables from the sponsor's company above the market moves the surplus out as the price of goods (State Council 2017 No. 44, clause 21; CAS 36 asks for the pricing policy of related transactions)."),
        summary: "a purchase from a related supplier (purchases; listed, or tied to a listed party in the ledger) at a unit price above the benchmark × 1.1, matched by item code when both sides have one, else by name, the closest region's benchmark; one finding per supplier, item and year, the amount being what was paid above the benchmark",
        severities: "medium; high above × 1.5",
        triggering: [
            RuleExample("集采中选价 3.20 元的药品以 5.60 元从关联方采购", "A drug awarded at 3.20 in volume-based procurement bought at 5.60 from a related party", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
                "purchases": ExampleTables.purchaseHeader + """
                    2024-03-12,杭州安远医药有限公司,XN01A001,阿托伐他汀钙片 20mg*7片,3000,5.60
                    2024-06-15,杭州安远医药有限公司,XN01A001,阿托伐他汀钙片 20mg*7片,2500,5.60

                    """,
                "benchmarks": ExampleTables.benchmarkHeader + "XN01A001,阿托伐他汀钙片 20mg*7片,3.20,盒,国家组织药品集中采购中选价,\n",
                "ledger": ExampleTables.ledgerHeader,
            ], expected: [.high]),
            RuleExample("供应商不在关联方清单上，但收款账户是举办者的", "A supplier missing from the list, paid into the sponsor's bank account", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号\n"
                    + "杭州安远控股有限公司,91330106MA28GH4Q70,举办者,2014-01-01,,3301 0400 0000 1357 246\n",
                "purchases": ExampleTables.purchaseHeader + "2024-03-12,杭州康达医药贸易有限公司,XN01A001,阿托伐他汀钙片 20mg*7片,3000,5.60\n",
                "benchmarks": ExampleTables.benchmarkHeader + "XN01A001,阿托伐他汀钙片 20mg*7片,3.20,盒,国家组织药品集中采购中选价,\n",
                "ledger": "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方账号,摘要\n" + """
                    记-0031,2024-03-20,5101,业务活动成本-药品费,"16,800.00",,杭州康达医药贸易有限公司,,支付药品采购款
                    记-0031,2024-03-20,1002,银行存款,,"16,800.00",杭州康达医药贸易有限公司,3301040000001357246,支付药品采购款

                    """,
            ], expected: [.high]),
            RuleExample("高出基准价 20%", "20% above the benchmark", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
                "purchases": ExampleTables.purchaseHeader + "2024-03-12,杭州安远医药有限公司,,一次性使用无菌注射器 5ml,20000,0.42\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",一次性使用无菌注射器 5ml,0.35,支,浙江省医用耗材阳光采购平台,330000\n",
                "ledger": ExampleTables.ledgerHeader,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("关联采购按中选价", "A related purchase at the awarded price", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
                "purchases": ExampleTables.purchaseHeader + "2024-03-12,杭州安远医药有限公司,XN01A001,阿托伐他汀钙片 20mg*7片,3000,3.30\n",
                "benchmarks": ExampleTables.benchmarkHeader + "XN01A001,阿托伐他汀钙片 20mg*7片,3.20,盒,国家组织药品集中采购中选价,\n",
                "ledger": ExampleTables.ledgerHeader,
            ]),
            RuleExample("无关联的供应商价格偏高不在本规则", "An unrelated supplier's high price is not this rule's business", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
                "purchases": ExampleTables.purchaseHeader + "2024-03-12,华东医药股份有限公司,XN01A001,阿托伐他汀钙片 20mg*7片,3000,5.60\n",
                "benchmarks": ExampleTables.benchmarkHeader + "XN01A001,阿托伐他汀钙片 20mg*7片,3.20,盒,国家组织药品集中采购中选价,\n",
                "ledger": ExampleTables.ledgerHeader,
            ]),
            RuleExample("另一地区的基准价不适用", "Another region's benchmark does not apply", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药有限公司,91330106MA2H3K5P7W,举办者控制的企业,2016-01-01,\n",
                "purchases": ExampleTables.purchaseHeader + "2024-03-12,杭州安远医药有限公司,,一次性使用无菌注射器 5ml,20000,0.42\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",一次性使用无菌注射器 5ml,0.30,支,江苏省阳光采购平台,320000\n",
                "ledger": ExampleTables.ledgerHeader,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// A unit price above the benchmark times this is above the market.
        public var priceFactor: Rate = "1.1"
        /// Above the benchmark times this, reported at `severityHigh`.
        public var highFactor: Rate = "1.5"
        public var severityHigh = Severity.high
        public init() {}
    }

    private struct Overpaid {
        var party = ""
        var benchmark: Benchmark
        var excess = Decimal(0)
        var paid = Decimal(0)
        var worstRatio = Decimal(0)
        var lines: [Purchase] = []
        var count = 0
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        guard !context.purchases.isEmpty, !context.benchmarks.isEmpty else { return [] }
        let hospital = context.hospital
        let factor = settings.priceFactor.value
        let highFactor = settings.highFactor.value
        var groups: [String: Overpaid] = [:]
        var prices: [String: Benchmark?] = [:]
        for purchase in context.purchases {
            // The list first, else the party the ledger found behind the supplier (a hidden one).
            guard let party = context.relatedParties.resolve(name: purchase.supplier, on: purchase.date)?.party
                    ?? facts.ledgerParties[PartyName.normalize(purchase.supplier)].flatMap({ $0.isRelated(on: purchase.date) ? $0 : nil })
            else { continue }
            let itemKey = purchase.itemCode ?? purchase.itemName ?? ""
            let found = prices[itemKey] ?? context.benchmarks.price(code: purchase.itemCode, name: purchase.itemName, region: hospital.region)
            prices[itemKey] = found
            guard let benchmark = found, benchmark.unitPrice.units > 0 else { continue }
            let ratio = purchase.unitPrice.decimal / benchmark.unitPrice.decimal
            guard ratio > factor else { continue }
            let key = "\(purchase.date.year)\u{1F}\(party.name)\u{1F}\(itemKey)"
            var group = groups[key] ?? Overpaid(party: party.name, benchmark: benchmark)
            group.excess += (purchase.unitPrice - benchmark.unitPrice).decimal * purchase.quantity
            group.paid += purchase.unitPrice.decimal * purchase.quantity
            group.worstRatio = max(group.worstRatio, ratio)
            if group.lines.count < EvidencedAmount.maxEvidence - 1 { group.lines.append(purchase) }
            group.count += 1
            groups[key] = group
        }
        return groups.keys.sorted().map { key in
            let group = groups[key]!
            let year = key.prefix(4)
            let first = group.lines[0]
            let excess = Money(rounding: group.excess)
            let paid = Money(rounding: group.paid)
            let severity = group.worstRatio > highFactor ? settings.severityHigh : settings.severity
            let b = group.benchmark
            let evidence = [Evidence(file: context.file("benchmarks"), line: b.line,
                                     summary: "基准价 \(b.item) \(b.unitPrice)\(b.unit.map { "/\($0)" } ?? "")\(b.source.map { "（\($0)）" } ?? "")")]
                + group.lines.map {
                    Evidence(file: context.file("purchases"), line: $0.line,
                             summary: "\($0.date) \($0.supplier) \($0.item) 数量 \($0.quantity) 单价 \($0.unitPrice)")
                }
            return Finding(
                rule: Self.description.id, severity: severity, hospitalID: hospital.id, period: String(year),
                counterparty: group.party, amount: excess,
                message: LocalizedText(
                    zh: "\(hospital.name)\(year)年从关联方\(group.party)采购\(first.item) \(group.count) 笔，单价最高为基准价 \(RuleText.yuan(b.unitPrice)) 元的 \(RuleText.ratio(group.worstRatio, places: 2)) 倍（上限 \(factor) 倍），采购额 \(RuleText.yuan(paid)) 元中高出基准价 \(RuleText.yuan(excess)) 元。",
                    en: "\(hospital.name) bought \(first.item) from the related party \(group.party) \(group.count) times in \(year), at up to \(RuleText.ratio(group.worstRatio, places: 2)) times the benchmark of \(RuleText.yuan(b.unitPrice)) yuan (limit \(factor) times); of \(RuleText.yuan(paid)) yuan paid, \(RuleText.yuan(excess)) yuan was above the benchmark."),
                basis: settings.basis, evidence: evidence, evidenceCount: group.count + 1,
                details: ["item": first.item, "benchmark": b.unitPrice.description, "benchmark_source": b.source ?? "",
                          "worst_ratio": RuleText.ratio(group.worstRatio), "purchased": paid.description],
                subject: "\(PartyName.normalize(group.party)) \(first.itemCode ?? first.itemName ?? "")")
        }
    }
}
