import Foundation
import Testing
@testable import HospAuditCore

/// Every rule runs on its own examples: the triggering ones must produce exactly the expected
/// findings, the non-triggering ones none. The examples are what `hospaudit explain` shows.
struct RuleExamplesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: String
        let example: RuleExample
        var testDescription: String { "\(rule): \(example.title.en)" }
    }

    static let cases: [Case] = RuleRegistry.all.flatMap { rule -> [Case] in
        let d = type(of: rule).description
        return (d.triggering + d.nonTriggering).map { Case(rule: d.id, example: $0) }
    }

    @Test(arguments: cases)
    func ruleFindsWhatItsExampleSays(_ c: Case) throws {
        let layout = try makeBundle(c.example.tables)
        var policyFile: String?
        if let policy = c.example.policy {
            policyFile = layout.path + "/../example-policy.yaml"
            try policy.write(toFile: policyFile!, atomically: true, encoding: .utf8)
        }
        let auditor = BundleAuditor(policyChoice: PolicyChoice(file: policyFile, region: c.example.region))
        var audits = [try auditor.audit(layout)]
        for peer in c.example.peers { audits.append(try auditor.audit(try makeBundle(peer))) }
        PeerReview.apply(&audits)
        let audit = audits[0]
        #expect(audit.errors.isEmpty, "the example's own input has errors: \(audit.errors.map(\.message.en))")
        let found = audit.findings.filter { $0.rule == c.rule }
        #expect(found.map(\.severity) == c.example.expected)
        for finding in found {
            #expect(!finding.evidence.isEmpty, "a finding must point to evidence")
            #expect(!finding.basis.isEmpty, "a finding must cite its basis")
            #expect(!finding.message.zh.isEmpty && !finding.message.en.isEmpty)
        }
    }

    @Test func everyRuleHasBothKindsOfExample() {
        for rule in RuleRegistry.all {
            let d = type(of: rule).description
            #expect(!d.triggering.isEmpty && !d.nonTriggering.isEmpty, "\(d.id) needs triggering and non-triggering examples")
            #expect(d.triggering.allSatisfy { !$0.expected.isEmpty })
            #expect(d.nonTriggering.allSatisfy { $0.expected.isEmpty })
        }
    }

    /// Ids are unique and of the catalog's families; their order is the README's table (CatalogTests).
    @Test func ruleIDsAreUniqueAndInFamilies() {
        let ids = RuleRegistry.catalog.ids
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: #"^(DD|RP|PR|DS)-[0-9]{3}$"#, options: .regularExpression) != nil })
    }
}
