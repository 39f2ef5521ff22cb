/// DS-002: a voucher whose debits and credits differ. Vouchers are numbered per month, so a
/// voucher is its month and number; one listed in two places balances when its parts do.
public struct UnbalancedVoucherRule: LedgerRule {
    public static let description = RuleDescription(
        id: "DS-002",
        title: LocalizedText(zh: "凭证借贷不平", en: "A voucher that does not balance"),
        catches: LocalizedText(
            zh: "同一凭证（同月同凭证号）借方合计不等于贷方合计。",
            en: "A voucher (same month, same voucher number) whose debits do not equal its credits."),
        whyItMatters: LocalizedText(
            zh: "借贷不平的账簿不完整或被改动过，据此计算的收入、费用和关联交易都不可靠。",
            en: "Books whose vouchers do not balance are incomplete or altered; revenue, expenses and related-party totals computed from them cannot be relied on."),
        summary: "a voucher whose debits and credits differ; a voucher with a line the reader rejected or lost to bad quoting is not judged on its balance (the line's input error is reported instead)",
        severities: "high",
        triggering: [
            RuleExample("贷方少录 100 元", "A credit keyed in 100 yuan short", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0093,2024-08-16,5201,管理费用-维修费,"23,560.00",,吉林市宏达电梯维修有限公司,电梯年度维保
                    记-0093,2024-08-16,1002,银行存款,,"23,460.00",吉林市宏达电梯维修有限公司,电梯年度维保

                    """,
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("同一凭证分两处列示，合计平衡", "One voucher listed in two places, balanced in total", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0093,2024-08-16,5201,管理费用-维修费,"23,560.00",,吉林市宏达电梯维修有限公司,电梯年度维保
                    记-0094,2024-08-16,5201,管理费用-办公费,"1,200.00",,,购买打印纸
                    记-0094,2024-08-16,1002,银行存款,,"1,200.00",,购买打印纸
                    记-0093,2024-08-16,1002,银行存款,,"23,560.00",吉林市宏达电梯维修有限公司,电梯年度维保

                    """,
            ]),
            RuleExample("每月凭证号从 1 重新编号", "Voucher numbers restart every month", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"180,000.00",,门诊收入日结
                    记-0001,2024-02-05,1002,银行存款,"90,000.00",,,门诊收入日结
                    记-0001,2024-02-05,4301,提供服务收入-门诊收入,,"90,000.00",,门诊收入日结

                    """,
            ]),
        ])

    public init() {}

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> VoucherBalances {
        VoucherBalances(file: context.file("ledger"))
    }

    public func evaluate(_ imbalances: [VoucherBalances.Imbalance], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        return imbalances.map { voucher in
            let difference = (voucher.debit - voucher.credit).magnitude
            return Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id,
                period: String(voucher.month.prefix(4)), amount: difference,
                message: LocalizedText(
                    zh: "凭证 \(voucher.entryID)（\(voucher.month)）借方合计 \(RuleText.yuan(voucher.debit)) 元，贷方合计 \(RuleText.yuan(voucher.credit)) 元，相差 \(RuleText.yuan(difference)) 元。",
                    en: "Voucher \(voucher.entryID) (\(voucher.month)) has debits of \(RuleText.yuan(voucher.debit)) yuan and credits of \(RuleText.yuan(voucher.credit)) yuan, \(RuleText.yuan(difference)) yuan apart."),
                basis: settings.basis, evidence: voucher.evidence,
                details: ["debit": voucher.debit.description, "credit": voucher.credit.description],
                subject: "\(voucher.month) \(voucher.entryID)")
        }
    }
}

/// Vouchers whose debits and credits differ. A voucher listed in two places balances when its
/// parts do; one that lost a line to an input error is not judged.
public struct VoucherBalances: LedgerAccumulator {
    public struct Imbalance: Sendable {
        public let entryID: String
        public let month: String
        public var debit: Money
        public var credit: Money
        public var evidence: [Evidence]
    }

    private let file: String
    /// Imbalance of voucher runs not yet balanced, by voucher key.
    private var open: [String: Imbalance] = [:]
    private var openOrder: [String] = []

    init(file: String) { self.file = file }

    public mutating func observe(_ voucher: Voucher) {
        var debit = Money.zero, credit = Money.zero
        for i in voucher.lines.indices {
            debit += voucher.lines[i].debit
            credit += voucher.lines[i].credit
        }
        if debit == credit && open.isEmpty { return }
        let key = voucher.key
        if debit == credit && open[key] == nil { return }
        if var known = open[key] {
            known.debit += debit
            known.credit += credit
            open[key] = known
        } else {
            let (y, m) = (voucher.month / 100, voucher.month % 100)
            open[key] = Imbalance(entryID: voucher.entryID, month: "\(y)-\(m < 10 ? "0" : "")\(m)", debit: debit, credit: credit,
                                  evidence: voucher.evidence(file: file))
            openOrder.append(key)
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Imbalance] {
        openOrder.filter { !end.incomplete.contains($0) }.compactMap { open[$0] }
            .filter { $0.debit != $0.credit && !end.incompleteAnyMonth.contains($0.entryID) }
    }
}
