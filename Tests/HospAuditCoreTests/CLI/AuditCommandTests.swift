import Foundation
import Testing
@testable import HospAuditCore

/// The built CLI on the sample bundles, compared with the expected findings beside each one.
struct AuditCommandTests {
    static let bundles: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: Paths.samples.path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    /// The document without what legitimately changes from run to run.
    static func comparable(_ data: Data) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var run = try #require(object["run"] as? [String: Any])
        run["started_at"] = nil
        object["run"] = run
        return object as NSDictionary
    }

    @Test func thereAreAtLeastFiveSamples() {
        #expect(Self.bundles.count >= 5)
    }

    /// Folders holding a hospital's tables (a sample may be a folder of hospitals audited together).
    static func hospitalFolders(under url: URL) -> [URL] {
        let entries = (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
        if entries.contains(where: { $0.pathExtension == "csv" }) { return [url] }
        return entries.filter { $0.hasDirectoryPath }.flatMap { hospitalFolders(under: $0) }
    }

    static func expectedFindings(_ bundle: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Paths.samples.appendingPathComponent(bundle).appendingPathComponent("expected-findings.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(document["findings"] as? [[String: Any]])
    }

    /// Every rule of the catalog fires on at least one sample, so each has a bundle an auditor
    /// can open and read.
    @Test func theSamplesCoverEveryRule() throws {
        var fired: Set<String> = []
        for bundle in Self.bundles {
            for finding in try Self.expectedFindings(bundle) { fired.insert(finding["rule"] as? String ?? "") }
        }
        let catalog = RuleRegistry.all.map { type(of: $0).description.id }
        #expect(catalog.count == 20)
        #expect(catalog.filter { !fired.contains($0) } == [])
    }

    /// Precision: the clean hospitals' full years of business yield nothing at all.
    @Test func cleanSamplesAreSilent() throws {
        let clean = Self.bundles.filter { $0.hasSuffix("-clean") }
        #expect(clean.count >= 3)
        for bundle in clean {
            let result = try CLI.run(["audit", Paths.samples.appendingPathComponent(bundle).path])
            #expect(result.status == 0, "\(bundle): \(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            #expect((document["findings"] as? [Any])?.isEmpty == true, "\(bundle) must stay silent")
            #expect((document["errors"] as? [Any])?.isEmpty == true, "\(bundle) must read without errors")
        }
    }

    @Test(arguments: bundles)
    func sampleMatchesItsExpectedFindings(bundle: String) throws {
        let dir = Paths.samples.appendingPathComponent(bundle)
        let result = try CLI.run(["audit", dir.path])
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        let expected = try Data(contentsOf: dir.appendingPathComponent("expected-findings.json"))
        #expect(try Self.comparable(result.stdout) == Self.comparable(expected),
                "regenerate with: hospaudit audit samples/\(bundle) -o samples/\(bundle)/expected-findings.json, and review the diff")
        #expect(try schemaViolations(result.stdout) == [])
        // Byte for byte too (but for the start time): the document is written in pieces, and
        // a diff between two nights' documents must show only what changed.
        func bytes(_ data: Data) -> String {
            String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""started_at" : "[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(bytes(result.stdout) == bytes(expected))
    }

    @Test func auditingAllSamplesValidatesAndExitsOne() throws {
        let result = try CLI.run(["audit", Paths.samples.path])
        #expect(result.status == 1)
        #expect(try schemaViolations(result.stdout) == [])
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["hospitals"] as? Int == Self.hospitalFolders(under: Paths.samples).count)
        #expect(result.stderr.contains("北京仁和医院"))
        #expect(result.text.hasPrefix("{"), "stdout holds nothing but the document")
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let dir = Paths.samples.appendingPathComponent("bj-renhe-dividend").path
        let first = try CLI.run(["audit", dir]).text.replacingOccurrences(of: #""started_at" : "[^"]*""#, with: "", options: .regularExpression)
        let second = try CLI.run(["audit", dir]).text.replacingOccurrences(of: #""started_at" : "[^"]*""#, with: "", options: .regularExpression)
        #expect(first == second)
    }

    /// Bundles audited one at a time or several at once give the same document, peers included.
    @Test func theDocumentIsTheSameWhateverTheNumberOfJobs() throws {
        let all = Paths.samples.path
        func document(_ jobs: Int) throws -> String {
            let result = try CLI.run(["audit", all, "--jobs", String(jobs)])
            #expect(result.status == 1)
            return result.text.replacingOccurrences(of: #""started_at" : "[^"]*""#, with: "", options: .regularExpression)
        }
        let serial = try document(1)
        #expect(serial.contains("\"PR-002\""))
        #expect(try document(2) == serial)
        #expect(try document(7) == serial)
        #expect(try CLI.run(["audit", all, "--jobs", "0"]).status == 2)
    }

    /// JSONL: each bundle's records as it finishes, the peers' findings and the run record last;
    /// the same findings as the document.
    @Test func jsonLinesCarryTheSameFindingsAsTheDocument() throws {
        let all = Paths.samples.path
        let document = try CLI.run(["audit", all, "--jobs", "1"])
        let lines = try CLI.run(["audit", all, "--jobs", "2", "--format", "jsonl"])
        #expect(lines.status == document.status)
        #expect(try lineViolations(lines.stdout) == [])
        let records = try lines.text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(records.last?["type"] as? String == "run")
        let doc = try #require(try JSONSerialization.jsonObject(with: document.stdout) as? [String: Any])
        let fingerprints = { (list: [[String: Any]]) in Set(list.compactMap { $0["fingerprint"] as? String }) }
        #expect(fingerprints(records.filter { $0["type"] as? String == "finding" }) == fingerprints(doc["findings"] as? [[String: Any]] ?? []))
        #expect(records.filter { $0["type"] as? String == "hospital" }.count == (doc["hospitals"] as? [Any])?.count)
        // PR-002 is known only when every bundle is in: its finding and the new score come after them.
        let peer = try #require(records.firstIndex { $0["rule"] as? String == "PR-002" })
        #expect(records[..<peer].filter { $0["type"] as? String == "hospital" }.count == 17)
        #expect(records[peer...].contains { $0["type"] as? String == "hospital_update" })
        let summary = try #require((records.last?["summary"]) as? [String: Any])
        #expect(summary["findings"] as? Int == (doc["summary"] as? [String: Any])?["findings"] as? Int)
    }

    @Test func failOnSetsTheThreshold() throws {
        let onlyHigh = Paths.samples.appendingPathComponent("tj-hexie-forprofit-margin").path
        #expect(try CLI.run(["audit", onlyHigh]).status == 1)
        #expect(try CLI.run(["audit", onlyHigh, "--fail-on", "critical"]).status == 0)
        #expect(try CLI.run(["audit", onlyHigh, "--fail-on", "high"]).status == 1)
        let clean = Paths.samples.appendingPathComponent("bj-kangning-clean").path
        #expect(try CLI.run(["audit", clean]).status == 0)
    }

    @Test func usageAndInputProblemsExitTwo() throws {
        let missing = try CLI.run(["audit", "/no/such/bundle"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/no/such/bundle"))
        #expect(missing.stdout.isEmpty)
        #expect(try CLI.run(["audit"]).status == 2)
        #expect(try CLI.run(["audit", Paths.samples.path, "--fail-on", "severe"]).status == 2)
        #expect(try CLI.run(["audit", Paths.samples.path, "--region", "990000"]).status == 2)
        #expect(try CLI.run(["audit", Paths.samples.path, "--policy", "/no/such/policy.yaml"]).status == 2)
    }

    /// An audit loads a policy on a thread of its own while its arguments are read; a process
    /// leaving at once (a usage error, help) while that load ran crashed at exit in one run of
    /// about twenty-five. Every way out waits for it, so the exit code is always the contract's.
    @Test func anAuditLeavingAtOnceExitsWithItsCodeEveryTime() throws {
        for _ in 0 ..< 25 {
            #expect(try CLI.run(["audit", "--no-such-option"]).status == 2)
            #expect(try CLI.run(["audit", "--help"]).status == 0)
        }
    }

    @Test func strictTurnsInputErrorsIntoExitTwo() throws {
        let dir = Scratch.folder + "/hospaudit-strict-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Paths.samples.appendingPathComponent("bj-kangning-clean").path, toPath: dir)
        let ledger = dir + "/ledger.csv"
        let text = try String(contentsOfFile: ledger, encoding: .utf8) + "记-9999,1,2024-13-01,1002,银行存款,1.00,,,坏日期,张丽,刘建华\n"
        try text.write(toFile: ledger, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["audit", dir]).status == 0)
        #expect(try CLI.run(["audit", dir, "--strict"]).status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: try CLI.run(["audit", dir]).stdout) as? [String: Any])
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.map { $0["code"] as? String } == ["bad_date"])
    }

    @Test func outputIsWrittenWholeToTheFile() throws {
        let out = Scratch.folder + "/hospaudit-out-\(UUID().uuidString).json"
        let result = try CLI.run(["audit", Paths.samples.appendingPathComponent("zj-anyuan-undisclosed").path, "--output", out, "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(try schemaViolations(data) == [])
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect((findings.first?["message"] as? String)?.contains("did not disclose") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: Scratch.folder).filter { $0.hasSuffix(".tmp") && $0.contains("hospaudit-out") }
        #expect(leftovers.isEmpty)
    }

    @Test func rulesAndExplainComeFromTheRulesThemselves() throws {
        let rules = try CLI.run(["rules", "--region", "110000", "--lang", "en"])
        #expect(rules.status == 0)
        for id in ["DD-001", "RP-001", "PR-001", "PR-003", "DS-001", "DS-002"] { #expect(rules.text.contains(id)) }
        #expect(rules.text.contains("margin_cap=0.15"))
        #expect(rules.text.contains("DS-001  Mandatory disclosure missing  [medium, on]"))
        let national = try CLI.run(["rules", "--lang", "en"])
        #expect(national.text.contains("DS-001  Mandatory disclosure missing  [medium, off]"))
        let explain = try CLI.run(["explain", "dd-001"])
        #expect(explain.status == 0)
        #expect(explain.text.contains("触发示例") && explain.text.contains("不触发示例"))
        #expect(explain.text.contains("利润分配-应付股利"))
        #expect(try CLI.run(["explain", "XX-999"]).status == 2)
    }

    @Test func validateChecksInputsWithoutAuditing() throws {
        let clean = try CLI.run(["validate", Paths.samples.appendingPathComponent("jl-songhua-messy").path])
        #expect(clean.status == 0)
        #expect(clean.text.contains("序时账.csv"))
        #expect(!clean.text.contains("DS-002"))
    }
}
