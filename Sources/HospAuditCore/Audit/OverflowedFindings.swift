/// Findings whose amount left the range: no letter can state them. Withheld with the reason.
enum OverflowedFindings {
    static func withhold(from audit: inout BundleAudit) {
        record(remove(from: &audit.findings), in: &audit)
    }

    /// Takes them out; how many there were.
    static func remove(from findings: inout [Finding]) -> Int {
        let before = findings.count
        findings.removeAll { $0.amount?.isOverflow == true }
        return before - findings.count
    }

    /// Says so in the audit: an error, and the audit is incomplete.
    static func record(_ withheld: Int, in audit: inout BundleAudit) {
        guard withheld > 0 else { return }
        audit.errors.append(error(withheld, bundle: audit.bundle))
        markIncomplete(&audit)
    }

    static func markIncomplete(_ audit: inout BundleAudit) {
        if audit.status == .audited { audit.status = .incomplete }
        audit.statusReasons.append(reason)
    }

    static let reason = LocalizedText(zh: "金额超出范围", en: "amounts beyond the range")

    static func error(_ withheld: Int, bundle: String) -> InputError {
        InputError(
            bundle: bundle, code: .badMoney,
            message: LocalizedText(
                zh: "\(withheld) 项发现的金额超出可精确表示的范围，未列出",
                en: "\(withheld) finding(s) whose amount is beyond the range that can be stated exactly were withheld"))
    }
}
