import Foundation
import Testing
@testable import HospAuditCore

/// Names are worked out on their text, as URL works them out, without the file system.
struct PathTextTests {
    static let names = ["ledger.csv", "序时账 - 副本.CSV", "2024年01月凭证(1).csv", "a.b.tar.gz", "README", "dir/sub/凭证.xlsx",
                        "/abs/path/entity.csv", "trailing/", "name with spaces.txt", "x.", "back\\slash.csv", "很长的文件名称.tsv",
                        "备份.序时账 2023", "a.b c", "..csv", ".csv", "a.\u{200E}csv", "a..csv", "a.中文"]

    @Test func namesSplitAsURLSplitsThem() {
        for name in Self.names {
            let url = URL(fileURLWithPath: name)
            #expect(PathText.lastComponent(name) == url.lastPathComponent, "\(name)")
            #expect(PathText.pathExtension(name) == url.pathExtension, "\(name)")
            #expect(PathText.stem(name) == url.deletingPathExtension().lastPathComponent, "\(name)")
        }
        #expect(PathText.joined("/bundles/北京康宁", "ledger.csv") == "/bundles/北京康宁/ledger.csv")
        #expect(PathText.joined("/bundles/北京康宁/", "ledger.csv") == "/bundles/北京康宁/ledger.csv")
    }

    @Test func aFolderListingTypesItsEntriesAsTheFileSystemDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathtext-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/子目录", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: folder + "/ledger.csv"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: folder + "/ledger.csv")
        try FileManager.default.createSymbolicLink(atPath: folder + "/dirlink", withDestinationPath: folder + "/子目录")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = Dictionary(uniqueKeysWithValues: FolderListing(folder).entries.map { ($0.name, $0) })
        #expect(entries["ledger.csv"]?.isDirectory == false && entries["ledger.csv"]?.isLink == false)
        #expect(entries["子目录"]?.isDirectory == true && entries["子目录"]?.isLink == false)
        #expect(entries["link.csv"]?.isDirectory == false && entries["link.csv"]?.isLink == true)
        #expect(entries["dirlink"]?.isDirectory == true && entries["dirlink"]?.isLink == true)
    }
}
