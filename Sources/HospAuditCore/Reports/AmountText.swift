/// Amounts as an auditor writes them in a report or a letter: thousands grouped, two decimals
/// (7,344,000.00), from the document's exact decimal text, never through a floating point.
enum AmountText {
    static func grouped(_ amount: String?) -> String {
        guard let amount, !amount.isEmpty else { return "" }
        var text = amount
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(parts[0])
        guard !whole.isEmpty, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else { return amount }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return amount }
        while fraction.count < 2 { fraction += "0" }
        var groups: [Substring] = []
        var rest = Substring(whole)
        while rest.count > 3 {
            groups.insert(rest.suffix(3), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(rest, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + "." + fraction
    }

    /// A ratio of the document ("0.4500") as a percentage ("45.00%").
    static func percent(_ ratio: String?) -> String {
        guard let ratio, let value = Decimal(string: ratio) else { return ratio ?? "" }
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 2, .plain)
        return grouped("\(rounded)") + "%"
    }
}

import Foundation
