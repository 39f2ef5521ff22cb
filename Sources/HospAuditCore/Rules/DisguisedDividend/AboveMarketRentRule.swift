import Foundation

/// DD-003: rent paid to a related lessor above the market: the lease's rent per square metre
/// against a rent benchmark, or, with no way to price it, related rent that weighs on revenue.
public struct AboveMarketRentRule: AuditRule {
    public static let description = RuleDescription(
        id: "DD-003",
        title: LocalizedText(zh: "向关联出租方支付高于市场的租金", en: "Above-market rent to a related lessor"),
        catches: LocalizedText(
            zh: "与关联方的租赁合同每平方米月租金高于基准租金 × 1.2（基准价表中品名含“租金”“租赁”的一行，单位为元/平方米/月，取与医院行政区划最接近的一行）。没有基准租金或合同没有面积、月租金时，改看当年计入关联方的租金是否超过收入的 10%。当年账上计入该关联方的租金须达到重要性水平。",
            en: "A lease with a related party whose rent per square metre per month is above the rent benchmark × 1.2 (a benchmarks row whose name speaks of rent, 租金/租赁, in yuan per m² per month; the one closest to the hospital's region). With no rent benchmark, or a lease without area and monthly rent, the related rent booked in the year above 10% of revenue. The rent booked to the party in the year must reach materiality."),
        whyItMatters: LocalizedText(
            zh: "举办者把房产高价租给医院，是把结余以租金形式转出的常见方式（国办发〔2017〕44号 二十一；民法典第八十七条）。",
            en: "A sponsor leasing its building to the hospital at a high rent takes the surplus out as rent (State Council 2017 No. 44, clause 21; Civil Code art. 87)."),
        summary: "rent a non-profit pays a related lessor (listed, or tied to a listed party in the ledger by USCC, bank account or name) above the market: the lease's rent per m² per month (contracts) above the rent benchmark × 1.2 (a benchmarks row whose name speaks of 租金/租赁, the closest region's); with no rent benchmark or no lease with area and rent, the related rent above 10% of revenue. The amount is the part of the booked rent above the benchmark",
        severities: "high",
        triggering: [
            RuleExample("合同租金为市场价的 1.8 倍", "Lease at 1.8 times the market rent", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和置业有限公司,91110108MA01PQ7R3C,举办者控制的企业,2015-06-01,\n",
                "contracts": ExampleTables.contractHeader + "ZL-2022-01,北京仁和置业有限公司,租赁,,,3000,\"486,000.00\",2022-01-01,2031-12-31\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",医疗用房租金,90.00,元/平方米/月,北京市海淀区商业用房租金监测,110000\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0012,2024-01-05,5201,管理费用-房租,"486,000.00",,北京仁和置业有限公司,1月房租
                    记-0012,2024-01-05,1002,银行存款,,"486,000.00",北京仁和置业有限公司,1月房租

                    """,
            ], expected: [.high]),
            RuleExample("关联关系只在年中存续（3 月至 10 月）", "A relation that lasted only from March to October", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和置业有限公司,91110108MA01PQ7R3C,举办者控制的企业,2024-03-01,2024-10-31\n",
                "contracts": ExampleTables.contractHeader + "ZL-2024-02,北京仁和置业有限公司,租赁,,,3000,\"486,000.00\",2024-03-01,2026-02-28\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",医疗用房租金,90.00,元/平方米/月,北京市海淀区商业用房租金监测,110000\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0012,2024-04-05,5201,管理费用-房租,"486,000.00",,北京仁和置业有限公司,4月房租
                    记-0012,2024-04-05,1002,银行存款,,"486,000.00",北京仁和置业有限公司,4月房租

                    """,
            ], expected: [.high]),
            RuleExample("出租方未列入关联方清单，但收款账户是举办者的", "A lessor missing from the list, paid into the sponsor's bank account", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号\n"
                    + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,,0200 0045 0920 0123 456\n",
                "contracts": ExampleTables.contractHeader + "ZL-2022-07,北京恒泰物业管理有限公司,租赁,,,3000,\"486,000.00\",2022-01-01,2031-12-31\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",医疗用房租金,90.00,元/平方米/月,北京市海淀区商业用房租金监测,110000\n",
                "ledger": "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方账号,摘要\n" + """
                    记-0008,2024-01-31,1002,银行存款,"9,000,000.00",,,,1月医疗收入
                    记-0008,2024-01-31,4301,提供服务收入,,"9,000,000.00",,,1月医疗收入
                    记-0012,2024-01-05,5201,管理费用-房租,"486,000.00",,北京恒泰物业管理有限公司,,1月房租
                    记-0012,2024-01-05,1002,银行存款,,"486,000.00",北京恒泰物业管理有限公司,0200004509200123456,1月房租

                    """,
            ], expected: [.high]),
            RuleExample("无基准租金时，关联租金超过收入 10%", "No rent benchmark: related rent above 10% of revenue", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和置业有限公司,91110108MA01PQ7R3C,举办者控制的企业,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0008,2024-03-08,1002,银行存款,"1,000,000.00",,,门诊收入
                    记-0008,2024-03-08,4301,提供服务收入,,"1,000,000.00",,门诊收入
                    记-0012,2024-03-10,5201,管理费用-房租,"180,000.00",,北京仁和置业有限公司,一季度房租
                    记-0012,2024-03-10,1002,银行存款,,"180,000.00",北京仁和置业有限公司,一季度房租

                    """,
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("合同租金在市场价 1.2 倍以内", "Lease within 1.2 times the market rent", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和置业有限公司,91110108MA01PQ7R3C,举办者控制的企业,2015-06-01,\n",
                "contracts": ExampleTables.contractHeader + "ZL-2022-01,北京仁和置业有限公司,租赁,,,3000,\"285,000.00\",2022-01-01,2031-12-31\n",
                "benchmarks": ExampleTables.benchmarkHeader + ",医疗用房租金,90.00,元/平方米/月,北京市海淀区商业用房租金监测,110000\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0008,2024-01-05,1002,银行存款,"1,000,000.00",,,门诊收入
                    记-0008,2024-01-05,4301,提供服务收入,,"1,000,000.00",,门诊收入
                    记-0012,2024-01-05,5201,管理费用-房租,"285,000.00",,北京仁和置业有限公司,1月房租
                    记-0012,2024-01-05,1002,银行存款,,"285,000.00",北京仁和置业有限公司,1月房租

                    """,
            ]),
            RuleExample("向无关联的业主付租金", "Rent to an unrelated landlord", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0008,2024-03-08,1002,银行存款,"1,000,000.00",,,门诊收入
                    记-0008,2024-03-08,4301,提供服务收入,,"1,000,000.00",,门诊收入
                    记-0012,2024-03-10,5201,管理费用-房租,"180,000.00",,北京中关村科技园物业管理有限公司,一季度房租
                    记-0012,2024-03-10,1002,银行存款,,"180,000.00",北京中关村科技园物业管理有限公司,一季度房租

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Rent per m² per month above the rent benchmark times this is above the market.
        public var benchmarkFactor: Rate = "1.2"
        /// With no benchmark to price the lease: related rent above this share of revenue.
        public var revenueShare: Rate = "0.10"
        public init() {}
    }

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let factor = settings.benchmarkFactor.value
        let share = settings.revenueShare.value
        let benchmark = context.benchmarks.rent(region: hospital.region)
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let y = facts.years[year] else { continue }
            for party in y.relatedByClass.keys.sorted() {
                guard let rent = y.relatedByClass[party]?["rent"], rent.amount >= context.policy.materiality else { continue }
                let leases = context.contracts.filter {
                    $0.kind == .lease && $0.covers(year: year) && ($0.areaSqm ?? 0) > 0 && $0.monthlyRent != nil
                        && context.relatedParty(named: $0.counterparty, in: year, facts: facts)?.name == party
                }
                if let benchmark, !leases.isEmpty {
                    if let finding = priced(leases: leases, benchmark: benchmark, rent: rent, factor: factor, party: party,
                                            year: year, context: context, settings: settings) {
                        findings.append(finding)
                    }
                } else if let finding = weighed(rent: rent, share: share, party: party, year: year, facts: facts,
                                                context: context, settings: settings) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// The leases against the market (several leases with one party are taken together, rent
    /// over area): the part of the rent booked above the benchmark is what left as surplus.
    private func priced(leases: [Contract], benchmark: Benchmark, rent: EvidencedAmount, factor: Decimal, party: String,
                        year: Int, context: AuditContext, settings: RuleSettings<Settings>) -> Finding? {
        let hospital = context.hospital
        var monthly = Money.zero
        var area = Decimal(0)
        for lease in leases {
            monthly += lease.monthlyRent!
            area += lease.areaSqm!
        }
        let perSqm = monthly.decimal / area
        let market = benchmark.unitPrice.decimal
        guard market > 0, perSqm > market * factor else { return nil }
        let excess = Money(rounding: rent.amount.decimal * (1 - market / perSqm))
        let perSqmText = RuleText.ratio(perSqm, places: 2)
        let ids = leases.map(\.id).joined(separator: "、")
        let evidence = leases.map {
            Evidence(file: context.file("contracts"), line: $0.line,
                     summary: "租赁合同 \($0.id)：\($0.areaSqm!) 平方米，月租金 \($0.monthlyRent!)")
        } + [
            Evidence(file: context.file("benchmarks"), line: benchmark.line,
                     summary: "基准租金 \(benchmark.unitPrice) \(benchmark.unit ?? "")\(benchmark.source.map { "（\($0)）" } ?? "")"),
        ]
        let ratio = RuleText.ratio(perSqm / market, places: 2)
        // A lessor the list does not name (tied to the party through the ledger) is named as the contract has it.
        let lessors = Array(Set(leases.map(\.counterparty)).filter { $0 != party }).sorted()
        let lessorText = lessors.isEmpty ? ("", "") : ("（合同出租方\(lessors.joined(separator: "、"))）", " (the lessor on the contract: \(lessors.joined(separator: ", ")))")
        return Finding(
            rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
            counterparty: party, amount: excess,
            message: LocalizedText(
                zh: "\(hospital.name)（非营利性）向关联方\(party)\(lessorText.0)租赁房屋，合同 \(ids) 租金每平方米每月 \(perSqmText) 元，为基准租金 \(RuleText.yuan(benchmark.unitPrice)) 元的 \(ratio) 倍（上限 \(factor) 倍）；\(year)年计入租金 \(RuleText.yuan(rent.amount)) 元，其中约 \(RuleText.yuan(excess)) 元高于市场租金，可能构成变相分红。",
                en: "\(hospital.name), a non-profit, leases from the related party \(party)\(lessorText.1) under contract \(ids) at \(perSqmText) yuan per m² per month, \(ratio) times the benchmark of \(RuleText.yuan(benchmark.unitPrice)) (limit \(factor) times); of the \(RuleText.yuan(rent.amount)) yuan of rent booked in \(year), about \(RuleText.yuan(excess)) yuan is above the market: a possible disguised dividend."),
            basis: settings.basis, evidence: evidence + rent.evidence.prefix(max(0, EvidencedAmount.maxEvidence - evidence.count)),
            evidenceCount: rent.evidenceCount + evidence.count,
            details: ["contracts": ids, "rent_per_sqm_month": perSqmText, "benchmark_per_sqm_month": benchmark.unitPrice.description,
                      "rent_booked": rent.amount.description, "basis": "benchmark"],
            subject: "\(PartyName.normalize(party)) lease")
    }

    /// No way to price the lease: related rent measured against the hospital's revenue.
    private func weighed(rent: EvidencedAmount, share: Decimal, party: String, year: Int, facts: Facts,
                         context: AuditContext, settings: RuleSettings<Settings>) -> Finding? {
        let hospital = context.hospital
        let revenue = ResultFigures.of(year: year, facts: facts, context: context)?.revenue ?? .zero
        guard revenue.units > 0 else { return nil }
        let ratio = rent.amount.decimal / revenue.decimal
        guard ratio > share else { return nil }
        return Finding(
            rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
            counterparty: party, amount: rent.amount,
            message: LocalizedText(
                zh: "\(hospital.name)（非营利性）\(year)年向关联方\(party)支付租金 \(RuleText.yuan(rent.amount)) 元，占收入 \(RuleText.percent(ratio))，超过 \(RuleText.percent(share))；没有可比的基准租金，租金可能高于市场，构成变相分红。",
                en: "\(hospital.name), a non-profit, booked \(RuleText.yuan(rent.amount)) yuan of rent to the related party \(party) in \(year), \(RuleText.percent(ratio)) of revenue, above \(RuleText.percent(share)); with no rent benchmark to compare, the rent may be above the market: a possible disguised dividend."),
            basis: settings.basis, evidence: rent.evidence, evidenceCount: rent.evidenceCount,
            details: ["revenue": revenue.description, "share_of_revenue": RuleText.ratio(ratio), "basis": "revenue_share"],
            subject: PartyName.normalize(party))
    }
}
