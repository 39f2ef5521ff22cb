/// The words of the HTML report and the letters, in Chinese or English. What the rules wrote
/// (messages, consequences) stays in the document's language.
struct ReportWords {
    let english: Bool

    var labels: [String: String] {
        english ? [
            "title": "Hospital audit report", "started": "Run of", "policy": "policy", "overview": "Overview",
            "hospitals": "hospitals", "findings": "findings", "inputErrors": "input errors", "notAudited": "not audited",
            "suppressed": "waived", "ranking": "Hospitals by score", "hospital": "Hospital", "uscc": "USCC", "bundle": "Bundle",
            "status": "Status", "score": "Score", "blacklist": "Blacklist threshold", "reached": "reached",
            "byRule": "Findings by rule and severity", "noFindings": "No findings.",
            "margins": "Margins of for-profit hospitals", "noMargins": "No for-profit hospital with a stated margin.",
            "marginNote": "Red dashes: the margin cap of the region's shipped policy (a policy figure, not a statutory one); blue dots: the median of the hospitals shown. Red bars are above the cap.",
            "problems": "Input problems by bundle", "count": "Errors", "codes": "Kinds", "noProblems": "No input problems.",
            "notAuditedOne": "not audited:", "blacklistReached": "blacklist threshold reached", "margin": "margin",
            "noFindingsHere": "No findings.", "amount": "amount", "waived": "Waived", "basis": "Basis", "consequences": "Consequences",
            "file": "File", "line": "Line", "voucher": "Voucher", "date": "Date", "account": "Account", "debit": "Debit",
            "credit": "Credit", "counterparty": "Counterparty", "summaryText": "Summary",
            "waiversTitle": "Waivers", "waiverNames": "Waives", "waiverState": "State", "waiverReason": "Reason",
            "acceptedBy": "Accepted by", "expires": "Until", "resolvedTitle": "Found by the previous run, no longer found",
            "rule": "Rule", "firstSeen": "First seen", "lastSeen": "Last seen", "period": "Period",
        ] : [
            "title": "社会办医院审计报告", "started": "运行时间", "policy": "政策", "overview": "概览",
            "hospitals": "家医院", "findings": "项发现", "inputErrors": "个输入错误", "notAudited": "个目录未审计",
            "suppressed": "项已豁免", "ranking": "按扣分排序的医院", "hospital": "医院", "uscc": "统一社会信用代码", "bundle": "目录",
            "status": "审计状态", "score": "扣分", "blacklist": "黑名单阈值", "reached": "已达到",
            "byRule": "按规则与严重程度的发现", "noFindings": "没有发现。",
            "margins": "营利性医院利润率", "noMargins": "没有列明利润率的营利性医院。",
            "marginNote": "红色虚线：所在地区随附政策的利润率上限（政策设定值，并非法定数值）；蓝色点线：图中医院的中位数。红色条高于上限。",
            "problems": "各目录的输入问题", "count": "错误数", "codes": "类别", "noProblems": "没有输入问题。",
            "notAuditedOne": "未审计：", "blacklistReached": "已达黑名单阈值", "margin": "利润率",
            "noFindingsHere": "没有发现。", "amount": "金额", "waived": "已豁免", "basis": "依据", "consequences": "可能后果",
            "file": "文件", "line": "行", "voucher": "凭证号", "date": "日期", "account": "科目", "debit": "借方",
            "credit": "贷方", "counterparty": "往来单位", "summaryText": "摘要",
            "waiversTitle": "豁免", "waiverNames": "豁免对象", "waiverState": "状态", "waiverReason": "理由",
            "acceptedBy": "认可人", "expires": "有效至", "resolvedTitle": "上次运行发现、本次不再出现的事项",
            "rule": "规则", "firstSeen": "首次发现", "lastSeen": "最后一次", "period": "期间",
        ]
    }

    func severity(_ severity: String) -> String {
        if english { return severity }
        return ["critical": "严重", "high": "高", "medium": "中", "low": "低", "info": "提示"][severity] ?? severity
    }

    func status(_ status: String?) -> String {
        switch status ?? "audited" {
        case "incomplete": return english ? "AUDIT INCOMPLETE" : "审计不完整"
        case "not_audited": return english ? "NOT AUDITED" : "未审计"
        default: return english ? "audited" : "已审计"
        }
    }

    var wholeFile: String { english ? "whole file" : "整个文件" }

    /// A document and its clause, without a dangling space when the clause is not given.
    static func citation(_ c: ReportDocument.Citation) -> String {
        c.clause.isEmpty ? c.document : "\(c.document) \(c.clause)"
    }

    /// Codes of the document in the report's language (Chinese headings, Chinese values).
    func ownership(_ code: String) -> String {
        english ? code : (["nonprofit": "非营利性", "forprofit": "营利性"][code] ?? code)
    }

    func findingStatus(_ status: String?, amountChanged: Bool = false) -> String {
        switch status ?? "new" {
        case "recurring" where amountChanged: return english ? "recurring, amount changed" : "再次出现（金额有变）"
        case "recurring": return english ? "recurring" : "再次出现"
        case "suppressed": return english ? "waived" : "已豁免"
        default: return english ? "new" : "新发现"
        }
    }

    func waiverState(_ state: String) -> String {
        switch state {
        case "applied": return english ? "applied" : "已适用"
        case "expired": return english ? "expired: suppresses nothing" : "已过期，不再豁免"
        default: return english ? "matches no finding" : "没有对应的发现"
        }
    }

    func moreEvidence(_ n: Int) -> String {
        english ? "… and \(n) more evidence lines in the document" : "……另有 \(n) 行证据见结果文档"
    }

    func capLabel(_ cap: String) -> String { english ? "cap \(cap)" : "上限 \(cap)" }
    func medianLabel(_ median: String) -> String { english ? "median \(median)" : "中位数 \(median)" }
}
