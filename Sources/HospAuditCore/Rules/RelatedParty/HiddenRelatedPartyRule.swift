/// RP-002: a counterparty the hospital does not list as related that is a listed party under
/// another name — the same USCC, the same bank account, or a distinctive shared name stem. Its dealings count as
/// related for the other rules too.
public struct HiddenRelatedPartyRule: LedgerRule {
    public static let description = RuleDescription(
        id: "RP-002",
        title: LocalizedText(zh: "关联方改头换面", en: "A related party hiding under another name"),
        catches: LocalizedText(
            zh: "未列入关联方清单的往来单位，与清单中的关联方统一社会信用代码相同，或银行账号相同（序时账有“对方账号”列、关联方清单有“银行账号”列时），或去掉通用词（医疗、医院、管理、咨询、投资、科技、服务、健康、集团、控股、医药、贸易等）和地名后仍共有至少 4 个字的名称主干，且交易额达到重要性水平。其交易在其他规则中按关联交易处理。",
            en: "A counterparty not on the related-party list that shares a USCC with a listed party, or a bank account (when the ledger has a 对方账号 column and the list a 银行账号 column), or a distinctive name stem (at least 4 characters left after removing generic words such as 医疗, 医院, 管理, 咨询, 投资, 科技, 服务, 健康, 集团, 控股, 医药, 贸易, and place names), with dealings at or above materiality. Its dealings count as related for the other rules."),
        whyItMatters: LocalizedText(
            zh: "换个名称就能让关联交易从披露和审查中消失（企业会计准则第36号；国办发〔2017〕44号 二十一）。",
            en: "A new name is all it takes for related dealings to vanish from disclosure and review (CAS 36; State Council 2017 No. 44, clause 21)."),
        summary: "an unlisted counterparty that shares a USCC, a bank account or a distinctive name stem (≥ 4 characters once company forms, places and generic words such as 医疗, 管理, 投资, 控股, 医药 are removed) with a listed related party, dealings at or above materiality; its dealings count as related in every other rule",
        severities: "medium",
        triggering: [
            RuleExample("同一信用代码换了名称", "The same USCC under another name", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方统一社会信用代码,摘要\n" + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"486,250.00",,浙江康远供应链有限公司,91330106MA2AY7TB1,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"486,250.00",浙江康远供应链有限公司,91330106MA2AY7TB1,支付药品采购款

                    """,
            ], expected: [.medium]),
            RuleExample("同一银行账号换了名称", "The same bank account under another name", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号\n"
                    + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,,3301 0400 0123 4567 890\n",
                "ledger": "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方账号,摘要\n" + """
                    记-0061,2024-06-11,5101,业务活动成本-卫生材料费,"236,800.00",,杭州启明商贸有限公司,,支付耗材款
                    记-0061,2024-06-11,1002,银行存款,,"236,800.00",杭州启明商贸有限公司,33010400012345678 90,支付耗材款

                    """,
            ], expected: [.medium]),
            RuleExample("挂账用另一名称，只有付款的银行行写着关联方的账号", "Booked to a payable under another name, the related party's account only on the payment's bank line", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期,银行账号\n"
                    + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,,3301 0400 0123 4567 890\n",
                "ledger": "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方账号,摘要\n" + """
                    记-0040,2024-05-06,5101,业务活动成本-卫生材料费,"212,500.00",,,,耗材入库挂账
                    记-0040,2024-05-06,2202,应付账款,,"212,500.00",杭州启明商贸有限公司,,耗材入库挂账
                    记-0055,2024-05-28,2202,应付账款,"212,500.00",,杭州启明商贸有限公司,,支付耗材款
                    记-0055,2024-05-28,1002,银行存款,,"212,500.00",,3301 0400 0123 4567 890,支付耗材款

                    """,
            ], expected: [.medium]),
            RuleExample("名称主干相同", "A shared name stem", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州瑞和康泰投资管理有限公司,91330106MA28GH4Q70,举办者,2014-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0077,2024-07-08,5201,管理费用-咨询费,"180,000.00",,上海瑞和康泰医疗科技有限公司,支付技术咨询费
                    记-0077,2024-07-08,1002,银行存款,,"180,000.00",上海瑞和康泰医疗科技有限公司,支付技术咨询费

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("只共用通用词", "Only generic words in common", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医疗投资管理有限公司,91330106MA28GH4Q70,举办者,2014-01-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0077,2024-07-08,5201,管理费用-咨询费,"180,000.00",,杭州华康医疗投资管理有限公司,支付咨询费
                    记-0077,2024-07-08,1002,银行存款,,"180,000.00",杭州华康医疗投资管理有限公司,支付咨询费

                    """,
            ]),
        ])

    public init() {}

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> HiddenDealings {
        HiddenDealings(file: context.file("ledger"), texts: context.ledgerTexts)
    }

    public func evaluate(_ gathered: [Int: [String: HiddenDealings.Dealt]], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        var findings: [Finding] = []
        for year in facts.periods {
            var dealt = gathered[year] ?? [:]
            // Liabilities booked under a name the list does not hold and paid to a listed
            // party's bank account: the payment is the only place the books show the tie.
            for (name, payment) in facts.years[year]?.hiddenPayments ?? [:] {
                var entry = dealt[name] ?? HiddenDealings.Dealt(party: payment.party.name, how: payment.match,
                                                                shared: HiddenDealings.shared(payment.party, payment.match, counterparty: name))
                entry.dealt = entry.dealt + payment.paid
                dealt[name] = entry
            }
            guard !dealt.isEmpty else { continue }
            for name in dealt.keys.sorted() {
                let hidden = dealt[name]!
                guard hidden.dealt.amount >= context.policy.materiality else { continue }
                // What the two share, with the listed value, so the letter says which code or
                // account ties the counterparty to the party.
                let shared = hidden.shared.map { "（\($0)）" } ?? ""
                let how: (zh: String, en: String)
                var relation = hidden.how.rawValue
                switch hidden.how {
                case .uscc:
                    // The column takes identity-card numbers and software codes too: say which,
                    // and never print a person's number whole.
                    if let code = hidden.shared.map(PartyCode.init) {
                        let w = code.words
                        how = ("\(w.zh)相同（\(w.shown)）", "shares its \(w.en) (\(w.shown)) with")
                        switch code {
                        case .uscc: break
                        case .identityCard: relation = "identity_card"
                        case .other: relation = "code"
                        }
                    } else {
                        how = ("统一社会信用代码相同", "shares its USCC with")
                    }
                case .bankAccount: how = ("银行账号相同\(shared)", "shares its bank account\(hidden.shared.map { " (\($0))" } ?? "") with")
                case .nameStem, .name:
                    how = ("名称主干相同\(shared)", hidden.shared.map { "shares the distinctive name stem \($0) with" } ?? "shares a distinctive name stem with")
                }
                findings.append(Finding(
                    rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                    counterparty: name, amount: hidden.dealt.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年与\(name)交易 \(RuleText.yuan(hidden.dealt.amount)) 元；该往来方未列为关联方，但与关联方\(hidden.party)\(how.zh)。",
                        en: "\(hospital.name) dealt \(RuleText.yuan(hidden.dealt.amount)) yuan with \(name) in \(year); it is not listed as related, but \(how.en) the related party \(hidden.party)."),
                    basis: settings.basis, evidence: hidden.dealt.evidence, evidenceCount: hidden.dealt.evidenceCount,
                    details: ["matches": hidden.party, "evidence_of_relation": relation],
                    subject: PartyName.normalize(name)))
            }
        }
        return findings
    }
}

/// Dealings with counterparties that are listed parties under another name, by the name the
/// ledger uses, per year.
public struct HiddenDealings: LedgerAccumulator {
    public static let interest = VoucherInterest(dealings: true)
    public struct Dealt: Sendable {
        public var party: String
        public var how: RelatedPartyBook.Match
        /// The listed party's USCC or bank account the counterparty shares, as the list gives it.
        public var shared: String?
        public var dealt = EvidencedAmount()
    }

    private let file: String
    private let texts: LedgerTexts
    private var years: [Int: [String: Dealt]] = [:]

    init(file: String, texts: LedgerTexts) {
        self.file = file
        self.texts = texts
    }

    public mutating func observe(_ voucher: Voucher) {
        for dealing in voucher.dealings where dealing.isHidden {
            years[voucher.year, default: [:]][dealing.counterparty, default: Dealt(party: dealing.party.name, how: dealing.match,
                                                                                    shared: Self.shared(dealing.party, dealing.match, counterparty: dealing.counterparty))].dealt.add(
                dealing.worth, ledgerLines: voucher.lines(naming: dealing.named), file: file, texts: texts)
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Int: [String: Dealt]] { years }

    /// What ties the counterparty to the party: the party's listed USCC or bank account, or the
    /// stem the two names share (the shorter, which the other holds).
    static func shared(_ party: RelatedParty, _ match: RelatedPartyBook.Match, counterparty: String) -> String? {
        switch match {
        case .uscc: return party.partyID
        case .bankAccount: return party.shownBankAccount
        case .nameStem:
            let listed = PartyName.stem(party.name), booked = PartyName.stem(counterparty)
            return listed.count <= booked.count ? listed : booked
        case .name: return nil
        }
    }
}
