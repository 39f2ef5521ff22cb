import ArgumentParser
import Foundation
import HospAuditCore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the tool makes of an export: table, encoding, header mapping, counts, first rows.",
        discussion: """
            Give a file (ledger.csv, 凭证.csv, ...) or a bundle folder. --raw --json prints every record's
            cells as the CSV layer parsed them, before any header mapping, as a JSON array of arrays.
            """
    )

    @Argument(help: "An export file or a bundle folder.")
    var path: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "With --json: the CSV layer's records, before any mapping.")
    var raw = false

    @Option(help: "How many data rows to show.")
    var rows = 5

    @Flag(help: "Print a draft import mapping (YAML) for the file: the headers recognised, and those that were not as comments to fill in.")
    var suggestMapping = false

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        if raw && !json { throw ValidationError("--raw needs --json") }
        if suggestMapping && (raw || json) { throw ValidationError("--suggest-mapping prints YAML: not with --raw or --json") }
    }

    func run() throws {
        let encoding = try reading.textEncoding()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError.usage("no such file or folder: \(path)")
        }
        if suggestMapping {
            guard !isDirectory.boolValue else { throw CLIError.usage("--suggest-mapping reads one file, not a folder") }
            let draft = MappingDraft.of(path: path, encoding: encoding)
            print(draft.yaml, terminator: "")
            let english = reading.lang == .en
            if draft.table == nil {
                DocumentWriter.writeStandardError((english ? "the table was not recognised from the headers: set table: in the draft\n"
                                                           : "未能从表头认出是哪张表：请在草稿中写明 table:\n"))
            }
            if !draft.unplaced.isEmpty {
                let list = TerminalText.safe(draft.unplaced.joined(separator: ", "))
                DocumentWriter.writeStandardError((english ? "\(draft.unplaced.count) headers not placed: " : "\(draft.unplaced.count) 个表头未能对应：") + list + "\n")
            }
            return
        }
        if raw {
            guard !isDirectory.boolValue else { throw CLIError.usage("--raw reads one file, not a folder") }
            try printRaw(encoding: encoding)
            return
        }
        let english = reading.lang == .en
        if isDirectory.boolValue {
            let (inspections, errors) = Inspector.inspectBundle(path: path, encoding: encoding, rows: rows, mapping: try reading.importMapping())
            if json {
                try JSONOutput.print(BundleInspection(bundle: path, files: inspections, errors: errors))
            } else {
                let parts = inspections.map { InspectionText.render($0, english: english) }
                print(parts.joined(separator: "\n\n"))
                if !errors.isEmpty {
                    print("\n" + (english ? "Bundle problems:" : "目录问题："))
                    errors.forEach { print("  " + InspectionText.describe($0, english: english)) }
                }
            }
        } else {
            let inspection = Inspector.inspect(path: path, encoding: encoding, rows: rows, mapping: try reading.importMapping())
            if json {
                try JSONOutput.print(inspection)
            } else {
                print(InspectionText.render(inspection, english: english))
            }
        }
    }

    private func printRaw(encoding: TextEncoding?) throws {
        let input: DecodedInput
        do {
            input = try DecodedInput.open(path: path, encoding: encoding, hashed: false)
        } catch {
            throw CLIError.input("cannot read \(path): \(error)")
        }
        do {
            try RawRecordStream.write(input, to: DocumentWriter.writeStandardOutput) { error in
                DocumentWriter.writeStandardError(TerminalText.safe("\(path):\(error.line): CSV syntax error in cell \(error.column)") + "\n")
            }
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
    }
}

struct BundleInspection: Encodable {
    let bundle: String
    let files: [Inspection]
    let errors: [InputError]
}
