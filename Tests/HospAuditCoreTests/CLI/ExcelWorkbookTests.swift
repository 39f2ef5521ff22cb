import Foundation
import Testing

/// The Excel workbook, opened with openpyxl as another program would open it.
struct ExcelWorkbookTests {
    @Test func sheetsTypesAndValuesAreWhatAnAuditorNeeds() throws {
        let path = Scratch.folder + "/xlsx-\(UUID().uuidString).json"
        let audited = try CLI.run(["audit", Paths.samples.path, "-o", path])
        #expect(audited.status == 1, "\(audited.stderr)")
        // A formula for a counterparty, and an amount beyond what Excel holds exactly.
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"counterparty\" : \"北京仁和投资有限公司\"", with: "\"counterparty\" : \"=HYPERLINK(\\\"http://evil.example\\\")\"")
            .replacingOccurrences(of: "\"amount\" : \"6200000.00\"", with: "\"amount\" : \"123456789012345678.00\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let xlsx = Scratch.folder + "/xlsx-\(UUID().uuidString).xlsx"
        let rendered = try CLI.run(["report", path, "--xlsx", xlsx])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let check = try CLI.python("""
            import json, sys, datetime, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            doc = json.load(open(sys.argv[2]))
            assert wb.sheetnames == ["发现", "证据", "医院", "输入问题"], wb.sheetnames
            for ws in wb.worksheets:
                assert ws.freeze_panes == "A2", (ws.title, ws.freeze_panes)
                assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), (ws.title, ws.auto_filter.ref)
                assert ws.column_dimensions["A"].width > 8, ws.title
            findings = wb["发现"]
            header = [c.value for c in findings[1]]
            col = {name: i for i, name in enumerate(header)}
            rows = list(findings.iter_rows(min_row=2))
            assert len(rows) == len(doc["findings"]), (len(rows), len(doc["findings"]))
            hostile = exact = 0
            for row, f in zip(rows, doc["findings"]):
                assert row[col["指纹"]].value == f["fingerprint"]
                amount = row[col["金额"]]
                if f["amount"] == "123456789012345678.00":
                    assert amount.data_type == "s" and amount.value == f["amount"] and amount.comment is not None, amount.value
                    exact += 1
                elif f["amount"] is not None:
                    assert amount.data_type == "n" and amount.number_format == "#,##0.00", (amount.data_type, amount.number_format)
                    assert "%.2f" % amount.value == f["amount"], (amount.value, f["amount"])
                party = row[col["往来单位"]]
                if (f["counterparty"] or "").startswith("="):
                    assert party.data_type == "s" and party.value == f["counterparty"], (party.data_type, party.value)
                    hostile += 1
            assert hostile >= 1 and exact == 1, (hostile, exact)
            evidence = wb["证据"]
            lines = list(evidence.iter_rows(min_row=2, values_only=True))
            assert len(lines) == sum(len(f["evidence"]) for f in doc["findings"])
            prints = {f["fingerprint"] for f in doc["findings"]}
            assert all(line[0] in prints for line in lines)
            dated = [line[7] for line in lines if line[7] is not None]
            assert dated and all(isinstance(d, datetime.datetime) for d in dated), dated[:3]
            assert wb["医院"].max_row - 1 == len(doc["hospitals"]) + len(doc.get("not_audited", []))
            print("ok")
            """, [xlsx, path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.text.contains("ok"))
    }
}
