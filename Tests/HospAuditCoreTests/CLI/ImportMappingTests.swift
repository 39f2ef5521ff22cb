import Foundation
import Testing

/// Exports whose names and headers are a hospital's own, read through an import mapping: in the
/// bundle (mapping.yaml) or given to the run (--mapping), drafted by `inspect --suggest-mapping`.
struct ImportMappingTests {
    static let sample = Paths.samples.appendingPathComponent("bj-yikang-rent-loan")

    static let mapping = """
        # 某医院 HIS 财务模块的凭证导出：分号分隔，GB18030，一个带符号的发生额
        version: 1
        files:
          - match: "凭证明细导出*.csv"
            table: ledger
            encoding: gb18030
            delimiter: ";"
            amount_sign: debit_positive
            columns:
              凭证字号码: entry_id
              分录序号: line_no
              业务发生日期: date
              会计科目编号: account_code
              会计科目全称: account_name
              发生额(元): amount
              客商名称: counterparty
              业务摘要: summary
              录入人: preparer
              复核人: approver
        """

    /// The sample's ledger as that software exports it, beside the sample's other tables.
    static func makeExport(in folder: String, mapping: String? = ImportMappingTests.mapping) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try CLI.python("""
            import csv, os, shutil, sys
            src, out = sys.argv[1], sys.argv[2]
            for f in os.listdir(src):
                if f.endswith(".csv") and f != "ledger.csv": shutil.copy(os.path.join(src, f), out)
            rows = list(csv.reader(open(os.path.join(src, "ledger.csv"), encoding="utf-8-sig")))
            ix = {k: i for i, k in enumerate(rows[0])}
            with open(os.path.join(out, "凭证明细导出.csv"), "w", newline="", encoding="gb18030") as f:
                w = csv.writer(f, delimiter=";")
                w.writerow(["凭证字号码", "分录序号", "业务发生日期", "会计科目编号", "会计科目全称", "发生额(元)", "客商名称", "业务摘要", "录入人", "复核人"])
                for r in rows[1:]:
                    d, c = r[ix["借方金额"]], r[ix["贷方金额"]]
                    w.writerow([r[ix["凭证号"]], r[ix["分录号"]], r[ix["日期"]], r[ix["科目编码"]], r[ix["科目名称"]],
                                d if d else ("-" + c if c else "0"), r[ix["往来单位"]], r[ix["摘要"]], r[ix["制单人"]], r[ix["审核人"]]])
            """, [Self.sample.path, folder])
        #expect(made.status == 0, "\(made.stderr)")
        if let mapping { try mapping.write(toFile: folder + "/mapping.yaml", atomically: true, encoding: .utf8) }
    }

    static func document(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func tidy(_ sample: URL = ImportMappingTests.sample) throws -> NSArray {
        UploadFormsTests.placeless(try document(sample.appendingPathComponent("expected-findings.json").path))
    }

    static func inputs(_ document: [String: Any]) -> [[String: Any]] {
        (document["run"] as? [String: Any])?["inputs"] as? [[String: Any]] ?? []
    }

    static func errors(_ document: [String: Any]) -> [[String: Any]] { document["errors"] as? [[String: Any]] ?? [] }

    @Test func aBundlesOwnMappingReadsAnUnfamiliarExportLikeTheTidySample() throws {
        let folder = Scratch.folder + "/mapped-\(UUID().uuidString)/北京颐康医院"
        try Self.makeExport(in: folder)
        let output = folder + "/../out.json"
        let result = try CLI.run(["audit", folder, "-o", output])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try Self.document(output)
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(Self.errors(document).isEmpty)
        let mapping = try #require(Self.inputs(document).first { $0["table"] as? String == "mapping" })
        #expect(mapping["file"] as? String == "mapping.yaml")
        #expect((mapping["sha256"] as? String)?.count == 64)
        let ledger = try #require(Self.inputs(document).first { $0["table"] as? String == "ledger" })
        #expect(ledger["file"] as? String == "凭证明细导出.csv")
        #expect(ledger["rows"] as? Int == 1264)
        #expect(ledger["encoding"] as? String == "gb18030")
    }

    @Test func aRunsMappingServesEveryBundleWithoutOne() throws {
        let root = Scratch.folder + "/mapped-\(UUID().uuidString)"
        try Self.makeExport(in: root + "/uploads/北京颐康医院", mapping: nil)
        try Self.mapping.write(toFile: root + "/东软导出.yaml", atomically: true, encoding: .utf8)
        // Without the mapping the export is no table: said, never skipped in silence.
        let bare = try CLI.run(["audit", root + "/uploads", "-o", root + "/bare.json"])
        #expect(bare.status == 2)
        #expect(Self.errors(try Self.document(root + "/bare.json")).contains { $0["file"] as? String == "凭证明细导出.csv" && $0["code"] as? String == "unknown_file" })
        let result = try CLI.run(["audit", root + "/uploads", "--mapping", root + "/东软导出.yaml", "-o", root + "/out.json"])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try Self.document(root + "/out.json")
        #expect(UploadFormsTests.placeless(document) == (try Self.tidy()))
        #expect(Self.inputs(document).contains { $0["table"] as? String == "mapping" && $0["file"] as? String == root + "/东软导出.yaml" })
        // Validate and inspect read through the same mapping.
        let validated = try CLI.run(["validate", root + "/uploads", "--mapping", root + "/东软导出.yaml"])
        #expect(validated.status == 0, "\(validated.text) \(validated.stderr)")
        let inspected = try CLI.run(["inspect", root + "/uploads/北京颐康医院/凭证明细导出.csv", "--mapping", root + "/东软导出.yaml", "--json"])
        let inspection = try #require(try JSONSerialization.jsonObject(with: inspected.stdout) as? [String: Any])
        #expect(inspection["detected_by"] as? String == "mapping")
        #expect((inspection["report"] as? [String: Any])?["used"] as? Int == 1264)
    }

    @Test func aBadMappingIsRefusedWhereItLies() throws {
        let root = Scratch.folder + "/mapped-\(UUID().uuidString)"
        let wrongColumn = Self.mapping.replacingOccurrences(of: "录入人: preparer", with: "录入人: entered_by")
        try wrongColumn.write(toFile: root + "-wrong.yaml", atomically: true, encoding: .utf8)
        try Self.makeExport(in: root + "/a/北京颐康医院", mapping: nil)
        let refused = try CLI.run(["audit", root + "/a", "--mapping", root + "-wrong.yaml", "-o", root + "/refused.json"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("files[0].columns.录入人") && refused.stderr.contains("entered_by"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/refused.json"))
        // In a bundle, a bad mapping costs that bundle, reported; the run goes on.
        try Self.makeExport(in: root + "/b/北京颐康医院", mapping: "version: 2\nfiles: []\n")
        let tidy = root + "/b/北京康宁医院"
        try FileManager.default.copyItem(atPath: Paths.samples.appendingPathComponent("bj-kangning-clean").path, toPath: tidy)
        let result = try CLI.run(["audit", root + "/b", "-o", root + "/b.json"])
        #expect(result.status == 2)
        let document = try Self.document(root + "/b.json")
        #expect(Self.errors(document).contains { $0["code"] as? String == "bad_mapping" && $0["file"] as? String == "mapping.yaml" })
        let hospitals = document["hospitals"] as? [[String: Any]] ?? []
        #expect(hospitals.contains { $0["name"] as? String == "北京康宁医院" && $0["status"] as? String == "audited" })
    }

    @Test func aDraftMappingPlacesWhatItRecognisesAndListsTheRest() throws {
        let folder = Scratch.folder + "/mapped-\(UUID().uuidString)/医院"
        try Self.makeExport(in: folder, mapping: nil)
        let draft = try CLI.run(["inspect", folder + "/凭证明细导出.csv", "--suggest-mapping"])
        #expect(draft.status == 0)
        #expect(draft.text.contains("encoding: gb18030") && draft.text.contains("delimiter: \";\""))
        #expect(draft.text.contains("    # columns:\n") && draft.text.contains("    #  \"发生额(元)\": ?"))
        #expect(draft.stderr.contains("10 个表头未能对应"))
        // A half-familiar export: the known headers are placed, the one unknown is listed.
        let half = folder + "/凭证.csv"
        try "凭证号,日期,科目名称,借方金额,贷方金额,经办部门\n记-1,2024-01-02,银行存款,100,,财务科\n".write(toFile: half, atomically: true, encoding: .utf8)
        let partial = try CLI.run(["inspect", half, "--suggest-mapping", "--lang", "en"])
        #expect(partial.text.contains("    table: ledger\n"))
        #expect(partial.text.contains("\"凭证号\": entry_id") && partial.text.contains("\"贷方金额\": credit"))
        #expect(partial.text.contains("    #  \"经办部门\": ?"))
        #expect(partial.stderr.contains("1 headers not placed: 经办部门"))
        // The draft is a mapping as it stands: the run takes it.
        try partial.stdout.write(to: URL(fileURLWithPath: folder + "/../draft.yaml"))
        let validated = try CLI.run(["validate", folder, "--mapping", folder + "/../draft.yaml"])
        #expect(!validated.stderr.contains("mapping"), "\(validated.stderr)")
    }
}

/// A bundle that names its region by its folders (`330000/330106/医院/`): said where it matters,
/// and supplied by `--region` or the mapping, never guessed.
struct FolderRegionTests {
    static let sample = Paths.samples.appendingPathComponent("zj-huaxin-fees")

    static func place(_ root: String, entity: String?) throws -> String {
        let folder = root + "/330000/330106/浙江华信医院"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in ["ledger.csv", "related_parties.csv", "disclosures.csv"] {
            try FileManager.default.copyItem(atPath: Self.sample.appendingPathComponent(file).path, toPath: folder + "/" + file)
        }
        if let entity { try entity.write(toFile: folder + "/entity.csv", atomically: true, encoding: .utf8) }
        return folder
    }

    static let entityWithoutRegion = """
        统一社会信用代码,机构名称,经营性质,机构类别,免税资格,执行会计制度,会计年度,举办者
        52330106MJ55667782,浙江华信医院,非营利性,综合医院,是,民间非营利组织会计制度,2024,杭州华信投资集团有限公司

        """

    @Test func anEntityWithoutRegionUnderARegionFolderIsToldHowToApplyIt() throws {
        let root = Scratch.folder + "/region-\(UUID().uuidString)"
        let folder = try Self.place(root, entity: Self.entityWithoutRegion)
        _ = try CLI.run(["audit", root, "-o", root + "/national.json"])
        let national = try ImportMappingTests.document(root + "/national.json")
        let hint = ImportMappingTests.errors(national).first { $0["column"] as? String == "region" }
        #expect((hint?["message"] as? String ?? "").contains("--region 330106"), "\(ImportMappingTests.errors(national))")
        // Supplied by --region, or by the mapping: the region's policy applies, as with the tidy sample.
        _ = try CLI.run(["audit", root, "--region", "330106", "-o", root + "/flag.json"])
        let flagged = try ImportMappingTests.document(root + "/flag.json")
        #expect(ImportMappingTests.errors(flagged).isEmpty)
        #expect(UploadFormsTests.placeless(flagged) == (try ImportMappingTests.tidy(Self.sample)))
        try "version: 1\nregion: \"330106\"\n".write(toFile: folder + "/mapping.yaml", atomically: true, encoding: .utf8)
        _ = try CLI.run(["audit", root, "-o", root + "/mapped.json"])
        let mapped = try ImportMappingTests.document(root + "/mapped.json")
        #expect(ImportMappingTests.errors(mapped).isEmpty)
        #expect(UploadFormsTests.placeless(mapped) == (try ImportMappingTests.tidy(Self.sample)))
        let hospital = try #require((mapped["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["policy_profiles"] as? [String] == ["national", "330000"])
    }

    @Test func aBundleWithoutEntityUnderARegionFolderSaysSoOrTakesTheMappingsHospital() throws {
        let root = Scratch.folder + "/region-\(UUID().uuidString)"
        let folder = try Self.place(root, entity: nil)
        let bare = try CLI.run(["audit", root, "-o", root + "/bare.json"])
        #expect(bare.status == 2)
        let document = try ImportMappingTests.document(root + "/bare.json")
        let missing = ImportMappingTests.errors(document).first { $0["code"] as? String == "missing_table" }
        #expect((missing?["message"] as? String ?? "").contains("330106"))
        #expect((document["hospitals"] as? [[String: Any]])?.isEmpty == true)
        try """
            version: 1
            entity:
              hospital_id: 52330106MJ55667782
              name: 浙江华信医院
              ownership: 非营利性
              region: "330106"
              accounting_standard: 民间非营利组织会计制度
              fiscal_year: 2024
              sponsor: 杭州华信投资集团有限公司
            """.write(toFile: folder + "/mapping.yaml", atomically: true, encoding: .utf8)
        _ = try CLI.run(["audit", root, "-o", root + "/mapped.json"])
        let mapped = try ImportMappingTests.document(root + "/mapped.json")
        #expect(ImportMappingTests.errors(mapped).isEmpty, "\(ImportMappingTests.errors(mapped))")
        #expect(UploadFormsTests.placeless(mapped) == (try ImportMappingTests.tidy(Self.sample)))
    }
}
