import Foundation
import Testing
@testable import HospAuditCore

struct PolicyTests {
    @Test func nationalDefaults() throws {
        let policy = try PolicyLoader.load(region: nil)
        #expect(policy.name == "national")
        #expect(policy.materiality == Money(yuan: 10_000))
        #expect(policy.settings(for: MarginAboveCapRule.self).marginCap.value == Decimal(string: "0.15"))
        #expect(policy.rule("DS-001").enabled == false)
        #expect(policy.rule("DD-001").basis.first == Citation(document: "国办发〔2017〕44号", clause: "二十一"))
        #expect(policy.blacklistThreshold == 12)
    }

    /// The one-year LPR as published, since the reform of August 2019.
    @Test(arguments: [
        ("2019-08-20", "0.0425"), ("2019-10-01", "0.042"), ("2020-04-20", "0.0385"), ("2021-12-31", "0.038"),
        ("2022-08-22", "0.0365"), ("2023-07-01", "0.0355"), ("2024-07-22", "0.0335"), ("2024-10-21", "0.031"),
        ("2025-05-20", "0.03"), ("2026-11-23", "0.03"),
    ])
    func lprInForceOnADay(day: String, rate: String) throws {
        let policy = try PolicyLoader.load(region: nil)
        let date = try #require(try DateParser.parse(day).get())
        #expect(policy.lpr(on: date) == Decimal(string: rate))
    }

    /// A hospital that left the non-profit form answers for its non-profit years as it then was:
    /// a 2023 distribution still costs the tax exemption it had in 2023.
    @Test func consequencesFollowTheOwnershipOfTheFindingsYear() throws {
        let beijing = try PolicyLoader.load(region: "110000")
        let loss = try #require(beijing.consequences.first { $0.id == "tax_exemption_loss" })
        var then = Hospital(id: "52110000MJ0012345X", name: "北京仁和医院", ownership: .nonprofit, region: "110000", taxExempt: true, fiscalYear: 2023)
        then.history = [then]
        var now = Hospital(id: then.id, name: then.name, ownership: .forprofit, region: "110000", taxExempt: false, fiscalYear: 2024)
        now.history = [then, now]
        func finding(_ period: String) -> Finding {
            Finding(rule: "DD-001", severity: .critical, hospitalID: now.id, period: period, amount: nil,
                    message: LocalizedText(zh: "", en: ""), basis: [], evidence: [], subject: "")
        }
        #expect(loss.applies(to: finding("2023"), hospital: now))
        #expect(!loss.applies(to: finding("2024"), hospital: now))
    }

    @Test func noLPRBeforeTheReform() throws {
        #expect(try PolicyLoader.load(region: nil).lpr(on: Day(year: 2019, month: 8, day: 19)!) == nil)
    }

    @Test func regionProfilesLayOverTheNationalPolicy() throws {
        let beijing = try PolicyLoader.load(region: "110000")
        #expect(beijing.name == "beijing")
        #expect(beijing.rule("DS-001").enabled)
        #expect(beijing.rule("DD-001").basis.contains(Citation(document: "北京市促进社会办医健康发展若干政策措施", clause: "十七")))
        #expect(beijing.settings(for: MarginAboveCapRule.self).marginCap.value == Decimal(string: "0.15"))
        #expect(beijing.consequences.map(\.id) == ["credit_referral", "tax_exemption_loss", "tax_repayment_on_conversion"])
        #expect(try PolicyLoader.load(region: "120000").name == "tianjin")
        #expect(try PolicyLoader.load(region: "220200").name == "jilin-city")
        #expect(try PolicyLoader.load(region: "330000").name == "zhejiang")
        // A region without a profile of its own is audited under the national policy.
        #expect(try PolicyLoader.load(region: "440000").name == "national")
        #expect(throws: PolicyError.unknownRegion("440000")) { try PolicyLoader.load(region: "440000", regionIsExplicit: true) }
    }

    /// The catalog's DD basis names each region's clause against disguised dividends (Beijing
    /// 十七, Tianjin 十九, Jilin City 十八): a finding of any DD rule there cites it, and keeps the
    /// national citations of that rule.
    @Test func everyDisguisedDividendRuleCitesTheRegionsClause() throws {
        let national = try PolicyLoader.load(region: nil)
        let clauses = ["110000": Citation(document: "北京市促进社会办医健康发展若干政策措施", clause: "十七"),
                       "120000": Citation(document: "天津市支持社会力量提供多层次多样化医疗服务实施方案", clause: "十九"),
                       "220200": Citation(document: "吉市政办发(2018)19号", clause: "十八")]
        let ids = RuleRegistry.all.map { type(of: $0).description.id }.filter { $0.hasPrefix("DD-") }
        #expect(ids.count == 8)
        for (region, clause) in clauses {
            let policy = try PolicyLoader.load(region: region)
            for id in ids where id != "DD-001" {
                #expect(policy.rule(id).basis == [national.rule(id).basis[0], clause] + national.rule(id).basis.dropFirst(), "\(region) \(id)")
            }
            #expect(policy.rule("DD-001").basis.contains(clause), "\(region)")
        }
    }

    /// Hospitals are registered in districts and counties; their province's and city's
    /// policies reach them.
    @Test func aDistrictGetsItsProvinceAndCityProfiles() throws {
        let chaoyang = try PolicyLoader.load(region: "110105")
        #expect(chaoyang.name == "beijing")
        #expect(chaoyang.profiles == ["national", "110000"])
        #expect(chaoyang.rule("DS-001").enabled)
        #expect(chaoyang.consequences.map(\.id).contains("tax_exemption_loss"))
        let changyi = try PolicyLoader.load(region: "220202")
        #expect(changyi.profiles == ["national", "220200"])
        #expect(changyi.rule("DS-002").basis.contains(Citation(document: "吉市政办发(2018)19号", clause: "十八")))
        #expect(try PolicyLoader.load(region: "330106").profiles == ["national", "330000"])
        #expect(try PolicyLoader.load(region: "120116", regionIsExplicit: true).name == "tianjin")
        #expect(try PolicyLoader.load(region: "440305").profiles == ["national"])
        #expect(throws: PolicyError.unknownRegion("440305")) { try PolicyLoader.load(region: "440305", regionIsExplicit: true) }
        let file = try write("materiality: 20000\n")
        #expect(try PolicyLoader.load(region: "110105", file: file).profiles == ["national", "110000", file])
        #expect(RegionCode.chain("110105") == ["110000", "110100", "110105"])
        #expect(RegionCode.chain("110000") == ["110000"])
        #expect(RegionCode.chain("2202") == ["2202"])
        #expect(RegionCode.province("330702") == "330000")
    }

    func write(_ text: String, ext: String = "yaml") throws -> String {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).\(ext)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aPolicyFileOverridesAnyPart() throws {
        let path = try write("""
            name: 审计署试点
            materiality: 50000
            rules:
              PR-001:
                margin_cap: 0.12
              DS-001:
                enabled: true
            """)
        let policy = try PolicyLoader.load(region: "120000", file: path)
        #expect(policy.name == "审计署试点")
        #expect(policy.materiality == Money(yuan: 50_000))
        #expect(policy.settings(for: MarginAboveCapRule.self).marginCap.value == Decimal(string: "0.12"))
        #expect(policy.rule("PR-001").severity == .high)
        #expect(policy.rule("DS-001").enabled)
        #expect(policy.sha256 != (try PolicyLoader.load(region: "120000")).sha256)
    }

    @Test func jsonPolicyFilesWorkToo() throws {
        let path = try write(#"{"rules": {"RP-001": {"tolerance": "0.10"}}}"#, ext: "json")
        #expect(try PolicyLoader.load(region: nil, file: path).settings(for: UndisclosedRelatedPartyRule.self).tolerance.value == Decimal(string: "0.10"))
    }

    @Test(arguments: [
        ("rules:\n  PR-001:\n    margin_cap: fifteen\n", "rules.PR-001.margin_cap"),
        ("rules:\n  PR-001:\n    margn_cap: 0.15\n", "rules.PR-001.margn_cap"),
        ("rules:\n  XX-001:\n    enabled: true\n", "rules.XX-001"),
        ("materiality: lots\n", "materiality"),
        // Patterns are compiled once a check: each value still meets its own.
        ("materiality: \"10000.12345\"\n", "materiality"),
        ("rules:\n  PR-001:\n    margin_cap: 0.123456789\n", "rules.PR-001.margin_cap"),
        ("rules:\n  PR-001:\n    margin_cap: 0.15\n  DD-002:\n    revenue_share: 1/3\n", "rules.DD-002.revenue_share"),
        ("severity_weights:\n  critical: -1\n", "severity_weights.critical"),
        ("rules:\n  DD-001:\n    severity: urgent\n", "rules.DD-001.severity"),
        ("lpr_one_year:\n  - from: 2024-07-22\n", "lpr_one_year[0].rate"),
    ])
    func aBadPolicyIsRefusedWithThePathOfTheBadKey(yaml: String, path: String) throws {
        let file = try write(yaml)
        do {
            _ = try PolicyLoader.load(region: nil, file: file)
            Issue.record("accepted a bad policy")
        } catch PolicyError.invalid(let badPath, _) {
            #expect(badPath == path)
        }
    }

    @Test func theShippedPoliciesAreValidAgainstTheSchemaFile() throws {
        let schema = Paths.schemas.appendingPathComponent("policy.schema.json").path
        for name in ["national", "110000", "120000", "220200", "330000"] {
            let file = Paths.packageRoot.appendingPathComponent("policies/\(name).json")
            let violations = try schemaViolations(try Data(contentsOf: file), schema: "policy.schema.json")
            #expect(violations == [], "\(name) against \(schema)")
        }
    }

    /// The build plugin carries every policy file into the binary, as written.
    @Test func theBinaryCarriesThePolicyFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.packageRoot.appendingPathComponent("policies").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(EmbeddedPolicies.json.keys).subtracting(["policy.schema", "waivers.schema", "mapping.schema"]))
        for name in files {
            let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("policies/\(name).json"), encoding: .utf8)
            #expect(EmbeddedPolicies.json[name] == text.trimmingCharacters(in: .newlines))
        }
        let schema = try String(contentsOf: Paths.schemas.appendingPathComponent("policy.schema.json"), encoding: .utf8)
        #expect(EmbeddedPolicies.json["policy.schema"] == schema.trimmingCharacters(in: .newlines))
    }

    @Test func accountClassesFollowTheChart() throws {
        let policy = try PolicyLoader.load(region: nil)
        var nonprofit = AccountClassifier(policy: policy, standard: "民间非营利组织会计制度", year: 2024)
        #expect(nonprofit.classes(code: "4301", name: "提供服务收入-门诊收入").contains(.revenue))
        #expect(nonprofit.classes(code: "5201", name: "管理费用-咨询费") .isSuperset(of: [.expense, .fee]))
        #expect(nonprofit.classes(code: "3101", name: "利润分配-应付股利").contains(.profitDistribution))
        #expect(nonprofit.classes(code: "1122", name: "其他应收款-北京仁和投资有限公司").contains(.receivable))
        #expect(!nonprofit.classes(code: "1301", name: "待摊费用").contains(.expense))
        // 管理费用 is the account; 管理费 a management fee.
        #expect(!nonprofit.classes(code: "5201", name: "管理费用-租赁费").contains(.fee))
        #expect(nonprofit.classes(code: "5201", name: "管理费用-管理费").contains(.fee))
        #expect(nonprofit.classes(code: "5201", name: "管理费用-租赁费").contains(.rent))
        var enterprise = AccountClassifier(policy: policy, standard: "企业会计准则", year: 2024)
        #expect(enterprise.classes(code: "6001", name: "主营业务收入").contains(.revenue))
        #expect(enterprise.classes(code: "6801", name: "所得税费用").contains(.expense))
        #expect(enterprise.classes(code: "4104", name: "利润分配-未分配利润").contains(.profitDistribution))
        #expect(!enterprise.classes(code: "4104", name: "利润分配").contains(.revenue))
        // An unknown chart falls back to name keywords.
        var unknown = AccountClassifier(policy: policy, standard: nil, year: nil)
        #expect(unknown.classes(code: "9001", name: "业务收入").contains(.revenue))
    }
}
