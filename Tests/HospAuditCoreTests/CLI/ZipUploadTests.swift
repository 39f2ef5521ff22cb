import Foundation
import Testing

/// Uploads as hospitals send them: zip archives made on Windows (GBK names, no UTF-8 flag, a
/// folder inside), audited without unpacking by hand; hostile archives refused, each with a
/// clear error, while the other bundles of the run are audited.
struct ZipUploadTests {
    /// Makes the archives with Python's zipfile (and `zip` for the encrypted one) in `folder`.
    static func makeArchives(in folder: String) throws {
        let made = try CLI.python("""
            import os, struct, subprocess, sys, zipfile
            out, sample = sys.argv[1], sys.argv[2]
            os.chdir(out)
            # zipfile writes non-ASCII names as flagged UTF-8, so ASCII stand-ins of the GBK names'
            # length are written and the bytes patched in, as a Windows zip stores them.
            names = {}
            with zipfile.ZipFile("gbk.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for f in sorted(os.listdir(sample)):
                    if f.endswith(".json"): continue
                    real = ("吉林市松花医院/" + f).encode("gbk")
                    stand_in = ("X" * (len(real) - 4) + "%04d" % len(names)).encode()
                    names[stand_in] = real
                    z.write(os.path.join(sample, f), stand_in.decode())
            data = open("gbk.zip", "rb").read()
            for k, v in names.items(): data = data.replace(k, v)
            open("gbk.zip", "wb").write(data)
            # Folders separated by backslashes, as some Windows tools write them.
            with zipfile.ZipFile("backslash.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for f in sorted(os.listdir(sample)):
                    if not f.endswith(".json"): z.write(os.path.join(sample, f), "上传\\\\吉林市松花医院\\\\" + f)
            with zipfile.ZipFile("backslashed-evil.zip", "w") as z:
                z.writestr("..\\\\evil.csv", "凭证号,日期\\n")
            with zipfile.ZipFile("evil.zip", "w") as z:
                z.writestr("../evil.csv", "凭证号,日期\\n")
            with zipfile.ZipFile("link.zip", "w") as z:
                link = zipfile.ZipInfo("ledger.csv"); link.create_system = 3; link.external_attr = 0o120777 << 16
                z.writestr(link, "/etc/passwd")
            with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("ledger.csv", b"\\0" * (40 << 20))
            # A 1 KB archive that says it unpacks to 4 GB.
            with zipfile.ZipFile("declared.zip", "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("ledger.csv", b"0" * 1000)
            d = bytearray(open("declared.zip", "rb").read())
            struct.pack_into("<I", d, d.find(b"PK\\x01\\x02") + 24, 0xFFFFFFF0)
            open("declared.zip", "wb").write(bytes(d))
            # A 1 KB archive whose Zip64 central directory says it unpacks to 10 GB.
            with zipfile.ZipFile("zip64.zip", "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("ledger.csv", b"0" * 1000)
                z.filelist[0].file_size = 10 << 30
            # A bomb that lies about its size: only counting the bytes as they come catches it.
            with zipfile.ZipFile("liar.zip", "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("ledger.csv", b"\\0" * (40 << 20))
            d = bytearray(open("liar.zip", "rb").read())
            struct.pack_into("<I", d, d.find(b"PK\\x01\\x02") + 24, 1000)
            struct.pack_into("<I", d, d.find(b"PK\\x03\\x04") + 22, 1000)
            open("liar.zip", "wb").write(bytes(d))
            os.mkdir("plain"); open("plain/ledger.csv", "w").write("凭证号,日期\\n")
            subprocess.run(["zip", "-q", "-e", "-P", "secret", "-r", "encrypted.zip", "plain"], check=True)
            """, [folder, Paths.samples.appendingPathComponent("jl-songhua-messy").path])
        #expect(made.status == 0, "\(made.stderr)")
        try FileManager.default.removeItem(atPath: folder + "/plain")
    }

    static func document(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func aWindowsZipAuditsLikeTheTidyFolder() throws {
        let folder = Scratch.folder + "/zips-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeArchives(in: folder)
        let result = try CLI.run(["audit", folder + "/gbk.zip", "-o", folder + "/zip.json"])
        #expect(result.status == 1, "\(result.stderr)")
        let zipped = try Self.document(folder + "/zip.json")
        let tidy = try Self.document(Paths.samples.appendingPathComponent("jl-songhua-messy/expected-findings.json").path)
        #expect((zipped["findings"] as? NSArray) == (tidy["findings"] as? NSArray))
        let hospital = try #require((zipped["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["bundle"] as? String == "gbk.zip/吉林市松花医院")
        let inputs = try #require((zipped["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        #expect(Set(inputs.compactMap { $0["file"] as? String }) == ["序时账.csv", "机构信息.csv"])
    }

    @Test func hostileArchivesAreRefusedAndTheRestAudited() throws {
        let folder = Scratch.folder + "/zips-\(UUID().uuidString)"
        let temporary = Scratch.folder + "/tmp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try Self.makeArchives(in: folder)
        let output = Scratch.folder + "/zips-\(UUID().uuidString).json"
        let result = try CLI.run(["TMPDIR=\(temporary)", CLI.executable.path, "audit", folder, "-o", output],
                                 executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(result.status == 2, "a refused upload is not a quiet night: \(result.stderr)")
        let document = try Self.document(output)
        #expect((document["hospitals"] as? [[String: Any]])?.map { $0["bundle"] as? String } == ["backslash.zip/上传/吉林市松花医院", "gbk.zip/吉林市松花医院"])
        let errors = try #require(document["errors"] as? [[String: Any]])
        let refused = Dictionary(uniqueKeysWithValues: errors.filter { $0["code"] as? String == "unsafe_archive" }
            .map { ($0["bundle"] as? String ?? "", $0["message"] as? String ?? "") })
        #expect(refused["evil.zip"]?.contains("../evil.csv") == true)
        #expect(refused["backslashed-evil.zip"]?.contains("../evil.csv") == true)
        #expect(refused["backslash.zip"] == nil)
        #expect(refused["link.zip"]?.contains("符号链接") == true)
        #expect(refused["bomb.zip"]?.contains("压缩炸弹") == true)
        #expect(refused["declared.zip"] != nil)
        #expect(refused["zip64.zip"] != nil)
        #expect(refused["liar.zip"]?.contains("压缩炸弹") == true)
        #expect(refused["encrypted.zip"]?.contains("加密") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/../evil.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [], "nothing unpacked is left behind")
    }

    @Test func anUploadKeepsItsHistoryFromNightToNight() throws {
        let folder = Scratch.folder + "/zips-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeArchives(in: folder)
        let history = folder + "/history.sqlite"
        _ = try CLI.run(["audit", folder + "/gbk.zip", "--history", history, "-o", folder + "/1.json"])
        _ = try CLI.run(["audit", folder + "/gbk.zip", "--history", history, "-o", folder + "/2.json"])
        let second = try #require(try Self.document(folder + "/2.json")["findings"] as? [[String: Any]])
        #expect(!second.isEmpty && second.allSatisfy { $0["status"] as? String == "recurring" },
                "the same upload is the same scope, though it is unpacked somewhere new each night")
    }
}
