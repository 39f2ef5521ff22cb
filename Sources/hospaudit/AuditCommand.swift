import ArgumentParser
import Foundation
import HospAuditCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit bundles and write the findings document (JSON).",
        discussion: """
            PATH is a bundle (one hospital's exports), a folder of bundles, or a manifest file listing
            bundle folders one per line. All bundles go into one document, on stdout or --output.
            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or
            input error that stopped the run (with --strict, also input errors inside bundles);
            3 internal error.
            """
    )

    @Argument(help: "Bundles, folders of bundles, or manifest files.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Write the document to FILE (atomically) instead of stdout.")
    var output: String?

    @Option(help: "Lowest severity that makes the exit code 1: critical, high, medium, low or info.")
    var failOn: SeverityArgument = .info

    @Flag(help: "Input errors inside bundles also fail the run (exit 2 instead of 0).")
    var strict = false

    @Option(help: "A policy file (YAML or JSON) laid over the shipped policy.")
    var policy: String?

    @Option(help: "Use this region's policy profile (110000, 120000, 220200, 330000) for every hospital.")
    var region: String?

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let started = Date()
        let english = reading.lang == .en
        let layouts = try BundlePaths.resolve(paths)
        let auditor = BundleAuditor(policyChoice: PolicyChoice(file: policy, region: region), encoding: try reading.textEncoding())
        if let policy, !FileManager.default.fileExists(atPath: policy) {
            throw CLIError.usage("no such policy file: \(policy)")
        }
        let progress = Progress(total: layouts.count, english: english)
        var audits: [BundleAudit] = []
        for layout in layouts {
            progress.show(layout.name)
            do {
                audits.append(try auditor.audit(layout))
            } catch let error as PolicyError {
                progress.clear()
                throw CLIError.usage(error.description)
            }
        }
        progress.clear()
        PeerReview.apply(&audits)
        let document = FindingsDocument(audits: audits, startedAt: started, english: english)
        let data = try document.jsonData()
        if let output {
            do {
                try FindingsDocument.writeAtomically(data, to: output)
            } catch {
                throw CLIError.input("\(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
        RunSummary.print(audits, english: english)

        let findings = audits.flatMap(\.findings)
        if findings.contains(where: { $0.severity >= failOn.severity }) { throw ExitCode(1) }
        if strict && audits.contains(where: { !$0.errors.isEmpty }) { throw ExitCode(2) }
    }
}

enum SeverityArgument: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, info
    var severity: Severity { Severity(rawValue: rawValue)! }
}

/// The bundles named on the command line: a bundle, a folder of bundles, or a manifest.
enum BundlePaths {
    static func resolve(_ paths: [String]) throws -> [BundleLayout] {
        var layouts: [BundleLayout] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError.usage("no such bundle or folder: \(path)")
            }
            if isDirectory.boolValue {
                let found = BundleLayout.discover(path)
                if found.isEmpty { throw CLIError.usage("no bundle found in \(path) (no file named like ledger.csv or 序时账.csv)") }
                layouts += found
            } else {
                let base = (path as NSString).deletingLastPathComponent
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                let entries = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
                guard !entries.isEmpty else { throw CLIError.usage("\(path) is neither a folder nor a manifest of bundle folders") }
                layouts += try resolve(entries.map { $0.hasPrefix("/") ? $0 : (base as NSString).appendingPathComponent($0) })
            }
        }
        return layouts
    }
}

/// A one-line progress note on stderr, only when a person is watching it.
final class Progress {
    private let total: Int
    private let english: Bool
    private let enabled = isatty(STDERR_FILENO) == 1
    private var done = 0

    init(total: Int, english: Bool) {
        self.total = total
        self.english = english
    }

    func show(_ bundle: String) {
        done += 1
        guard enabled else { return }
        let text = english ? "auditing \(done)/\(total) \(bundle)…" : "审计中 \(done)/\(total) \(bundle)…"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// The one-screen summary on stderr at the end of a run.
enum RunSummary {
    static func print(_ audits: [BundleAudit], english: Bool) {
        let findings = audits.flatMap(\.findings)
        let counts = Severity.allCases.map { s in (s, findings.filter { $0.severity == s }.count) }
        let errors = audits.reduce(0) { $0 + $1.errors.count }
        let hospitals = audits.filter { $0.hospital != nil }.count
        var lines: [String] = []
        if english {
            lines.append("hospaudit: \(hospitals) hospitals, \(findings.count) findings ("
                         + counts.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + "), \(errors) input errors")
        } else {
            let names: [Severity: String] = [.critical: "严重", .high: "高", .medium: "中", .low: "低", .info: "提示"]
            lines.append("hospaudit：\(hospitals) 家医院，\(findings.count) 项发现（"
                         + counts.map { "\(names[$0.0]!) \($0.1)" }.joined(separator: "，") + "），输入错误 \(errors) 个")
        }
        for audit in audits {
            guard let hospital = audit.hospital else {
                lines.append(english ? "  \(audit.bundle): not audited (see errors)" : "  \(audit.bundle)：未审计（见 errors）")
                continue
            }
            let critical = audit.findings.filter { $0.severity == .critical }.count
            let flag = audit.blacklisted ? (english ? "  BLACKLIST THRESHOLD REACHED" : "  已达黑名单阈值") : ""
            let note = critical > 0 ? (english ? "  critical: \(critical)" : "  严重 \(critical) 项") : ""
            lines.append("  \(hospital.name) \(hospital.id)  " + (english ? "findings \(audit.findings.count)  score \(audit.score)"
                                                                           : "发现 \(audit.findings.count) 项  扣分 \(audit.score)") + note + flag)
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
