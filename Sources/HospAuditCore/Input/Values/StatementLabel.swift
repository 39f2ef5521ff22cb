/// The labels of statement lines as finance software prints them: numbered (一、营业收入,
/// （一）, 1.), signed (加：, 减：, 其中：) and annotated (净利润（净亏损以“－”号填列）).
enum StatementLabel {
    private static let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    private static let signs = ["加：", "减：", "其中：", "加:", "减:", "其中:"]

    /// The label without its number, sign or trailing note: 四、净利润（净亏损以“－”号填列） → 净利润.
    static func bare(_ label: String) -> String {
        var text = Substring(label.trimmingSpaces)
        // （一）、(1)
        if let open = text.first, open == "（" || open == "(", let close = text.firstIndex(where: { $0 == "）" || $0 == ")" }),
           text[text.index(after: text.startIndex)..<close].allSatisfy({ numerals.contains($0) || $0.isASCII && $0.isNumber }) {
            text = text[text.index(after: close)...]
        }
        // 一、 1、 1.
        let lead = text.prefix { numerals.contains($0) || ($0.isASCII && $0.isNumber) }
        if !lead.isEmpty, let mark = text.dropFirst(lead.count).first, mark == "、" || mark == "." || mark == "．" {
            text = text.dropFirst(lead.count + 1)
        }
        for sign in signs where text.hasPrefix(sign) { text = text.dropFirst(sign.count) }
        // A trailing note in brackets.
        if let last = text.last, last == "）" || last == ")", let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }), open != text.startIndex {
            text = text[..<open]
        }
        return String(text)
    }

    /// A row that is layout, not data: a page number (第2页, 共12页) or, in a statement where
    /// the only trouble is missing values, a section heading (一、收入; 减：营业成本 with no amount).
    /// A ledger line missing its amount stays an error, whatever its summary looks like.
    static func isLayoutRow(_ cells: [String], headingsAllowed: Bool, onlyMissingValues: Bool) -> Bool {
        let filled = cells.filter { !$0.isEmpty }
        if filled.contains(where: isPageNumber) && filled.count <= 3 { return true }
        guard headingsAllowed, onlyMissingValues else { return false }
        return filled.contains { cell in bare(cell) != cell }
    }

    private static func isPageNumber(_ cell: String) -> Bool {
        guard let first = cell.first, first == "第" || first == "共", cell.hasSuffix("页") else { return false }
        let middle = cell.dropFirst().dropLast()
        return !middle.isEmpty && middle.allSatisfy { $0.isASCII && $0.isNumber || numerals.contains($0) }
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "　" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "　" { s = s.dropLast() }
        return String(s)
    }
}
