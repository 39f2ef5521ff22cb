import Foundation

/// DD-005: pay as a channel for surplus — key managers paid above the policy's cap, and
/// bonuses tied to the surplus.
public struct PayAsChannelRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DD-005",
        title: LocalizedText(zh: "以薪酬方式分配结余", en: "Pay as a channel for surplus"),
        catches: LocalizedText(
            zh: "列为关联方的关键管理人员年度薪酬超过政策上限（默认 2023 年全国城镇非私营单位平均工资 120,698 元的 10 倍）；摘要把奖金与结余挂钩（结余提成、按结余、利润提成、结余分配奖）。按工资类科目中写明该人员的借方金额计。政策给出本地区同行业平均工资（regional_average_pay）且机构信息有职工人数时，职工人均薪酬超过其 2 倍（财税〔2018〕13号 免税条件）也报告；人均薪酬为工资类科目借方减贷方（计提与发放只算一次）除以职工人数。",
            en: "A key manager listed as a related party paid above the policy's cap in a year (10 times the 2023 national average wage of urban non-private units, 120,698 yuan, by default); any bonus whose summary ties it to the surplus (结余提成, 按结余, 利润提成, 结余分配奖). Pay is the debits of pay accounts naming the person. When the policy gives the region's industry average pay (regional_average_pay) and the entity table a staff count, staff average pay above twice that average (a tax-exemption condition of Caishui [2018] No. 13) is reported too; average pay is pay accounts' debits less credits (an accrual and its payment count once) over the staff count."),
        whyItMatters: LocalizedText(
            zh: "高薪和结余提成是把结余转给内部人的直接方式（国办发〔2017〕44号 二十一）；工资水平也是非营利组织免税条件之一（财税〔2018〕13号）。",
            en: "Outsized pay and surplus-linked bonuses hand the surplus to insiders directly (State Council 2017 No. 44, clause 21); pay levels are also a condition of non-profit tax exemption (Caishui 2018 No. 13)."),
        summary: "a key manager listed as a related party paid above the policy's cap (10 × the 2023 national average urban non-private wage of 120,698), a bonus whose summary ties it to the surplus (结余提成, 按结余, 利润提成, 结余分配奖), or — when the policy sets `regional_average_pay` and the entity table has a staff count (职工人数) — staff average pay above 2 × that average (财税〔2018〕13号)",
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
        guard hospital.ownership == .nonprofit else { return [] }
        let cap = settings.payCap
        let note: LocalizedText? = settings.capNote
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = gathered[year] else { continue }
            for person in y.keyManagerPay.keys.sorted() {
                let pay = y.keyManagerPay[person]!
                guard pay.amount > cap else { continue }
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: person, amount: pay.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年向关键管理人员\(person)支付薪酬 \(pay.amount) 元，超过上限 \(cap) 元。" + (note.map { "（\($0.zh)）" } ?? ""),
                        en: "\(hospital.name) paid the key manager \(person) \(pay.amount) yuan in \(year), above the \(cap) yuan cap." + (note.map { " (\($0.en))" } ?? "")),
                    basis: settings.basis, evidence: pay.evidence, evidenceCount: pay.evidenceCount,
                    details: ["cap": cap.description], subject: "pay \(PartyName.normalize(person))"))
            }
            if let finding = staffAverage(year: year, pay: y.pay, context: context, settings: settings) {
                findings.append(finding)
            }
            for recipient in y.surplusBonuses.keys.sorted() {
                let bonus = y.surplusBonuses[recipient]!
                let who = recipient.isEmpty ? "" : "向\(recipient)"
                let whoEn = recipient.isEmpty ? "" : " to \(recipient)"
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: recipient.isEmpty ? nil : recipient, amount: bonus.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年\(who)发放与结余挂钩的奖金 \(bonus.amount) 元。",
                        en: "\(hospital.name) paid \(bonus.amount) yuan of bonuses tied to the surplus\(whoEn) in \(year)."),
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
                zh: "\(hospital.name)\(year)年职工薪酬共 \(pay.amount) 元，职工 \(staff) 人，人均 \(averageText) 元，超过本地区同行业平均工资 \(regional) 元的 \(multiple) 倍（财税〔2018〕13号 免税条件）。",
                en: "\(hospital.name) booked \(pay.amount) yuan of pay for \(staff) staff in \(year), \(averageText) yuan each, above \(multiple) times the region's industry average of \(regional) yuan (a tax-exemption condition of Caishui [2018] No. 13)."),
            basis: settings.basis, evidence: [entity] + pay.evidence.prefix(EvidencedAmount.maxEvidence - 1),
            evidenceCount: pay.evidenceCount + 1,
            details: ["staff": String(staff), "average_pay": averageText, "regional_average_pay": "\(regional)"],
            subject: "staff average pay")
    }
}

/// All pay booked, key managers' pay and bonuses tied to the surplus, per year.
public struct PayAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest.touching(.compensation)
    public struct Year: Sendable {
        /// All pay booked: pay accounts' debits less credits (an accrual and its payment count once).
        public var pay = EvidencedAmount()
        /// Pay to key managers listed as related parties: debits of pay accounts naming them.
        public var keyManagerPay: [String: EvidencedAmount] = [:]
        /// Pay whose summary ties it to the surplus (结余提成 …), by counterparty ("" for none).
        public var surplusBonuses: [String: EvidencedAmount] = [:]
    }

    private let file: String
    private var parties: PartyLookup
    private var bonusWords: SummaryKeywords
    private var years: [Int: Year] = [:]

    init(context: AuditContext, bonusWords: [String]) {
        file = context.file("ledger")
        parties = PartyLookup(context.relatedParties)
        self.bonusWords = SummaryKeywords(bonusWords)
    }

    public mutating func observe(_ voucher: Voucher) {
        guard voucher.touched.contains(.compensation) else { return }
        let date = voucher.date
        let y = voucher.year
        for i in voucher.lines.indices where voucher.classes[i].contains(.compensation) {
            let line = voucher.lines[i]
            years[y, default: Year()].pay.add(line.debit - line.credit, ledgerLines: CollectionOfOne(line), file: file)
            if !line.debit.isZero, !line.counterparty.isEmpty,
               let party = parties.relatedParty(of: line, on: date, accountLeaf: false), party.isKeyManager {
                years[y, default: Year()].keyManagerPay[party.name, default: EvidencedAmount()].add(line.debit, ledgerLines: CollectionOfOne(line), file: file)
            }
            if !line.debit.isZero && bonusWords.isFound(in: line.summary) {
                years[y, default: Year()].surplusBonuses[line.counterparty, default: EvidencedAmount()].add(line.debit, ledgerLines: CollectionOfOne(line), file: file)
            }
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: Year] { years }
}
