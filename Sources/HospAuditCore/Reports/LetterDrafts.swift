import Foundation

/// A printable draft of an 审计发现告知书 (notice of audit findings) per hospital with findings
/// that stand: each finding in the words of its message, its basis and consequences, the
/// evidence list, a place for the hospital's reply and for signatures. The auditor edits and
/// signs it; waived findings are left out.
public enum LetterDrafts {
    /// File name → page, one per hospital with findings that stand.
    public static func render(_ document: ReportDocument, english: Bool) throws -> [(file: String, html: String)] {
        let template = try ReportTemplates.template("letter.html")
        let words = ReportWords(english: english)
        var labels = words.labels
        labels.merge(words.letterLabels) { $1 }
        var letters: [(file: String, html: String)] = []
        var used: Set<String> = []
        let byHospital = Dictionary(grouping: document.findings.filter { $0.status != "suppressed" }, by: \.hospitalId)
        for hospital in document.hospitals {
            let findings = byHospital[hospital.hospitalId] ?? []
            guard !findings.isEmpty else { continue }
            let periods = Set(findings.map(\.period)).sorted().joined(separator: english ? ", " : "、")
            let entries: [[String: Any]] = findings.enumerated().map { n, f in
                var entry = HTMLReport.finding(f, words: words)
                entry["n"] = n + 1
                return entry
            }
            var model: [String: Any] = [
                "lang": english ? "en" : "zh-CN", "t": labels, "name": hospital.name, "id": hospital.hospitalId,
                "intro": words.letterIntro(periods: periods, asOf: String(document.run.startedAt.prefix(10))),
                "findings": entries, "version": document.tool.version, "startedAt": document.run.startedAt,
            ]
            // A letter from books not read whole says so before any finding: what was not seen
            // may change what was found.
            if hospital.status == "incomplete" {
                model["incomplete"] = ["reasons": (hospital.statusReasons ?? []).joined(separator: english ? "; " : "；")]
            }
            var file = (english ? "findings-letter_" : "审计发现告知书_") + safeName(hospital.hospitalId)
            // The same hospital in two bundles gets one letter a bundle.
            if used.contains(file) { file += "_" + safeName(hospital.bundle) }
            used.insert(file)
            letters.append((file + ".html", template.render(model)))
        }
        return letters
    }

    /// A file name from an id: letters and digits only, whatever the entity table held.
    static func safeName(_ text: String) -> String {
        let kept = text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" }
        return String(kept.prefix(64))
    }
}

extension ReportWords {
    var letterLabels: [String: String] {
        english ? [
            "letterTitle": "Notice of audit findings", "draft": "(draft for the auditor to edit and sign)", "number": "Ref.: ",
            "usccBefore": " (unified social credit code ", "usccAfter": "):", "basis": "Basis: ", "consequences": "Possible consequences:",
            "source": "Source", "reply": "The hospital's explanation", "replyNote": "Please explain each finding and attach the vouchers, contracts and approvals concerned.",
            "auditor": "Audit team (seal): ", "head": "Head of the hospital (signature): ", "seal": "Hospital (seal)",
            "signDate": "Date: ", "generated": "Drafted from the findings of",
            "incomplete": "This audit is incomplete: not all of the hospital's books could be read, and what was not read may change these findings. Why: ",
        ] : [
            "letterTitle": "审计发现告知书", "draft": "（草稿，供审计人员修改、签发）", "number": "编号：",
            "usccBefore": "（统一社会信用代码 ", "usccAfter": "）：", "basis": "依据：", "consequences": "可能后果：",
            "source": "出处", "reply": "医院说明与反馈", "replyNote": "请逐项说明情况，并附相关凭证、合同及审批材料。",
            "auditor": "审计组（签章）：", "head": "医院负责人（签字）：", "seal": "医院（盖章）",
            "signDate": "日期：", "generated": "据审计结果起草：",
            "incomplete": "本次审计不完整：医院的账表未能全部读取，未读取的部分可能改变以下发现。原因：",
        ]
    }

    func letterIntro(periods: String, asOf: String) -> String {
        english
            ? "We have audited your hospital's books and related records for \(periods) (the audit was run on \(asOf)) and set out below what we found. Please reply in writing within ___ working days of receiving this notice, explaining each finding and providing the records concerned."
            : "我们对贵院 \(periods) 年度的会计账簿及相关资料进行了审计（审计运行于 \(asOf)），发现以下事项，现予告知。请于收到本告知书之日起 ___ 个工作日内书面说明情况，并提供相关资料。"
    }
}
