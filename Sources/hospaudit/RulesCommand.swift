import ArgumentParser
import Foundation
import HospAuditCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules with their titles, basis and thresholds under the active policy.")

    @Option(help: "Show the settings of this region's policy profile.")
    var region: String?

    @Option(help: "A policy file (YAML or JSON) laid over the shipped policy.")
    var policy: String?

    @Option(help: "Language: zh or en.")
    var lang: Language = .zh

    func run() throws {
        let active = try loadPolicy(region: region, file: policy)
        let english = lang == .en
        var out = [english ? "Policy: \(active.title.en) (\(active.name)), materiality \(active.materiality) yuan"
                           : "政策：\(active.title.zh)（\(active.name)），重要性水平 \(active.materiality) 元"]
        for rule in RuleRegistry.all {
            let d = type(of: rule).description
            let settings = active.rule(d.id)
            let state = settings.enabled ? (english ? "on" : "启用") : (english ? "off" : "未启用")
            out.append("")
            out.append("\(d.id)  \(english ? d.title.en : d.title.zh)  [\(settings.severity.rawValue), \(state)]")
            out.append("  " + (english ? "basis: " : "依据：") + RuleText.citations(settings.basis))
            let thresholds = settings.thresholds.map { "\($0.0)=\($0.1)" }
            if !thresholds.isEmpty { out.append("  " + (english ? "settings: " : "设定：") + thresholds.joined(separator: "  ")) }
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
        let settings = try loadPolicy(region: region, file: nil).rule(d.id)
        let english = lang == .en
        func t(_ text: LocalizedText) -> String { english ? text.en : text.zh }
        var out = ["\(d.id)  \(t(d.title))", ""]
        out.append((english ? "What it catches: " : "检查内容：") + t(d.catches))
        out.append((english ? "Why it matters: " : "为何重要：") + t(d.whyItMatters))
        out.append((english ? "Basis: " : "依据：") + RuleText.citations(settings.basis))
        out.append((english ? "Severity: " : "严重程度：") + settings.severity.rawValue
                   + (settings.enabled ? "" : (english ? " (off in this policy)" : "（本政策未启用）")))
        for (key, value) in settings.thresholds { out.append("  \(key) = \(value)") }
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
