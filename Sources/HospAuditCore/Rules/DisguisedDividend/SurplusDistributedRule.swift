/// DD-001: a non-profit hospital paying out its surplus outright — a 利润分配 or 应付股利 line
/// (which a non-profit chart does not even have), or a payment whose summary says 分红.
public struct SurplusDistributedRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-001",
        title: LocalizedText(zh: "非营利性医疗机构分配结余", en: "Surplus distributed by a non-profit hospital"),
        catches: LocalizedText(
            zh: "非营利性医院账上出现利润分配、应付股利、应付利润类科目，或把净资产转入应付举办者、关联方或写明分配结余的往来（借 非限定性净资产、贷 其他应付款），或把净资产直接付给举办者、关联方，或摘要写明分红、股利、红利、利润分配、结余分配的付款。先计入应付再付出的是同一次分配，只算一次（跨年支付的，计入提取的年度），付出的款项不论摘要如何都作为证据；冲回（红字或相反分录）的提取从中扣除，不论跨年与否；对方在同一往来上的借款、租金等先于分配款偿还，写明分红的付款除外。",
            en: "A line in a profit-distribution account (利润分配, 应付股利, 应付利润) at a non-profit hospital, net assets moved to a payable owed to the sponsor or a related party or said to distribute surplus (Dr 非限定性净资产, Cr 其他应付款), net assets paid straight to the sponsor or a related party, or a payment whose summary speaks of dividends (分红, 股利, 红利, 利润分配, 结余分配). Booked to a payable and then paid is one distribution, counted once (in the year it was booked, when paid in a later year), and the payment out of that payable is evidence whatever its summary says; a booking taken back (in red ink or by the opposite entry, in any later year) comes off it, and what else the payable owes the party (a loan, rent) is repaid before the distribution unless the payment says it is a dividend."),
        whyItMatters: LocalizedText(
            zh: "非营利性医疗机构不得将收支结余用于分红或变相分红（国办发〔2017〕44号 二十一）；非营利法人不得向出资人分配利润（民法典第八十七条）。",
            en: "A non-profit hospital may not use its surplus for dividends, open or disguised (State Council 2017 No. 44, clause 21); a non-profit legal person distributes no profit to its founders (Civil Code art. 87)."),
        summary: "surplus distributed by a non-profit: a 利润分配 / 应付股利 / 应付利润 line, net assets moved to a payable owed to the sponsor or a related party or said to distribute (Dr 非限定性净资产, Cr 其他应付款) or paid straight to them, or a payment whose summary says 分红, 股利, 红利, 利润分配 or 结余分配; booked and then paid counts once, in the year booked even when paid later, the payment out of the payable being evidence; a booking taken back (red ink or the opposite entry) comes off, and the payable's other balances with the party (a loan, rent) are repaid first unless the payment says dividend",
        severities: "critical",
        triggering: [
            RuleExample("结余转入利润分配并应付举办者", "Surplus booked to 利润分配 and owed to the sponsor", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2024-12-30,3101,利润分配-应付股利,"2,000,000.00",,北京仁和投资有限公司,分配2024年结余
                    记-0031,2024-12-30,2204,应付利润,,"2,000,000.00",北京仁和投资有限公司,分配2024年结余

                    """,
            ], expected: [.critical]),
            RuleExample("以管理费用列支举办者分红", "A dividend to the sponsor booked as an expense", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0118,2024-06-28,5201,管理费用-其他,"3,000,000.00",,北京仁和投资有限公司,举办者2023年度分红
                    记-0118,2024-06-28,1002,银行存款,,"3,000,000.00",北京仁和投资有限公司,举办者2023年度分红

                    """,
            ], expected: [.critical]),
            RuleExample("结余经其他应付款分给举办者，再以往来款付出", "Surplus appropriated to a payable to the sponsor, then paid as a current-account transfer", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0088,2024-11-30,3101,非限定性净资产,"3,000,000.00",,,提取结余分配款
                    记-0088,2024-11-30,2209,其他应付款,,"3,000,000.00",北京仁和投资有限公司,提取结余分配款
                    记-0095,2024-12-06,2209,其他应付款,"3,000,000.00",,北京仁和投资有限公司,支付往来款
                    记-0095,2024-12-06,1002,银行存款,,"3,000,000.00",北京仁和投资有限公司,支付往来款

                    """,
            ], expected: [.critical]),
            RuleExample("年末提取结余分配款，次年初付给举办者：一次分配，只判一次", "Surplus appropriated to the sponsor at year end and paid early next year: one distribution, judged once", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0212,2023-12-29,3101,非限定性净资产,"2,400,000.00",,,提取2023年结余分配款
                    记-0212,2023-12-29,2209,其他应付款,,"2,400,000.00",北京仁和投资有限公司,提取2023年结余分配款
                    记-0015,2024-01-12,2209,其他应付款,"2,400,000.00",,北京仁和投资有限公司,支付往来款
                    记-0015,2024-01-12,1002,银行存款,,"2,400,000.00",北京仁和投资有限公司,支付往来款

                    """,
            ], expected: [.critical]),
            RuleExample("应付利润跨年分两次支付，次年又分配新的结余", "Profit owed paid in two instalments across the year end, then a new year's surplus distributed", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0198,2023-12-28,3101,利润分配-应付利润,"2,000,000.00",,北京仁和投资有限公司,分配2023年结余
                    记-0198,2023-12-28,2204,应付利润,,"2,000,000.00",北京仁和投资有限公司,分配2023年结余
                    记-0021,2024-01-18,2204,应付利润,"1,200,000.00",,北京仁和投资有限公司,支付应付利润
                    记-0021,2024-01-18,1002,银行存款,,"1,200,000.00",北京仁和投资有限公司,支付应付利润
                    记-0264,2024-12-27,3101,利润分配-应付利润,"1,500,000.00",,北京仁和投资有限公司,分配2024年结余
                    记-0264,2024-12-27,2204,应付利润,,"1,500,000.00",北京仁和投资有限公司,分配2024年结余

                    """,
            ], expected: [.critical, .critical]),
            RuleExample("红字冲销后重新提取结余分配款", "An appropriation reversed in red ink and booked again for less", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0107,2023-11-28,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
                    记-0107,2023-11-28,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
                    记-0108,2023-11-30,3101,非限定性净资产,"-1,000,000.00",,,冲销11月28日提取结余分配款（红字）
                    记-0108,2023-11-30,2209,其他应付款,,"-1,000,000.00",北京仁和投资有限公司,冲销11月28日提取结余分配款（红字）
                    记-0196,2023-12-28,3101,非限定性净资产,"600,000.00",,,提取结余分配款
                    记-0196,2023-12-28,2209,其他应付款,,"600,000.00",北京仁和投资有限公司,提取结余分配款

                    """,
            ], expected: [.critical]),
            RuleExample("净资产直接付给举办者，未经往来科目", "Net assets paid straight to the sponsor, with no payable between", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0301,2024-12-20,3101,非限定性净资产,"1,000,000.00",,北京仁和投资有限公司,支付举办者款项
                    记-0301,2024-12-20,1002,银行存款,,"1,000,000.00",北京仁和投资有限公司,支付举办者款项

                    """,
            ], expected: [.critical]),
            RuleExample("2024年转为营利：2023年非营利期间的分红仍要判", "For-profit from 2024: a dividend of its non-profit 2023 is still judged", tables: [
                "entity": ExampleTables.tianjinConverted,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0152,2023-12-28,2209,其他应付款,"1,500,000.00",,天津和谐医疗投资集团有限公司,向举办者分红
                    记-0152,2023-12-28,1002,银行存款,,"1,500,000.00",天津和谐医疗投资集团有限公司,向举办者分红
                    记-0007,2024-01-10,1002,银行存款,"260,000.00",,,门诊收入日结
                    记-0007,2024-01-10,6001,主营业务收入-门诊收入,,"260,000.00",,门诊收入日结

                    """,
            ], expected: [.critical]),
            RuleExample("营利年度结转利润分配-未分配利润，非营利年度付“分红”仍要判", "A for-profit year's close into 利润分配 owes nobody: a non-profit year's \"dividend\" is still judged", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0151,2023-12-31,4103,本年利润,"5,000,000.00",,,结转本年利润
                    记-0151,2023-12-31,4104,利润分配-未分配利润,,"5,000,000.00",,结转本年利润
                    记-0020,2024-03-10,2209,其他应付款,"2,000,000.00",,,支付举办者分红
                    记-0020,2024-03-10,1002,银行存款,,"2,000,000.00",,支付举办者分红

                    """,
            ], expected: [.critical]),
        ],
        nonTriggering: [
            RuleExample("年末结转收支到非限定性净资产，支付普通往来款", "Year-end closing into unrestricted net assets, and an ordinary payable paid", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0120,2024-12-31,4301,提供服务收入,"9,000,000.00",,,结转本年收入
                    记-0120,2024-12-31,5101,业务活动成本,,"8,200,000.00",,结转本年费用
                    记-0120,2024-12-31,3101,非限定性净资产,,"800,000.00",,结转本年结余
                    记-0121,2024-12-20,2209,其他应付款,"150,000.00",,北京仁和投资有限公司,退还押金
                    记-0121,2024-12-20,1002,银行存款,,"150,000.00",北京仁和投资有限公司,退还押金

                    """,
            ]),
            RuleExample("营利性医院向股东分配利润", "A for-profit hospital paying its shareholder", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-28,4104,利润分配-应付现金股利,"5,000,000.00",,天津和谐医疗投资集团有限公司,向股东分配利润
                    记-0090,2024-12-28,2232,应付股利,,"5,000,000.00",天津和谐医疗投资集团有限公司,向股东分配利润

                    """,
            ]),
            RuleExample("2024年转为非营利：2023年营利期间向股东分配利润不判", "Non-profit from 2024: its for-profit 2023's dividend is not judged", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0148,2023-12-20,4104,利润分配-应付现金股利,"2,000,000.00",,天津和谐医疗投资集团有限公司,分配2023年度利润
                    记-0148,2023-12-20,2232,应付股利,,"2,000,000.00",天津和谐医疗投资集团有限公司,分配2023年度利润
                    记-0151,2023-12-28,2232,应付股利,"2,000,000.00",,天津和谐医疗投资集团有限公司,支付股利
                    记-0151,2023-12-28,1002,银行存款,,"2,000,000.00",天津和谐医疗投资集团有限公司,支付股利
                    记-0003,2024-01-08,1002,银行存款,"240,000.00",,,门诊收入日结
                    记-0003,2024-01-08,4301,提供服务收入-门诊收入,,"240,000.00",,门诊收入日结

                    """,
            ]),
            RuleExample("营利期间宣告的股利在转为非营利后支付", "A dividend declared while for-profit, paid after becoming non-profit", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "related_parties": ExampleTables.relatedHeader + "天津和谐医疗投资集团有限公司,91120116MA06HX3K7U,举办者,2017-09-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0148,2023-12-20,4104,利润分配-应付现金股利,"2,000,000.00",,天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0148,2023-12-20,2232,应付股利,,"2,000,000.00",天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0009,2024-01-15,2232,应付股利,"2,000,000.00",,天津和谐医疗投资集团有限公司,支付2023年度股利
                    记-0009,2024-01-15,1002,银行存款,,"2,000,000.00",天津和谐医疗投资集团有限公司,支付2023年度股利

                    """,
            ]),
            RuleExample("营利年度结转利润分配后转为非营利，发放工资不是分红", "A for-profit year's close into 利润分配, then wages paid as a non-profit: no dividend", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0151,2023-12-31,4103,本年利润,"5,000,000.00",,,结转本年利润
                    记-0151,2023-12-31,4104,利润分配-未分配利润,,"5,000,000.00",,结转本年利润
                    记-0012,2024-01-31,5101,业务活动成本-人员经费-工资,"1,500,000.00",,,计提1月工资
                    记-0012,2024-01-31,2211,应付职工薪酬,,"1,500,000.00",,计提1月工资
                    记-0018,2024-02-08,2211,应付职工薪酬,"1,500,000.00",,,发放1月工资
                    记-0018,2024-02-08,1002,银行存款,,"1,500,000.00",,发放1月工资

                    """,
            ]),
            RuleExample("营利期间宣告、未写股东的应付股利，转为非营利后支付", "A dividend declared to an unnamed 应付股利 while for-profit, paid as a non-profit", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0149,2023-12-28,4104,利润分配-应付现金股利,"3,000,000.00",,,宣告2023年度股利
                    记-0149,2023-12-28,2232,应付股利,,"3,000,000.00",,宣告2023年度股利
                    记-0010,2024-01-20,2232,应付股利,"3,000,000.00",,,支付股利
                    记-0010,2024-01-20,1002,银行存款,,"3,000,000.00",,支付股利

                    """,
            ]),
            RuleExample("营利期间宣告、未写股东的应付股利，转为非营利后按股东名义支付，其间照常发工资", "A dividend declared to an unnamed 应付股利 while for-profit, paid under the shareholder's name as a non-profit, wages paid meanwhile", tables: [
                "entity": ExampleTables.tianjinBecameNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0149,2023-12-28,4104,利润分配-应付现金股利,"3,000,000.00",,,宣告2023年度股利
                    记-0149,2023-12-28,2232,应付股利,,"3,000,000.00",,宣告2023年度股利
                    记-0003,2024-01-10,2211,应付职工薪酬,"1,800,000.00",,,发放12月工资
                    记-0003,2024-01-10,1002,银行存款,,"1,800,000.00",,发放12月工资
                    记-0010,2024-03-15,2232,应付股利,"3,000,000.00",,天津和谐医疗投资集团有限公司,支付2023年度股利
                    记-0010,2024-03-15,1002,银行存款,,"3,000,000.00",天津和谐医疗投资集团有限公司,支付2023年度股利

                    """,
            ]),
            RuleExample("调整以前年度：补提上年物业费，借记净资产", "A prior year's property fee booked late against net assets (调整以前年度)", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0004,2024-03-15,3101,非限定性净资产,"260,000.00",,,调整以前年度：补提2023年物业管理费
                    记-0004,2024-03-15,2209,其他应付款,,"260,000.00",北京首开物业管理有限公司,调整以前年度：补提2023年物业管理费
                    记-0031,2024-04-10,2209,其他应付款,"260,000.00",,北京首开物业管理有限公司,支付2023年物业管理费
                    记-0031,2024-04-10,1002,银行存款,,"260,000.00",北京首开物业管理有限公司,支付2023年物业管理费

                    """,
            ]),
            RuleExample("提取结余分配款两天后冲回（院务会未通过）", "Surplus appropriated to the sponsor and taken back two days later (the board said no)", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0107,2023-11-28,3101,非限定性净资产,"1,000,000.00",,,提取结余分配款
                    记-0107,2023-11-28,2209,其他应付款,,"1,000,000.00",北京仁和投资有限公司,提取结余分配款
                    记-0108,2023-11-30,2209,其他应付款,"1,000,000.00",,北京仁和投资有限公司,冲回11月28日提取结余分配款（院务会未通过）
                    记-0108,2023-11-30,3101,非限定性净资产,,"1,000,000.00",,冲回11月28日提取结余分配款（院务会未通过）

                    """,
            ]),
            RuleExample("应付利润次年以相反分录冲回", "Profit owed taken back by the opposite entry the next year", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0198,2023-12-28,3101,利润分配-应付利润,"1,000,000.00",,北京仁和投资有限公司,分配2023年结余
                    记-0198,2023-12-28,2204,应付利润,,"1,000,000.00",北京仁和投资有限公司,分配2023年结余
                    记-0012,2024-01-09,2204,应付利润,"1,000,000.00",,北京仁和投资有限公司,冲回2023年结余分配（理事会否决）
                    记-0012,2024-01-09,3101,利润分配-应付利润,,"1,000,000.00",北京仁和投资有限公司,冲回2023年结余分配（理事会否决）

                    """,
            ]),
            RuleExample("调整以前年度：补提合作检验收入分配款", "A partner lab's share of test revenue booked late against net assets (收入分配款, not surplus)", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0019,2024-02-26,3101,非限定性净资产,"52,000.00",,,调整以前年度：补提2023年12月合作检验收入分配款
                    记-0019,2024-02-26,2209,其他应付款,,"52,000.00",北京金域医学检验实验室有限公司,调整以前年度：补提2023年12月合作检验收入分配款

                    """,
            ]),
            RuleExample("非营利医院支付咨询费", "A non-profit paying an ordinary consulting fee", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0044,2024-03-25,5201,管理费用-咨询费,"38,000.00",,北京中和管理咨询有限公司,支付3月管理咨询费
                    记-0044,2024-03-25,1002,银行存款,,"38,000.00",北京中和管理咨询有限公司,支付3月管理咨询费

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Words in a payment's summary that make it a distribution whatever the account.
        public var summaryKeywords = ["分红", "股利", "红利", "利润分配", "结余分配"]
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> DistributionsAccumulator {
        DistributionsAccumulator(file: context.file("ledger"), texts: context.ledgerTexts, words: settings.summaryKeywords,
                                 insiders: Insiders(sponsor: context.hospital.sponsor, book: context.relatedParties))
    }

    /// One year's distribution to one counterparty, as judged.
    private struct Judged {
        let year: Int
        let counterparty: String
        var booked: EvidencedAmount
        var settled: EvidencedAmount
        var outright: EvidencedAmount
        var declaredBefore: Money
        /// Paid in later years out of what this year booked.
        var paidLater = EvidencedAmount()

        /// Booked and then paid is one distribution, not two; paying more than was booked this
        /// year settles distributions booked before it (before the ledger, or while for-profit).
        var amount: Money { outright.amount + max(booked.amount, settled.amount) }
    }

    public func evaluate(_ gathered: [Int: DistributionsAccumulator.Year], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        var judged: [Judged] = []
        // Dividends a for-profit year declared and left owing: paying them in a later non-profit
        // year settles a debt to the shareholders, it distributes no non-profit surplus.
        var owedFromForProfit: [String: Money] = [:]
        // What a non-profit year booked to a payable and left unpaid, oldest first, with the
        // finding that judged it: paying it in a later year is that distribution paid, evidence
        // of the same finding, not a second distribution (a critical in each year).
        var unpaid: [String: [(judged: Int, amount: Money)]] = [:]
        func payEarlier(_ settled: inout EvidencedAmount, to counterparty: String) {
            guard var queue = unpaid[counterparty], !queue.isEmpty else { return }
            var left = settled.amount
            while left.units > 0, let first = queue.first {
                let part = min(left, first.amount)
                var paid = settled
                paid.amount = part
                judged[first.judged].paidLater = judged[first.judged].paidLater + paid
                left -= part
                if part == first.amount { queue.removeFirst() } else { queue[0].amount = first.amount - part }
            }
            unpaid[counterparty] = queue
            settled.amount = left
            if left.isZero { settled = EvidencedAmount() }
        }
        for year in facts.periods {
            guard let y = gathered[year] else { continue }
            if !hospital.isNonprofit(in: year) {
                // Owed to a payable, named or not: a year-end close into 利润分配 owes nothing.
                for (counterparty, owing) in y.owing { owedFromForProfit[counterparty, default: .zero] += owing }
                for (counterparty, paid) in y.settled {
                    var settled = paid
                    payEarlier(&settled, to: counterparty)
                    owedFromForProfit[counterparty] = max(.zero, (owedFromForProfit[counterparty] ?? .zero) - settled.amount)
                }
                continue
            }
            for counterparty in Set(y.booked.keys).union(y.settled.keys).union(y.paidOutright.keys).sorted() {
                let booked = y.booked[counterparty] ?? EvidencedAmount()
                var settled = y.settled[counterparty] ?? EvidencedAmount()
                let outright = y.paidOutright[counterparty] ?? EvidencedAmount()
                // Declared to this shareholder, or to an 应付股利 naming nobody and paid to it.
                let ownCarry = owedFromForProfit[counterparty] ?? .zero
                let unnamedCarry = counterparty.isEmpty ? .zero : (owedFromForProfit[""] ?? .zero)
                let declaredBefore = min(settled.amount, ownCarry + unnamedCarry)
                if declaredBefore.units > 0 {
                    let fromOwn = min(declaredBefore, ownCarry)
                    owedFromForProfit[counterparty] = ownCarry - fromOwn
                    if declaredBefore > fromOwn { owedFromForProfit[""] = unnamedCarry - (declaredBefore - fromOwn) }
                    settled.amount = settled.amount - declaredBefore
                    if settled.amount.isZero { settled = EvidencedAmount() }
                }
                payEarlier(&settled, to: counterparty)
                let judgement = Judged(year: year, counterparty: counterparty, booked: booked, settled: settled,
                                       outright: outright, declaredBefore: declaredBefore)
                guard judgement.amount.units > 0 else { continue }
                judged.append(judgement)
                if booked.amount > settled.amount {
                    unpaid[counterparty, default: []].append((judged.count - 1, booked.amount - settled.amount))
                }
            }
        }
        return judged.map { finding($0, hospital: hospital, settings: settings) }
    }

    private func finding(_ j: Judged, hospital: Hospital, settings: RuleSettings<Settings>) -> Finding {
        let amount = j.amount
        let paid = j.outright.amount + j.settled.amount + j.paidLater.amount
        let all = j.outright + j.booked + j.settled + j.paidLater
        let who = j.counterparty.isEmpty ? "（未记往来单位）" : j.counterparty
        let whoEn = j.counterparty.isEmpty ? "(no counterparty recorded)" : j.counterparty
        var paidText = paid == amount ? ("，已全部支付", ", all of it paid")
            : ("，其中已支付 \(RuleText.yuan(paid)) 元", ", \(RuleText.yuan(paid)) yuan of it paid")
        if j.paidLater.amount.units > 0 {
            paidText.0 += "（\(RuleText.yuan(j.paidLater.amount)) 元在以后年度支付）"
            paidText.1 += " (\(RuleText.yuan(j.paidLater.amount)) yuan in later years)"
        }
        let before = j.declaredBefore.units > 0
            ? ("；另付营利性期间宣告的股利 \(RuleText.yuan(j.declaredBefore)) 元，不计入", "; another \(RuleText.yuan(j.declaredBefore)) yuan paid of dividends declared while it was for-profit is not counted")
            : ("", "")
        var details = ["booked": j.booked.amount.description, "paid": paid.description]
        if j.declaredBefore.units > 0 { details["paid_declared_while_for_profit"] = j.declaredBefore.description }
        if j.paidLater.amount.units > 0 { details["paid_in_later_years"] = j.paidLater.amount.description }
        return Finding(
            rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(j.year),
            counterparty: j.counterparty.isEmpty ? nil : j.counterparty, amount: amount,
            message: LocalizedText(
                zh: "\(hospital.name)为非营利性医疗机构，\(j.year)年向\(who)分配结余 \(RuleText.yuan(amount)) 元\(paidText.0)（\(all.evidenceCount) 行凭证\(before.0)），属于将收支结余用于分红。",
                en: "\(hospital.name), a non-profit hospital, distributed \(RuleText.yuan(amount)) yuan of surplus to \(whoEn) in \(j.year)\(paidText.1) (\(all.evidenceCount) voucher lines\(before.1)): surplus used for dividends."),
            basis: settings.basis, evidence: all.evidence, evidenceCount: all.evidenceCount,
            details: details, subject: PartyName.normalize(j.counterparty))
    }
}

/// Distributions per year and counterparty: booked to what the hospital owes (利润分配 → 应付股利,
/// or 非限定性净资产 → 其他应付款-举办者), paid out of such a payable, or paid outright (利润分配
/// against the bank, or a payment whose summary speaks of dividends).
public struct DistributionsAccumulator: LedgerAccumulator {
    /// Vouchers touching payables too: what else a payable owes the counterparty (a loan from
    /// the sponsor, rent it accrued) is settled by payments before a distribution is.
    public static let interest = VoucherInterest(classes: [.profitDistribution, .closing, .owed], payingOut: true)
    public struct Year: Sendable {
        /// Distributions booked to a payable, not yet paid by that voucher.
        public var booked: [String: EvidencedAmount] = [:]
        /// Payments out of a payable a distribution was booked to (this year or before).
        public var settled: [String: EvidencedAmount] = [:]
        /// Distributions paid in the voucher that makes them.
        public var paidOutright: [String: EvidencedAmount] = [:]
        /// What the year's bookings left owed to a payable, by counterparty.
        public var owing: [String: Money] = [:]
    }

    private let file: String
    private let texts: LedgerTexts
    private var words: SummaryKeywords
    private var years: [Int: Year] = [:]
    /// What is still owed to each counterparty of the distributions booked to a payable: a later
    /// payment out of that payable to them is the distribution paid, whatever its summary says.
    private var owed: [String: Money] = [:]
    /// What payables owe each counterparty besides distributions: paid first. A payment to the
    /// sponsor after it lent the hospital money repays the loan before it pays a distribution.
    private var otherOwed: [String: Money] = [:]
    /// The years whose bookings to each counterparty are still owed, oldest first: a booking
    /// taken back reduces the latest.
    private var bookingYears: [String: [Int]] = [:]
    /// What bookings debited to the distribution account (利润分配) and no close has moved back.
    private var accountBooked = Money.zero
    private let insiders: Insiders
    /// Whether a payable's party is the sponsor, by name: with the parties a distribution is
    /// owed to and the related parties, the ones followed for other balances (a ledger's
    /// thousands of suppliers and patients are not kept).
    private var followed = TextMemo<String, Bool>(limit: 10_000)

    init(file: String, texts: LedgerTexts, words: [String], insiders: Insiders) {
        self.file = file
        self.texts = texts
        self.words = SummaryKeywords(words)
        self.insiders = insiders
    }

    public mutating func observe(_ voucher: Voucher) {
        let lines = voucher.lines
        let classes = voucher.classes
        let cashOut = voucher.cashOut
        let year = voucher.year
        if !voucher.touched.contains(.profitDistribution) {
            if voucher.touched.contains(.closing) && cashOut.isZero {
                appropriation(voucher)
                return
            }
            if voucher.touched.contains(.closing) && cashOut.units > 0 && paidOutOfNetAssets(voucher) { return }
            if voucher.touched.contains(.owed) { noteOtherOwed(voucher) }
            guard cashOut.units > 0 else { return }
            if voucher.touched.contains(.owed), settle(voucher) { return }
            // Only a payment can be a dividend in words.
            guard saysDividend(voucher) else { return }
            years[year, default: Year()].paidOutright[counterparty(of: voucher, first: []), default: EvidencedAmount()]
                .add(cashOut, ledgerLines: lines, file: file, texts: texts)
            return
        }
        var distDebit = Money.zero, distCredit = Money.zero, owedCredit = Money.zero, owedDebit = Money.zero
        // The distribution account's own lines (利润分配-应付利润), not the payable's (应付利润).
        var accountCredit = Money.zero, accountDebit = Money.zero
        var distIndices: [Int] = []
        var onlyPayableDebits = true
        for i in lines.indices {
            let cls = classes[i]
            if cls.contains(.profitDistribution) {
                distIndices.append(i)
                distDebit += lines[i].debit
                distCredit += lines[i].credit
                if !(lines[i].credit.isZero && cls.contains(.owed)) { onlyPayableDebits = false }
                if cls.contains(.owed) {
                    owedCredit += lines[i].credit
                    owedDebit += lines[i].debit
                } else {
                    accountCredit += lines[i].credit
                    accountDebit += lines[i].debit
                }
            }
        }
        let party = counterparty(of: voucher, first: distIndices)
        if cashOut.isZero && (owedCredit.units < 0 || (owedDebit.units > 0 && owedCredit.isZero
                                                      && (accountCredit.units > 0 || Self.netAssets(voucher).credit.units > 0))) {
            // The booking taken back: in red ink, by the opposite entry (借 应付利润, 贷 利润分配),
            // or into net assets.
            takeBack(owedCredit.units < 0 ? -owedCredit : owedDebit, from: party, voucher: voucher)
            accountBooked = accountBooked - min(accountBooked, accountCredit.units < 0 ? -accountCredit : accountCredit)
            return
        }
        if cashOut.isZero && owedCredit.isZero && owedDebit.isZero && distDebit.isZero && accountCredit.units > 0
            && accountCredit <= accountBooked && Self.netAssets(voucher).debit.units > 0 {
            // 利润分配 closed into net assets at year end, no more than the distributions booked
            // to it: the account's balance moved back, not a second distribution.
            accountBooked -= accountCredit
            return
        }
        if cashOut.isZero && accountDebit.isZero && owedCredit.units > 0 && (owed[party] ?? .zero).units > 0
            && lines.indices.contains(where: { classes[$0].contains(.owed) && !classes[$0].contains(.profitDistribution) && lines[$0].debit.units > 0 }) {
            // A distribution owed on another payable moved to 应付利润: the same one, not a second.
            return
        }
        if onlyPayableDebits && cashOut.isZero && voucher.touched.contains(.owed) {
            // 应付股利 moved to another payable (其他应付款-应付举办者款, as a change of chart
            // makes it): the same distribution still owed, not a new one.
            return
        }
        if onlyPayableDebits && cashOut.units < 0 {
            // A payment of it reversed in red ink: owed again, and no payment of this year.
            owed[party, default: .zero] += -cashOut
            return
        }
        if onlyPayableDebits && !cashOut.isZero {
            // Paying 应付股利 booked earlier: the same distribution, not a second one.
            years[year, default: Year()].settled[party, default: EvidencedAmount()].add(cashOut, ledgerLines: lines, file: file, texts: texts)
            owed[party] = max(Money.zero, (owed[party] ?? .zero) - cashOut)
        } else if !cashOut.isZero {
            // Red ink takes a payment back: in the year it was made, the two net to nothing.
            let paid = cashOut.units < 0 ? cashOut : max(distDebit, distCredit)
            years[year, default: Year()].paidOutright[party, default: EvidencedAmount()].add(paid, ledgerLines: lines, file: file, texts: texts)
        } else {
            years[year, default: Year()].booked[party, default: EvidencedAmount()].add(max(distDebit, distCredit), ledgerLines: lines, file: file, texts: texts)
            accountBooked += max(.zero, accountDebit)
            // Owed only when a payable is credited (应付股利, 应付利润): a year-end close into
            // 利润分配-未分配利润 or an appropriation to 盈余公积 owes nobody, and must not make
            // later payments of unnamed payables (wages) look like dividends paid.
            if owedCredit.units > 0 { book(owedCredit, to: party, in: year) }
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: Year] { years }

    /// Whether a summary of the voucher speaks of dividends; each distinct summary looked at once.
    private mutating func saysDividend(_ voucher: Voucher) -> Bool {
        let lines = voucher.lines
        return lines.indices.contains { i in (i == 0 || lines[i].summary != lines[i - 1].summary) && words.isFound(in: lines[i].summary) }
    }

    private static let reversalWords = ["冲回", "冲销", "冲减", "冲正", "红字", "转回", "撤销", "更正"]

    /// Whether a summary of the voucher says it takes an entry back.
    private static func saysReversal(_ voucher: Voucher) -> Bool {
        voucher.lines.contains { line in reversalWords.contains { line.summary.containsText($0) } }
    }

    /// What the voucher's net-asset lines debit and credit: closing accounts (非限定性净资产),
    /// not a payable and not the distribution account itself.
    private static func netAssets(_ voucher: Voucher) -> (debit: Money, credit: Money) {
        var debit = Money.zero, credit = Money.zero
        for i in voucher.lines.indices where voucher.classes[i].contains(.closing) && voucher.classes[i].isDisjoint(with: [.owed, .profitDistribution]) {
            debit += voucher.lines[i].debit
            credit += voucher.lines[i].credit
        }
        return (debit, credit)
    }

    /// Whether a summary of the voucher says it distributes surplus: the rule's words, or 分配
    /// with 结余 (分配2024年结余). 分配 alone is too wide: a revenue share owed to a partner lab
    /// (收入分配款) distributes no surplus.
    private mutating func saysItDistributes(_ voucher: Voucher) -> Bool {
        voucher.lines.contains { words.isFound(in: $0.summary) || ($0.summary.containsText("分配") && $0.summary.containsText("结余")) }
    }

    /// Net assets debited to a payable naming someone (提取结余分配款: 借 非限定性净资产, 贷 其他应付款-
    /// 举办者): a distribution booked, though no distribution account is used, when it is owed to
    /// the sponsor or a related party or the summary says it distributes; a prior year's expense
    /// booked late against net assets to a supplier (调整以前年度) is not. Closing vouchers, which
    /// move revenue and expense into net assets, are not either. The same booking taken back, in
    /// red ink or by the opposite entry, reduces what was booked.
    private mutating func appropriation(_ voucher: Voucher) {
        let lines = voucher.lines
        let classes = voucher.classes
        guard voucher.touched.isDisjoint(with: [.revenue, .expense]) else { return }
        let (netAssetsDebit, netAssetsCredit) = Self.netAssets(voucher)
        if netAssetsDebit.units > 0 {
            let distributes = saysItDistributes(voucher)
            for i in lines.indices where classes[i].contains(.owed) && lines[i].credit.units > 0 {
                let party = party(of: lines[i])
                guard !party.isEmpty, distributes || insiders.include(party, on: voucher.date) else { continue }
                years[voucher.year, default: Year()].booked[party, default: EvidencedAmount()].add(lines[i].credit, ledgerLines: lines, file: file, texts: texts)
                book(lines[i].credit, to: party, in: voucher.year)
            }
        } else if netAssetsDebit.units < 0 || netAssetsCredit.units > 0 {
            for i in lines.indices where classes[i].contains(.owed) {
                let back = lines[i].credit.units < 0 ? -lines[i].credit : lines[i].debit
                let party = party(of: lines[i])
                guard back.units > 0, !party.isEmpty else { continue }
                // Red ink, or a summary that says so, takes a booking back; otherwise what the
                // payable owed besides (a loan from the sponsor forgiven into net assets) is
                // cleared first, and only the rest takes a booking back.
                if lines[i].credit.units < 0 || Self.saysReversal(voucher) {
                    let left = back - takeBack(back, from: party, voucher: voucher)
                    if left.units > 0, let other = otherOwed[party] { otherOwed[party] = other - min(other, left) }
                } else {
                    let other = otherOwed[party] ?? .zero
                    let cleared = min(other, back)
                    if cleared.units > 0 { otherOwed[party] = other - cleared }
                    if back > cleared { takeBack(back - cleared, from: party, voucher: voucher) }
                }
            }
        }
    }

    private mutating func book(_ amount: Money, to party: String, in year: Int) {
        owed[party, default: .zero] += amount
        years[year, default: Year()].owing[party, default: .zero] += amount
        if bookingYears[party]?.last != year { bookingYears[party, default: []].append(year) }
    }

    /// A booking taken back: what is still owed of it comes off the latest years' bookings, with
    /// the voucher that took it back as their evidence.
    @discardableResult
    private mutating func takeBack(_ amount: Money, from party: String, voucher: Voucher) -> Money {
        var left = min(amount, owed[party] ?? .zero)
        let taken = left
        guard left.units > 0 else { return .zero }
        owed[party] = (owed[party] ?? .zero) - left
        while left.units > 0, let year = bookingYears[party]?.last {
            let bookedThen = years[year]?.owing[party] ?? .zero
            let part = min(left, bookedThen)
            if part.units > 0 {
                years[year, default: Year()].booked[party, default: EvidencedAmount()].add(-part, ledgerLines: voucher.lines, file: file, texts: texts)
                years[year, default: Year()].owing[party] = bookedThen - part
                left -= part
            }
            if part == bookedThen { bookingYears[party]?.removeLast() }
        }
        return taken
    }

    /// Net assets paid straight out (借 非限定性净资产, 贷 银行存款) to the sponsor or a related party,
    /// or in words that distribute: surplus, or funds the sponsor gave, taken out without a payable
    /// between. Returns whether the voucher was one.
    private mutating func paidOutOfNetAssets(_ voucher: Voucher) -> Bool {
        guard voucher.touched.isDisjoint(with: [.revenue, .expense]) else { return false }
        let lines = voucher.lines
        let netAssetsDebit = Self.netAssets(voucher).debit
        guard netAssetsDebit.units > 0 else { return false }
        let party = counterparty(of: voucher, first: [])
        guard !party.isEmpty, insiders.include(party, on: voucher.date) || saysItDistributes(voucher) else { return false }
        years[voucher.year, default: Year()].paidOutright[party, default: EvidencedAmount()]
            .add(min(netAssetsDebit, voucher.cashOut), ledgerLines: lines, file: file, texts: texts)
        return true
    }

    /// Credits to payables naming someone in a voucher that distributes nothing: a loan received,
    /// rent or fees accrued. Debits without cash clear them (a loan forgiven into donation
    /// income, set off against what the party owes). A voucher's credits and debits to one
    /// party's payables are netted first: moving a balance between two of them (应付举办者款 to
    /// 往来款) is no new balance.
    private mutating func noteOtherOwed(_ voucher: Voucher) {
        let lines = voucher.lines
        let withoutCash = voucher.cashOut.isZero
        var net: [(party: String, amount: Money)] = []
        for i in lines.indices where voucher.classes[i].contains(.owed) {
            let credit = lines[i].credit.units > 0 ? lines[i].credit : .zero
            let debit = withoutCash && lines[i].debit.units > 0 ? lines[i].debit : .zero
            guard credit.units > 0 || debit.units > 0 else { continue }
            let party = party(of: lines[i])
            guard !party.isEmpty, follows(party, in: voucher) else { continue }
            if let k = net.firstIndex(where: { $0.party == party }) { net[k].amount += credit - debit } else { net.append((party, credit - debit)) }
        }
        for (party, amount) in net {
            if amount.units > 0 {
                otherOwed[party, default: .zero] += amount
            } else if amount.units < 0, let other = otherOwed[party], other.units > 0 {
                otherOwed[party] = other - min(other, -amount)
            }
        }
    }

    /// Related parties are looked up only in vouchers the pass found naming one; the sponsor by
    /// name, remembered.
    private mutating func follows(_ party: String, in voucher: Voucher) -> Bool {
        if owed[party] != nil || otherOwed[party] != nil { return true }
        if voucher.namesRelatedParty && insiders.include(party, on: voucher.date) { return true }
        let hash = party.bytesHash
        if let known = followed.lookup(party, hash: hash) { return known }
        let sponsor = insiders.isSponsor(party)
        followed.remember(party, hash: hash, sponsor)
        return sponsor
    }

    /// A payment out of a payable to someone a distribution is still owed to, beyond what else
    /// the payables owe them. Returns whether the voucher paid a distribution.
    private mutating func settle(_ voucher: Voucher) -> Bool {
        let lines = voucher.lines
        let classes = voucher.classes
        // The payable lines paid to someone a distribution or another balance is owed to, each
        // party worked out once. A payable naming nobody cannot be tied to a distribution owed
        // to nobody: wages paid out of 应付工资 are not the unnamed dividend. Most payments are
        // to parties owed nothing of the kind: no summary is read for them.
        guard !(owed.isEmpty && otherOwed.isEmpty) else { return false }
        var paying: [(line: Int, party: String)] = []
        for i in lines.indices where classes[i].contains(.owed) && lines[i].debit.units > 0 {
            let party = party(of: lines[i])
            if !party.isEmpty && ((owed[party]?.units ?? 0) > 0 || otherOwed[party] != nil) { paying.append((i, party)) }
        }
        guard !paying.isEmpty else { return false }
        var found = false
        var cashLeft = voucher.cashOut
        // A payment that says it is a dividend pays the distribution before anything else.
        let saysDividend = saysDividend(voucher)
        for (i, party) in paying {
            var debit = lines[i].debit
            func repayOther() {
                guard let other = otherOwed[party], other.units > 0 else { return }
                let repaid = min(debit, other)
                otherOwed[party] = other - repaid
                debit -= repaid
            }
            if !saysDividend { repayOther() }
            let outstanding = owed[party] ?? .zero
            let amount = min(debit, outstanding, cashLeft)
            if saysDividend {
                debit -= amount
                repayOther()
            }
            guard amount.units > 0 else { continue }
            years[voucher.year, default: Year()].settled[party, default: EvidencedAmount()].add(amount, ledgerLines: lines, file: file, texts: texts)
            owed[party] = outstanding - amount
            cashLeft -= amount
            found = true
        }
        // Paying more than is owed in words of a dividend: the rest is a distribution too.
        if found && saysDividend && cashLeft.units > 0 {
            years[voucher.year, default: Year()].paidOutright[counterparty(of: voucher, first: []), default: EvidencedAmount()]
                .add(cashLeft, ledgerLines: lines, file: file, texts: texts)
        }
        return found
    }

    /// Whom a payable line is owed to: its counterparty, else the account's last part when it
    /// reads as a name (其他应付款-北京仁和投资有限公司).
    private func party(of line: LedgerLine) -> String {
        if !line.counterparty.isEmpty { return texts[line.counterparty] }
        guard let leaf = texts[line.accountName].split(whereSeparator: { "-/\\".contains($0) }).dropFirst().last, leaf.count >= 4 else { return "" }
        return String(leaf)
    }

    /// Whom the voucher pays or owes: the first name on its distribution lines, then its cash lines, then any.
    private func counterparty(of voucher: Voucher, first indices: [Int]) -> String {
        let lines = voucher.lines
        let cash = lines.indices.filter { voucher.classes[$0].contains(.cash) && !lines[$0].credit.isZero }
        let named = (indices + cash).lazy.map { lines[$0].counterparty }.first { !$0.isEmpty }
            ?? lines.lazy.map(\.counterparty).first { !$0.isEmpty } ?? .empty
        return texts[named]
    }
}

/// Who a distribution booked to a payable without a distribution account can be owed to: the
/// sponsor the entity table names, or a party related to the hospital when it was booked.
struct Insiders: Sendable {
    private let sponsor: String
    private let book: RelatedPartyBook

    init(sponsor: String?, book: RelatedPartyBook) {
        self.sponsor = sponsor.map(PartyName.normalize) ?? ""
        self.book = book
    }

    func include(_ name: String, on day: Day) -> Bool {
        isSponsor(name) || book.resolve(name: name, on: day) != nil
    }

    func isSponsor(_ name: String) -> Bool { !sponsor.isEmpty && PartyName.normalize(name) == sponsor }
}
