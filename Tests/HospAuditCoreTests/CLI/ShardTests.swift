import Foundation
import Testing
@testable import HospAuditCore

/// A province's run spread over machines: each shard audits the bundles whose name falls in
/// it, `merge` finishes the run, and the document is the one a single process writes.
struct ShardTests {
    func withoutStartTime(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""started_at" : "[^"]*""#, with: "", options: .regularExpression)
    }

    @Test(arguments: [1, 3, 5])
    func shardsMergedGiveTheSingleRunsDocument(shards: Int) throws {
        let all = Paths.samples.path
        let folder = Scratch.folder + "/shards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [String] = []
        var bundles = 0
        for i in 0..<shards {
            let file = folder + "/shard-\(i).json"
            let result = try CLI.run(["audit", all, "--shard", "\(i)/\(shards)", "-o", file])
            #expect(result.status == 0, "\(result.stderr)")
            bundles += try ShardDocument.read(file).audits.count
            files.append(file)
        }
        #expect(bundles == 17)
        let single = try CLI.run(["audit", all])
        // Given in any order.
        let merged = try CLI.run(["merge"] + files.reversed())
        #expect(merged.status == single.status)
        #expect(withoutStartTime(merged.stdout) == withoutStartTime(single.stdout))
        #expect(withoutStartTime(single.stdout).contains("\"PR-002\""))
        if shards > 1 {
            let missing = try CLI.run(["merge"] + files.dropLast())
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("are not one run's \(shards) shards"))
        }
    }

    @Test func aBundlesShardDoesNotMoveWhenOthersAreAdded() {
        let names = (0..<200).map { "330000/医院\($0)" }
        let spread = Dictionary(grouping: names) { ShardDocument.shard(of: $0, among: 4) }
        #expect(spread.keys.sorted() == [0, 1, 2, 3])
        #expect(spread.values.allSatisfy { $0.count > 30 })
        #expect(ShardDocument.shard(of: "330000/医院7", among: 4) == ShardDocument.shard(of: "330000/医院7", among: 4))
    }
}
