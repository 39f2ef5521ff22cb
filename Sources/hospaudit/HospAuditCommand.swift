import ArgumentParser
import HospAuditCore

struct HospAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hospaudit",
        abstract: "审计社会办医院的账簿导出 / Audit the book exports of privately run hospitals.",
        version: HospAuditVersion.current,
        subcommands: [AuditCommand.self, MergeCommand.self, ReportCommand.self, RulesCommand.self, ExplainCommand.self, ValidateCommand.self, InspectCommand.self, HistoryCommand.self]
    )
}

/// Options every command that reads exports shares.
struct ReadingOptions: ParsableArguments {
    @Option(help: "Encoding of the input files (utf-8, utf-16le, utf-16be, gb18030, gbk); detected when not given.")
    var encoding: String?

    @Option(help: "Language of messages: zh or en.")
    var lang: Language = .zh

    @Option(help: "An import mapping (YAML): which file is which table, header → column, encoding, delimiter, sign of amounts; a bundle's own mapping.yaml wins. Draft one with `hospaudit inspect FILE --suggest-mapping`.")
    var mapping: String?

    func importMapping() throws -> ImportMapping? {
        guard let mapping else { return nil }
        let loaded: ImportMapping
        do {
            loaded = try ImportMapping.load(path: mapping)
        } catch let failure as ImportMapping.Failure {
            throw CLIError.usage(failure.description)
        }
        // One hospital's identity cannot serve every bundle of a run.
        if loaded.entity != nil {
            throw CLIError.usage("mapping \(mapping): entity: names one hospital and belongs in that bundle's own mapping.yaml, not in --mapping")
        }
        return loaded
    }

    func textEncoding() throws -> TextEncoding? {
        guard let encoding else { return nil }
        guard let value = TextEncoding(userName: encoding) else {
            throw CLIError.usage("unknown encoding '\(encoding)': use utf-8, utf-16le, utf-16be or gb18030")
        }
        return value
    }
}

enum Language: String, ExpressibleByArgument, CaseIterable {
    case zh, en
}
