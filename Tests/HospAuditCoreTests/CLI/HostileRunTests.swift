import Foundation
import Testing
@testable import HospAuditCore

/// A run over what hospitals really upload: it never crashes, never reads as clean when it
/// could not look, and says what it could not do.
struct HostileRunTests {
    static let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
        + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n"
    static let header = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let ledger = header + """
        记-0001,2024-03-05,5201,管理费用-办公费,"1,200.00",,北京文华办公用品有限公司,购买办公用品
        记-0001,2024-03-05,1002,银行存款,,"1,200.00",北京文华办公用品有限公司,购买办公用品

        """

    func document(_ result: CLIResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    @Test(arguments: [["--help"], ["audit", "--help"], [], ["rules", "--help"]])
    func helpPrintsAndExitsZero(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("USAGE"))
        #expect(!result.stderr.contains("internal error"))
    }

    /// Sums beyond any one cell's amount (a trillion yuan of revenue over two lines) are kept
    /// exactly, and read back whole from the run's spool to write the document.
    @Test func aYearBeyondAnyOneCellsAmountIsWrittenWhole() throws {
        let ledger = Self.header + """
            记-0001,2024-03-05,1002,银行存款,900000000000.00,,,门诊收入
            记-0001,2024-03-05,4301,提供服务收入-门诊收入,,900000000000.00,,门诊收入
            记-0002,2024-06-05,1002,银行存款,900000000000.00,,,住院收入
            记-0002,2024-06-05,4301,提供服务收入-住院收入,,900000000000.00,,住院收入

            """
        let layout = try makeBundle(["entity": Self.entity, "ledger": ledger])
        let result = try CLI.run(["audit", layout.path])
        #expect(result.status < 3, "\(result.stderr)")
        let doc = try document(result)
        let hospital = try #require((doc["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["margin"] as? String == "1.0000")
        let money = try JSONDecoder().decode([Money].self, from: Data(#"["1800000000000.00", "-92233720368547.758", "overflow"]"#.utf8))
        #expect(money == [Money(units: 18_000_000_000_000_000), Money(units: -922_337_203_685_477_580), .overflow])
    }

    @Test func aHospitalWithoutALedgerIsIncompleteAndTheRunSaysSo() throws {
        let layout = try makeBundle(["entity": Self.entity])
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2, "a hospital whose books were not read must not exit 0")
        let doc = try document(result)
        let hospital = try #require((doc["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["status"] as? String == "incomplete")
        #expect((hospital["status_reasons"] as? [String]) == ["no ledger"])
        #expect((doc["summary"] as? [String: Any])?["incomplete"] as? Int == 1)
        #expect(result.stderr.contains("AUDIT INCOMPLETE: no ledger"))
        #expect(try schemaViolations(result.stdout) == [])
    }

    @Test func aHeaderOnlyLedgerIsNotACleanYear() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.header])
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        let hospital = try #require((try document(result)["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["status"] as? String == "incomplete")
        #expect((hospital["status_reasons"] as? [String])?.first == "the ledger has no usable voucher lines")
    }

    @Test func aBundleWithNoHospitalIsListedAsNotAudited() throws {
        let layout = try makeBundle(["ledger": Self.ledger], name: "无机构信息")
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        let doc = try document(result)
        let entry = try #require((doc["not_audited"] as? [[String: Any]])?.first)
        #expect(entry["bundle"] as? String == "无机构信息")
        #expect(entry["reasons"] as? [String] == ["no entity table"])
        #expect((doc["summary"] as? [String: Any])?["not_audited"] as? Int == 1)
        #expect(result.stderr.contains("NOT AUDITED: no entity table"))
        #expect(try schemaViolations(result.stdout) == [])
    }

    /// With --strict an input error makes the run exit 2 even when it also has findings.
    @Test func strictInputErrorsOutrankFindings() throws {
        let bad = Self.ledger + "记-0002,2024-03-06,5201,管理费用-维修费,12x00,,,维修\n"
            + "记-0003,2024-06-28,5201,管理费用-其他,\"3,000,000.00\",,北京仁和投资有限公司,举办者2023年度分红\n"
            + "记-0003,2024-06-28,1002,银行存款,,\"3,000,000.00\",北京仁和投资有限公司,举办者2023年度分红\n"
        let layout = try makeBundle(["entity": Self.entity, "ledger": bad])
        let plain = try CLI.run(["audit", layout.path])
        #expect(plain.status == 1, "findings, and every table read: 1")
        let strict = try CLI.run(["audit", layout.path, "--strict"])
        #expect(strict.status == 2)
    }

    /// Runs as root from cron: -o writes a new file or a regular one, and nothing else.
    @Test func theDocumentIsNeverWrittenOverWhatIsNotADocument() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledger])
        let dir = Scratch.folder + "/hospaudit-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        try "keep".write(toFile: dir + "/target", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/target")
        let cases: [(String, String)] = [
            (dir + "/fifo", "it is not a regular file"),
            (dir + "/link", "it is a symbolic link"),
            (layout.path + "/ledger.csv", "the run reads it"),
            (dir + "/no-such-folder/out.json", "its folder does not exist"),
            (dir, "it is not a regular file"),
        ]
        let ledgerBefore = try String(contentsOfFile: layout.path + "/ledger.csv", encoding: .utf8)
        for (target, complaint) in cases {
            let result = try CLI.run(["audit", layout.path, "-o", target])
            #expect(result.status == 2, "\(target)")
            #expect(result.stderr.contains(complaint) && result.stderr.contains(target), "\(target): \(result.stderr)")
            // Refused before any bundle is audited, not once the whole run is done.
            #expect(!result.stderr.contains("bundle="), "\(target): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: dir + "/target", encoding: .utf8) == "keep")
        #expect(try String(contentsOfFile: layout.path + "/ledger.csv", encoding: .utf8) == ledgerBefore)
        var info = stat()
        #expect(lstat(dir + "/fifo", &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        // A regular file is replaced whole, keeping its permissions, and no temporary file is
        // left beside it.
        #expect(chmod(dir + "/target", 0o640) == 0)
        let result = try CLI.run(["audit", layout.path, "-o", dir + "/target", "--fail-on", "critical"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(stat(dir + "/target", &info) == 0 && info.st_mode & 0o777 == 0o640)
        #expect(try schemaViolations(try Data(contentsOf: URL(fileURLWithPath: dir + "/target"))) == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["fifo", "link", "target"])
        // - is standard output.
        let dash = try CLI.run(["audit", layout.path, "-o", "-", "--fail-on", "critical"])
        #expect(dash.status == 0 && (try? document(dash)) != nil)
    }

    /// A run that is not root (cron as an auditors' account) replacing a colleague's report may
    /// not give the new file the old one's owner or group. It takes the group's permissions
    /// away rather than hand the report to its own group; and a folder it may not write is
    /// refused before any bundle is read. Run as `nobody` through setpriv, so only as root.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aRunThatMayNotKeepTheGroupDoesNotWidenIt() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledger])
        let dir = Scratch.folder + "/hospaudit-shared-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/closed", withIntermediateDirectories: true)
        #expect(chmod(dir, 0o777) == 0 && chmod(dir + "/closed", 0o755) == 0)
        let target = dir + "/report.json"
        try "colleague's report".write(toFile: target, atomically: true, encoding: .utf8)
        #expect(chown(target, 4321, 4321) == 0 && chmod(target, 0o664) == 0)
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path]
        let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
        let result = try CLI.run(asNobody + ["audit", layout.path, "-o", target, "--fail-on", "critical"], executable: setpriv)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(stat(target, &info) == 0)
        // The group keeps only what others may: neither the colleague's group's rights handed
        // to nobody's group, nor nobody's group locked out of what everyone can read.
        #expect(info.st_uid == 65534 && info.st_mode & 0o777 == 0o644, "owner \(info.st_uid) mode \(String(info.st_mode & 0o777, radix: 8))")
        let closed = try CLI.run(asNobody + ["audit", layout.path, "-o", dir + "/closed/report.json"], executable: setpriv)
        #expect(closed.status == 2 && closed.stderr.contains("Permission denied") && !closed.stderr.contains("bundle="), "\(closed.stderr)")
        // Writable but not searchable, and a colleague's file in a sticky folder: both refused
        // before the run, not after it.
        try FileManager.default.createDirectory(atPath: dir + "/unsearchable", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/sticky", withIntermediateDirectories: true)
        #expect(chmod(dir + "/unsearchable", 0o722) == 0 && chmod(dir + "/sticky", 0o1777) == 0)
        let unsearchable = try CLI.run(asNobody + ["audit", layout.path, "-o", dir + "/unsearchable/report.json"], executable: setpriv)
        #expect(unsearchable.status == 2 && unsearchable.stderr.contains("Permission denied") && !unsearchable.stderr.contains("bundle="),
                "\(unsearchable.stderr)")
        let kept = dir + "/sticky/report.json"
        try "colleague's report".write(toFile: kept, atomically: true, encoding: .utf8)
        #expect(chown(kept, 4321, 4321) == 0 && chmod(kept, 0o666) == 0)
        let sticky = try CLI.run(asNobody + ["audit", layout.path, "-o", kept], executable: setpriv)
        #expect(sticky.status == 2 && sticky.stderr.contains("Operation not permitted") && !sticky.stderr.contains("bundle="), "\(sticky.stderr)")
        #expect((try? String(contentsOfFile: kept, encoding: .utf8)) == "colleague's report")
    }

    /// A table that cannot be read is said to be so in the language of the run: in Chinese,
    /// without the system's English words after the colon.
    @Test func anUnreadableTableIsExplainedInTheRunsLanguage() throws {
        let layout = try makeBundle(["entity": Self.entity])
        #expect(mkfifo(layout.path + "/ledger.csv", 0o600) == 0)
        for (language, expected, foreign) in [("zh", "无法读取文件：不是普通文件", "not a regular file"), ("en", "cannot read the file: not a regular file", "不是普通文件")] {
            let result = try CLI.run(["audit", layout.path, "--lang", language])
            let errors = try #require(try document(result)["errors"] as? [[String: Any]])
            let message = errors.first { $0["file"] as? String == "ledger.csv" }?["message"] as? String ?? ""
            #expect(message.contains(expected) && !message.contains(foreign), "\(language): \(message)")
        }
    }

    /// A policy, waivers or mapping option naming a FIFO, a folder or a missing file is refused at once
    /// and said plainly (not waited on, not called a permission problem); a policy written by a
    /// Windows editor, with a byte order mark, is read.
    @Test func optionFilesThatAreNotRegularFilesAreRefusedPlainly() throws {
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledger])
        let dir = Scratch.folder + "/hospaudit-options-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        for option in ["--policy", "--waivers", "--mapping"] {
            for (target, complaint) in [(dir + "/fifo", "not a regular file"), (dir, "not a regular file"), (dir + "/none.yaml", "no such")] {
                let result = try CLI.run(["audit", layout.path, option, target])
                #expect(result.status == 2, "\(option) \(target)")
                #expect(result.stderr.contains(complaint) && result.stderr.contains(target) && !result.stderr.contains("permission"),
                        "\(option) \(target): \(result.stderr)")
            }
        }
        // A shard, findings document or manifest named by a FIFO is refused, not waited on for
        // ever, and said to be what it is.
        let shard = try CLI.run(["merge", dir + "/fifo"])
        #expect(shard.status == 2 && shard.stderr.contains("cannot read") && shard.stderr.contains("not a regular file"), "\(shard.stderr)")
        let report = try CLI.run(["report", dir + "/fifo", "--html", dir + "/report.html"])
        #expect(report.status == 2 && report.stderr.contains("not a regular file"), "\(report.stderr)")
        let manifest = try CLI.run(["audit", dir + "/fifo"])
        #expect(manifest.status == 2 && manifest.stderr.contains("cannot be read as a manifest") && manifest.stderr.contains("not a regular file"),
                "\(manifest.stderr)")
        // A findings document on standard input is read: `audit -o - | report - …`.
        let findings = dir + "/findings.json"
        #expect(try CLI.run(["audit", layout.path, "-o", findings, "--fail-on", "critical"]).status == 0)
        let piped = try CLI.run(["report", "-", "--csv", dir + "/findings.csv"], stdin: findings)
        #expect(piped.status == 0 && FileManager.default.fileExists(atPath: dir + "/findings.csv"), "\(piped.stderr)")
        let policy = dir + "/policy.yaml"
        try Data([0xEF, 0xBB, 0xBF] + Array("materiality: \"20000.00\"\n".utf8)).write(to: URL(fileURLWithPath: policy))
        let result = try CLI.run(["audit", layout.path, "--policy", policy, "--fail-on", "critical"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Amounts beyond the range never trap: one beyond a trillion is a bad cell, and sums that
    /// leave the Int64 range withhold what rests on them and mark the audit incomplete.
    @Test func overflowingAmountsCostTheirHospitalNotTheRun() throws {
        var ledger = Self.header
        for _ in 0..<1_200 { ledger += "记-0001,2024-03-05,5201,管理费用-其他,999999999999.9999,,,x\n" }
        ledger += "记-0001,2024-03-05,1002,银行存款,,5.00,,x\n"
        ledger += "记-0002,2024-03-06,5201,管理费用-其他,99999999999999.9999,,,y\n"
        let layout = try makeBundle(["entity": Self.entity, "ledger": ledger])
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2, "\(result.stderr)")
        let doc = try document(result)
        let errors = try #require(doc["errors"] as? [[String: Any]])
        // The limits in figures an auditor reads, not in ten-thousandths of a yuan.
        #expect(errors.contains { ($0["message"] as? String)?.contains("more than 230 trillion yuan, beyond what can be summed exactly") == true })
        #expect(errors.contains { $0["line"] as? Int == 1_203 && ($0["message"] as? String)?.contains("too large (amounts go up to 1 trillion yuan)") == true })
        let hospital = (doc["hospitals"] as? [[String: Any]])?.first
        #expect(hospital?["status"] as? String == "incomplete")
        // Read, but not used: no row of it counts as used, and the reason says so.
        #expect(hospital?["status_reasons"] as? [String] == ["the ledger table (ledger) could not be used"])
        let inputs = ((doc["run"] as? [String: Any])?["inputs"] as? [[String: Any]]) ?? []
        #expect(inputs.first { $0["file"] as? String == "ledger.csv" }?["rows"] as? Int == 0, "\(inputs)")
        #expect(try schemaViolations(result.stdout) == [])
        #expect(Money(units: .max) + Money(units: 1) == .overflow)
        #expect((Money.overflow - Money(yuan: 1)).isOverflow && (-Money.overflow).isOverflow)
        #expect(Money(rounding: Decimal(string: "1e30")!) == .overflow)
    }

    @Test(arguments: [
        ("severity_weights:\n  high: 4611686018427387904\n", "severity_weights.high must be at most 1000"),
        ("materiality: 99999999999999999999.99\n", "materiality"),
    ])
    func policyNumbersBeyondTheRangeAreRefused(yaml: String, complaint: String) throws {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let layout = try makeBundle(["entity": Self.entity, "ledger": Self.ledger])
        let result = try CLI.run(["audit", layout.path, "--policy", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(complaint), "\(result.stderr)")
    }

    @Test func aManifestListingItselfIsRefusedAndNoFileIsEchoed() throws {
        let dir = Scratch.folder + "/hospaudit-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "self.txt\n".write(toFile: dir + "/self.txt", atomically: true, encoding: .utf8)
        try "b.txt\n".write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        try "a.txt\n".write(toFile: dir + "/b.txt", atomically: true, encoding: .utf8)
        try "root:$6$s3cr3t-hash:19000:0:99999:7:::\n".write(toFile: dir + "/shadow", atomically: true, encoding: .utf8)
        for manifest in ["self.txt", "a.txt"] {
            let result = try CLI.run(["audit", dir + "/" + manifest])
            #expect(result.status == 2)
            #expect(result.stderr.contains("lists itself"), "\(result.stderr)")
        }
        // Manifests that fan out (each listing the next one twice) are each read once.
        let bundle = try makeBundle(["entity": Self.entity, "ledger": Self.ledger])
        try (bundle.path + "\n").write(toFile: dir + "/m30.txt", atomically: true, encoding: .utf8)
        for level in (0..<30).reversed() {
            try "m\(level + 1).txt\nm\(level + 1).txt\n".write(toFile: dir + "/m\(level).txt", atomically: true, encoding: .utf8)
        }
        let fan = try CLI.run(["audit", dir + "/m0.txt"])
        #expect((try? JSONSerialization.jsonObject(with: fan.stdout) as? [String: Any])?["hospitals"].map { ($0 as? [Any])?.count } == 1)
        let secret = try CLI.run(["audit", dir + "/shadow"])
        #expect(secret.status == 2)
        #expect(secret.stderr.contains("line 1 names no bundle"))
        #expect(!secret.stderr.contains("s3cr3t"), "an error must not echo a file's contents")
    }

    /// The run the issue names: an unreadable entry, a GBK-named folder, a FIFO ledger and an
    /// overflowing amount in one batch; it completes, writes its document, lists each problem
    /// and exits 2.
    @Test func aHostileBatchCompletesAndSaysWhatItCouldNotDo() throws {
        let root = Scratch.folder + "/hospaudit-batch-\(UUID().uuidString)"
        let region = root + "/110105"
        for name in ["仁和", "先锋"] { try FileManager.default.createDirectory(atPath: region + "/" + name, withIntermediateDirectories: true) }
        try Self.entity.write(toFile: region + "/仁和/entity.csv", atomically: true, encoding: .utf8)
        try Self.ledger.write(toFile: region + "/仁和/ledger.csv", atomically: true, encoding: .utf8)
        try Self.entity.write(toFile: region + "/先锋/entity.csv", atomically: true, encoding: .utf8)
        #expect(mkfifo(region + "/先锋/ledger.csv", 0o600) == 0)
        let gbk = Array((region + "/").utf8) + [0xB1, 0xB1, 0xBE, 0xA9, 0xD2, 0xBD, 0xD4, 0xBA]
        #expect(mkdir(gbk.map { CChar(bitPattern: $0) } + [0], 0o755) == 0)
        try FileManager.default.createSymbolicLink(atPath: region + "/已删除", withDestinationPath: root + "/nowhere")
        try FileManager.default.createSymbolicLink(atPath: region + "/链接", withDestinationPath: NSTemporaryDirectory())
        try FileManager.default.createDirectory(atPath: region + "/溢出", withIntermediateDirectories: true)
        try Self.entity.write(toFile: region + "/溢出/entity.csv", atomically: true, encoding: .utf8)
        try (Self.header + "记-0001,2024-03-05,5201,管理费用-其他,99999999999999.9999,,,x\n")
            .write(toFile: region + "/溢出/ledger.csv", atomically: true, encoding: .utf8)
        try "期间,报表,项目,金额\n".write(toFile: root + "/报表.csv", atomically: true, encoding: .utf8)
        let deep = region + "/a/b/c"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        try Self.entity.write(toFile: deep + "/entity.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: region + "/.备份", withIntermediateDirectories: true)
        try Self.entity.write(toFile: region + "/.备份/entity.csv", atomically: true, encoding: .utf8)
        let out = root + "/findings.json"
        let result = try CLI.run(["audit", root, "-o", out, "--lang", "en"])
        #expect(result.status == 2, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(try schemaViolations(data) == [])
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let errors = try #require(doc["errors"] as? [[String: Any]])
        func has(_ bundle: String, _ text: String) -> Bool {
            errors.contains { ($0["bundle"] as? String)?.hasPrefix(bundle) == true && ($0["message"] as? String)?.contains(text) == true }
        }
        #expect(has("110105/\\xB1", "not UTF-8"))
        #expect(has("110105/已删除", "cannot be opened"))
        #expect(has("110105/先锋", "not a regular file"))
        #expect(has("110105/溢出", "too large"))
        #expect(has((root as NSString).lastPathComponent, "belongs to no hospital"))
        #expect(has("110105/a/b", "deeper than the levels searched"))
        #expect(has("110105/链接", "symbolic link to a folder"))
        #expect(has("110105/.备份", "hidden folder"))
        #expect((doc["hospitals"] as? [[String: Any]])?.count == 3)
        // validate lists the same problems, in its JSON too.
        let validate = try CLI.run(["validate", root, "--json", "--lang", "en"])
        #expect(validate.status == 1)
        let listed = (try JSONSerialization.jsonObject(with: validate.stdout) as? [[String: Any]]) ?? []
        #expect(listed.contains { ($0["bundle"] as? String) == "110105/已删除" })
    }

    /// Names from a hospital's files reach the terminal as text, not as commands.
    @Test func controlAndBidiCharactersAreShownNotActedOn() throws {
        let name = "北京\u{1B}[2J仁和\n  伪造 52110000MJ0012345X  发现 0 项\u{202E}医院"
        let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
            + "52110000MJ0012345X,\"\(name)\",非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n"
        let layout = try makeBundle(["entity": entity, "ledger": Self.ledger], name: "bundle\u{1B}]0;owned\u{07}")
        let result = try CLI.run(["audit", layout.path])
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" })
        #expect(result.stderr.contains("北京\\u{1B}[2J仁和\\u{A}  伪造"))
        #expect(result.stderr.split(separator: "\n").filter { $0.contains("伪造") }.count == 1)
        // The document keeps the name as written; JSON escapes it.
        let hospital = try #require((try document(result)["hospitals"] as? [[String: Any]])?.first)
        #expect(hospital["name"] as? String == name)
        #expect(TerminalText.safe("a\u{9}b\u{85}c\u{2067}d") == "a\\u{9}b\\u{85}c\\u{2067}d")
        #expect(TerminalText.safe("北京仁和医院 (1,234.56)") == "北京仁和医院 (1,234.56)")
    }

    @Test func aPolicyNestedThousandsDeepOrExpandingThroughAliasesIsRefused() throws {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*" + previous, count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let cases = [
            ("rules: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n", "nests deeper than 64 levels"),
            (String(repeating: "{\"a\": ", count: 5_000) + "1" + String(repeating: "}", count: 5_000), "nests deeper than 64 levels"),
            (bomb, "holds more than 100000 values"),
        ]
        for (text, complaint) in cases {
            let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try CLI.run(["rules", "--policy", path])
            #expect(result.status == 2, "\(complaint): \(result.stderr.prefix(300))")
            #expect(result.stderr.contains(complaint) && result.stderr.contains(path), "\(result.stderr.prefix(300))")
        }
    }

    @Test func aDuplicatedAmountHeaderIsAnErrorNamingBothCells() throws {
        let ledger = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,借方金额,摘要\n"
            + "记-0001,2024-03-05,1002,银行存款,100.00,,,x\n记-0001,2024-03-05,6001,医疗收入,,100.00,,x\n"
        let layout = try makeBundle(["entity": Self.entity, "ledger": ledger])
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        let doc = try document(result)
        let error = try #require((doc["errors"] as? [[String: Any]])?.first { $0["code"] as? String == "ambiguous_header" })
        #expect((error["message"] as? String)?.contains("“借方金额”（#5）, “借方金额”（#7）") == true)
        // No voucher may be judged on a guessed column; only what the disclosures show alone
        // (DS-001: this Beijing non-profit gave none) stands.
        let rules = ((doc["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
        #expect(rules == ["DS-001"], "\(rules)")
        #expect(result.status == 2)
        #expect(try schemaViolations(result.stdout) == [])
    }

    /// A BOM where a later line starts, or a NUL after a voucher number, does not make a second voucher.
    @Test func invisibleCharactersAroundVoucherNumbersAreRemovedAndReported() throws {
        let ledger = Self.header + "记-0007,2024-03-05,5201,管理费用-办公费,100.00,,,x\n"
            + "\u{FEFF}记-0007,2024-03-05,1002,银行存款,,60.00,,x\n"
            + "记-0007\u{0},2024-03-05,1002,银行存款,,40.00,,x\n"
        let layout = try makeBundle(["entity": Self.entity, "ledger": ledger])
        let result = try CLI.run(["audit", layout.path, "--lang", "en"])
        let doc = try document(result)
        #expect(((doc["findings"] as? [[String: Any]]) ?? []).filter { $0["rule"] as? String == "DS-002" }.isEmpty)
        let errors = (doc["errors"] as? [[String: Any]]) ?? []
        #expect(errors.count == 1)
        #expect(errors.first?["line"] as? Int == 3 && (errors.first?["message"] as? String)?.contains("invisible characters") == true)
        let inputs = try #require((doc["run"] as? [String: Any])?["inputs"] as? [[String: Any]])
        #expect(inputs.first { $0["table"] as? String == "ledger" }?["rows"] as? Int == 3)
    }

    @Test func twoBundlesOfOneHospitalAreFlagged() throws {
        let root = Scratch.folder + "/hospaudit-dup-\(UUID().uuidString)"
        for name in ["仁和", "仁和-副本"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            try Self.entity.write(toFile: root + "/\(name)/entity.csv", atomically: true, encoding: .utf8)
            try Self.ledger.write(toFile: root + "/\(name)/ledger.csv", atomically: true, encoding: .utf8)
        }
        let result = try CLI.run(["audit", root, "--lang", "en", "--strict"])
        #expect(result.status == 2)
        let errors = (try document(result)["errors"] as? [[String: Any]]) ?? []
        let duplicates = errors.filter { $0["code"] as? String == "duplicate_hospital" }
        #expect(duplicates.map { $0["bundle"] as? String } == ["仁和", "仁和-副本"])
        #expect((duplicates.first?["message"] as? String)?.contains("also that of 仁和-副本") == true)
        #expect(try schemaViolations(result.stdout) == [])
    }
}

/// Every input that once crashed or hung a harness, replayed through it (Fixtures/fuzz/HARNESS).
struct FuzzRegressionTests {
    @Test(arguments: ["reader", "bundle", "policy"])
    func pastCrashesStayFixed(harness: String) throws {
        let replay = CLI.executable.deletingLastPathComponent().appendingPathComponent("hospaudit-fuzz")
        let folder = Paths.fixture("fuzz/\(harness)")
        let count = try FileManager.default.contentsOfDirectory(atPath: folder).count
        #expect(count > 0)
        let process = Process()
        process.executableURL = replay
        process.arguments = [folder]
        process.environment = ["HOSPAUDIT_FUZZ": harness, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(harness): \(text)")
        #expect(text.contains("replayed \(count) inputs through the \(harness) harness"))
    }
}

/// What a review of the first round found: ways the run still looked clean or could be fooled.
struct HostileRunReviewTests {
    typealias T = HostileRunTests

    func run(_ arguments: [String]) throws -> (CLIResult, [String: Any]) {
        let result = try CLI.run(arguments)
        return (result, try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]))
    }

    func hospitalStatus(_ doc: [String: Any]) -> (String?, [String]) {
        let h = (doc["hospitals"] as? [[String: Any]])?.first
        return (h?["status"] as? String, h?["status_reasons"] as? [String] ?? [])
    }

    @Test func aRelatedPartyListThatCannotBeReadMakesTheAuditIncomplete() throws {
        let related = "关联方名称,统一社会信用代码,统一社会信用代码,关联关系,起始日期\n北京仁和投资有限公司,91110108MA02KX8N4L,,举办者,2015-06-01\n"
        let layout = try makeBundle(["entity": T.entity, "ledger": T.ledger, "related_parties": related])
        let (result, doc) = try run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        #expect(hospitalStatus(doc).0 == "incomplete")
        #expect(hospitalStatus(doc).1.contains { $0.contains("related_parties") })
    }

    @Test func twoFilesForOneTableMakeTheAuditIncomplete() throws {
        let layout = try makeBundle(["entity": T.entity, "ledger": T.ledger, "序时账": T.ledger])
        let (result, doc) = try run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        #expect(hospitalStatus(doc).0 == "incomplete")
    }

    /// A ledger whose amounts add up beyond what can be summed exactly is not judged at all,
    /// rather than judged on sums that left the range.
    @Test func aLedgerBeyondTheSummableVolumeIsNotJudged() throws {
        var ledger = T.header
        for i in 0..<240 {
            ledger += "记-\(i),2024-01-15,1122,其他应收款,999999999999.00,,北京仁和投资有限公司,x\n"
            ledger += "记-\(i),2024-01-15,1002,银行存款,,999999999999.00,北京仁和投资有限公司,x\n"
        }
        let layout = try makeBundle(["entity": T.entity, "ledger": ledger])
        let (result, doc) = try run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        #expect(hospitalStatus(doc).0 == "incomplete")
        let errors = (doc["errors"] as? [[String: Any]]) ?? []
        #expect(errors.contains { ($0["message"] as? String)?.contains("beyond what can be summed exactly") == true })
        #expect(((doc["findings"] as? [[String: Any]]) ?? []).allSatisfy { ($0["rule"] as? String)?.hasPrefix("DS-001") == true })
        #expect(try schemaViolations(result.stdout) == [])
    }

    @Test func aWindowOfBillionsOfDaysIsRefused() throws {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
        try "rules:\n  RP-005:\n    window_days: 3000000000\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["rules", "--policy", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rules.RP-005.window_days must be at most 36500"))
    }

    @Test func quotedBracketsCannotHideNestingFromTheLimit() throws {
        let path = Scratch.folder + "/policy-\(UUID().uuidString).yaml"
        let text = "# the region's overlay\nx: " + String(repeating: "[\"]\", ", count: 18_000) + "1" + String(repeating: "]", count: 18_000) + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["rules", "--policy", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nests deeper than 64 levels"), "\(result.stderr.prefix(200))")
    }

    @Test func aBundlesTablesAreItsOwnFilesNotLinks() throws {
        let other = try makeBundle(["entity": T.entity, "ledger": T.ledger], name: "别家医院")
        let layout = try makeBundle(["entity": T.entity])
        try FileManager.default.createSymbolicLink(atPath: layout.path + "/ledger.csv", withDestinationPath: other.path + "/ledger.csv")
        try FileManager.default.createSymbolicLink(atPath: layout.path + "/related_parties.csv", withDestinationPath: layout.path + "/nowhere.csv")
        let (result, doc) = try run(["audit", layout.path, "--lang", "en"])
        #expect(result.status == 2)
        let errors = (doc["errors"] as? [[String: Any]]) ?? []
        #expect(errors.contains { $0["file"] as? String == "ledger.csv" && ($0["message"] as? String)?.contains("symbolic link") == true })
        #expect(errors.contains { $0["file"] as? String == "related_parties.csv" && ($0["message"] as? String)?.contains("cannot be opened") == true })
        #expect(hospitalStatus(doc).0 == "incomplete")
        // The bundle's own import mapping as a link: refused, and said in the run's language.
        try "files: []\n".write(toFile: other.path + "/mapping.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: layout.path + "/mapping.yaml", withDestinationPath: other.path + "/mapping.yaml")
        let (_, chinese) = try run(["audit", layout.path])
        let mapping = ((chinese["errors"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == "bad_mapping" }?["message"] as? String ?? ""
        #expect(mapping.contains("无法读取：这是符号链接") && !mapping.contains("symbolic"), "\(mapping)")
    }

    /// A region's own file (a benchmarks table) above its hospitals does not hide them.
    @Test func aRegionsOwnTableDoesNotTurnItIntoOneHospital() throws {
        let root = Scratch.folder + "/hospaudit-region-\(UUID().uuidString)"
        let region = root + "/330000"
        for name in ["甲", "乙"] {
            try FileManager.default.createDirectory(atPath: region + "/" + name, withIntermediateDirectories: true)
            try T.entity.replacingOccurrences(of: "52110000MJ0012345X", with: name == "甲" ? "52110000MJ0012345X" : "52110105MJ00234564")
                .write(toFile: region + "/\(name)/entity.csv", atomically: true, encoding: .utf8)
            try T.ledger.write(toFile: region + "/\(name)/ledger.csv", atomically: true, encoding: .utf8)
        }
        try "品目编码,品名,基准单价,计价单位,来源,地区\n,医疗用房租金,95.00,元/平方米/月,监测,330000\n"
            .write(toFile: region + "/benchmarks.csv", atomically: true, encoding: .utf8)
        // A GBK-named file that is no table is no concern; a GBK-named table is.
        let folder = Array(region.utf8) + Array("/".utf8)
        for name in [[0xCB, 0xB5, 0xC3, 0xF7] + Array(".doc".utf8), [0xD0, 0xF2, 0xCA, 0xB1] + Array(".csv".utf8)] {
            let fd = open((folder + name).map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
            close(fd)
        }
        let (result, doc) = try run(["audit", root, "--lang", "en"])
        #expect((doc["hospitals"] as? [[String: Any]])?.count == 2)
        let errors = (doc["errors"] as? [[String: Any]]) ?? []
        #expect(errors.contains { $0["file"] as? String == "benchmarks.csv" && ($0["message"] as? String)?.contains("belongs to no hospital") == true })
        #expect(!errors.contains { ($0["bundle"] as? String)?.contains("doc") == true || ($0["file"] as? String)?.contains("doc") == true })
        #expect(result.status == 2)
    }

    @Test func theDocumentIsNotWrittenOverTheManifestOrThePolicy() throws {
        let layout = try makeBundle(["entity": T.entity, "ledger": T.ledger])
        let dir = Scratch.folder + "/hospaudit-m-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (layout.path + "\n").write(toFile: dir + "/batch.txt", atomically: true, encoding: .utf8)
        try "materiality: 50000\n".write(toFile: dir + "/policy.yaml", atomically: true, encoding: .utf8)
        for target in ["batch.txt", "policy.yaml"] {
            let result = try CLI.run(["audit", dir + "/batch.txt", "--policy", dir + "/policy.yaml", "-o", dir + "/" + target])
            #expect(result.status == 2 && result.stderr.contains("the run reads it"), "\(target): \(result.stderr)")
        }
        #expect(mkfifo(dir + "/fifo.txt", 0o600) == 0)
        let fifo = try CLI.run(["audit", dir + "/fifo.txt"])
        #expect(fifo.status == 2 && fifo.stderr.contains("cannot be read as a manifest") && fifo.stderr.contains("not a regular file"), "\(fifo.stderr)")
    }

    @Test func paddingIsOnlyPaddingBeforeADelimiter() throws {
        let raw = try RawRecords.read(DecodedInput.open(bytes: Array("a,b\n\"a\" \"b\",c\n\"x\" \t,y\n\"z\",\"end\" \t ".utf8)))
        #expect(raw.records.map(\.cells) == [["a", "b"], ["x", "y"], ["z", "end"]])
        #expect(raw.errors.count == 1)
    }
}

/// A reader that goes away is an error of the run, not a signal it dies of.
struct ClosedOutputTests {
    @Test func aClosedStdoutIsAnErrorWithExitTwo() throws {
        let layout = try makeBundle(["entity": HostileRunTests.entity, "ledger": HostileRunTests.ledger])
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["audit", layout.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("cannot write standard output"))
    }
}

/// A run interrupted while it writes its document leaves neither half a document nor its
/// temporary file behind.
struct InterruptedWriteTests {
    @Test func sigtermWhileWritingRemovesTheTemporaryFile() throws {
        // Twenty thousand unbalanced vouchers make a document of tens of megabytes: writing and
        // syncing it takes long enough to be caught in the act.
        var ledger = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
        for i in 1...20_000 {
            ledger += "记-\(i),2024-03-05,5201,管理费用-办公费,100.00,,北京晨光办公用品有限公司,办公用品\n"
            ledger += "记-\(i),2024-03-05,1002,银行存款,,99.00,北京晨光办公用品有限公司,办公用品\n"
        }
        let layout = try makeBundle([
            "entity": "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
                + "52110000MJ0012345X,北京仁和医院,非营利性,110105,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n",
            "ledger": ledger,
        ])
        let folder = Scratch.folder + "/hospaudit-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/report.json"
        var caught = false
        for _ in 0..<5 where !caught {
            try? FileManager.default.removeItem(atPath: output)
            let process = CLI.processWithDefaultSigterm(["audit", layout.path, "-o", output])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            while process.isRunning {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                if names.contains(where: { $0.hasPrefix(".report.json.") && $0.hasSuffix(".tmp") }) {
                    kill(process.processIdentifier, SIGTERM)
                    caught = true
                    break
                }
                usleep(200)
            }
            process.waitUntilExit()
            let left = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(!left.contains { $0.hasSuffix(".tmp") }, "the temporary file is left")
            // A signal that lands after the rename finds the whole document in place: try again.
            if caught && left.contains("report.json") { caught = false }
            if caught { #expect(process.terminationStatus == 128 + SIGTERM) }
        }
        #expect(caught, "the run always finished writing before it could be interrupted")
    }
}

/// Bundles of the same name given through different paths stay apart.
struct SameNamedBundlesTests {
    @Test func twoBundlesOfOneNameAreToldApartAndTheirDuplicateHospitalFlagged() throws {
        let entity = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
            + "52110000MJ0012345X,北京仁和医院,非营利性,110105,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n"
        let first = try makeBundle(["entity": entity], name: "医院")
        let second = try makeBundle(["entity": entity], name: "医院")
        let found = try BundleSources.find([first.path, second.path])
        #expect(Set(found.layouts.map(\.name)).count == 2)
        let audits = try found.layouts.map { try BundleAuditor().audit($0) }
        #expect(DuplicateHospitals.problems(in: audits).map(\.code) == [.duplicateHospital, .duplicateHospital])
    }
}

/// SIGTERM in the middle of a night's run (a scheduler's time limit, a shutdown): the bundles
/// being audited finish, no new one starts, nothing is written and the exit code says why.
struct StoppedRunTests {
    @Test func sigtermWhileAuditingStopsTakingBundlesAndWritesNothing() throws {
        let root = Scratch.folder + "/hospaudit-stop-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sample = Paths.samples.appendingPathComponent("bj-renhe-dividend").path
        for i in 0..<60 {
            try FileManager.default.copyItem(atPath: sample, toPath: root + "/batch/h\(String(format: "%02d", i))")
        }
        let output = root + "/findings.json", log = root + "/run.log"
        let process = CLI.processWithDefaultSigterm(["audit", root + "/batch", "--jobs", "1", "-o", output, "--log", log,
                                                     "--history", root + "/history.sqlite"])
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        while process.isRunning {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains("\n") {
                kill(process.processIdentifier, SIGTERM)
                break
            }
            usleep(200)
        }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(stderr.contains("nothing was written") || stderr.contains("未写出任何结果"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".tmp") } == [])
        let logged = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(logged.count >= 1 && logged.count < 60, "the bundle being audited finishes; no new one starts")
        #expect(logged.allSatisfy { $0.contains(" audited findings=") && $0.contains(" bundle=h") })
        // The history was left as it was: no run recorded.
        let history = try CLI.run(["history", root + "/history.sqlite"])
        #expect(history.text.split(separator: "\n").count == 1, "only the header: \(history.text)")
    }
}
