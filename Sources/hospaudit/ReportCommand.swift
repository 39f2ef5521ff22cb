import ArgumentParser
import Foundation
import HospAuditCore

/// The report files a findings document is rendered to: by `report` from any document, and by
/// `audit`/`merge` from the document they just wrote.
struct ReportOptions: ParsableArguments {
    @Option(help: "Write a SARIF 2.1.0 log (one run, a result a finding, the evidence lines as locations) to FILE.")
    var sarif: String?

    @Option(help: "Write the findings as a CSV for Excel (UTF-8 with BOM, one row a finding, formula-like cells defused) to FILE.")
    var csv: String?

    @Option(help: "Write the HTML report (one self-contained file: overview with charts, then each hospital's findings and evidence) to FILE.")
    var html: String?

    @Option(help: "Write a printable draft 审计发现告知书 (notice of findings) per hospital with findings into the folder DIR (made if missing).")
    var letters: String?

    @Option(help: "Write an Excel workbook (sheets of findings, evidence, hospitals and input errors; amounts as numbers, dates as dates) to FILE.")
    var xlsx: String?

    var any: Bool { sarif != nil || csv != nil || html != nil || letters != nil || xlsx != nil }

    /// Where the reports go: no two to one file.
    func validateTargets() throws {
        let targets = [sarif, csv, html, xlsx, letters].compactMap { $0 }.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if Set(targets).count < targets.count { throw ValidationError("two reports name the same file: give each its own") }
    }

    /// Renders `document` to each report asked for; `inputs` (the document among them) must not
    /// be overwritten.
    func render(_ document: ReportDocument, english: Bool, inputs: [String]) throws {
        do {
            if let sarif { try DocumentWriter.write(try SARIFLog.data(document, english: english), to: sarif, inputs: inputs) }
            if let csv { try DocumentWriter.write(FindingsCSV.data(document, english: english), to: csv, inputs: inputs) }
            if let xlsx {
                // libxlsxwriter writes the file itself: into the temporary file an interrupt removes.
                try DocumentWriter.writeFile(to: xlsx, inputs: inputs) { try ExcelWorkbook.write(document, english: english, to: $0) }
            }
            if let html { try DocumentWriter.write(Data(try HTMLReport.render(document, english: english).utf8), to: html, inputs: inputs) }
            if let letters {
                var info = stat()
                if lstat(letters, &info) != 0 {
                    try FileManager.default.createDirectory(atPath: letters, withIntermediateDirectories: true)
                } else if (info.st_mode & S_IFMT) != S_IFDIR {
                    throw CLIError.usage("--letters \(letters) is not a folder")
                }
                for letter in try LetterDrafts.render(document, english: english) {
                    try DocumentWriter.write(Data(letter.html.utf8), to: (letters as NSString).appendingPathComponent(letter.file), inputs: inputs)
                }
            }
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        } catch let failure as ExcelWorkbook.Failure {
            throw CLIError.input(failure.description)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a findings document as the reports people and tools read (HTML, Excel, letter drafts, SARIF, CSV for Excel).",
        discussion: """
            Any findings document of this schema version can be rendered again, however old. Text
            the rules wrote (messages, consequences) stays in the document's language; --lang sets
            the language of headings and rule descriptions (default: the document's).
            """)

    @Argument(help: "A findings document (hospaudit audit … -o FILE).")
    var document: String

    @OptionGroup var reports: ReportOptions

    @Option(help: "Language of headings and rule descriptions: zh or en (default: the document's).")
    var lang: Language?

    func validate() throws {
        try reports.validateTargets()
        guard reports.any else { throw ValidationError("name at least one report: --html FILE, --xlsx FILE, --letters DIR, --sarif FILE or --csv FILE") }
    }

    func run() throws {
        let findings: ReportDocument
        do {
            findings = try ReportDocument.read(document)
        } catch let failure as ReportDocument.Failure {
            throw CLIError.usage(failure.description)
        }
        try reports.render(findings, english: lang.map { $0 == .en } ?? findings.english, inputs: [document])
    }
}
