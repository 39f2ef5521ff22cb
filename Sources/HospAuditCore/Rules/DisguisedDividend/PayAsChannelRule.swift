import Foundation

/// DD-005: pay as a channel for surplus — key managers paid above the policy's cap, and
/// bonuses tied to the surplus.
public struct PayAsChannelRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-005",
        title: LocalizedText(zh: "以薪酬方式分配结余", en: "Pay as a channel for surplus"),
        catches: LocalizedText(
            zh: "列为关联方的关键管理人员年度薪酬超过政策上限（默认 2023 年全国城镇非私营单位平均工资 120,698 元的 10 倍）；摘要把奖金与结余挂钩（结余提成、按结余、利润提成、结余分配奖）。关键管理人员的薪酬不论记在哪个科目（工资、劳务费、咨询费、奖金、补贴；报销、差旅除外），按写明该人员的费用类借方和应付职工薪酬借方计；计提与发放是同一笔钱，取两者中较大者，只算一次。结余挂钩奖金同样只算一次。政策给出本地区同行业平均工资（regional_average_pay）且机构信息有职工人数时，职工人均薪酬超过其 2 倍（财税〔2018〕13号 免税条件）也报告；人均薪酬为工资类科目借方减贷方（计提与发放只算一次）除以职工人数。",
            en: "A key manager listed as a related party paid above the policy's cap in a year (10 times the 2023 national average wage of urban non-private units, 120,698 yuan, by default); any bonus whose summary ties it to the surplus (结余提成, 按结余, 利润提成, 结余分配奖). A key manager's pay is whatever the account (工资, 劳务费, 咨询费, 奖金, 补贴; reimbursements and travel excepted): the debits to expense naming the person, or the debits to the pay liability naming them; an accrual and its payment are one sum, so the larger of the two counts, once. A surplus-linked bonus accrued and then paid also counts once. When the policy gives the region's industry average pay (regional_average_pay) and the entity table a staff count, staff average pay above twice that average (a tax-exemption condition of Caishui [2018] No. 13) is reported too; average pay is pay accounts' debits less credits (an accrual and its payment count once) over the staff count."),
        whyItMatters: LocalizedText(
            zh: "高薪和结余提成是把结余转给内部人的直接方式（国办发〔2017〕44号 二十一）；工资水平也是非营利组织免税条件之一（财税〔2018〕13号）。",
            en: "Outsized pay and surplus-linked bonuses hand the surplus to insiders directly (State Council 2017 No. 44, clause 21); pay levels are also a condition of non-profit tax exemption (Caishui 2018 No. 13)."),
        summary: "a key manager listed as a related party paid above the policy's cap (10 × the 2023 national average urban non-private wage of 120,698) — pay under any account (工资, 劳务费, 咨询费, 奖金, 补贴), an accrual and its payment counted once — a bonus whose summary ties it to the surplus (结余提成, 按结余, 利润提成, 结余分配奖), or — when the policy sets `regional_average_pay` and the entity table has a staff count (职工人数) — staff average pay above 2 × that average (财税〔2018〕13号)",
        severities: "high",
        triggering: [
            RuleExample("院长年薪 280 万", "A director paid 2.8 million a year", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "赵建国,,关键管理人员,2019-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0120,2024-12-20,2211,应付职工薪酬-工资,"2,800,000.00",,赵建国,发放院长年薪
                    记-0120,2024-12-20,1002,银行存款,,"2,800,000.00",赵建国,发放院长年薪

                    """,
            ], expected: [.high]),
            RuleExample("副院长工资之外每月领取劳务费", "A deputy director drawing 劳务费 every month on top of salary", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "孙志强,,关键管理人员,2020-07-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0011,2024-06-30,5201,管理费用-人员经费-工资,"270,000.00",,孙志强,计提上半年工资
                    记-0011,2024-06-30,2204,应付工资,,"270,000.00",孙志强,计提上半年工资
                    记-0012,2024-06-30,2204,应付工资,"270,000.00",,孙志强,发放上半年工资
                    记-0012,2024-06-30,1002,银行存款,,"270,000.00",孙志强,发放上半年工资
                    记-0013,2024-06-30,5201,管理费用-劳务费,"588,000.00",,孙志强,支付1-6月劳务费
                    记-0013,2024-06-30,1002,银行存款,,"588,000.00",孙志强,支付1-6月劳务费
                    记-0024,2024-12-31,5201,管理费用-劳务费,"588,000.00",,孙志强,支付7-12月劳务费
                    记-0024,2024-12-31,1002,银行存款,,"588,000.00",孙志强,支付7-12月劳务费

                    """,
            ], expected: [.high]),
            RuleExample("按结余提成发放奖金", "A bonus paid as a share of the surplus", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0121,2024-12-25,5201,管理费用-奖金,"300,000.00",,,2024年结余提成奖励
                    记-0121,2024-12-25,1002,银行存款,,"300,000.00",,2024年结余提成奖励

                    """,
            ], expected: [.high]),
            RuleExample("职工人均薪酬超过本地区同行业平均工资的 2 倍", "Staff average pay above twice the region's industry average", tables: [
                "entity": ExampleTables.entityHeader.replacingOccurrences(of: "\n", with: ",职工人数\n")
                    + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司,50\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0010,2024-12-10,5101,业务活动成本-人员经费-工资,"16,500,000.00",,,发放全年工资及绩效
                    记-0010,2024-12-10,1002,银行存款,,"16,500,000.00",,发放全年工资及绩效

                    """,
            ], expected: [.high], policy: "rules:\n  DD-005:\n    regional_average_pay: \"150000.00\"\n"),
        ],
        nonTriggering: [
            RuleExample("职工人均薪酬在本地区同行业平均工资 2 倍以内", "Staff average pay within twice the region's industry average", tables: [
                "entity": ExampleTables.entityHeader.replacingOccurrences(of: "\n", with: ",职工人数\n")
                    + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司,120\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0010,2024-12-10,5101,业务活动成本-人员经费-工资,"16,500,000.00",,,发放全年工资及绩效
                    记-0010,2024-12-10,1002,银行存款,,"16,500,000.00",,发放全年工资及绩效

                    """,
            ], policy: "rules:\n  DD-005:\n    regional_average_pay: \"150000.00\"\n"),
            RuleExample("院长年薪 96 万，先计提后发放", "A director's 960,000 a year, accrued and then paid", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "赵建国,,关键管理人员,2019-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0119,2024-12-20,5201,管理费用-人员经费-工资,"960,000.00",,赵建国,计提院长年薪
                    记-0119,2024-12-20,2204,应付工资,,"960,000.00",赵建国,计提院长年薪
                    记-0120,2024-12-25,2204,应付工资,"960,000.00",,赵建国,发放院长年薪
                    记-0120,2024-12-25,1002,银行存款,,"960,000.00",赵建国,发放院长年薪
                    记-0121,2024-12-26,5201,管理费用-差旅费,"18,600.00",,赵建国,报销出差费用
                    记-0121,2024-12-26,1002,银行存款,,"18,600.00",赵建国,报销出差费用

                    """,
            ]),
            RuleExample("院长年薪 96 万", "A director paid 960,000 a year", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "赵建国,,关键管理人员,2019-03-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0120,2024-12-20,2211,应付职工薪酬-工资,"960,000.00",,赵建国,发放院长年薪
                    记-0120,2024-12-20,1002,银行存款,,"960,000.00",赵建国,发放院长年薪

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// A key manager's pay in a year above this is above the cap.
        public var payCap = Money(yuan: 1_206_980)
        /// Said with every finding over the cap: where the cap comes from.
        public var capNote = LocalizedText(
            zh: "上限为 2023 年全国城镇非私营单位就业人员平均工资 120,698 元的 10 倍，为本政策设定值",
            en: "the cap is 10 times the 2023 national average wage of urban non-private units (120,698 yuan), a setting of this policy")
        /// Words in a pay line's summary that tie the pay to the surplus.
        public var bonusKeywords = ["结余提成", "按结余", "利润提成", "结余分配奖"]
        /// Staff average pay above this many times the region's industry average is reported.
        public var staffPayMultiple: Rate = "2"
        /// The region's industry average pay: the auditor's to give; without it the staff-average test is off.
        public var regionalAveragePay: Money?
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> PayAccumulator {
        PayAccumulator(context: context, bonusWords: settings.bonusKeywords)
    }

    public func evaluate(_ gathered: [Int: PayAccumulator.Year], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        let cap = settings.payCap
        let note: LocalizedText? = settings.capNote
        var findings: [Finding] = []
        for year in facts.periods where hospital.isNonprofit(in: year) {
            guard let y = gathered[year] else { continue }
            for person in y.keyManagerPay.keys.sorted() {
                let pay = y.keyManagerPay[person]!.paid
                guard pay.amount > cap else { continue }
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: person, amount: pay.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年向关键管理人员\(person)支付薪酬 \(RuleText.yuan(pay.amount)) 元，超过上限 \(RuleText.yuan(cap)) 元。" + (note.map { "（\($0.zh)）" } ?? ""),
                        en: "\(hospital.name) paid the key manager \(person) \(RuleText.yuan(pay.amount)) yuan in \(year), above the \(RuleText.yuan(cap)) yuan cap." + (note.map { " (\($0.en))" } ?? "")),
                    basis: settings.basis, evidence: pay.evidence, evidenceCount: pay.evidenceCount,
                    details: ["cap": cap.description], subject: "pay \(PartyName.normalize(person))"))
            }
            if let finding = staffAverage(year: year, pay: y.pay, context: context, settings: settings) {
                findings.append(finding)
            }
            let bonuses = y.surplusBonuses
            for recipient in bonuses.keys.sorted() {
                let bonus = bonuses[recipient]!
                let who = recipient.isEmpty ? "" : "向\(recipient)"
                let whoEn = recipient.isEmpty ? "" : " to \(recipient)"
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: recipient.isEmpty ? nil : recipient, amount: bonus.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年\(who)发放与结余挂钩的奖金 \(RuleText.yuan(bonus.amount)) 元。",
                        en: "\(hospital.name) paid \(RuleText.yuan(bonus.amount)) yuan of bonuses tied to the surplus\(whoEn) in \(year)."),
                    basis: settings.basis, evidence: bonus.evidence, evidenceCount: bonus.evidenceCount,
                    subject: "bonus \(PartyName.normalize(recipient))"))
            }
        }
        return findings
    }

    /// Staff average pay above a multiple of the region's average for the industry: a condition
    /// of non-profit tax exemption (财税〔2018〕13号). Needs the average from the policy and the
    /// staff count from the entity table.
    private func staffAverage(year: Int, pay: EvidencedAmount, context: AuditContext, settings: RuleSettings<Settings>) -> Finding? {
        let hospital = context.hospital.asOf(year: year)
        guard let regional = settings.regionalAveragePay?.decimal, regional > 0,
              let staff = hospital.staffCount, staff > 0, pay.amount.units > 0 else { return nil }
        let multiple = settings.staffPayMultiple.value
        let average = pay.amount.decimal / Decimal(staff)
        guard average > multiple * regional else { return nil }
        let averageText = RuleText.ratio(average, places: 2)
        let entity = Evidence(file: context.file("entity"), line: hospital.line, summary: "职工人数 \(staff)")
        return Finding(
            rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
            amount: pay.amount,
            message: LocalizedText(
                zh: "\(hospital.name)\(year)年职工薪酬共 \(RuleText.yuan(pay.amount)) 元，职工 \(staff) 人，人均 \(RuleText.yuan(average)) 元，超过本地区同行业平均工资 \(RuleText.yuan(regional)) 元的 \(multiple) 倍（财税〔2018〕13号 免税条件）。",
                en: "\(hospital.name) booked \(RuleText.yuan(pay.amount)) yuan of pay for \(staff) staff in \(year), \(RuleText.yuan(average)) yuan each, above \(multiple) times the region's industry average of \(RuleText.yuan(regional)) yuan (a tax-exemption condition of Caishui [2018] No. 13)."),
            basis: settings.basis, evidence: [entity] + pay.evidence.prefix(EvidencedAmount.maxEvidence - 1),
            evidenceCount: pay.evidenceCount + 1,
            details: ["staff": String(staff), "average_pay": averageText, "regional_average_pay": "\(regional)"],
            subject: "staff average pay")
    }
}

/// All pay booked, key managers' pay and bonuses tied to the surplus, per year.
///
/// Pay is often accrued (Dr 管理费用-工资, Cr 应付职工薪酬) and then paid (Dr 应付职工薪酬, Cr 银行存款):
/// the same money twice in the books, and often named only once (the accrual names nobody, the
/// payment the person). Pay booked straight to expense counts as it is; of an accrual and the
/// payments out of the pay liability, the larger side counts — once, however it was booked.
public struct PayAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest(classes: .compensation, namingRelatedParty: true)

    /// Pay seen three ways: booked straight to expense, accrued into a pay liability, and paid
    /// out of one.
    public struct Sides: Sendable {
        public var direct = EvidencedAmount()
        public var accrued = EvidencedAmount()
        public var settled = EvidencedAmount()
        public var paid: EvidencedAmount { direct + (settled.amount >= accrued.amount ? settled : accrued) }

        mutating func add(_ line: LedgerLine, side: Side, file: String, texts: LedgerTexts) {
            switch side {
            case .direct: direct.add(line.debit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            case .accrued: accrued.add(line.debit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            case .settled: settled.add(line.debit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            }
        }
    }

    enum Side { case direct, accrued, settled }

    public struct Year: Sendable {
        /// All pay booked: pay accounts' debits less credits (an accrual and its payment count once).
        public var pay = EvidencedAmount()
        /// Pay to key managers listed as related parties: whatever the account (工资, 劳务费,
        /// 咨询费, 奖金, 补贴), debits to expense or to a pay liability naming them.
        public var keyManagerPay: [String: Sides] = [:]
        /// Pay whose summary ties it to the surplus (结余提成 …), by counterparty ("" for none) and side.
        var bonuses: [Side: [String: EvidencedAmount]] = [:]

        /// The bonuses booked straight to expense, and those of the side of the accrual and its
        /// payment that shows more (the payment, on a tie: it names the recipient).
        public var surplusBonuses: [String: EvidencedAmount] {
            func total(_ side: Side) -> Money { (bonuses[side] ?? [:]).values.reduce(Money.zero) { $0 + $1.amount } }
            var result = bonuses[.direct] ?? [:]
            for (recipient, amount) in bonuses[total(.settled) >= total(.accrued) ? .settled : .accrued] ?? [:] {
                result[recipient] = result[recipient].map { $0 + amount } ?? amount
            }
            return result
        }
    }

    /// Words of summaries and accounts that make an expense line a reimbursement of costs, not pay.
    static let reimbursementWords = ["报销", "差旅", "报账"]

    private let file: String
    private let texts: LedgerTexts
    private var parties: PartyLookup
    private var bonusWords: SummaryKeywords
    private var reimbursement = SummaryKeywords(PayAccumulator.reimbursementWords)
    private var years: [Int: Year] = [:]

    init(context: AuditContext, bonusWords: [String]) {
        file = context.file("ledger")
        texts = context.ledgerTexts
        parties = PartyLookup(context.relatedParties)
        self.bonusWords = SummaryKeywords(bonusWords)
    }

    public mutating func observe(_ voucher: Voucher) {
        let date = voucher.date
        let y = voucher.year
        let lines = voucher.lines
        let classes = voucher.classes
        // A voucher crediting a pay liability accrues pay: its expense lines will be paid later.
        let accrues = lines.indices.contains { classes[$0].isSuperset(of: [.compensation, .owed]) && lines[$0].credit.units > 0 }
        for i in lines.indices {
            let cls = classes[i]
            let line = lines[i]
            let isPay = cls.contains(.compensation)
            if isPay {
                years[y, default: Year()].pay.add(line.debit - line.credit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            }
            guard line.debit.units > 0 else { continue }
            let side: Side
            if cls.contains(.owed) {
                guard isPay else { continue }
                side = .settled
            } else if isPay || (cls.contains(.expense) && !cls.contains(.profitDistribution)) {
                side = accrues ? .accrued : .direct
            } else {
                continue
            }
            if !line.counterparty.isEmpty, voucher.namesRelatedParty || isPay,
               let party = parties.relatedParty(of: line, on: date, accountLeaf: false, texts: texts), party.isKeyManager,
               isPay || !(reimbursement.isFound(in: line.summary) || reimbursement.isFound(in: texts[line.accountName])) {
                years[y, default: Year()].keyManagerPay[party.name, default: Sides()].add(line, side: side, file: file, texts: texts)
            }
            if isPay && bonusWords.isFound(in: line.summary) {
                years[y, default: Year()].bonuses[side, default: [:]][texts[line.counterparty], default: EvidencedAmount()]
                    .add(line.debit, ledgerLines: CollectionOfOne(line), file: file, texts: texts)
            }
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: Year] { years }
}
