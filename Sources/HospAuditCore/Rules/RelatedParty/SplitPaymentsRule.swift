/// RP-005: one payment cut into several below the approval threshold.
public struct SplitPaymentsRule: LedgerRule {
    public static let description = RuleDescription(
        id: "RP-005",
        title: LocalizedText(zh: "拆分付款规避审批", en: "Payments split below the approval threshold"),
        catches: LocalizedText(
            zh: "自第一笔起 7 天内向同一单位付款两笔及以上，每笔都低于审批限额（默认 100,000.00 元），合计达到限额，且看来是同一笔采购：去掉数字、日期和（一）(2) 第3批 等序号后摘要相同，或引用同一合同、发票号，或每笔都不低于限额的一半且记入同一科目。一年中有 6 个以上月份都向该单位支付的同一摘要是例行付款（每周药品款、每月电费），这类付款须一组 3 笔以上才报告。一组报告一项，金额为整组合计。",
            en: "Two or more payments to one counterparty within 7 days of the first, each below the approval threshold (100,000.00 by default), together at or above it, that look like one purchase: the same summary once numbers, dates and sequence marks such as （一） (2) 第3批 are removed, or the same contract or invoice reference, or each at least half the threshold and booked to the same account. A summary paid to the counterparty in 6 or more months of the year is routine (weekly drugs, monthly power): such payments are reported only as a group of 3 or more. One finding per group, for the group's total."),
        whyItMatters: LocalizedText(
            zh: "拆分付款绕开院内审批，常被用来向关联方或特定单位转移资金（国办发〔2017〕44号 二十一 加强财务运营监管）。",
            en: "Splitting a payment dodges the hospital's own approval, a common way to move money to insiders (State Council 2017 No. 44, clause 21 on supervising financial operation)."),
        summary: "two or more payments to one counterparty within 7 days of the first, each below the approval threshold (100,000.00), together at or above it, that look like one purchase (the same summary once numbers, dates and sequence marks such as （一） are removed, the same contract or invoice reference, or each at least half the threshold and booked to one account; a summary paid in 6+ months of the year is routine and needs 3+ payments); one finding per group, for its total",
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
            RuleExample("一笔 38 万元的采购五天内分四笔各 9.5 万元付清，报告一项", "One 380,000 purchase paid as four 95,000 payments over five days: one finding", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0201,2024-10-08,1601,固定资产-医疗设备,"95,000.00",,杭州康源医疗设备有限公司,采购彩超设备款
                    记-0201,2024-10-08,1002,银行存款,,"95,000.00",杭州康源医疗设备有限公司,采购彩超设备款
                    记-0206,2024-10-09,1601,固定资产-医疗设备,"95,000.00",,杭州康源医疗设备有限公司,采购彩超设备款
                    记-0206,2024-10-09,1002,银行存款,,"95,000.00",杭州康源医疗设备有限公司,采购彩超设备款
                    记-0213,2024-10-11,1601,固定资产-医疗设备,"95,000.00",,杭州康源医疗设备有限公司,采购彩超设备款
                    记-0213,2024-10-11,1002,银行存款,,"95,000.00",杭州康源医疗设备有限公司,采购彩超设备款
                    记-0220,2024-10-12,1601,固定资产-医疗设备,"95,000.00",,杭州康源医疗设备有限公司,采购彩超设备款
                    记-0220,2024-10-12,1002,银行存款,,"95,000.00",杭州康源医疗设备有限公司,采购彩超设备款

                    """,
            ], expected: [.medium]),
            RuleExample("同一合同号的首付款和尾款", "A down payment and the balance under one contract number", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2024-05-06,1601,固定资产-医疗设备,"70,000.00",,杭州康源医疗设备有限公司,HT2024-031 首付款
                    记-0031,2024-05-06,1002,银行存款,,"70,000.00",杭州康源医疗设备有限公司,HT2024-031 首付款
                    记-0038,2024-05-09,1601,固定资产-医疗设备,"40,000.00",,杭州康源医疗设备有限公司,付HT2024-031尾款
                    记-0038,2024-05-09,1002,银行存款,,"40,000.00",杭州康源医疗设备有限公司,付HT2024-031尾款

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("同一周内向医药公司支付药品款和办公用品款，是两笔不同的日常采购", "A wholesaler paid for drugs and for office supplies in one week: two routine purchases of different goods", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5101,业务活动成本-药品费,"86,520.43",,九州通医药集团股份有限公司,支付药品采购款
                    记-0101,2024-09-02,1002,银行存款,,"86,520.43",九州通医药集团股份有限公司,支付药品采购款
                    记-0105,2024-09-04,5201,管理费用-办公费,"56,800.00",,九州通医药集团股份有限公司,购买办公用品
                    记-0105,2024-09-04,1002,银行存款,,"56,800.00",九州通医药集团股份有限公司,购买办公用品

                    """,
            ]),
            RuleExample("每月例行付药品款，端午节把一次付款推后，两笔相隔 6 天", "Drugs paid for every month; a holiday moves one payment, and two fall six days apart", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0011,2024-01-08,5101,业务活动成本-药品费,"71,200.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0011,2024-01-08,1002,银行存款,,"71,200.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0012,2024-02-05,5101,业务活动成本-药品费,"69,800.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0012,2024-02-05,1002,银行存款,,"69,800.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0013,2024-03-04,5101,业务活动成本-药品费,"73,400.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0013,2024-03-04,1002,银行存款,,"73,400.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0014,2024-04-01,5101,业务活动成本-药品费,"70,100.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0014,2024-04-01,1002,银行存款,,"70,100.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0015,2024-05-06,5101,业务活动成本-药品费,"72,650.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0015,2024-05-06,1002,银行存款,,"72,650.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0016,2024-06-11,5101,业务活动成本-药品费,"80,558.72",,九州通医药集团股份有限公司,支付药品采购款
                    记-0016,2024-06-11,1002,银行存款,,"80,558.72",九州通医药集团股份有限公司,支付药品采购款
                    记-0017,2024-06-17,5101,业务活动成本-药品费,"80,000.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0017,2024-06-17,1002,银行存款,,"80,000.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0018,2024-07-08,5101,业务活动成本-药品费,"71,900.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0018,2024-07-08,1002,银行存款,,"71,900.00",九州通医药集团股份有限公司,支付药品采购款

                    """,
            ]),
            RuleExample("每周一向医药公司支付药品款", "Drugs paid for every Monday", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5101,业务活动成本-药品费,"82,000.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0101,2024-09-02,1002,银行存款,,"82,000.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0131,2024-09-09,5101,业务活动成本-药品费,"79,500.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0131,2024-09-09,1002,银行存款,,"79,500.00",九州通医药集团股份有限公司,支付药品采购款
                    记-0162,2024-09-16,5101,业务活动成本-药品费,"85,200.00",,九州通医药集团股份有限公司,支付药品采购款
                    记-0162,2024-09-16,1002,银行存款,,"85,200.00",九州通医药集团股份有限公司,支付药品采购款

                    """,
            ]),
            RuleExample("按月付款不算拆分", "Monthly payments are not split", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-02,5201,管理费用-水电费,"60,000.00",,国网浙江省电力有限公司,9月电费
                    记-0101,2024-09-02,1002,银行存款,,"60,000.00",国网浙江省电力有限公司,9月电费
                    记-0105,2024-10-02,5201,管理费用-水电费,"58,000.00",,国网浙江省电力有限公司,10月电费
                    记-0105,2024-10-02,1002,银行存款,,"58,000.00",国网浙江省电力有限公司,10月电费

                    """,
            ]),
            RuleExample("补录的凭证日期在前：两笔相隔 25 天，不在 7 天内", "A voucher entered late carries an earlier date: the two payments are 25 days apart, not within 7", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0101,2024-09-28,5201,管理费用-维修费,"60,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0101,2024-09-28,1002,银行存款,,"60,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（一）
                    记-0102,2024-09-03,5201,管理费用-维修费,"58,000.00",,杭州宏远建筑装饰有限公司,门诊楼维修（二）
                    记-0102,2024-09-03,1002,银行存款,,"58,000.00",杭州宏远建筑装饰有限公司,门诊楼维修（二）

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
        SplitPaymentsAccumulator(file: context.file("ledger"), texts: context.ledgerTexts, threshold: settings.approvalThreshold, window: settings.windowDays)
    }

    public func evaluate(_ splits: [SplitPaymentsAccumulator.Split], facts: Facts, context: AuditContext,
                         settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        let limit = settings.approvalThreshold
        // Splits come in runs to the same few payees; normalising a name is the dearest part
        // of a finding's text. Kept by the name's bytes, as the splits are: two spellings that
        // Swift's String calls equal (a compatibility ideograph) are two payees with two subjects.
        var normalized: [[UInt8]: String] = [:]
        return splits.map { split in
            let name = Array(split.counterparty.utf8)
            let payee = normalized[name] ?? PartyName.normalize(split.counterparty)
            normalized[name] = payee
            let span = split.first == split.last ? "\(split.first)" : "\(split.first) 至 \(split.last)"
            let spanEN = split.first == split.last ? "on \(split.first)" : "from \(split.first) to \(split.last)"
            let why: LocalizedText
            switch split.linkedBy {
            case "summary": why = LocalizedText(zh: "摘要相同", en: "the same summary")
            case "reference": why = LocalizedText(zh: "引用同一合同或发票号", en: "the same contract or invoice reference")
            default: why = LocalizedText(zh: "每笔均不低于限额的一半", en: "each at least half the threshold")
            }
            return Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(split.year),
                counterparty: split.counterparty, amount: split.total,
                message: LocalizedText(
                    zh: "\(hospital.name)于 \(span) 向\(split.counterparty)分 \(split.payments) 笔付款共 \(RuleText.yuan(split.total)) 元（\(why.zh)），每笔均低于审批限额 \(RuleText.yuan(limit)) 元，合计达到限额。",
                    en: "\(hospital.name) paid \(split.counterparty) \(RuleText.yuan(split.total)) yuan in \(split.payments) payments \(spanEN) (\(why.en)), each below the approval threshold of \(RuleText.yuan(limit)) yuan and together above it."),
                basis: settings.basis, evidence: split.evidence, evidenceCount: split.evidenceCount,
                details: ["payments": String(split.payments), "first_date": split.first.description, "last_date": split.last.description,
                          "threshold": limit.description, "linked_by": split.linkedBy],
                subject: "\(payee) \(split.first)")
        }
    }
}

/// Payments to one counterparty close together that look like one purchase, each below the
/// approval threshold and together at or above it. A voucher naming one counterparty and paying
/// money out is a payment to it. Payments look like one purchase when their summaries are the
/// same once numbers, dates and sequence marks are removed, when they share a contract or invoice
/// reference, or when each is at least half the threshold. A group runs `window` days from its
/// first payment and is reported once, whole, when the window has passed.
public struct SplitPaymentsAccumulator: LedgerAccumulator {
    public static let interest = VoucherInterest(payingOut: true)
    public struct Split: Sendable {
        public let counterparty: String
        public let year: Int
        public let total: Money
        public let payments: Int
        public let first: Day
        public let last: Day
        /// What ties the payments together: "summary", "reference" or "amount".
        public let linkedBy: String
        public let evidence: [Evidence]
        public let evidenceCount: Int
    }

    private struct Payment {
        let date: Day
        let amount: Money
        let purpose: String
        /// The account the payment is booked to (its first debit that is not money or a claim).
        let account: String
        let references: [String]
        /// The cash lines; made into evidence only if the payment turns out to be one of a split.
        let lines: [LedgerLine]
    }

    /// A group with what all its payments share, kept as they join, so a payment is linked to
    /// it in constant time however many it holds; only the lines that will be listed are kept.
    private struct Group {
        /// Its earliest and latest dates: a ledger is in voucher order, and a voucher entered
        /// late can carry an earlier date than the one before it.
        var first: Day
        var last: Day
        var count = 1
        var total: Money
        var lines: [LedgerLine]
        var lineCount: Int
        var linkedBy = ""
        /// The purpose all payments have, "" once they differ.
        var purpose: String
        /// The account all payments are booked to, "" once they differ.
        var account: String
        /// The references every payment cites.
        var references: Set<String>
        var allAtLeastHalf: Bool

        init(_ payment: Payment, half: Money) {
            first = payment.date
            last = payment.date
            total = payment.amount
            // The payment's own list when it is short enough: shared, not copied.
            lines = payment.lines.count <= EvidencedAmount.maxEvidence ? payment.lines : Array(payment.lines.prefix(EvidencedAmount.maxEvidence))
            lineCount = payment.lines.count
            purpose = payment.purpose
            account = payment.account
            references = Set(payment.references)
            allAtLeastHalf = payment.amount >= half
        }

        mutating func add(_ payment: Payment, linkedBy link: String, half: Money) {
            count += 1
            first = min(first, payment.date)
            last = max(last, payment.date)
            total += payment.amount
            if lines.count < EvidencedAmount.maxEvidence { lines += payment.lines.prefix(EvidencedAmount.maxEvidence - lines.count) }
            lineCount += payment.lines.count
            linkedBy = link
            if purpose != payment.purpose { purpose = "" }
            if account != payment.account { account = "" }
            references.formIntersection(payment.references)
            allAtLeastHalf = allAtLeastHalf && payment.amount >= half
        }
    }

    /// Open groups per counterparty beyond this close early (their window is cut short): a
    /// counterparty paid thousands of different things in a week must not make the pass quadratic.
    static let openGroupsLimit = 64

    private let file: String
    private let texts: LedgerTexts
    private let threshold: Money
    private let half: Money
    private let window: Int32
    /// Open groups per counterparty, by the number of its name.
    private var open: [UInt64: (name: String, groups: [Group])] = [:]
    /// Splits found, with their lines: evidence is made only for those still standing once the
    /// year's routine purposes are known.
    private var splits: [(group: Group, counterparty: String, routine: RoutineKey?)] = []
    /// The months in which each counterparty was paid for each purpose, by year.
    private struct RoutineKey: Hashable {
        let year: Int
        let counterparty: UInt64
        /// The purpose's bytes hashed: a String key would be hashed the slow way every payment.
        let purpose: UInt64
    }
    private var routine: [RoutineKey: UInt16] = [:]
    /// Summaries repeat (支付药品采购款 every week): their purposes and references are worked out once.
    private var purposes = TextMemo<String, (purpose: String, references: [String])>(limit: 50_000)
    /// A purpose paid for in this many months of a year is routine (weekly drugs, monthly
    /// power): two of its payments that a holiday moved into one week are not a split.
    static let routineMonths = 6
    /// A group of a routine purpose is a split only with at least this many payments.
    static let routinePayments = 3

    init(file: String, texts: LedgerTexts, threshold: Money, window: Int) {
        self.file = file
        self.texts = texts
        self.threshold = threshold
        half = Money(units: threshold.units / 2)
        self.window = Int32(clamping: window)
    }

    public mutating func observe(_ voucher: Voucher) {
        let cashOut = voucher.cashOut
        guard cashOut.units > 0 else { return }
        let lines = voucher.lines
        var named: LedgerText?
        for i in lines.indices {
            let cp = lines[i].counterparty
            if !cp.isEmpty {
                if let named, named != cp { return }
                named = cp
            }
        }
        guard let named else { return }
        let counterparty = texts[named]
        let date = voucher.date
        let key = UInt64(named.id)
        // Taken out of the table while it changes, so the lists are not copied on write, and put
        // back in the same place: found once, not removed and hashed in again for every payment.
        var groups: [Group] = []
        let slot = open.index(forKey: key)
        if let slot { swap(&groups, &open.values[slot].groups) }
        close(&groups, before: date, counterparty: counterparty, key: key)
        if cashOut < threshold {
            let classes = voucher.classes
            let summary = lines.first { !$0.summary.isEmpty }?.summary ?? ""
            let summaryHash = summary.bytesHash
            let (purpose, references) = purposes.lookup(summary, hash: summaryHash) ?? {
                let found = (PaymentPurpose.key(summary), PaymentPurpose.references(summary))
                purposes.remember(summary, hash: summaryHash, found)
                return found
            }()
            let booked = lines.indices.first { lines[$0].debit.units > 0 && !classes[$0].settles }
            let account = booked.map { texts[lines[$0].accountCode.isEmpty ? lines[$0].accountName : lines[$0].accountCode] } ?? ""
            if !purpose.isEmpty {
                routine[RoutineKey(year: date.year, counterparty: key, purpose: purpose.bytesHash), default: 0] |= 1 << UInt16(date.components.1)
            }
            var cashLines: [LedgerLine] = []
            for j in lines.indices where classes[j].contains(.cash) && !lines[j].credit.isZero { cashLines.append(lines[j]) }
            let payment = Payment(date: date, amount: cashOut, purpose: purpose, account: account, references: references, lines: cashLines)
            var linked: (group: Int, by: String)?
            for g in groups.indices {
                if let by = link(groups[g], payment) {
                    linked = (g, by)
                    break
                }
            }
            if let linked {
                groups[linked.group].add(payment, linkedBy: linked.by, half: half)
            } else {
                if groups.count >= Self.openGroupsLimit {
                    var oldest = [groups.removeFirst()]
                    close(&oldest, before: Day(ordinal: Int32.max), counterparty: counterparty, key: key)
                }
                groups.append(Group(payment, half: half))
            }
        }
        if let slot {
            if groups.isEmpty { open.remove(at: slot) } else { swap(&groups, &open.values[slot].groups) }
        } else if !groups.isEmpty {
            open[key] = (counterparty, groups)
        }
    }

    public mutating func finish(_ end: PassEnd) -> [Split] {
        for key in open.keys.sorted() {
            guard var entry = open[key] else { continue }
            close(&entry.groups, before: Day(ordinal: Int32.max), counterparty: entry.name, key: key)
        }
        open.removeAll()
        let kept = splits.filter { candidate in
            guard let key = candidate.routine, candidate.group.linkedBy != "reference",
                  (routine[key] ?? 0).nonzeroBitCount >= Self.routineMonths else { return true }
            return candidate.group.count >= Self.routinePayments
        }
        return kept.map { candidate in
            let group = candidate.group
            return Split(
                counterparty: candidate.counterparty, year: group.first.year, total: group.total, payments: group.count,
                first: group.first, last: group.last, linkedBy: group.linkedBy,
                evidence: group.lines.map { Evidence(file: file, line: $0, texts: texts) }, evidenceCount: group.lineCount)
        }.sorted { ($0.first, $0.counterparty) < ($1.first, $1.counterparty) }
    }

    /// How a payment would join a group: by the same purpose, a shared reference, or both being
    /// at least half the threshold; nil when it would not.
    private func link(_ group: Group, _ payment: Payment) -> String? {
        // All its payments within `window` days, whichever order they were entered in.
        guard max(group.last, payment.date).ordinal - min(group.first, payment.date).ordinal < window else { return nil }
        if !payment.purpose.isEmpty && group.purpose == payment.purpose { return "summary" }
        if payment.references.contains(where: group.references.contains) { return "reference" }
        // Half the threshold says one purchase only of payments booked alike: drugs and office
        // supplies from one wholesaler in a week are two purchases.
        if payment.amount >= half && group.allAtLeastHalf && !payment.account.isEmpty && payment.account == group.account { return "amount" }
        return nil
    }

    /// Reports and drops the groups whose window has passed by `date`.
    private mutating func close(_ groups: inout [Group], before date: Day, counterparty: String, key: UInt64) {
        groups.removeAll { group in
            guard date.ordinal == Int32.max || date.ordinal - group.first.ordinal >= window else { return false }
            if group.count >= 2 && group.total >= threshold {
                // Whether it is routine is known only when the year has been read.
                splits.append((group, counterparty, group.purpose.isEmpty ? nil : RoutineKey(year: group.first.year, counterparty: key, purpose: group.purpose.bytesHash)))
            }
            return true
        }
    }
}
