import Foundation
import Testing

/// `hospaudit report` and the report options of `audit`: SARIF for tools, CSV for Excel, each
/// made from a findings document and checked as the tools that read them would.
struct ReportTests {
    static func samplesDocument() throws -> (path: String, data: Data) {
        let path = Scratch.folder + "/report-\(UUID().uuidString).json"
        let result = try CLI.run(["audit", Paths.samples.path, "-o", path])
        #expect(result.status == 1, "\(result.stderr)")
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func sarifHasAResultAFindingAndValidatesAgainstTheOfficialSchema() throws {
        let document = try Self.samplesDocument()
        let sarif = Scratch.folder + "/report-\(UUID().uuidString).sarif"
        let result = try CLI.run(["report", document.path, "--sarif", sarif])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: sarif))
        #expect(try sarifViolations(data) == [])

        let findings = try #require(try Self.json(document.data)["findings"] as? [[String: Any]])
        let log = try Self.json(data)
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == 20)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == findings.count)
        for (finding, result) in zip(findings, results) {
            #expect((result["partialFingerprints"] as? [String: String])?["hospaudit/v1"] == finding["fingerprint"] as? String)
            let level = result["level"] as? String
            switch finding["severity"] as? String {
            case "critical", "high": #expect(level == "error")
            case "medium": #expect(level == "warning")
            default: #expect(level == "note")
            }
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(locations.count == (finding["evidence"] as? [Any])?.count)
            let first = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((first["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.isEmpty && !uri.contains(" "))
            // A line, or none for evidence of a file as a whole (line 0 in the document).
            let line = (finding["evidence"] as? [[String: Any]])?.first?["line"] as? Int ?? 0
            #expect(((first["region"] as? [String: Any])?["startLine"] as? Int) == (line > 0 ? line : nil))
        }
    }

    @Test func historyAndWaiversBecomeBaselineStatesAndSuppressions() throws {
        let root = Scratch.folder + "/report-history-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for sample in ["bj-renhe-dividend", "zj-huaxin-fees"] {
            try FileManager.default.copyItem(atPath: Paths.samples.appendingPathComponent(sample).path, toPath: root + "/" + sample)
        }
        let history = root + "/history.sqlite"
        _ = try CLI.run(["audit", root, "--history", history, "-o", root + "/first.json"])
        let firstFindings = try #require(try Self.json(Data(contentsOf: URL(fileURLWithPath: root + "/first.json")))["findings"] as? [[String: Any]])
        let waived = try #require(firstFindings.first?["fingerprint"] as? String)
        let waivers = root + "/waivers.yaml"
        try "waivers:\n  - fingerprint: \(waived)\n    reason: 经院务会审议\n    accepted_by: 张敏\n    expires: 2099-12-31\n"
            .write(toFile: waivers, atomically: true, encoding: .utf8)
        // The second night one hospital's ledger lost its dividend lines: that finding is resolved.
        let ledger = root + "/bj-renhe-dividend/ledger.csv"
        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try lines.filter { !$0.contains("分红") }.joined(separator: "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        let sarif = root + "/second.sarif"
        let result = try CLI.run(["audit", root, "--history", history, "--waivers", waivers, "-o", root + "/second.json", "--sarif", sarif])
        #expect([0, 1, 2].contains(result.status), "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: sarif))
        #expect(try sarifViolations(data) == [])
        let results = try #require(((try Self.json(data)["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let states = Set(results.compactMap { $0["baselineState"] as? String })
        #expect(states.contains("unchanged"))
        #expect(states.contains("absent"))
        let suppressed = results.filter { ($0["partialFingerprints"] as? [String: String])?["hospaudit/v1"] == waived && $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        #expect((suppressed.first?["suppressions"] as? [[String: Any]])?.first?["status"] as? String == "accepted")
    }

    @Test func csvIsForExcelAndDefusesFormulas() throws {
        let document = try Self.samplesDocument()
        // A counterparty named like a formula, as a hostile export could name one.
        var text = String(decoding: document.data, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"counterparty\" : \"北京仁和投资有限公司\"",
                                         with: "\"counterparty\" : \"=HYPERLINK(\\\"http://evil.example\\\",\\\"点我\\\")\"")
        let hostile = Scratch.folder + "/report-\(UUID().uuidString).json"
        try text.write(toFile: hostile, atomically: true, encoding: .utf8)
        let csv = Scratch.folder + "/report-\(UUID().uuidString).csv"
        let result = try CLI.run(["report", hostile, "--csv", csv, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let check = try CLI.python("""
            import csv, sys, json
            rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
            header, body = rows[0], rows[1:]
            doc = json.load(open(sys.argv[2]))
            assert len(body) == len(doc["findings"]), (len(body), len(doc["findings"]))
            col = {name: i for i, name in enumerate(header)}
            for row, f in zip(body, doc["findings"]):
                assert row[col["fingerprint"]] == f["fingerprint"]
                assert row[col["amount"]] == (f["amount"] or ""), row[col["amount"]]
                if f["counterparty"] and f["counterparty"].startswith("="):
                    assert row[col["counterparty"]] == "'" + f["counterparty"], row[col["counterparty"]]
                for cell in row:
                    assert cell[:1] not in ("=", "+", "@", "\\t", "\\r") and not (cell[:1] == "-" and not cell[1:2].isdigit()), cell
            print(sum(1 for f in doc["findings"] if (f["counterparty"] or "").startswith("=")))
            """, [csv, hostile])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(Int(check.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1, "the hostile counterparty is in a finding")
    }

    @Test func auditWritesTheSameReportsAsReportDoes() throws {
        let root = Scratch.folder + "/report-same-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try CLI.run(["audit", Paths.samples.path, "-o", root + "/f.json", "--sarif", root + "/a.sarif", "--csv", root + "/a.csv"])
        _ = try CLI.run(["report", root + "/f.json", "--sarif", root + "/b.sarif", "--csv", root + "/b.csv"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/a.sarif")) == Data(contentsOf: URL(fileURLWithPath: root + "/b.sarif")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/a.csv")) == Data(contentsOf: URL(fileURLWithPath: root + "/b.csv")))
    }

    @Test func somethingThatIsNotADocumentIsRefusedClearly() throws {
        let path = Scratch.folder + "/report-\(UUID().uuidString).json"
        try "{\"hello\": 1}".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["report", path, "--sarif", path + ".sarif"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a hospaudit findings document"))
        #expect(!FileManager.default.fileExists(atPath: path + ".sarif"))
    }
}

/// What an independent review of the reports found, each kept from coming back.
struct ReportReviewTests {
    @Test func noReportIsWrittenOverTheDocumentOrAnotherReport() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let sample = Paths.samples.appendingPathComponent("bj-renhe-dividend").path
        let same = try CLI.run(["audit", sample, "-o", root + "/A.json", "--html", root + "/A.json"])
        #expect(same.status == 2)
        #expect(!FileManager.default.fileExists(atPath: root + "/A.json"))
        _ = try CLI.run(["audit", sample, "-o", root + "/X.json"])
        let twice = try CLI.run(["report", root + "/X.json", "--csv", root + "/C.out", "--sarif", root + "/C.out"])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("same file"))
    }

    @Test func aHospitalInTwoFoldersIsNotAQuietNight() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        for copy in ["a", "b"] {
            try FileManager.default.copyItem(atPath: Paths.samples.appendingPathComponent("bj-kangning-clean").path, toPath: root + "/" + copy)
        }
        let result = try CLI.run(["audit", root, "-o", root + "/f.json"])
        #expect(result.status == 2, "\(result.stderr)")
    }

    @Test func aFolderOfUnnamedExportsIsReportedNotSkipped() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Paths.samples.appendingPathComponent("bj-kangning-clean").path, toPath: root + "/good")
        try FileManager.default.createDirectory(atPath: root + "/misnamed", withIntermediateDirectories: true)
        try "凭证号,日期\n".write(toFile: root + "/misnamed/总账.csv", atomically: true, encoding: .utf8)
        let result = try CLI.run(["audit", root, "-o", root + "/f.json"])
        #expect(result.status == 2, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/f.json"))) as? [String: Any])
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["bundle"] as? String == "misnamed" && $0["file"] is NSNull && ($0["message"] as? String ?? "").contains("未审计") })
        #expect(errors.contains { $0["bundle"] as? String == "misnamed" && $0["file"] as? String == "总账.csv" })
    }

    @Test func theHistoryRecordsTheRunsPolicyAsTheDocumentNamesIt() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let paths = ["bj-renhe-dividend", "zj-huaxin-fees"].map { Paths.samples.appendingPathComponent($0).path }
        _ = try CLI.run(["audit"] + paths + ["--history", root + "/h.sqlite", "-o", root + "/f.json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/f.json"))) as? [String: Any])
        let policy = try #require(((document["run"] as? [String: Any])?["policy"] as? [String: Any])?["sha256"] as? String)
        let runs = try CLI.run(["history", root + "/h.sqlite"]).text
        #expect(runs.contains(String(policy.prefix(12))), "\(runs)")
    }

    @Test func sarifSaysWhenARunDidNotAuditEveryHospitalWhole() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/lost", withIntermediateDirectories: true)
        try "关联方名称,关联关系\n".write(toFile: root + "/lost/related_parties.csv", atomically: true, encoding: .utf8)
        let result = try CLI.run(["audit", Paths.samples.appendingPathComponent("bj-renhe-dividend").path, root + "/lost",
                                  "-o", root + "/f.json", "--sarif", root + "/f.sarif"])
        #expect(result.status == 2)
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/f.sarif"))
        #expect(try sarifViolations(data) == [])
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let invocation = try #require(((log["runs"] as? [[String: Any]])?.first?["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        #expect((invocation["toolExecutionNotifications"] as? [Any])?.isEmpty == false)
        // Evidence of a file as a whole (DS-001's disclosures) has no line to point at.
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let wholeFile = results.flatMap { ($0["locations"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["physicalLocation"] as? [String: Any] }.filter { $0["region"] == nil }
        #expect(!wholeFile.isEmpty)
    }
}
