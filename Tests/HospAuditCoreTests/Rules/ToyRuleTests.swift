import Foundation
import Testing
import HospAuditCore

/// A ledger rule added from outside the package, through the public API, in this one file:
/// its settings, its accumulator, its examples and one line in a catalog. If this needs a
/// change anywhere else, the claim that a rule is one file is false.
struct UnnamedPaymentRule: LedgerRule {
    static let description = RuleDescription(
        id: "DS-900",
        title: LocalizedText(zh: "大额付款未记往来单位", en: "Large payment with no counterparty"),
        catches: LocalizedText(zh: "付款达到限额而凭证未写往来单位。", en: "A payment at or above the limit whose voucher names no counterparty."),
        whyItMatters: LocalizedText(zh: "无法知道钱付给了谁。", en: "Nobody can tell who was paid."),
        summary: "a payment at or above 50,000 whose voucher names no counterparty", severities: "low",
        triggering: [], nonTriggering: [])

    struct Settings: RuleConfiguration {
        var limit = Money(yuan: 50_000)
    }

    struct Payment: Sendable {
        let year: Int
        let amount: Money
        let evidence: [Evidence]
    }

    struct Accumulator: LedgerAccumulator {
        let file: String
        let limit: Money
        var payments: [Payment] = []

        mutating func observe(_ voucher: Voucher) {
            guard voucher.cashOut >= limit, voucher.lines.allSatisfy({ $0.counterparty.isEmpty }) else { return }
            payments.append(Payment(year: voucher.year, amount: voucher.cashOut, evidence: voucher.evidence(file: file)))
        }

        mutating func finish(_ end: PassEnd) -> [Payment] { payments }
    }

    func makeAccumulator(context: AuditContext, settings: RuleSettings<Settings>) -> Accumulator {
        Accumulator(file: context.file("ledger"), limit: settings.limit)
    }

    func evaluate(_ payments: [Payment], facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        payments.map { payment in
            Finding(rule: Self.id, severity: settings.severity, hospitalID: context.hospital.id, period: String(payment.year),
                    amount: payment.amount,
                    message: LocalizedText(zh: "付款 \(payment.amount) 元未记往来单位。", en: "\(payment.amount) yuan paid to nobody named."),
                    basis: settings.basis, evidence: payment.evidence, subject: payment.evidence.first?.entryID ?? "")
        }
    }
}

struct ToyRuleTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52110000MJ0012345X,杭州仁心医院,非营利性,330000,综合医院,是,民间非营利组织会计制度,2024,杭州仁心投资有限公司\n"
    static let ledger = """
        凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要
        记-0101,2024-03-05,5201,管理费用-其他,"80,000.00",,,支付款项
        记-0101,2024-03-05,1002,银行存款,,"80,000.00",,支付款项
        记-0102,2024-03-06,5201,管理费用-水电费,"90,000.00",,国网浙江省电力有限公司,3月电费
        记-0102,2024-03-06,1002,银行存款,,"90,000.00",国网浙江省电力有限公司,3月电费
        记-0103,2024-03-07,5201,管理费用-其他,"2,000.00",,,零星付款
        记-0103,2024-03-07,1002,银行存款,,"2,000.00",,零星付款

        """

    func write(_ tables: [String: String]) throws -> BundleLayout {
        let dir = Scratch.folder + "/hospaudit-toy-\(UUID().uuidString)/杭州仁心医院"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (table, text) in tables { try text.write(toFile: dir + "/\(table).csv", atomically: true, encoding: .utf8) }
        return BundleLayout(path: dir)
    }

    /// The package's national policy with the new rule's entry: the national policy decides
    /// whether a rule is on and how severe it is.
    static var national: JSONValue {
        guard case .object(var root) = PolicyLoader.national, case .object(var rules)? = root["rules"] else { return PolicyLoader.national }
        rules["DS-900"] = .object(["enabled": .bool(true), "severity": .string("low"),
                                   "basis": .array([.object(["document": .string("国办发〔2017〕44号"), "clause": .string("二十一")])])])
        root["rules"] = .object(rules)
        return .object(root)
    }

    @Test func aRuleAddedInOneFileRunsInTheOnePass() throws {
        let catalog = RuleCatalog(RuleRegistry.all + [UnnamedPaymentRule()])
        let auditor = BundleAuditor(policyChoice: PolicyChoice(catalog: catalog, national: Self.national))
        let audit = try auditor.audit(try write(["entity": Self.entity, "ledger": Self.ledger]))
        #expect(audit.errors.isEmpty, "\(audit.errors.map(\.message.en))")
        let found = audit.findings.filter { $0.rule == "DS-900" }
        #expect(found.map(\.amount) == [Money(yuan: 80_000)])
        #expect(found.first?.evidence.map(\.line) == [2, 3])
        #expect(found.first?.severity == .low)
        // Its settings are typed and read from the policy like any other rule's.
        let path = Scratch.folder + "/toy-\(UUID().uuidString).yaml"
        try "rules:\n  DS-900:\n    limit: \"1000.00\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let strict = BundleAuditor(policyChoice: PolicyChoice(file: path, catalog: catalog, national: Self.national))
        let more = try strict.audit(try write(["entity": Self.entity, "ledger": Self.ledger])).findings.filter { $0.rule == "DS-900" }
        #expect(more.map(\.amount) == [Money(yuan: 80_000), Money(yuan: 2_000)])
        // The catalog's schema knows its setting: a typo is refused.
        try "rules:\n  DS-900:\n    limt: \"1000.00\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PolicyError.self) {
            try PolicyLoader.load(region: nil, file: path, catalog: catalog, national: Self.national)
        }
    }

    @Test func aRuleTheNationalPolicyDoesNotNameIsRefused() throws {
        let catalog = RuleCatalog(RuleRegistry.all + [UnnamedPaymentRule()])
        #expect(throws: PolicyError.self) { try PolicyLoader.load(region: nil, catalog: catalog) }
    }

    @Test func aRuleThePolicyTurnsOffGetsNoAccumulator() throws {
        var national = Self.national
        if case .object(var root) = national, case .object(var rules)? = root["rules"] {
            rules["DS-900"] = .object(["enabled": .bool(false), "severity": .string("low")])
            root["rules"] = .object(rules)
            national = .object(root)
        }
        let catalog = RuleCatalog(RuleRegistry.all + [UnnamedPaymentRule()])
        let audit = try BundleAuditor(policyChoice: PolicyChoice(catalog: catalog, national: national))
            .audit(try write(["entity": Self.entity, "ledger": Self.ledger]))
        #expect(audit.findings.allSatisfy { $0.rule != "DS-900" })
        #expect(audit.facts?.gathered["DS-900"] == nil)
        #expect(audit.facts?.gathered["RP-005"] != nil)
    }
}
