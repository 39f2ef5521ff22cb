import Foundation
import Testing
@testable import HospAuditCore

struct InspectCommandTests {
    /// Who prepared and approved a line is kept only for the rows shown; the cells after them
    /// are still checked, so the same line is rejected whatever the number of rows shown.
    @Test func rowsShownCarryTheirPeopleAndLaterCellsAreStillChecked() throws {
        var ledger = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,摘要,制单人,审核人\n"
        for n in 1 ... 6 { ledger += "记-\(n),2024-01-0\(n),1002,银行存款,100.00,,收款,张丽,王强\n" }
        // U+FFFD is what the transcoder leaves for bytes it could not decode.
        ledger += "记-7,2024-01-07,1002,银行存款,100.00,,收款,张\u{FFFD},王强\n"
        let layout = try makeBundle(["ledger": ledger])
        let path = try #require(layout.filePath("ledger"))
        for wanted in [0, 2, 6, 7] {
            let inspection = Inspector.inspect(path: path, rows: wanted)
            #expect(inspection.rows.count == min(wanted, 6))
            #expect(inspection.rows.allSatisfy { $0["preparer"] == "张丽" && $0["approver"] == "王强" }, "\(wanted)")
            #expect(inspection.report.rejected == 1, "\(wanted)")
            #expect(inspection.report.errors.map { $0.line } == [8], "\(wanted)")
        }
    }

    /// `inspect --raw --json` against Python's csv module (default dialect) on the RFC 4180 edge
    /// cases of the fixtures. Where the two legitimately differ, the comparison says why.
    @Test(arguments: ["rfc4180_edge.csv", "ledger_quoting.csv", "ledger_messy_utf8bom.csv", "ledger_amount_direction.csv"])
    func rawRecordsAgreeWithPythonCSV(file: String) throws {
        let path = Paths.fixture(file)
        let ours = try CLI.run(["inspect", path, "--raw", "--json"])
        #expect(ours.status == 0)
        let records = try #require(try JSONSerialization.jsonObject(with: ours.stdout) as? [[String]])

        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
                sample = f.read(4096); f.seek(0)
                delimiter = ";" if sample.count(";") > sample.count(",") else ","
                json.dump(list(csv.reader(f, delimiter=delimiter)), sys.stdout, ensure_ascii=False)
            """
        let python = try CLI.python(script, [path])
        #expect(python.status == 0, "python3 failed: \\(python.stderr)")
        var theirs = try #require(try JSONSerialization.jsonObject(with: python.stdout) as? [[String]])
        // Python gives a blank line as []; we give it as one empty cell, as RFC 4180-bis and the
        // FastCSV suite read it.
        theirs = theirs.map { $0.isEmpty ? [""] : $0 }
        switch file {
        case "rfc4180_edge.csv":
            // Python keeps the space before `"x"` and reads the quote as text; so do we.
            #expect(records == theirs)
        case "ledger_quoting.csv":
            // Line 6 has text after a closing quote (`"购买"显示器`): Python glues it on and reads
            // the line, we reject that record (an error naming the line) rather than guess. Line 8
            // opens a quote that never closes: Python swallows the rest of the file into one cell,
            // we report the lines it covers. Every other record is the same.
            #expect(Array(records.prefix(4)) == Array(theirs.prefix(4)))
            #expect(records.count == 5 && theirs.count == 7)
            #expect(records[4] == theirs[5])
            #expect(ours.stderr.contains(":6:") && ours.stderr.contains(":8:"))
        default:
            #expect(records == theirs)
        }
    }

    @Test func inspectsASampleBundleAsJSON() throws {
        let result = try CLI.run(["inspect", Paths.samples.appendingPathComponent("jl-songhua-messy").path, "--json"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.count == 2)
        let ledger = try #require(files.last?["report"] as? [String: Any])
        #expect(ledger["table"] as? String == "ledger")
        #expect(ledger["encoding"] as? String == "gb18030")
        #expect(ledger["header_line"] as? Int == 4)
        let used = ledger["used"] as? Int ?? 0, skipped = ledger["skipped"] as? [String: Int] ?? [:]
        let rejected = ledger["rejected"] as? Int ?? 0
        #expect(used + skipped.values.reduce(0, +) + rejected == ledger["records"] as? Int)
        #expect(skipped["subtotal"] == 13 && skipped["repeated_header"] == 11)
        let rows = try #require(files.last?["rows"] as? [[String: String]])
        #expect(rows.first?["entry_id"] == "记-0001")
    }

    @Test func textOutputNamesTheMapping() throws {
        let result = try CLI.run(["inspect", Paths.fixture("ledger_messy_gb18030.csv"), "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.text.contains("Encoding: gb18030"))
        #expect(result.text.contains("凭证字号 → entry_id"))
        #expect(result.text.contains("skipped subtotal or balance row: 2"))
        #expect(result.text.contains("15:date [bad_date]"))
    }

    @Test func aFileWithNoKnownColumnIsReportedNotGuessed() throws {
        let result = try CLI.run(["inspect", Paths.fixture("unknown_header.csv"), "--json"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let report = try #require(document["report"] as? [String: Any])
        #expect(report["table"] is NSNull)
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.map { $0["code"] as? String } == ["no_header"])
    }

    @Test func aMissingPathIsAUsageError() throws {
        let result = try CLI.run(["inspect", "/no/such/bundle"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/no/such/bundle"))
        #expect(try CLI.run(["inspect", Paths.fixture("rfc4180_edge.csv"), "--encoding", "latin9"]).status == 2)
        #expect(try CLI.run(["--version"]).status == 0)
    }

    @Test func encodingCanBeForced() throws {
        let result = try CLI.run(["inspect", Paths.fixture("ledger_messy_gb18030.csv"), "--encoding", "gbk", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(document["encoding_detected"] as? Bool == false)
        #expect((document["report"] as? [String: Any])?["used"] as? Int == 8)
    }
}

/// `inspect --raw --json` writes as it reads: a file of millions of empty cells is never held
/// whole, in records or in JSON.
struct RawRecordStreamTests {
    @Test func aLargeFileIsWrittenInPiecesAndStillOneJSONArray() throws {
        let text = String(repeating: String(repeating: ",", count: 99) + "\n", count: 20_000)
        var pieces: [Data] = []
        var errors = 0
        try RawRecordStream.write(DecodedInput.open(bytes: Array(text.utf8)), to: { pieces.append($0) }, onError: { _ in errors += 1 })
        #expect(pieces.count > 2, "the output must leave in pieces, not at the end")
        #expect(pieces.allSatisfy { $0.count < 2 << 20 })
        let whole = pieces.reduce(Data(), +)
        let records = try #require(try JSONSerialization.jsonObject(with: whole) as? [[String]])
        #expect(records.count == 20_000 && records.allSatisfy { $0.count == 100 && $0.allSatisfy(\.isEmpty) })
        #expect(errors == 0)
    }
}
