import ArgumentParser
import Foundation
import HospAuditCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules with their titles, basis and settings under the active policy.")

    @Option(help: "Show the settings of this region's policy profile.")
    var region: String?

    @Option(help: "A policy file (YAML or JSON) laid over the shipped policy.")
    var policy: String?

    @Option(help: "Language: zh or en.")
    var lang: Language = .zh

    @Flag(help: "Print the rules as JSON: id, titles, switch, severity, basis and every setting in force.")
    var json = false

    @Flag(help: "Print the catalog table the README holds (Markdown).")
    var markdown = false

    @Flag(help: "Print the policy schema, its rule part made from the catalog (schemas/policy.schema.json).")
    var policySchema = false

    func run() throws {
        let catalog = RuleRegistry.catalog
        if markdown {
            print(catalog.markdownTable)
            return
        }
        if policySchema {
            print(catalog.policySchema(from: PolicyLoader.publishedSchema).prettyJSON)
            return
        }
        let active = try loadPolicy(region: region, file: policy)
        let listing = catalog.listing(under: active)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            return
        }
        let english = lang == .en
        var out = [TerminalText.safe(english ? "Policy: \(active.title.en) (\(active.name)), materiality \(active.materiality) yuan"
                                             : "政策：\(active.title.zh)（\(active.name)），重要性水平 \(active.materiality) 元")]
        for rule in listing {
            let state = rule.enabled ? (english ? "on" : "启用") : (english ? "off" : "未启用")
            out.append("")
            out.append("\(rule.id)  \(english ? rule.title.en : rule.title.zh)  [\(rule.severity.rawValue), \(state)]")
            out.append("  " + (english ? "basis: " : "依据：") + RuleText.citations(rule.basis))
            let settings = rule.settingsText.map { "\($0.key)=\($0.value)" }
            if !settings.isEmpty { out.append("  " + (english ? "settings: " : "设定：") + settings.joined(separator: "  ")) }
        }
        print(out.joined(separator: "\n"))
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Describe one rule, with a triggering and a non-triggering example.")

    @Argument(help: "A rule id, e.g. DD-001.")
    var rule: String

    @Option(help: "Show the settings of this region's policy profile.")
    var region: String?

    @Option(help: "Language: zh or en.")
    var lang: Language = .zh

    func run() throws {
        guard let found = RuleRegistry.rule(rule) else {
            let known = RuleRegistry.all.map { type(of: $0).description.id }.joined(separator: ", ")
            throw CLIError.usage("unknown rule \(rule) (known: \(known))")
        }
        let d = type(of: found).description
        let active = try loadPolicy(region: region, file: nil)
        let settings = active.rule(d.id)
        let values = RuleRegistry.catalog.listing(under: active).first { $0.id == d.id }?.settingsText ?? []
        let english = lang == .en
        func t(_ text: LocalizedText) -> String { english ? text.en : text.zh }
        var out = ["\(d.id)  \(t(d.title))", ""]
        out.append((english ? "What it catches: " : "检查内容：") + t(d.catches))
        out.append((english ? "Why it matters: " : "为何重要：") + t(d.whyItMatters))
        out.append((english ? "Basis: " : "依据：") + RuleText.citations(settings.basis))
        out.append((english ? "Severity: " : "严重程度：") + settings.severity.rawValue
                   + (settings.enabled ? "" : (english ? " (off in this policy)" : "（本政策未启用）")))
        for (key, value) in values { out.append("  \(key) = \(value)") }
        for (label, examples) in [(english ? "Triggering example" : "触发示例", d.triggering),
                                  (english ? "Non-triggering example" : "不触发示例", d.nonTriggering)] {
            for example in examples {
                out.append("")
                out.append("\(label): \(t(example.title))")
                for table in TableCatalog.order where example.tables[table] != nil {
                    out.append("  \(table).csv")
                    for line in example.tables[table]!.split(separator: "\n") { out.append("    \(line)") }
                }
                if let policy = example.policy {
                    out.append(english ? "  policy file (--policy)" : "  政策文件（--policy）")
                    for line in policy.split(separator: "\n") { out.append("    \(line)") }
                }
                if !example.peers.isEmpty {
                    out.append(english ? "  + \(example.peers.count) peer bundles in the same run"
                                       : "  + 同一次运行中的 \(example.peers.count) 家同类医院")
                }
                if !example.expected.isEmpty {
                    out.append("  → " + example.expected.map(\.rawValue).joined(separator: ", "))
                }
            }
        }
        print(out.joined(separator: "\n"))
    }
}

func loadPolicy(region: String?, file: String?) throws -> Policy {
    do {
        return try PolicyLoader.load(region: region, file: file, regionIsExplicit: region != nil)
    } catch let error as PolicyError {
        throw CLIError.usage(error.description)
    }
}
