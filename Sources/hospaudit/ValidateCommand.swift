import ArgumentParser
import Foundation
import HospAuditCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check bundles' inputs without auditing: every file read, every problem listed.",
        discussion: "Exit codes: 0 the inputs are clean; 1 there are input errors; 2 usage error.")

    @Argument(help: "Bundles, folders of bundles, or manifest files.")
    var paths: [String]

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let encoding = try reading.textEncoding()
        let english = reading.lang == .en
        var results: [BundleInspection] = []
        var problems = 0
        let found = try bundles(paths, mapping: try reading.importMapping())
        problems += found.problems.count
        // What the search could not look at is listed like a bundle's problems, in both views.
        for problem in found.problems {
            results.append(BundleInspection(bundle: problem.bundle, files: [], errors: [problem]))
        }
        for layout in found.layouts {
            let (inspections, errors) = Inspector.inspectBundle(layout, encoding: encoding, rows: 0)
            results.append(BundleInspection(bundle: layout.name, files: inspections, errors: errors))
            problems += errors.count + inspections.reduce(0) { $0 + $1.report.errorCount }
        }
        if json {
            try JSONOutput.print(results)
        } else {
            for result in results {
                print(TerminalText.safe(result.bundle))
                for file in result.files {
                    let r = file.report
                    print("  \(TerminalText.safe(r.file)) [\(r.table ?? "?")] \(english ? "used" : "已用") \(r.used)  \(english ? "skipped" : "跳过") \(r.skippedTotal)  \(english ? "rejected" : "拒绝") \(r.rejected)")
                    for error in r.publishedErrors.prefix(20) { print("    " + InspectionText.describe(error, english: english)) }
                }
                for error in result.errors { print("  " + InspectionText.describe(error, english: english)) }
            }
        }
        if problems > 0 { throw ExitCode(1) }
    }
}
