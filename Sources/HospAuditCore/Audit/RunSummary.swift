import Foundation

/// The one-screen summary of a run, as the CLI prints it on stderr.
public enum RunSummary {
    public static func text(_ audits: [BundleAudit], searchProblems: [InputError] = [], english: Bool) -> String {
        let findings = audits.flatMap(\.findings)
        let counts = Severity.allCases.map { s in (s, findings.filter { $0.severity == s }.count) }
        let errors = audits.reduce(0) { $0 + $1.errors.count } + searchProblems.count
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
        for problem in searchProblems {
            lines.append("  \(TerminalText.safe(problem.bundle))" + (problem.file.map { "/\(TerminalText.safe($0))" } ?? "") + (english ? ": " : "：")
                         + TerminalText.safe(english ? problem.message.en : problem.message.zh))
        }
        for audit in audits {
            let reasons = audit.statusReasons.map { TerminalText.safe(english ? $0.en : $0.zh) }.joined(separator: english ? "; " : "；")
            let bundle = TerminalText.safe(audit.bundle)
            guard let hospital = audit.hospital else {
                lines.append(english ? "  \(bundle): NOT AUDITED: \(reasons) (see errors)" : "  \(bundle)：未审计：\(reasons)（见 errors）")
                continue
            }
            let incomplete = audit.status == .incomplete
                ? (english ? "  AUDIT INCOMPLETE: \(reasons)" : "  审计不完整：\(reasons)") : ""
            let critical = audit.findings.filter { $0.severity == .critical }.count
            let flag = audit.blacklisted ? (english ? "  BLACKLIST THRESHOLD REACHED" : "  已达黑名单阈值") : ""
            let note = critical > 0 ? (english ? "  critical: \(critical)" : "  严重 \(critical) 项") : ""
            lines.append("  \(TerminalText.safe(hospital.name)) \(TerminalText.safe(hospital.id))  " + (english ? "findings \(audit.findings.count)  score \(audit.score)"
                                                                           : "发现 \(audit.findings.count) 项  扣分 \(audit.score)") + note + flag + incomplete)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
