import Foundation
import Testing
@testable import HospAuditCore

/// A scheduled check keeps its history: each finding is new or recurring against the previous
/// run over the same bundles, and what is no longer found is listed as resolved.
struct HistoryTests {
    /// A copy of a sample whose ledger can change between runs.
    func bundle() throws -> (folder: String, ledger: String, original: String) {
        let folder = Scratch.folder + "/history-\(UUID().uuidString)/浙江华信医院"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = Paths.samples.appendingPathComponent("zj-huaxin-fees")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".csv") {
            try FileManager.default.copyItem(atPath: source.appendingPathComponent(name).path, toPath: folder + "/" + name)
        }
        let ledger = folder + "/ledger.csv"
        return (folder, ledger, try String(contentsOfFile: ledger, encoding: .utf8))
    }

    func audit(_ folder: String, history: String) throws -> [String: Any] {
        let result = try CLI.run(["audit", folder, "--history", history])
        #expect(result.status == 1)
        #expect(try schemaViolations(result.stdout) == [])
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    func findings(_ document: [String: Any], rule: String) -> [[String: Any]] {
        ((document["findings"] as? [[String: Any]]) ?? []).filter { $0["rule"] as? String == rule }
    }

    @Test func findingsAreNewRecurringOrResolvedAcrossRuns() throws {
        let (folder, ledger, original) = try bundle()
        let history = folder + "/../history.sqlite"
        let first = try audit(folder, history: history)
        #expect(((first["findings"] as? [[String: Any]]) ?? []).allSatisfy { $0["status"] as? String == "new" && $0["first_seen"] != nil })
        #expect((first["resolved"] as? [Any])?.isEmpty == true)

        // One of the three split payments goes: the split recurs with another amount.
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let lastSlice = lines.filter { $0.contains("住院楼外立面维修") }.suffix(2)
        try lines.filter { !lastSlice.contains($0) }.joined(separator: "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        let second = try audit(folder, history: history)
        let split = try #require(findings(second, rule: "RP-005").first)
        #expect(split["status"] as? String == "recurring")
        #expect(split["amount_changed"] as? Bool == true)
        #expect(findings(second, rule: "DD-002").first?["amount_changed"] as? Bool == false)
        #expect(findings(second, rule: "DD-002").first?["first_seen"] as? String == findings(first, rule: "DD-002").first?["first_seen"] as? String)

        // The contractor is no longer paid in slices: the split is resolved.
        try lines.filter { !$0.contains("住院楼外立面维修") }.joined(separator: "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        let third = try audit(folder, history: history)
        #expect(findings(third, rule: "RP-005").isEmpty)
        let resolved = try #require(third["resolved"] as? [[String: Any]])
        #expect(resolved.map { $0["rule"] as? String } == ["RP-005"])
        #expect(resolved.first?["fingerprint"] as? String == split["fingerprint"] as? String)
        #expect(findings(third, rule: "DD-008").allSatisfy { $0["status"] as? String == "recurring" })

        let runs = try HistoryStore(path: history).runs()
        #expect(runs.count == 3 && runs.map(\.findings) == [5, 5, 4])
        let listed = try CLI.run(["history", history, "--hospital", "52330106MJ55667782"])
        #expect(listed.status == 0 && listed.text.split(separator: "\n").count == 1 + 5 + 5 + 4)
    }

    @Test func aSecondRunOnTheSameHistoryWaitsOrStops() throws {
        let (folder, _, _) = try bundle()
        let history = folder + "/../busy.sqlite"
        var held: HistoryLock? = try HistoryLock(history: history, wait: 0)
        #expect(held != nil)
        let refused = try CLI.run(["audit", folder, "--history", history, "--wait", "1"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("another run holds"))
        #expect(refused.stdout.isEmpty)
        held = nil   // the first run ends
        let after = try CLI.run(["audit", folder, "--history", history])
        #expect(after.status == 1)
    }

    @Test func theHistoryIsARegularFileNeverALinkOrAFolder() throws {
        let (folder, _, _) = try bundle()
        let link = folder + "/../link.sqlite"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder + "/ledger.csv")
        for path in [link, folder] {
            let result = try CLI.run(["audit", folder, "--history", path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("it is not a regular file"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + ".lock"))
    }
}
