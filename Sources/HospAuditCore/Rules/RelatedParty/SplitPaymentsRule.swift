/// RP-005: one payment cut into several below the approval threshold.
public struct SplitPaymentsRule: LedgerRule {
    public static let description = RuleDescription(
        id: "RP-005",
        title: LocalizedText(zh: "拆分付款规避审批", en: "Payments split below the approval threshold"),
        catches: LocalizedText(
            zh: "7 天内向同一单位付款两笔及以上，每笔都低于审批限额（默认 100,000.00 元），合计达到限额。",
            en: "Two or more payments to one counterparty within 7 days, each below the approval threshold (100,000.00 by default), together at or above it."),
        whyItMatters: LocalizedText(
            zh: "拆分付款绕开院内审批，常被用来向关联方或特定单位转移资金（国办发〔2017〕44号 二十一 加强财务运营监管）。",
            en: "Splitting a payment dodges the hospital's own approval, a common way to move money to insiders (State Council 2017 No. 44, clause 21 on supervising financial operation)."),
        summary: "two or more payments to one counterparty within 7 days, each below the approval threshold (100,000.00), together at or above it",
        severities: "medium",
        triggering: [
            RuleExample("三天内两笔各 6 万元", "Two payments of 60,000 within three days", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-维修费,"60,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0101,2024-09-02,1002,银行存款,,"60,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0105,2024-09-04,5201,管理费用-维修费,"58,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（二）
                    记-0105,2024-09-04,1002,银行存款,,"58,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（二）

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("按月付款不算拆分", "Monthly payments are not split", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-水电费,"60,000.00",,国网浙江省电力有限公司,9月电费
                    记-0101,2024-09-02,1002,银行存款,,"60,000.00",国网浙江省电力有限公司,9月电费
                    记-0105,2024-10-02,5201,管理费用-水电费,"58,000.00",,国网浙江省电力有限公司,10月电费
                    记-0105,2024-10-02,1002,银行存款,,"58,000.00",国网浙江省电力有限公司,10月电费

                    """,
            ]),
            RuleExample("一笔超过限额的付款", "One payment above the threshold", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-维修费,"118,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修
                    记-0101,2024-09-02,1002,银行存款,,"118,000.00",杭州宏远建筑装饰有限公司,门诊楼维修

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Payments at or above this need the hospital's approval.
        public var approvalThreshold = Money(yuan: 100_000)
        /// Payments to one counterparty within this many days are taken together.
        public var windowDays = 7
        public init() {}
    }

    public func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> SplitPaymentsAccumulator {
        SplitPaymentsAccumulator(file: context.file("ledger"), threshold: settings.approvalThreshold, window: settings.windowDays)
    }

    public func evaluate(_ splits: [SplitPaymentsAccumulator.Split], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        return splits.map { split in
            Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(split.year),
                counterparty: split.counterparty, amount: split.total,
                message: LocalizedText(
                    zh: "\(hospital.name)在 \(split.evidence.first?.date ?? "") 起数日内向\(split.counterparty)分 \(split.payments) 笔付款共 \(split.total) 元，每笔均低于审批限额。",
                    en: "\(hospital.name) paid \(split.counterparty) \(split.total) yuan in \(split.payments) payments within days from \(split.evidence.first?.date ?? ""), each below the approval threshold."),
                basis: settings.basis, evidence: split.evidence, details: ["payments": String(split.payments)],
                subject: "\(PartyName.normalize(split.counterparty)) \(split.evidence.first?.date ?? "")")
        }
    }
}

/// Payments to one counterparty close together, each below the approval threshold and
/// together at or above it. A voucher naming one counterparty and paying money out is a
/// payment to it.
public struct SplitPaymentsAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest(payingOut: true)
    public struct Split: Sendable {
        public let counterparty: String
        public let year: Int
        public let total: Money
        public let payments: Int
        public let evidence: [Evidence]
    }

    private struct Payment {
        let date: Day
        let amount: Money
        /// The cash lines; made into evidence only if the payment turns out to be one of a split.
        let lines: [LedgerLine]
    }

    private let file: String
    private let threshold: Money
    private let window: Int
    /// Recent payments below the threshold, per counterparty, inside the window; keyed by a
    /// hash of the name's bytes (hashing a Chinese String the Swift way normalises it first).
    private var recent: [UInt64: (name: String, payments: [Payment])] = [:]
    private var splits: [Split] = []

    init(file: String, threshold: Money, window: Int) {
        self.file = file
        self.threshold = threshold
        self.window = window
    }

    public mutating func observe(_ voucher: Voucher) {
        let cashOut = voucher.cashOut
        guard cashOut.units > 0 else { return }
        let lines = voucher.lines
        var named: String?
        for i in lines.indices {
            let cp = lines[i].counterparty
            if !cp.isEmpty {
                if let named, named != cp { return }
                named = cp
            }
        }
        guard let counterparty = named else { return }
        let date = voucher.date
        var key = counterparty.bytesHash
        while let held = recent[key], held.name != counterparty { key &+= 1 }
        // Taken out of the table while it changes, so the list is not copied on write.
        var payments = recent.removeValue(forKey: key)?.payments ?? []
        guard cashOut < threshold else { return }
        payments.removeAll { date.ordinal - $0.date.ordinal >= Int32(clamping: window) }
        let classes = voucher.classes
        payments.append(Payment(date: date, amount: cashOut,
                                lines: lines.indices.filter { classes[$0].contains(.cash) && !lines[$0].credit.isZero }.map { lines[$0] }))
        var total = Money.zero
        for payment in payments { total += payment.amount }
        if payments.count >= 2 && total >= threshold {
            splits.append(Split(
                counterparty: counterparty, year: date.year, total: total, payments: payments.count,
                evidence: payments.flatMap(\.lines).prefix(EvidencedAmount.maxEvidence).map { Evidence(file: file, line: $0) }))
            payments.removeAll()
        }
        recent[key] = payments.isEmpty ? nil : (counterparty, payments)
    }

    public mutating func finish(_ end: PassEnd) -> [Split] { splits }
}
