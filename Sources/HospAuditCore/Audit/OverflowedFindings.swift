/// Findings whose amount left the range: no letter can state them. Withheld with the reason.
enum OverflowedFindings {
    static func withhold(from audit: inout BundleAudit) {
        let before = audit.findings.count
        audit.findings.removeAll { $0.amount?.isOverflow == true }
        let withheld = before - audit.findings.count
        guard withheld > 0 else { return }
        audit.errors.append(InputError(
            bundle: audit.bundle, code: .badMoney,
            message: LocalizedText(
                zh: "\(withheld) 项发现的金额超出可精确表示的范围，未列出",
                en: "\(withheld) finding(s) whose amount is beyond the range that can be stated exactly were withheld")))
        if audit.status == .audited { audit.status = .incomplete }
        audit.statusReasons.append(LocalizedText(zh: "金额超出范围", en: "amounts beyond the range"))
    }
}
