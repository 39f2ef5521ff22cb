import Foundation
import Testing
@testable import HospAuditCore

/// What is written about the rules outside their files is made from the registry: the README's
/// table, the policy schema's rule part, the defaults under the policy, `rules --json`.
struct CatalogTests {
    @Test func theReadmeRuleTableIsTheCatalogs() throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "| id | catches | default severity |"), "README has no rule table")
        let table = lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(table == RuleRegistry.catalog.markdownTable, "update the README with `hospaudit rules --markdown`")
    }

    @Test func thePolicySchemaFileStatesTheCatalogsRules() throws {
        let text = try String(contentsOf: Paths.schemas.appendingPathComponent("policy.schema.json"), encoding: .utf8)
        let published = try JSONValue.parse(yaml: text)
        #expect(published["properties"]?["rules"] == RuleRegistry.catalog.schemaRules,
                "regenerate with `hospaudit rules --policy-schema > schemas/policy.schema.json`")
        #expect(published["$defs"]?["rule"] == nil)
        let ruleIDs: [String]
        if case .object(let rules)? = published["properties"]?["rules"]?["properties"] { ruleIDs = rules.keys.sorted() } else { ruleIDs = [] }
        #expect(ruleIDs == RuleRegistry.catalog.ids.sorted())
    }

    @Test func everySettingOfEveryRuleHasAKindTheSchemaStates() {
        guard case .object(let rules)? = RuleRegistry.catalog.schemaRules["properties"] else {
            Issue.record("no rule schemas")
            return
        }
        #expect(rules["RP-005"]?["properties"]?["approval_threshold"] == .object(["$ref": .string("#/$defs/amount")]))
        #expect(rules["RP-005"]?["properties"]?["window_days"] == .object(["type": .string("integer"), "minimum": .number("1"), "maximum": .number("36500")]))
        #expect(rules["PR-002"]?["properties"]?["min_peers"]?["minimum"] == .number("2"))
        // An optional setting is stated although its default is to leave it out.
        #expect(rules["DD-005"]?["properties"]?["regional_average_pay"] == .object(["$ref": .string("#/$defs/amount")]))
        #expect(rules["DS-002"]?["properties"] == .object([
            "enabled": .object(["type": .string("boolean")]),
            "severity": .object(["$ref": .string("#/$defs/severity")]),
            "basis": .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/citation")])]),
        ]))
    }

    /// Thresholds are written once, in the rule's file: the national policy says only what is
    /// on, how severe and on what basis.
    @Test func theNationalPolicyLeavesThresholdsToTheRules() throws {
        guard case .object(let rules)? = PolicyLoader.national["rules"] else {
            Issue.record("no rules in the national policy")
            return
        }
        for (id, entry) in rules {
            guard case .object(let keys) = entry else { continue }
            #expect(Set(keys.keys).isSubset(of: ["enabled", "severity", "basis"]), "\(id) sets \(keys.keys.sorted()) in national.json")
        }
        let policy = try PolicyLoader.load(region: nil)
        #expect(policy.settings(for: SplitPaymentsRule.self).approvalThreshold == Money(yuan: 100_000))
        #expect(policy.settings(for: RoundTripRule.self).tolerance == "0.02")
        #expect(policy.settings(for: PayAsChannelRule.self).regionalAveragePay == nil)
        // The merged document states every value in force, defaults included.
        #expect(policy.document["rules"]?["RP-005"]?["approval_threshold"] == .string("100000.00"))
    }

    @Test func anAuditorsFileChangesATypedSetting() throws {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
        try "rules:\n  RP-005:\n    approval_threshold: 50000\n    window_days: 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let settings = try PolicyLoader.load(region: nil, file: path).settings(for: SplitPaymentsRule.self)
        #expect(settings.approvalThreshold == Money(yuan: 50_000))
        #expect(settings.windowDays == 3)
        #expect(settings.severity == .medium)
    }

    @Test func aPolicyNamingARuleTheCatalogLacksIsRefused() throws {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
        try "rules:\n  DD-009:\n    enabled: true\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try PolicyLoader.load(region: nil, file: path)
            Issue.record("a policy naming DD-009 was accepted")
        } catch let error as PolicyError {
            #expect(error.description.contains("rules.DD-009"))
            #expect(error.description.contains("not a rule of the catalog"))
        }
    }

    @Test func aNationalPolicyLeavingOutARegisteredRuleIsRefused() throws {
        guard case .object(var root) = PolicyLoader.national, case .object(var rules)? = root["rules"] else {
            Issue.record("no rules in the national policy")
            return
        }
        rules["DD-003"] = nil
        root["rules"] = .object(rules)
        do {
            _ = try PolicyLoader.load(region: nil, national: .object(root))
            Issue.record("a national policy without DD-003 was accepted")
        } catch let error as PolicyError {
            #expect(error.description.contains("rules.DD-003"))
            #expect(error.description.contains("national policy does not name"))
        }
    }

    @Test func rulesJSONListsEveryRuleWithItsSettingsInForce() throws {
        let result = try CLI.run(["rules", "--json", "--region", "110000"])
        #expect(result.status == 0, "\(result.stderr)")
        let listing = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(listing.compactMap { $0["id"] as? String } == RuleRegistry.catalog.ids)
        let split = try #require(listing.first { $0["id"] as? String == "RP-005" })
        #expect((split["title"] as? [String: String])?["en"] == "Payments split below the approval threshold")
        #expect(split["severity"] as? String == "medium")
        #expect(split["enabled"] as? Bool == true)
        let settings = try #require(split["settings"] as? [String: Any])
        #expect(settings["approval_threshold"] as? String == "100000.00")
        #expect(settings["window_days"] as? Int == 7)
        // Beijing's profile turns DS-001 on.
        #expect(listing.first { $0["id"] as? String == "DS-001" }?["enabled"] as? Bool == true)
    }

    /// The defaults are encoded straight into the policy tree; they must be the tree Foundation's
    /// encoder prints and the policy parser reads back, for every rule, and for settings that
    /// are not the defaults (an optional amount given, other severities, lists, a text).
    @Test func settingsEncodeIntoTheTreeTheirJSONReadsBackAs() throws {
        func printedAndRead<T: Encodable>(_ value: T) throws -> JSONValue {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return try JSONValue.parse(yaml: String(decoding: try encoder.encode(value), as: UTF8.self))
        }
        func expectSame<R: AuditRule>(_ rule: R) throws {
            let defaults = R.Settings()
            #expect(try SettingsTreeEncoder.tree(defaults) == printedAndRead(defaults), "\(R.id)")
            #expect(R.Settings.defaults == (try printedAndRead(defaults)), "\(R.id)")
            #expect(try R.Settings.decode(.object([:])) == defaults, "\(R.id)")
        }
        for rule in RuleRegistry.catalog.rules { try expectSame(rule) }

        var pay = PayAsChannelRule.Settings()
        pay.regionalAveragePay = Money(yuan: 98_765)
        pay.bonusKeywords = ["结余提成", "按 \"结余\" 提成"]
        let tree = try SettingsTreeEncoder.tree(pay)
        #expect(tree == (try printedAndRead(pay)))
        #expect(tree["regional_average_pay"] == .string("98765.00"))
        #expect(try PayAsChannelRule.Settings.decode(tree) == pay)
        #expect(try SettingsTreeEncoder.tree(LocalizedText(zh: "说明：15%", en: "a note")) == .object(["zh": .string("说明：15%"), "en": .string("a note")]))
    }

    @Test func ratesAreDigitsWithAtMostOnePoint() {
        for good in ["0", "3", "0.30", "1.5", "12.05", "100"] {
            #expect(Rate(good)?.text == good, "\(good)")
        }
        for bad in ["", ".5", "5.", "1.2.3", "-1", "+1", "1e3", " 1", "1 ", "１.５", "1,5", "0x1", "NaN"] {
            #expect(Rate(bad) == nil, "\(bad)")
        }
        let written = "0.30"
        #expect(Rate(written)?.value == Decimal(string: "0.3"))
        // As the schema's pattern reads `$`: one line terminator may end the text (a YAML block
        // scalar), and the text is kept as written.
        for ended in ["0.05\n", "0.05\r\n", "0.05\r", "0.05\u{2028}", "0.05\u{85}"] {
            #expect(Rate(ended)?.text == ended, "\(ended.debugDescription)")
            #expect(Rate(ended)?.value == Decimal(string: "0.05"), "\(ended.debugDescription)")
        }
        for bad in ["0.05\n\n", "\n0.05", "0.05 \n", "0.05\t"] {
            #expect(Rate(bad) == nil, "\(bad.debugDescription)")
        }
        // The old check, side by side, on every text above.
        for text in ["0", "0.30", ".5", "1.2.3", "0.05\n", "0.05\r\n", "0.05\u{2028}", "0.05\u{0B}", "0.05\u{0C}", "0.05\u{85}",
                     "0.05\n\n", "0.05\n\u{301}", "0.05\t", "", "１.５"] {
            #expect(JSONValue.isPlainDecimal(text, signed: false) == (text.range(of: #"^[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil), "\(text.debugDescription)")
        }
        // Signed, as a policy's YAML numbers are read, against the pattern that read them before.
        for text in ["-120", "-0.15", "0.15", "-", "--1", "-.5", "1e5", "-1.", "+1", "-0", "1-", "-1\n", "", "-１"] {
            #expect(JSONValue.isPlainDecimal(text, signed: true) == (text.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil), "\(text.debugDescription)")
        }
    }
}
