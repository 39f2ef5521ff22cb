/// DS-001: a non-profit that has not published what it must: key managers' income, the total
/// income of health-technical staff, and (when it has any) its related-party transactions.
public struct MissingDisclosureRule: AuditRule {
    static let required: [(item: String, zh: String, en: String)] = [
        ("key_management_compensation", "主要管理人员收入", "key managers' income"),
        ("health_staff_compensation_total", "卫生技术人员收入总额", "total income of health-technical staff"),
        ("related_party_transaction", "关联交易", "related-party transactions"),
    ]

    public static let description = RuleDescription(
        id: "DS-001",
        title: LocalizedText(zh: "未按规定信息公开", en: "Mandatory disclosure missing"),
        catches: LocalizedText(
            zh: "非营利性医院某期（序时账中的年度；无序时账可读时为机构信息登记的年度；登记为营利性的年度不查）未公开主要管理人员收入、卫生技术人员收入总额，或账上有关联交易却未公开关联交易。北京默认开启，其他地区可在政策中开启。",
            en: "A non-profit hospital without disclosures of key managers' income or of the total income of health-technical staff for a period (a year of the ledger, or, with no ledger to read, a year the entity table registers; a year it was registered for-profit is not judged), or of its related-party transactions when the ledger has any. On for Beijing; other regions may switch it on."),
        whyItMatters: LocalizedText(
            zh: "北京市促进社会办医健康发展若干政策措施（十七）要求社会办非营利性医疗机构公开这些信息；不公开，外部无从监督结余去向。",
            en: "Beijing's measures (clause 17) require privately run non-profits to publish these figures; without them nobody outside can see where the surplus goes."),
        summary: "a non-profit that has not published key managers' income, health staff's total income, or its related-party transactions (on for Beijing)",
        severities: "medium",
        triggering: [
            RuleExample("北京非营利医院无信息公开文件", "A Beijing non-profit with no disclosures", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"180,000.00",,门诊收入日结

                    """,
            ], expected: [.medium]),
            RuleExample("序时账无可用凭证：信息公开本身可见缺项", "A ledger with no usable line: the disclosures alone show the gap", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "ledger": ExampleTables.ledgerHeader,
                "disclosures": ExampleTables.disclosureHeader + """
                    2024,卫生技术人员收入总额,,"25,880,000.00"

                    """,
            ], expected: [.medium]),
            RuleExample("2024年转为非营利：只查2024年", "Non-profit from 2024: only 2024 is judged", tables: [
                "entity": ExampleTables.entityHeader
                    + "52110000MJ0012345X,北京仁和医院,营利性,110000,综合医院,否,企业会计准则,2023,北京仁和投资有限公司\n"
                    + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2023-11-20,1002,银行存款,"95,000.00",,,门诊收入日结
                    记-0031,2023-11-20,6001,主营业务收入-门诊收入,,"95,000.00",,门诊收入日结
                    记-0001,2024-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"180,000.00",,门诊收入日结

                    """,
            ], expected: [.medium]),
            RuleExample("2024年转为营利：2023年仍要公开", "For-profit from 2024: its non-profit 2023 is still judged", tables: [
                "entity": ExampleTables.beijingConverted,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0031,2023-11-20,1002,银行存款,"95,000.00",,,门诊收入日结
                    记-0031,2023-11-20,4301,提供服务收入-门诊收入,,"95,000.00",,门诊收入日结
                    记-0001,2024-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2024-01-05,6001,主营业务收入-门诊收入,,"180,000.00",,门诊收入日结

                    """,
            ], expected: [.medium]),
        ],
        nonTriggering: [
            RuleExample("三项均已公开", "All three disclosed", tables: [
                "entity": ExampleTables.beijingNonprofit,
                "related_parties": ExampleTables.relatedHeader + "北京仁和投资有限公司,91110108MA02KX8N4L,举办者,2015-06-01,\n",
                "disclosures": ExampleTables.disclosureHeader + """
                    2024,主要管理人员收入,,"960,000.00"
                    2024,卫生技术人员收入总额,,"25,880,000.00"
                    2024,关联交易,北京仁和投资有限公司,"120,000.00"

                    """,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0009,2024-02-05,5201,管理费用-租赁费,"120,000.00",,北京仁和投资有限公司,支付1-2月房租
                    记-0009,2024-02-05,1002,银行存款,,"120,000.00",北京仁和投资有限公司,支付1-2月房租

                    """,
            ]),
            RuleExample("浙江默认不检查", "Off by default outside Beijing", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0001,2024-01-05,1002,银行存款,"180,000.00",,,门诊收入日结
                    记-0001,2024-01-05,4301,提供服务收入-门诊收入,,"180,000.00",,门诊收入日结

                    """,
            ]),
        ])

    public init() {}

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        guard hospital.wasEverNonprofit else { return [] }
        var findings: [Finding] = []
        let file = context.files["disclosures"]
        // A year the hospital was registered for-profit owes no non-profit disclosures.
        for year in context.auditedYears(facts) where hospital.isNonprofit(in: year) {
            let published = Set((context.disclosures ?? []).filter { $0.period.year == year }.map(\.item))
            let related = facts.years[year]?.related ?? [:]
            let missing = Self.required.filter { item in
                !published.contains(item.item) && (item.item != "related_party_transaction" || !related.isEmpty)
            }
            guard !missing.isEmpty else { continue }
            // Evidence of an absence: the disclosures file (line 0, the file as a whole) and,
            // for undisclosed related-party dealings, the ledger lines that show them.
            var evidence = [Evidence(file: file ?? "（无信息公开文件）", line: 0,
                                     summary: file == nil ? "未提供信息公开文件" : "信息公开中无上述项目")]
            var count = 1
            if missing.contains(where: { $0.item == "related_party_transaction" }) {
                for amount in related.values {
                    evidence += amount.evidence.prefix(EvidencedAmount.maxEvidence - evidence.count)
                    count += amount.evidenceCount
                }
            }
            findings.append(Finding(
                rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                amount: nil,
                message: LocalizedText(
                    zh: "\(hospital.name)\(year)年未公开：\(missing.map(\.zh).joined(separator: "、"))。",
                    en: "\(hospital.name) did not disclose for \(year): \(missing.map(\.en).joined(separator: ", "))."),
                basis: settings.basis, evidence: evidence, evidenceCount: count,
                details: ["missing": missing.map(\.item).joined(separator: ",")],
                subject: missing.map(\.item).joined(separator: ",")))
        }
        return findings
    }
}
