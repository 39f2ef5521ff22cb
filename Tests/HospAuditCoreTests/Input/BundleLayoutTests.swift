import Foundation
import Testing
@testable import HospAuditCore

struct BundleLayoutTests {
    func makeBundle(_ files: [String]) throws -> String {
        let dir = Scratch.folder + "/hospaudit-bundle-\(UUID().uuidString)/北京仁和医院"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for file in files { FileManager.default.createFile(atPath: dir + "/" + file, contents: Data("x\n".utf8)) }
        return dir
    }

    @Test func findsTablesByStemAndChineseAlias() throws {
        let dir = try makeBundle(["机构信息.csv", "LEDGER.CSV", "关联方清单.txt", "披露.tsv", "合同.csv", "基准价.csv", "采购明细.csv", "财务报表.csv"])
        let layout = BundleLayout(path: dir)
        #expect(layout.name == "北京仁和医院")
        #expect(layout.files == [
            "entity": "机构信息.csv", "ledger": "LEDGER.CSV", "related_parties": "关联方清单.txt", "disclosures": "披露.tsv",
            "contracts": "合同.csv", "benchmarks": "基准价.csv", "purchases": "采购明细.csv", "statements": "财务报表.csv",
        ])
        #expect(layout.errors.isEmpty)
    }

    @Test func reportsMissingDuplicateAndUnknownFiles() throws {
        let dir = try makeBundle(["ledger.csv", "序时账.csv", "科目余额表.csv", "说明.docx"])
        let layout = BundleLayout(path: dir)
        #expect(layout.files == ["ledger": "ledger.csv"])
        #expect(layout.errors.map(\.code) == [.duplicateTable, .unknownFile, .missingTable])
        #expect(layout.errors[0].file == "序时账.csv")
        #expect(layout.errors[1].file == "科目余额表.csv")
        #expect(layout.errors[2].message.en.contains("entity"))
    }

    @Test func aFolderOfBundlesIsSearchedOneLevelDown() throws {
        let first = try makeBundle(["entity.csv", "ledger.csv"])
        let parent = (first as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent + "/天津和平医院", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: parent + "/天津和平医院/ledger.csv", contents: Data())
        #expect(BundleLayout.discover(parent).map(\.name) == ["北京仁和医院", "天津和平医院"])
        #expect(BundleLayout.discover(first).map(\.name) == ["北京仁和医院"])
    }

    /// A region's folder of hospitals inside a folder of regions: what a regional cron run sees.
    @Test func foldersOfFoldersAreSearchedToo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("regions-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for hospital in ["330000/杭州明德口腔医院", "330000/宁波甬江口腔医院", "120000/天津康泰医院"] {
            try FileManager.default.createDirectory(atPath: root + "/" + hospital, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: root + "/" + hospital + "/entity.csv", contents: Data())
        }
        try FileManager.default.createDirectory(atPath: root + "/空目录", withIntermediateDirectories: true)
        #expect(BundleLayout.discover(root).map(\.name) == ["120000/天津康泰医院", "330000/宁波甬江口腔医院", "330000/杭州明德口腔医院"])
    }

    /// A region's run keeps only names and paths until it audits a bundle; listed again then,
    /// the bundle is what a full search found.
    @Test func thinLayoutsReloadToTheFullOnes() throws {
        let full = try BundleSources.find([Paths.samples.path])
        let thin = try BundleSources.find([Paths.samples.path], thin: true)
        #expect(thin.layouts.map(\.name) == full.layouts.map(\.name))
        #expect(thin.layouts.allSatisfy { $0.isThin && $0.files.isEmpty })
        #expect(thin.layouts.map { $0.reloaded().files } == full.layouts.map(\.files))
        #expect(thin.inputs.sorted() == full.inputs.sorted())
    }
}
