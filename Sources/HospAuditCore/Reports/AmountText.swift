import Foundation

/// The document's amounts and ratios (exact decimal text) as the rules' messages write them:
/// amounts grouped as in a letter (7,344,000.00), ratios as percentages.
enum AmountText {
    static func grouped(_ amount: String?) -> String {
        guard let amount, !amount.isEmpty else { return "" }
        guard case .success(let money?) = NumberParser.money(amount) else { return amount }
        return RuleText.yuan(money)
    }

    static func percent(_ ratio: String?) -> String {
        guard let ratio, let value = Decimal(string: ratio) else { return ratio ?? "" }
        return RuleText.percent(value)
    }
}
