import Foundation

/// What the hospital published, and what its statements report, by period.
public struct Disclosure: Sendable {
    public let period: Period
    /// related_party_transaction, key_management_compensation, health_staff_compensation_total, or the raw item.
    public let item: String
    public let counterparty: String?
    public let amount: Money
    public let line: Int
}

public struct StatementFigure: Sendable {
    public let period: Period
    /// total_revenue, total_expense, net_profit, surplus, total_assets, net_assets, or the raw item.
    public let item: String
    public let amount: Money
    public let line: Int
}

extension Disclosure {
    static func from(rows: [TableRow]) -> [Disclosure] {
        rows.compactMap { row in
            guard case .period(let period)? = row["period"], let item = row["item"]?.text,
                  case .money(let amount)? = row["amount"] else { return nil }
            return Disclosure(period: period, item: item, counterparty: row["counterparty"]?.text, amount: amount, line: row.line)
        }
    }
}

extension StatementFigure {
    static func from(rows: [TableRow]) -> [StatementFigure] {
        rows.compactMap { row in
            guard case .period(let period)? = row["period"], let item = row["item"]?.text,
                  case .money(let amount)? = row["amount"] else { return nil }
            return StatementFigure(period: period, item: item, amount: amount, line: row.line)
        }
    }
}
