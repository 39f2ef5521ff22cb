import CSignalSafe
import Foundation
import Testing

/// A signal that ends a run while it unpacks an upload (a scheduler's time limit) leaves no
/// hospital's books behind in the temporary folder: the handler removes what `atexit` would.
struct InterruptedUnpackTests {
    @Test func theSignalSafeRemovalTakesEverythingAndFollowsNoLink() throws {
        let root = Scratch.folder + "/hospaudit-tree-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tree = root + "/tree", outside = root + "/outside"
        let fm = FileManager.default
        try fm.createDirectory(atPath: tree + "/吉林市松花医院/2024/deeper", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: outside + "/kept", withIntermediateDirectories: true)
        try Data("凭证号\n".utf8).write(to: URL(fileURLWithPath: outside + "/keep.csv"))
        // Enough names in one folder that they take several reads of it.
        for i in 0 ..< 300 { try Data("x".utf8).write(to: URL(fileURLWithPath: tree + "/吉林市松花医院/序时账_\(i).csv")) }
        try Data().write(to: URL(fileURLWithPath: tree + "/吉林市松花医院/2024/deeper/entity.csv"))
        try fm.createSymbolicLink(atPath: tree + "/to-file", withDestinationPath: outside + "/keep.csv")
        try fm.createSymbolicLink(atPath: tree + "/吉林市松花医院/to-folder", withDestinationPath: outside)

        #expect(hospaudit_remove_tree(tree) == 0)
        #expect(!fm.fileExists(atPath: tree))
        #expect(fm.fileExists(atPath: outside + "/keep.csv"))
        #expect(fm.fileExists(atPath: outside + "/kept"))
        // A link is not a folder to empty, nor a missing path one to remove.
        try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: outside)
        #expect(hospaudit_remove_tree(root + "/link") == -1)
        #expect(fm.fileExists(atPath: outside + "/keep.csv"))
        #expect(hospaudit_remove_tree(root + "/missing") == -1)
    }

    @Test func sigtermWhileUnpackingRemovesTheUnpackedFolder() throws {
        let root = Scratch.folder + "/hospaudit-unpack-\(UUID().uuidString)"
        let temporary = root + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // One hospital's upload with a ledger of 300,000 lines: unpacking it takes long enough
        // to be caught in the act.
        let made = try CLI.python("""
            import os, sys, zipfile
            out, sample = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(os.path.join(out, "upload.zip"), "w", zipfile.ZIP_DEFLATED) as z:
                z.write(os.path.join(sample, "entity.csv"), "北京仁和医院/entity.csv")
                lines = ["凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要"]
                for i in range(150000):
                    lines.append("记-%d,2024-03-05,5201,管理费用-办公费,%d.00,,北京晨光办公用品有限公司,办公用品" % (i, 100 + i % 900))
                    lines.append("记-%d,2024-03-05,1002,银行存款,,%d.00,北京晨光办公用品有限公司,办公用品" % (i, 100 + i % 900))
                z.writestr("北京仁和医院/ledger.csv", "\\n".join(lines) + "\\n")
            """, [root, Paths.samples.appendingPathComponent("bj-renhe-dividend").path])
        #expect(made.status == 0, "\(made.stderr)")

        var caught = false
        for _ in 0 ..< 3 where !caught {
            let process = CLI.processWithDefaultSigterm(["audit", root + "/upload.zip", "-o", root + "/findings.json"])
            var environment = ProcessInfo.processInfo.environment
            environment["TMPDIR"] = temporary
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            while process.isRunning {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
                if names.contains(where: { $0.hasPrefix("hospaudit-upload-") }) {
                    kill(process.processIdentifier, SIGTERM)
                    caught = true
                    break
                }
                usleep(200)
            }
            process.waitUntilExit()
            if caught { #expect(process.terminationStatus == 128 + SIGTERM) }
            let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
            #expect(left.isEmpty, "left behind: \(left)")
        }
        #expect(caught, "the upload was always unpacked and gone before it could be interrupted")
        #expect(!FileManager.default.fileExists(atPath: root + "/findings.json"))
    }
}
