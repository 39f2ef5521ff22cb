import Foundation
import Testing
@testable import HospAuditCore

/// Uploads that looked right and were not: each of these once gave a wrong or a quiet result.
struct UploadReviewTests {
    static let sample = Paths.samples.appendingPathComponent("bj-yikang-rent-loan")

    /// The sample's small tables in `folder`, and its ledger in the parts `script` writes
    /// (Python; `head`, `body`, `write(name, rows)`, `month(row)` are given).
    static func split(into folder: String, _ script: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try CLI.python("""
            import csv, os, shutil, sys
            src, out = sys.argv[1], sys.argv[2]
            for f in os.listdir(src):
                if f.endswith(".csv") and f != "ledger.csv": shutil.copy(os.path.join(src, f), out)
            rows = list(csv.reader(open(os.path.join(src, "ledger.csv"), encoding="utf-8-sig")))
            head, body = rows[0], rows[1:]
            month = lambda r: int(r[head.index("日期")][5:7])
            def write(name, part, header=None):
                with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
                    w = csv.writer(f); w.writerow(header or head); w.writerows(part)
            """ + "\n" + script, [Self.sample.path, folder])
        #expect(made.status == 0, "\(made.stderr)")
    }

    static func audit(_ path: String, _ extra: [String] = []) throws -> (status: Int32, document: [String: Any], stderr: String) {
        let output = Scratch.folder + "/review-\(UUID().uuidString).json"
        let result = try CLI.run(["audit", path, "-o", output] + extra)
        let data = (try? Data(contentsOf: URL(fileURLWithPath: output))) ?? Data("{}".utf8)
        return (result.status, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]), result.stderr)
    }

    static func tidy() throws -> NSArray { try ImportMappingTests.tidy(Self.sample) }

    static func folder() -> String { Scratch.folder + "/review-\(UUID().uuidString)/北京颐康医院" }

    static func codes(_ document: [String: Any]) -> Set<String> {
        Set(ImportMappingTests.errors(document).compactMap { $0["code"] as? String })
    }

    static func status(_ document: [String: Any]) -> String? {
        (document["hospitals"] as? [[String: Any]])?.first?["status"] as? String
    }

    @Test func aMonthReExportedWithOtherNumberingIsNotCountedTwice() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            for m in range(1, 13): write("2024年%02d月凭证.csv" % m, [r for r in body if month(r) == m])
            renumbered = [[r[0].replace("记-000", "记-").replace("记-00", "记-").replace("记-0", "记-")] + r[1:] for r in body if month(r) == 3]
            write("2024年03月凭证(2).csv", renumbered)
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(Self.codes(document) == ["duplicate_file"])
        #expect(Self.status(document) == "incomplete")
    }

    @Test func aFileBeginningWithTheVoucherThePreviousEndedWithIsNotCountedTwice() throws {
        let folder = Self.folder()
        // The January rent voucher closes the first file and opens the second.
        try Self.split(into: folder, """
            cut = max(i for i, r in enumerate(body) if month(r) == 1) + 1
            rent = [r for r in body[:cut] if r[0] == body[cut - 1][0]]
            write("序时账_1.csv", body[:cut]); write("序时账_2.csv", rent + body[cut:])
            """)
        let (_, document, _) = try Self.audit(folder)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(Self.codes(document) == ["duplicate_file"])
    }

    @Test func partsAreReadByTheirFirstDateWhateverTheirNames() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            for m in range(1, 7): write("2024年%d月凭证.csv" % m, [r for r in body if month(r) == m])
            write("序时账2024下半年.csv", [r for r in body if month(r) > 6])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 1)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(ImportMappingTests.errors(document).isEmpty)
        let mapped = TableFileName.sorted(["凭证明细导出_10.csv", "凭证明细导出_2.csv", "凭证明细导出_1.csv"])
        #expect(mapped == ["凭证明细导出_1.csv", "凭证明细导出_2.csv", "凭证明细导出_10.csv"])
        let parts = TableFileName.sorted(["序时账第二十四部分.csv", "序时账第二十部分.csv", "序时账第二部分.csv", "序时账第十二部分.csv"])
        #expect(parts == ["序时账第二部分.csv", "序时账第十二部分.csv", "序时账第二十部分.csv", "序时账第二十四部分.csv"])
    }

    /// An export lists a month's vouchers by number, and their dates need not rise: a cut in
    /// such a month is no overlap.
    @Test func aCutInAMonthListedByVoucherNumberIsNoOverlap() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            march = [i for i, r in enumerate(body) if month(r) == 3]
            last = [r for r in body if r[0] == body[march[-1]][0]]
            rest = [r for r in body if r not in last]
            start = next(i for i, r in enumerate(rest) if month(r) == 3)
            books = rest[:start] + last + rest[start:]
            cut = next(i for i, r in enumerate(books) if month(r) == 3 and r[2] >= "2024-03-15" and books[i - 1][0] != r[0])
            write("序时账_1.csv", books[:cut]); write("序时账_2.csv", books[cut:])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 1)
        #expect(ImportMappingTests.errors(document).isEmpty, "\(ImportMappingTests.errors(document))")
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
    }

    @Test func partsThatOverlapInTimeAreSaidToAndTheAuditIsIncomplete() throws {
        let folder = Self.folder()
        // One export per preparer: each covers the whole year.
        try Self.split(into: folder, """
            people = sorted({r[head.index("制单人")] for r in body})
            for n, p in enumerate(people): write("序时账_%d.csv" % (n + 1), [r for r in body if r[head.index("制单人")] == p])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        #expect(Self.codes(document) == ["parts_overlap"])
        #expect(Self.status(document) == "incomplete")
    }

    @Test func tablesInAFolderInsideTheHospitalsAreReported() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            os.mkdir(os.path.join(out, "补充"))
            write("序时账2024上半年.csv", [r for r in body if month(r) <= 6])
            write("补充/序时账2024下半年.csv", [r for r in body if month(r) > 6])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        #expect(ImportMappingTests.errors(document).contains { $0["file"] as? String == "补充/序时账2024下半年.csv" })
        #expect(Self.status(document) == "incomplete")
    }

    @Test func aMappingsHeaderWinsOverAnAliasOfItsColumn() throws {
        let schema = LedgerReader.schema.mapped(by: ImportMapping.FileRule(
            match: "*.csv", table: "ledger", encoding: nil, delimiter: nil, columns: ["客商": "counterparty"], amountSign: nil))
        let header = try #require(HeaderMapping(cells: ["凭证号", "日期", "科目名称", "借方金额", "贷方金额", "往来单位", "客商"], line: 1, schema: schema))
        #expect(header.sources["counterparty"] == [6])
    }

    @Test func oneHospitalsIdentityIsNotARunsMapping() throws {
        let path = Scratch.folder + "/review-\(UUID().uuidString).yaml"
        try "version: 1\nentity:\n  hospital_id: 52330106MJ55667782\n  name: 浙江华信医院\n  ownership: 非营利性\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try Self.audit(Self.sample.path, ["--mapping", path])
        #expect(status == 2)
        #expect(stderr.contains("entity:"))
        let bad = Scratch.folder + "/review-\(UUID().uuidString).yaml"
        try "version: 1\nregion: \"999999\"\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try Self.audit(Self.sample.path, ["--mapping", bad])
        #expect(refused.status == 2 && refused.stderr.contains("999999"))
    }

    @Test func anEntityNamingTwoHospitalsIsNotAudited() throws {
        let folder = Self.folder()
        try Self.split(into: folder, "write(\"ledger.csv\", body)")
        var entity = try String(contentsOf: Self.sample.appendingPathComponent("entity.csv"), encoding: .utf8)
        entity += "52330106MJ55667782,浙江华信医院,非营利性,330106,综合医院,是,民间非营利组织会计制度,2024,杭州华信投资集团有限公司\n"
        try entity.write(toFile: folder + "/entity.csv", atomically: true, encoding: .utf8)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        #expect((document["findings"] as? [Any])?.isEmpty == true)
        #expect(Self.codes(document).contains("duplicate_hospital"))
    }

    @Test func oddFilesAreReportedAndTheRightOnesRead() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            write("ledger.csv", body)
            open(os.path.join(out, "序时账2025.xlsx"), "wb").write(b"PK")
            shutil.copy(os.path.join(out, "entity.csv"), os.path.join(out, "entity(1).csv"))
            write("contracts.csv", [], header=["合同编号", "对方单位", "月租金"])
            os.symlink("/etc/hostname", os.path.join(out, "mapping.yaml"))
            """)
        let (_, document, _) = try Self.audit(folder)
        let errors = ImportMappingTests.errors(document)
        #expect(errors.contains { $0["file"] as? String == "序时账2025.xlsx" && ($0["message"] as? String ?? "").contains("CSV") })
        #expect(Self.status(document) == "incomplete")
        #expect(errors.contains { $0["file"] as? String == "entity(1).csv" && $0["code"] as? String == "duplicate_table" })
        #expect(errors.contains { $0["code"] as? String == "bad_mapping" })
        let missing = try #require(errors.first { $0["code"] as? String == "missing_column" })
        #expect(!(missing["message"] as? String ?? "SQL(").contains("SQL("))
        let inputs = ImportMappingTests.inputs(document).compactMap { $0["file"] as? String }
        #expect(inputs.contains("entity.csv") && !inputs.contains("entity(1).csv"))
    }

    @Test func aBundlesMappingIsFoundWhateverTheCaseOfItsName() throws {
        let folder = Scratch.folder + "/review-\(UUID().uuidString)/北京颐康医院"
        try ImportMappingTests.makeExport(in: folder, mapping: nil)
        try ImportMappingTests.mapping.write(toFile: folder + "/Mapping.YAML", atomically: true, encoding: .utf8)
        let (_, document, _) = try Self.audit(folder)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
    }

    /// Statements per year, the later restating the year before with another amount: the first
    /// is read and the other said.
    @Test func aRestatedFigureIsReportedNotPassedOver() throws {
        let sample = Paths.samples.appendingPathComponent("tj-hexie-forprofit-margin")
        let folder = Scratch.folder + "/review-\(UUID().uuidString)/天津和谐医院"
        try FileManager.default.copyItem(atPath: sample.path, toPath: folder)
        let lines = try String(contentsOfFile: folder + "/statements.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        try FileManager.default.removeItem(atPath: folder + "/statements.csv")
        let header = lines[0], rows = lines.dropFirst()
        let y2023 = rows.filter { $0.hasPrefix("2023") }, y2024 = rows.filter { $0.hasPrefix("2024") }
        try ([header] + y2023).joined(separator: "\n").appending("\n").write(toFile: folder + "/报表2023.csv", atomically: true, encoding: .utf8)
        let restated = y2023.first!.split(separator: ",").dropLast().joined(separator: ",") + ",1.00"
        try ([header] + y2024 + [restated]).joined(separator: "\n").appending("\n").write(toFile: folder + "/报表2024.csv", atomically: true, encoding: .utf8)
        let (_, document, _) = try Self.audit(folder)
        #expect(UploadFormsTests.placeless(document) == (try ImportMappingTests.tidy(sample)))
        let error = try #require(ImportMappingTests.errors(document).first { $0["code"] as? String == "bad_value" })
        #expect(error["file"] as? String == "报表2024.csv")
        #expect((error["message"] as? String ?? "").contains("报表2023.csv 第 2 行"))
    }

    /// A second review: each of these once gave a wrong or a quiet result.
    @Test(arguments: ["记字第{n}号", "{n}", "记{n}", "记－{w}"])
    func aMonthReExportedUnderAnyNumberingIsNotCountedTwice(numbering: String) throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            for m in range(1, 13): write("2024年%02d月凭证.csv" % m, [r for r in body if month(r) == m])
            def renumber(v):
                n = int(v.split("-")[1])
                w = "".join(chr(0xFF10 + int(c)) for c in "%04d" % n)
                return "\(numbering)".replace("{n}", str(n)).replace("{w}", w)
            write("2024年03月凭证(2).csv", [[renumber(r[0])] + r[1:] for r in body if month(r) == 3])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(Self.codes(document) == ["duplicate_file"])
    }

    @Test func aBundlesRegionDoesNotSetTheRunsMappingAside() throws {
        let root = Scratch.folder + "/review-\(UUID().uuidString)"
        try ImportMappingTests.makeExport(in: root + "/北京颐康医院", mapping: "version: 1\nregion: \"110106\"\n")
        try ImportMappingTests.mapping.write(toFile: root + "-team.yaml", atomically: true, encoding: .utf8)
        let (status, document, _) = try Self.audit(root, ["--mapping", root + "-team.yaml"])
        #expect(status == 1)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        let mappings = ImportMappingTests.inputs(document).filter { $0["table"] as? String == "mapping" }.compactMap { $0["file"] as? String }
        #expect(Set(mappings) == ["mapping.yaml", root + "-team.yaml"])
    }

    @Test func booksLeftInAnotherFormOrNameMakeTheAuditIncomplete() throws {
        for extra in ["open(os.path.join(out, '序时账2024下半年.zip'), 'wb').write(b'PK')",
                      "write('2024年07月凭证（补）.csv', [r for r in body if month(r) == 7])"] {
            let folder = Self.folder()
            try Self.split(into: folder, """
                write("序时账2024上半年.csv", [r for r in body if month(r) <= 6])
                \(extra)
                """)
            let (status, document, _) = try Self.audit(folder)
            #expect(status == 2)
            #expect(Self.status(document) == "incomplete")
            #expect(Self.codes(document).contains("unknown_file"))
        }
    }

    @Test func aMonthMissingBetweenTheFilesIsSaid() throws {
        let folder = Self.folder()
        try Self.split(into: folder, """
            for m in range(1, 13):
                if m != 7: write("2024年%02d月凭证.csv" % m, [r for r in body if month(r) == m])
            """)
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 2)
        let missing = ImportMappingTests.errors(document).first { $0["code"] as? String == "missing_table" }
        #expect((missing?["message"] as? String ?? "").contains("2024-07"))
        // And the letter of a hospital audited on part of its books says so first.
        let letters = Scratch.folder + "/review-letters-\(UUID().uuidString)"
        let output = Scratch.folder + "/review-\(UUID().uuidString).json"
        _ = try CLI.run(["audit", folder, "-o", output, "--letters", letters])
        let letter = try #require(try FileManager.default.contentsOfDirectory(atPath: letters).first)
        let html = try String(contentsOfFile: letters + "/" + letter, encoding: .utf8)
        #expect(html.contains("本次审计不完整") && html.contains("2024-07"))
    }

    @Test func fairUploadsInPartsAreAuditedWhole() throws {
        // Statements repeating last year's comparatives; vouchers numbered through the year, one
        // of February listed after March's first, at the cut.
        let sample = Paths.samples.appendingPathComponent("tj-hexie-forprofit-margin")
        let folder = Scratch.folder + "/review-\(UUID().uuidString)/天津和谐医院"
        try FileManager.default.copyItem(atPath: sample.path, toPath: folder)
        let made = try CLI.python("""
            import csv, os, sys
            d = sys.argv[1]
            rows = list(csv.reader(open(os.path.join(d, "statements.csv"), encoding="utf-8-sig"))); os.remove(os.path.join(d, "statements.csv"))
            csv.writer(open(os.path.join(d, "报表2023.csv"), "w", newline="")).writerows([rows[0]] + [r for r in rows[1:] if r[0] == "2023"])
            csv.writer(open(os.path.join(d, "报表2024.csv"), "w", newline="")).writerows([rows[0]] + rows[1:])
            led = list(csv.reader(open(os.path.join(d, "ledger.csv"), encoding="utf-8-sig"))); os.remove(os.path.join(d, "ledger.csv"))
            head, body = led[0], led[1:]
            di, vi = head.index("日期"), head.index("凭证号")
            feb = [r for r in body if r[di][:7] == "2024-02"]; last = [r for r in feb if r[vi] == feb[-1][vi]]
            rest = [r for r in body if r not in last]
            at = next(i for i, r in enumerate(rest) if r[di][:7] == "2024-03")
            books = rest[:at + 2] + last + rest[at + 2:]
            cut = at + 2 + len(last)
            while books[cut][vi] == books[cut - 1][vi]: cut += 1
            for name, part in (("序时账_1.csv", books[:at + 1]), ("序时账_2.csv", books[at + 1:])):
                csv.writer(open(os.path.join(d, name), "w", newline="")).writerows([head] + part)
            """, [folder])
        #expect(made.status == 0, "\(made.stderr)")
        let (status, document, _) = try Self.audit(folder)
        #expect(status == 1, "\(ImportMappingTests.errors(document))")
        #expect(ImportMappingTests.errors(document).isEmpty)
        #expect(UploadFormsTests.placeless(document) == (try ImportMappingTests.tidy(sample)))
    }

    @Test func aMappingNamesOneHeaderForAColumn() throws {
        let path = Scratch.folder + "/review-\(UUID().uuidString).yaml"
        try "version: 1\nfiles:\n  - match: \"*.csv\"\n    table: ledger\n    columns:\n      客商: counterparty\n      往来单位: counterparty\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ImportMapping.Failure.self) { try ImportMapping.load(path: path) }
        let header = Scratch.folder + "/review-\(UUID().uuidString).csv"
        try "凭证号,日期,科目名称,\"借方\n金额\",贷方金额,往来单位,客商\n记-1,2024-01-02,银行存款,100,,a,b\n".write(toFile: header, atomically: true, encoding: .utf8)
        let draft = try CLI.run(["inspect", header, "--suggest-mapping"])
        let draftPath = header + ".yaml"
        try draft.stdout.write(to: URL(fileURLWithPath: draftPath))
        _ = try ImportMapping.load(path: draftPath)
        #expect(draft.text.contains("也像是 / also reads as counterparty"))
    }
}
