import Foundation

/// The findings as a CSV for Excel: UTF-8 with a byte-order mark (so Excel opens the Chinese
/// right), one row a finding, CRLF line ends, and every text cell that Excel would take for a
/// formula (`=`, `+`, `-`, `@`, a tab or a CR first) prefixed with `'` (OWASP CSV injection).
/// Amounts stay plain numbers.
public enum FindingsCSV {
    public static func data(_ document: ReportDocument, english: Bool) -> Data {
        let header = english
            ? ["fingerprint", "rule", "title", "severity", "status", "hospital_id", "hospital", "bundle", "period", "counterparty",
               "amount", "currency", "message", "basis", "consequences", "evidence_lines", "first_seen", "waiver"]
            : ["指纹", "规则", "标题", "严重程度", "状态", "统一社会信用代码", "医院", "目录", "期间", "往来单位",
               "金额", "币种", "说明", "依据", "后果", "证据行数", "首次发现", "豁免"]
        var rows = [header.map(cell)]
        let words = ReportWords(english: english)
        let names = Dictionary(document.hospitals.map { ($0.hospitalId, $0.name) }, uniquingKeysWith: { first, _ in first })
        for f in document.findings {
            let text: [String] = [
                f.fingerprint, f.rule, english ? f.title.en : f.title.zh, words.severity(f.severity),
                words.findingStatus(f.status, amountChanged: f.amountChanged == true), f.hospitalId,
                names[f.hospitalId] ?? "", document.bundle(of: f.hospitalId) ?? "", f.period, f.counterparty ?? "",
            ].map(cell)
            let more: [String] = [
                f.currency, f.message, f.basis.map(ReportWords.citation).joined(separator: "; "),
                f.consequences.joined(separator: "; "), String(f.evidenceCount), f.firstSeen ?? "",
                f.waiver.map { "\($0.reason) (\($0.acceptedBy), \($0.expires))" } ?? "",
            ].map(cell)
            rows.append(text + [number(f.amount)] + more)
        }
        return Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n").utf8) + [0x0D, 0x0A])
    }

    /// A text cell: defused, then quoted when it holds a comma, a quote or a line break.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An amount as the document states it (a plain decimal, maybe negative), left as a number.
    static func number(_ amount: String?) -> String {
        guard let amount, amount.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), Decimal(string: amount) != nil else {
            return amount.map(cell) ?? ""
        }
        return amount
    }
}
