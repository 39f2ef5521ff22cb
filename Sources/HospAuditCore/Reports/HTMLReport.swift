import Foundation
import Mustache

/// The findings document as one self-contained HTML file for people: an overview (hospitals
/// ranked by score, findings by rule and severity, for-profit margins against the cap and their
/// peers, input problems), then a section per hospital with each finding and its evidence. CSS
/// and the charts (SVG) are inline and nothing is fetched, so it opens on an offline machine.
/// Rendered through a Mustache template (`templates/report.html.mustache`) whose `{{ }}` escape
/// HTML: text from the books, however hostile, is shown, never run.
public enum HTMLReport {
    public static func render(_ document: ReportDocument, english: Bool) throws -> String {
        let template = try ReportTemplates.template("report.html")
        return template.render(model(document, english: english))
    }

    static func model(_ document: ReportDocument, english: Bool) -> [String: Any] {
        let words = ReportWords(english: english)
        let ranked = document.hospitals.enumerated().sorted {
            ($1.element.score, $0.element.hospitalId, $0.element.bundle) < ($0.element.score, $1.element.hospitalId, $1.element.bundle)
        }.map(\.element)
        let findingsByHospital = Dictionary(grouping: document.findings, by: \.hospitalId)
        let errorsByBundle = Dictionary(grouping: document.errors, by: \.bundle)
        let ranking: [[String: Any]] = ranked.enumerated().map { rank, h in
            ["rank": rank + 1, "anchor": rank + 1, "name": h.name, "id": h.hospitalId, "bundle": h.bundle, "status": h.status ?? "audited",
             "statusText": words.status(h.status), "findings": h.findings, "score": h.score, "blacklisted": h.blacklisted]
        }
        let hospitals: [[String: Any]] = ranked.enumerated().map { rank, h in
            let findings = (findingsByHospital[h.hospitalId] ?? []).map { finding($0, words: words) }
            return ReportTemplates.dropEmpty(["anchor": rank + 1, "name": h.name, "id": h.hospitalId, "bundle": h.bundle, "status": h.status ?? "audited",
                    "statusText": words.status(h.status), "reasons": (h.statusReasons ?? []).joined(separator: english ? "; " : "；"),
                    "score": h.score, "blacklisted": h.blacklisted, "margin": h.margin.map(AmountText.percent) ?? "",
                    "findings": findings])
        }
        let problems: [[String: Any]] = errorsByBundle.keys.sorted().map { bundle in
            let errors = errorsByBundle[bundle]!
            return ["bundle": bundle, "count": errors.count, "codes": Set(errors.map(\.code)).sorted().joined(separator: ", ")]
        }
        var model: [String: Any] = [
            "lang": english ? "en" : "zh-CN", "t": words.labels, "startedAt": document.run.startedAt, "version": document.tool.version,
            "policy": document.run.policy?.name ?? "",
            "summary": ["hospitals": document.summary.hospitals, "findings": document.summary.findings,
                        "inputErrors": document.summary.inputErrors, "suppressed": document.summary.suppressed ?? 0],
            "severityCards": Severity.allCases.map { ["severity": $0.rawValue, "label": words.severity($0.rawValue),
                                                      "count": document.summary.bySeverity[$0.rawValue] ?? 0] },
            "notAuditedCount": document.notAudited?.count ?? 0,
            "ranking": ranking, "hospitals": hospitals, "problems": problems, "hasProblems": !problems.isEmpty,
            "waivers": (document.waivers ?? []).map { w in
                ["position": w.position, "names": w.names, "state": w.state, "stateText": words.waiverState(w.state), "findings": w.findings,
                 "reason": w.reason, "acceptedBy": w.acceptedBy, "expires": w.expires] as [String: Any]
            },
            "hasWaivers": !(document.waivers ?? []).isEmpty,
            "resolved": (document.resolved ?? []).map { r in
                ["rule": r.rule, "hospital": r.hospitalId, "period": r.period, "counterparty": r.counterparty ?? "",
                 "firstSeen": r.firstSeen, "lastSeen": r.lastSeen] as [String: Any]
            },
            "hasResolved": !(document.resolved ?? []).isEmpty,
            "notAudited": (document.notAudited ?? []).map { ["bundle": $0.bundle, "reasons": $0.reasons.joined(separator: english ? "; " : "；")] },
        ]
        if let chart = ReportCharts.findingsByRule(document, words: words) { model["ruleChart"] = chart }
        if let chart = ReportCharts.margins(document, words: words) { model["marginChart"] = chart }
        return model
    }

    static func finding(_ f: ReportDocument.Finding, words: ReportWords) -> [String: Any] {
        func money(_ text: String) -> String { Decimal(string: text) == 0 ? "" : AmountText.grouped(text) }
        let evidence: [[String: Any]] = f.evidence.map { e in
            ["file": e.file, "line": e.line > 0 ? String(e.line) : words.wholeFile,
             "source": e.line > 0 ? "\(e.file):\(e.line)" : (words.english ? "\(e.file) (\(words.wholeFile))" : "\(e.file)（\(words.wholeFile)）"), "voucher": e.entryId, "date": e.date, "account": e.account, "debit": money(e.debit),
             "credit": money(e.credit), "counterparty": e.counterparty ?? "", "summary": e.summary]
        }
        return ReportTemplates.dropEmpty([
            "fingerprint": f.fingerprint, "rule": f.rule, "title": words.english ? f.title.en : f.title.zh, "severity": f.severity,
            "severityText": words.severity(f.severity), "period": f.period,
            "statusText": words.findingStatus(f.status, amountChanged: f.amountChanged == true),
            "ruleNote": words.english ? "(\(f.rule), \(words.severity(f.severity)))" : "（\(f.rule)，\(words.severity(f.severity))）",
            "amount": f.amount.map(AmountText.grouped) ?? "", "message": f.message,
            "basis": f.basis.map(ReportWords.citation).joined(separator: words.english ? "; " : "；"),
            "consequences": f.consequences, "hasConsequences": !f.consequences.isEmpty, "evidence": evidence,
            "moreEvidence": f.evidenceCount > f.evidence.count ? words.moreEvidence(f.evidenceCount - f.evidence.count) : "",
            "waiver": f.waiver.map { "\($0.reason)（\($0.acceptedBy)，\(words.english ? "until" : "至") \($0.expires)）" } ?? "",
        ])
    }
}

/// The embedded templates, parsed once.
enum ReportTemplates {
    static func template(_ name: String) throws -> MustacheTemplate {
        guard let text = EmbeddedTemplates.json[name] else { preconditionFailure("no embedded template \(name)") }
        return try MustacheTemplate(string: text)
    }

    /// Mustache shows a section for any value present: an empty text is left out instead.
    static func dropEmpty(_ values: [String: Any]) -> [String: Any] {
        values.filter { !(($0.value as? String)?.isEmpty ?? false) }
    }
}
