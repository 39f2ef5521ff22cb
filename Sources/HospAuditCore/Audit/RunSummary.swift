import Foundation

/// The one-screen summary of a run, as the CLI prints it on stderr.
public enum RunSummary {
    /// A run of more hospitals than this lists only the highest scores and the problems.
    public static let topCount = 10
    /// Problems listed before the rest are only counted.
    public static let listLimit = 20

    /// A bundle as the summary counts and ranks it. Its hospital's name and the reasons for its
    /// status are asked for only when it is listed.
    public struct Row: Sendable {
        public var bundle: String
        public var hospitalID: String?
        public var status: AuditStatus
        public var tally: BundleTally
        public var score: Int
        public var blacklisted: Bool

        init(bundle: String, hospitalID: String?, status: AuditStatus, tally: BundleTally, policy: Policy?) {
            self.bundle = bundle
            self.hospitalID = hospitalID
            self.status = status
            self.tally = tally
            let score = tally.score(under: policy)
            self.score = score
            blacklisted = policy.map { score >= $0.blacklistThreshold } ?? false
        }
    }

    /// What a listed row says besides its counts.
    public typealias Description = (hospitalName: String?, statusReasons: [LocalizedText])

    public static func text(_ audits: [BundleAudit], searchProblems: [InputError] = [], english: Bool, verbose: Bool = false,
                            waivers: [WaiverBook.Outcome] = []) -> String {
        let rows = audits.map {
            Row(bundle: $0.bundle, hospitalID: $0.hospital?.id, status: $0.status, tally: BundleTally($0.findings), policy: $0.policy)
        }
        return text(rows, describe: { (audits[$0].hospital?.name, audits[$0].statusReasons) }, errors: audits.reduce(0) { $0 + $1.errors.count },
                    searchProblems: searchProblems, english: english, verbose: verbose, waivers: waivers)
    }

    /// `describe` gives row i's hospital name and status reasons; `errors` counts the input
    /// errors inside bundles; `searchProblems` are listed besides.
    public static func text(_ rows: [Row], describe: (Int) throws -> Description, errors bundleErrors: Int, searchProblems: [InputError] = [],
                            english: Bool, verbose: Bool = false, waivers: [WaiverBook.Outcome] = []) rethrows -> String {
        var total = BundleTally()
        for row in rows { total.add(row.tally) }
        let counts = Severity.allCases.map { s in (s, total.standing(s)) }
        let findingCount = total.standing
        let errors = bundleErrors + searchProblems.count
        let hospitals = rows.filter { $0.hospitalID != nil }.count
        var lines: [String] = []
        if english {
            lines.append("hospaudit: \(hospitals) hospitals, \(findingCount) findings ("
                         + counts.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + "), \(errors) input errors")
        } else {
            let names: [Severity: String] = [.critical: "严重", .high: "高", .medium: "中", .low: "低", .info: "提示"]
            lines.append("hospaudit：\(hospitals) 家医院，\(findingCount) 项发现（"
                         + counts.map { "\(names[$0.0]!) \($0.1)" }.joined(separator: "，") + "），输入错误 \(errors) 个")
        }
        if total.suppressed > 0 {
            lines.append(english ? "  \(total.suppressed) findings suppressed by waivers" : "  \(total.suppressed) 项发现已豁免（waivers）")
        }
        for outcome in waivers where outcome.state != .applied {
            let w = outcome.waiver
            let what = TerminalText.safe(w.label)
            lines.append(outcome.state == .expired
                ? (english ? "  waiver \(w.position) (\(what)) expired on \(w.expires): it suppresses nothing" : "  豁免第 \(w.position) 条（\(what)）已于 \(w.expires) 到期，不再豁免")
                : (english ? "  waiver \(w.position) (\(what)) matches no finding" : "  豁免第 \(w.position) 条（\(what)）没有对应的发现"))
        }
        let byRule = total.byRule.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if !byRule.isEmpty {
            lines.append((english ? "  by rule: " : "  按规则：") + byRule.map { "\($0.0) \($0.1)" }.joined(separator: english ? ", " : "，"))
        }
        let shownProblems = verbose ? searchProblems : Array(searchProblems.prefix(listLimit))
        for problem in shownProblems {
            lines.append("  \(TerminalText.safe(problem.bundle))" + (problem.file.map { "/\(TerminalText.safe($0))" } ?? "") + (english ? ": " : "：")
                         + TerminalText.safe(english ? problem.message.en : problem.message.zh))
        }
        if shownProblems.count < searchProblems.count {
            lines.append(english ? "  … and \(searchProblems.count - shownProblems.count) more problems finding bundles (see errors)"
                                 : "  ……另有 \(searchProblems.count - shownProblems.count) 个查找目录的问题（见 errors）")
        }
        // A small run lists every hospital; a region's run the highest scores and every hospital
        // that could not be audited whole (cron must see those), the rest being in the document.
        let listed: [Int]
        if verbose || rows.count <= topCount {
            listed = Array(rows.indices)
        } else {
            let top = rows.indices.filter { rows[$0].hospitalID != nil && rows[$0].tally.all > 0 }
                .sorted { (rows[$1].score, rows[$0].hospitalID!, rows[$0].bundle) < (rows[$0].score, rows[$1].hospitalID!, rows[$1].bundle) }
                .prefix(topCount)
            let problems = rows.indices.filter { rows[$0].status != .audited }
            listed = Array(top) + problems.prefix(listLimit).filter { !top.contains($0) }
            if !top.isEmpty { lines.append(english ? "  highest scores:" : "  扣分最高：") }
        }
        for index in listed {
            let row = rows[index]
            let description = try describe(index)
            let reasons = description.statusReasons.map { TerminalText.safe(english ? $0.en : $0.zh) }.joined(separator: english ? "; " : "；")
            let bundle = TerminalText.safe(row.bundle)
            guard let id = row.hospitalID else {
                lines.append(english ? "  \(bundle): NOT AUDITED: \(reasons) (see errors)" : "  \(bundle)：未审计：\(reasons)（见 errors）")
                continue
            }
            let incomplete = row.status == .incomplete
                ? (english ? "  AUDIT INCOMPLETE: \(reasons)" : "  审计不完整：\(reasons)") : ""
            let critical = row.tally.standing(.critical)
            let flag = row.blacklisted ? (english ? "  BLACKLIST THRESHOLD REACHED" : "  已达黑名单阈值") : ""
            let note = critical > 0 ? (english ? "  critical: \(critical)" : "  严重 \(critical) 项") : ""
            lines.append("  \(TerminalText.safe(description.hospitalName ?? "")) \(TerminalText.safe(id))  "
                         + (english ? "findings \(row.tally.standing)  score \(row.score)" : "发现 \(row.tally.standing) 项  扣分 \(row.score)")
                         + note + flag + incomplete)
        }
        let notListedProblems = rows.filter { $0.status != .audited }.count - listed.filter { rows[$0].status != .audited }.count
        if notListedProblems > 0 {
            lines.append(english ? "  … and \(notListedProblems) more hospitals not audited whole (see the document)"
                                 : "  ……另有 \(notListedProblems) 家医院未完整审计（见文档）")
        }
        if listed.count < rows.count {
            lines.append(english ? "  (\(rows.count - listed.count) more hospitals in the document; --verbose lists every one)"
                                 : "  （其余 \(rows.count - listed.count) 家医院见文档；--verbose 列出全部）")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
