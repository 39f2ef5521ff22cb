import Foundation
import Testing

/// A sample as hospitals upload it, not as a tidy folder: a Windows zip with GBK names holding
/// two half-year ledgers, a folder of monthly files, a month exported twice. Each audits to the
/// tidy sample's findings, with every evidence line pointing into the file it was read from.
struct UploadFormsTests {
    static let sample = Paths.samples.appendingPathComponent("bj-yikang-rent-loan")

    /// Writes the upload forms of the sample into `folder`: `halves.zip`, `monthly/`, `twice/`.
    static func makeUploads(in folder: String) throws {
        let made = try CLI.python("""
            import csv, io, os, shutil, sys, zipfile
            out, sample = sys.argv[1], sys.argv[2]
            rows = list(csv.reader(open(os.path.join(sample, "ledger.csv"), encoding="utf-8-sig")))
            head, body = rows[0], rows[1:]
            month = lambda r: int(r[head.index("日期")][5:7])
            def write(path, part, encoding="utf-8"):
                with open(path, "w", newline="", encoding=encoding) as f:
                    w = csv.writer(f); w.writerow(head); w.writerows(part)
            small = [f for f in sorted(os.listdir(sample)) if f.endswith(".csv") and f != "ledger.csv"]
            # Monthly files, and the same with March exported twice and the first quarter once more.
            for name in ("monthly", "twice"):
                os.mkdir(os.path.join(out, name))
                for f in small: shutil.copy(os.path.join(sample, f), os.path.join(out, name, f))
                for m in range(1, 13):
                    write(os.path.join(out, name, "2024年%02d月凭证.csv" % m), [r for r in body if month(r) == m])
            write(os.path.join(out, "twice", "2024年03月凭证(2).csv"), [r for r in body if month(r) == 3])
            write(os.path.join(out, "twice", "2024年第一季度凭证.csv"), [r for r in body if month(r) <= 3])
            # A Windows zip: GBK names without the UTF-8 flag (ASCII stand-ins patched to the
            # GBK bytes), GB18030 ledgers in halves, in a folder of the hospital's name.
            names = {}
            with zipfile.ZipFile(os.path.join(out, "halves.zip"), "w", zipfile.ZIP_DEFLATED) as z:
                def add(name, data):
                    real = ("北京颐康医院/" + name).encode("gbk")
                    stand_in = ("X" * (len(real) - 4) + "%04d" % len(names)).encode()
                    names[stand_in] = real
                    z.writestr(stand_in.decode(), data)
                for f in small: add(f, open(os.path.join(sample, f), "rb").read())
                for label, months in (("上半年", range(1, 7)), ("下半年", range(7, 13))):
                    text = io.StringIO(); w = csv.writer(text); w.writerow(head)
                    w.writerows([r for r in body if month(r) in months])
                    add("序时账2024" + label + ".csv", text.getvalue().encode("gb18030"))
            path = os.path.join(out, "halves.zip")
            data = open(path, "rb").read()
            for k, v in names.items(): data = data.replace(k, v)
            open(path, "wb").write(data)
            """, [folder, Self.sample.path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    static func audit(_ path: String, in folder: String) throws -> (status: Int32, document: [String: Any]) {
        let output = folder + "/\(UUID().uuidString).json"
        let result = try CLI.run(["audit", path, "-o", output])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        return (result.status, document)
    }

    /// The findings without where their evidence lies: what must not change with the form.
    static func placeless(_ document: [String: Any]) -> NSArray {
        let findings = document["findings"] as? [[String: Any]] ?? []
        return findings.map { finding -> [String: Any] in
            var finding = finding
            finding["evidence"] = (finding["evidence"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "file" && $0.key != "line" } }
            return finding
        } as NSArray
    }

    /// Every ledger evidence line is the line of its file that holds its voucher and summary.
    static func misplacedEvidence(_ document: [String: Any], folder: String) throws -> [String] {
        var misplaced: [String] = []
        for finding in document["findings"] as? [[String: Any]] ?? [] {
            for evidence in finding["evidence"] as? [[String: Any]] ?? [] {
                guard let entry = evidence["entry_id"] as? String, !entry.isEmpty,
                      let file = evidence["file"] as? String, let line = evidence["line"] as? Int else { continue }
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
                // By bytes: "\r\n" is one Character to a Swift String.
                let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
                let held = line >= 1 && line <= lines.count ? lines[line - 1] : ""
                if !held.contains(entry) || !held.contains(evidence["summary"] as? String ?? "") { misplaced.append("\(file):\(line)") }
            }
        }
        return misplaced
    }

    static func tidy() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.sample.appendingPathComponent("expected-findings.json"))) as? [String: Any])
    }

    @Test func monthlyFilesAuditLikeTheTidySample() throws {
        let folder = Scratch.folder + "/uploads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeUploads(in: folder)
        let (status, document) = try Self.audit(folder + "/monthly", in: folder)
        #expect(status == 1)
        #expect(Self.placeless(document) == Self.placeless(try Self.tidy()))
        #expect((document["errors"] as? [Any])?.isEmpty == true)
        let inputs = try #require((document["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        let ledgers = inputs.filter { $0["table"] as? String == "ledger" }
        #expect(ledgers.count == 12)
        #expect(Set(ledgers.compactMap { $0["sha256"] as? String }).count == 12)
        #expect(ledgers.reduce(0) { $0 + ($1["rows"] as? Int ?? 0) } == 1264)
        let files = Set((document["findings"] as? [[String: Any]] ?? []).flatMap { ($0["evidence"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String } })
        #expect(files.count > 3, "evidence should come from several monthly files: \(files)")
        let misplaced = try Self.misplacedEvidence(document, folder: folder + "/monthly")
        #expect(misplaced.isEmpty, "\(misplaced.prefix(5))")
    }

    @Test func aWindowsZipWithHalfYearLedgersAuditsLikeTheTidySample() throws {
        let folder = Scratch.folder + "/uploads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeUploads(in: folder)
        let (status, document) = try Self.audit(folder + "/halves.zip", in: folder)
        #expect(status == 1)
        #expect(Self.placeless(document) == Self.placeless(try Self.tidy()))
        let hospital = try #require((document["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["bundle"] as? String == "halves.zip/北京颐康医院")
        let inputs = try #require((document["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        #expect(inputs.filter { $0["table"] as? String == "ledger" }.compactMap { $0["file"] as? String }
                    == ["序时账2024上半年.csv", "序时账2024下半年.csv"])
        #expect(inputs.filter { $0["table"] as? String == "ledger" }.allSatisfy { $0["encoding"] as? String == "gb18030" })
        // The evidence names the half each line came from.
        let unzipped = folder + "/unzipped"
        let result = try CLI.python("""
            import os, sys, zipfile
            for i in zipfile.ZipFile(sys.argv[1]).infolist():
                name = os.path.join(sys.argv[2], i.filename.encode("cp437").decode("gbk"))
                os.makedirs(os.path.dirname(name), exist_ok=True)
                data = zipfile.ZipFile(sys.argv[1]).read(i)
                if "序时账" in name: data = data.decode("gb18030").encode("utf-8")
                open(name, "wb").write(data)
            """, [folder + "/halves.zip", unzipped])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.misplacedEvidence(document, folder: unzipped + "/北京颐康医院").isEmpty)
    }

    @Test func aMonthExportedTwiceIsReportedNotCountedTwice() throws {
        let folder = Scratch.folder + "/uploads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeUploads(in: folder)
        let (_, document) = try Self.audit(folder + "/twice", in: folder)
        #expect(Self.placeless(document) == Self.placeless(try Self.tidy()))
        let errors = (document["errors"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "duplicate_file" }
        // Files are read by their first date, then by name: January, the quarter (its February
        // and March new), then February and both Marches, which repeat the quarter.
        #expect(Set(errors.compactMap { $0["file"] as? String })
                    == ["2024年第一季度凭证.csv", "2024年02月凭证.csv", "2024年03月凭证.csv", "2024年03月凭证(2).csv"])
        let quarterError = errors.first { $0["file"] as? String == "2024年第一季度凭证.csv" }
        #expect((quarterError?["message"] as? String ?? "").contains("2024年01月凭证.csv"))
        let secondMarch = errors.first { $0["file"] as? String == "2024年03月凭证(2).csv" }
        #expect((secondMarch?["message"] as? String ?? "").contains("2024年第一季度凭证.csv"))
        // Not counted is not checked: the hospital is not audited whole until the upload is clean.
        #expect((document["hospitals"] as? [[String: Any]])?.first?["status"] as? String == "incomplete")
        let inputs = try #require((document["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        let march = try #require(inputs.first { $0["file"] as? String == "2024年03月凭证(2).csv" })
        #expect(march["rows"] as? Int == 0)
        let quarter = try #require(inputs.first { $0["file"] as? String == "2024年第一季度凭证.csv" })
        #expect(quarter["rows"] as? Int == 100 + 110)
        #expect(quarter["skipped"] as? Int == 106 + 1)
        #expect(try Self.misplacedEvidence(document, folder: folder + "/twice").isEmpty)
        // validate reads the parts in turn as the audit does, and says the same.
        let validated = try CLI.run(["validate", folder + "/twice"])
        #expect(validated.status != 0)
        #expect(validated.text.contains("2024年03月凭证(2).csv:2–111 [duplicate_file]"), "\(validated.text)")
    }
}
