import Foundation

/// DD-008: related-party expenses piled into the last month of the year, taking the surplus
/// out before the books close.
public struct YearEndStrippingRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-008",
        title: LocalizedText(zh: "年末突击转移结余", en: "Year-end surplus stripping"),
        catches: LocalizedText(
            zh: "关联方费用在会计年度最后一个月超过其余各月月均数的 3 倍，且达到重要性水平。月均数按其余月份中与该关联方有费用的月份计算，按季、按半年结算的费用不因 12 月是结算月而被误报；只在 12 月有费用的，视为年底一次性列支。账上或借款合同中可见借款的利息和关键管理人员的薪酬不计（到期付息、年终发薪由 DD-004、DD-005 判断）。",
            en: "Related-party expenses in the last month of the fiscal year above 3 times their monthly mean over the other months, and at or above materiality. The mean is taken over the other months that had expenses with the party, so a bill settled quarterly or half-yearly is not a spike because December is a settlement month; expenses in December only count as a year-end lump. Interest on a loan the ledger or the contracts show and key managers' pay are left out (interest paid when the loan falls due and year-end pay are judged by DD-004 and DD-005)."),
        whyItMatters: LocalizedText(
            zh: "年底把结余以费用形式付给关联方，是账面“不分红”却转走结余的常见手法（国办发〔2017〕44号 二十一）。",
            en: "Paying the year's surplus out to related parties as expenses in December empties the books without a dividend on paper (State Council 2017 No. 44, clause 21)."),
        summary: "related-party expenses in December above 3 × their monthly mean over the other months with such expenses (so a quarterly bill is not a spike), at or above materiality; interest on a loan the ledger or the contracts show and key managers' pay are left out (DD-004 and DD-005 judge them)",
        severities: "medium",
        triggering: [
            RuleExample("12 月关联方服务费骤增", "Related service fees jump in December", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医疗服务有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + (1...11).map { m in
                    "记-0020,2024-\(m < 10 ? "0" : "")\(m)-20,5101,业务活动成本-检验外包费,\"20,000.00\",,杭州安远医疗服务有限公司,检验外包\n"
                        + "记-0020,2024-\(m < 10 ? "0" : "")\(m)-20,1002,银行存款,,\"20,000.00\",杭州安远医疗服务有限公司,检验外包\n"
                }.joined() + """
                    记-0090,2024-12-28,5101,业务活动成本-检验外包费,"900,000.00",,杭州安远医疗服务有限公司,检验外包年度结算
                    记-0090,2024-12-28,1002,银行存款,,"900,000.00",杭州安远医疗服务有限公司,检验外包年度结算

                    """,
            ], expected: [.medium]),
            RuleExample("账上无借款，12月向举办者列支大额利息", "A large December interest to the sponsor with no loan in the books", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0170,2024-12-28,5401,财务费用-利息支出,"3,000,000.00",,杭州安远控股有限公司,支付资金占用利息
                    记-0170,2024-12-28,1002,银行存款,,"3,000,000.00",杭州安远控股有限公司,支付资金占用利息

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("借款在账簿之前借入（见借款合同），12月一次付息", "A loan taken before the books (in the contracts table), its interest paid in December", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "contracts": ExampleTables.contractHeader + "JK-2022-07,杭州安远控股有限公司,借款,\"3,000,000.00\",3.6%,,,2022-07-01,2025-06-30\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0166,2024-12-31,5401,财务费用-利息支出,"108,000.00",,杭州安远控股有限公司,支付全年借款利息
                    记-0166,2024-12-31,1002,银行存款,,"108,000.00",杭州安远控股有限公司,支付全年借款利息

                    """,
            ]),
            RuleExample("借款12月到期，一次付清全年利息", "A loan falling due in December, its year's interest paid at once", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0002,2024-01-02,1002,银行存款,"2,000,000.00",,杭州安远控股有限公司,收到举办者借款
                    记-0002,2024-01-02,2206,其他应付款-借款,,"2,000,000.00",杭州安远控股有限公司,收到举办者借款
                    记-0166,2024-12-31,2206,其他应付款-借款,"2,000,000.00",,杭州安远控股有限公司,归还举办者借款本息
                    记-0166,2024-12-31,5401,财务费用-利息支出,"72,000.00",,杭州安远控股有限公司,归还举办者借款本息
                    记-0166,2024-12-31,1002,银行存款,,"2,072,000.00",杭州安远控股有限公司,归还举办者借款本息

                    """,
            ]),
            RuleExample("关联方费用各月平稳", "Related expenses level through the year", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医疗服务有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + (1...12).map { m in
                    "记-0020,2024-\(m < 10 ? "0" : "")\(m)-20,5101,业务活动成本-检验外包费,\"20,000.00\",,杭州安远医疗服务有限公司,检验外包\n"
                        + "记-0020,2024-\(m < 10 ? "0" : "")\(m)-20,1002,银行存款,,\"20,000.00\",杭州安远医疗服务有限公司,检验外包\n"
                }.joined(),
            ]),
            RuleExample("按季支付的关联方借款利息", "Interest to a related lender paid quarterly", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA28GH4Q7,举办者,2014-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + [3, 6, 9, 12].map { m in
                    "记-0030,2024-\(m < 10 ? "0" : "")\(m)-21,5401,财务费用-利息支出,\"45,000.00\",,杭州安远控股有限公司,支付借款利息\n"
                        + "记-0030,2024-\(m < 10 ? "0" : "")\(m)-21,1002,银行存款,,\"45,000.00\",杭州安远控股有限公司,支付借款利息\n"
                }.joined(),
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// December above this many times the monthly mean of the other months is a spike.
        public var multiple: Rate = "3"
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> RelatedExpenseByMonth {
        RelatedExpenseByMonth(contracts: context.contracts)
    }

    public func evaluate(_ byMonth: [Int: [String: [Int: Money]]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let multiple = settings.multiple.value
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let y = facts.years[year], let expenses = byMonth[year] else { continue }
            for party in expenses.keys.sorted() {
                let months = expenses[party]!
                let december = months[12] ?? .zero
                guard december >= context.policy.materiality else { continue }
                var others = Money.zero
                var active = 0
                for (month, amount) in months where month != 12 && !amount.isZero {
                    others += amount
                    active += 1
                }
                let mean = active > 0 ? others.decimal / Decimal(active) : 0
                guard december.decimal > multiple * mean else { continue }
                let evidence = (y.relatedByClass[party]?["expense"]?.evidence ?? []).filter { $0.date.hasPrefix("\(year)-12") }
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: party, amount: december,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年12月向关联方\(party)列支费用 \(RuleText.yuan(december)) 元，" + (active > 0
                            ? "是其余各月月均 \(RuleText.yuan(mean)) 元的 \(RuleText.ratio(december.decimal / mean, places: 1)) 倍。"
                            : "其余各月均无与该关联方的费用，属年底一次性列支。"),
                        en: "\(hospital.name) booked \(RuleText.yuan(december)) yuan of expenses with the related party \(party) in December \(year), " + (active > 0
                            ? "\(RuleText.ratio(december.decimal / mean, places: 1)) times its monthly mean of \(RuleText.yuan(mean)) yuan over the other months."
                            : "and none in any other month: a lump sum at the year's end.")),
                    basis: settings.basis, evidence: evidence.isEmpty ? (y.related[party]?.evidence ?? []) : evidence,
                    details: ["monthly_mean": RuleText.ratio(mean, places: 2)],
                    subject: PartyName.normalize(party)))
            }
        }
        return findings
    }
}

/// Related parties' expenses by year, party and month (1…12).
public struct RelatedExpenseByMonth: LedgerAccumulator {
    // Loan vouchers too, to know the lenders: a repayment settles and deals nothing.
    public static let interest = VoucherInterest(classes: .loanIn, dealings: true)
    /// Each year's and party's expense by month (index 1–12; nil for a month with none), found
    /// by the bytes of the party's name: a dictionary keyed by the name hashed it the Swift way,
    /// normalising it first, on every dealing.
    private var totals: [(year: Int, party: String, months: [Money?])] = []
    private var slots = TextMemo<PartyYear, Int>(limit: Int.max)

    private struct PartyYear: Equatable {
        let year: Int
        let party: String
    }

    /// Parties lending to the hospital: a loan contract with them, or a borrowing from them or
    /// its repayment in the ledger (most loans began before the books given).
    private var lenders: Set<String> = []
    /// The normalised names of the loan contracts' lenders.
    private let contractLenders: Set<String>

    init(contracts: [Contract] = []) {
        contractLenders = Set(contracts.filter { $0.kind == .loan }.map { PartyName.normalize($0.counterparty) })
    }

    public mutating func observe(_ voucher: Voucher) {
        if voucher.touched.contains(.loanIn), let party = voucher.party { lenders.insert(party.name) }
        for dealing in voucher.dealings {
            if voucher.touched.contains(.loanIn) { lenders.insert(dealing.party.name) }
            if !contractLenders.isEmpty && !lenders.contains(dealing.party.name) && (contractLenders.contains(PartyName.normalize(dealing.party.name))
                                            || contractLenders.contains(PartyName.normalize(dealing.counterparty))) {
                lenders.insert(dealing.party.name)
            }
            var amount = Money.zero
            var any = false
            // Interest on a loan the ledger shows falls due when the loan does (DD-004 judges
            // its rate), and a key manager's pay when it is earned (DD-005 judges it): neither is
            // stripping. Interest with no loan in sight, and others' pay, stay in.
            var left: AccountClasses = []
            if lenders.contains(dealing.party.name) { left.insert(.interest) }
            if dealing.party.isKeyManager { left.insert(.compensation) }
            for i in dealing.purpose where voucher.classes[i].contains(.expense) && voucher.classes[i].isDisjoint(with: left) {
                amount += voucher.lines[i].debit - voucher.lines[i].credit
                any = true
            }
            guard any else { continue }
            let key = PartyYear(year: voucher.year, party: dealing.party.name)
            let hash = key.party.bytesHash &+ UInt64(bitPattern: Int64(key.year))
            let slot = slots.lookup(key, hash: hash) ?? {
                totals.append((key.year, key.party, Array(repeating: nil, count: 13)))
                slots.remember(key, hash: hash, totals.count - 1)
                return totals.count - 1
            }()
            let month = voucher.date.month
            totals[slot].months[month] = (totals[slot].months[month] ?? .zero) + amount
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [String: [Int: Money]]] {
        var years: [Int: [String: [Int: Money]]] = [:]
        for (year, party, months) in totals {
            for (month, amount) in months.enumerated() {
                // Two names the same to `==` but not in bytes are one party, as the dictionary keyed by name made them.
                if let amount { years[year, default: [:]][party, default: [:]][month, default: .zero] += amount }
            }
        }
        return years
    }
}
