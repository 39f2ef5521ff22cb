import Foundation
import Testing

/// The HTML report and the letter drafts, opened in a real browser (headless Chromium): the
/// DOM it builds is checked, a screenshot is taken, a letter is printed to PDF and its text read.
struct HTMLReportTests {
    static func chromium(_ arguments: [String]) throws -> CLIResult {
        let profile = Scratch.folder + "/chromium-\(UUID().uuidString)"
        return try CLI.run(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                            "--user-data-dir=\(profile)"] + arguments, executable: URL(fileURLWithPath: "/usr/bin/chromium"))
    }

    /// The samples' document with one counterparty renamed to a script, as a hostile export could.
    static func hostileDocument() throws -> String {
        let path = Scratch.folder + "/html-\(UUID().uuidString).json"
        let result = try CLI.run(["audit", Paths.samples.path, "-o", path])
        #expect(result.status == 1, "\(result.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"counterparty\" : \"北京仁和投资有限公司\"", with: "\"counterparty\" : \"<script>alert(1)</script>\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theReportShowsEveryFindingAndTheChartsAndRunsNothingFromTheBooks() throws {
        let document = try Self.hostileDocument()
        let html = Scratch.folder + "/report-\(UUID().uuidString).html"
        let rendered = try CLI.run(["report", document, "--html", html])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let source = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!source.contains("http://") && !source.contains("https://"), "nothing is fetched from the network")
        #expect(!source.contains("<script"))

        let dom = try Self.chromium(["--dump-dom", "file://" + html])
        #expect(dom.status == 0, "\(dom.stderr)")
        let page = dom.text
        #expect(page.contains("<svg class=\"chart chart-rules\""))
        #expect(page.contains("<svg class=\"chart chart-margins\""))
        #expect(page.components(separatedBy: "<rect class=\"bar ").count - 1 >= 20)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: document))) as? [String: Any])["findings"] as? [[String: Any]]
        for finding in findings ?? [] {
            let fingerprint = try #require(finding["fingerprint"] as? String)
            #expect(page.contains("data-fingerprint=\"\(fingerprint)\""), "finding \(fingerprint) is in the page")
        }
        // The script is text on the page and no element: the browser ran nothing.
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<script"))

        let screenshot = Scratch.folder + "/report-\(UUID().uuidString).png"
        let shot = try Self.chromium(["--window-size=1280,1500", "--screenshot=\(screenshot)", "file://" + html])
        #expect(shot.status == 0, "\(shot.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(png.count > 20_000)
    }

    @Test func aLetterPrintsToPDFWithItsFindingsAndPlacesToSign() throws {
        let folder = Scratch.folder + "/letters-\(UUID().uuidString)"
        let document = Scratch.folder + "/letters-\(UUID().uuidString).json"
        _ = try CLI.run(["audit", Paths.samples.appendingPathComponent("bj-renhe-dividend").path, "-o", document])
        let rendered = try CLI.run(["report", document, "--letters", folder])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let letters = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(letters == ["审计发现告知书_52110108MJ00345678.html"])
        let pdf = Scratch.folder + "/letter-\(UUID().uuidString).pdf"
        let printed = try Self.chromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://" + folder + "/" + letters[0]])
        #expect(printed.status == 0, "\(printed.stderr)")
        let text = try CLI.run(["-layout", pdf, "-"], executable: URL(fileURLWithPath: "/usr/bin/pdftotext")).text
        for expected in ["审计发现告知书", "北京仁和医院", "52110108MJ00345678", "非营利性医疗机构分配结余", "6,200,000.00",
                         "国办发〔2017〕44号", "医院说明与反馈", "医院负责人（签字）", "审计组（签章）"] {
            #expect(text.contains(expected), "the letter's PDF says \(expected)")
        }
    }
}
