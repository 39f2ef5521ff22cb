import Foundation

/// A lease, loan, service or purchase contract the hospital signed, as listed in contracts.csv.
public struct Contract: Sendable {
    public enum Kind: String, Sendable { case lease, loan, service, purchase }

    public let id: String
    public let counterparty: String
    public let kind: Kind
    public let principal: Money?
    public let annualRate: Decimal?
    public let areaSqm: Decimal?
    public let monthlyRent: Money?
    public let start: Day?
    public let end: Day?
    public let line: Int

    /// Whether the contract runs on some day of the year (open ends run on).
    public func covers(year: Int) -> Bool {
        if let start, start.year > year { return false }
        if let end, end.year < year { return false }
        return true
    }

    /// Days of the year the contract runs, both ends included.
    public func days(in year: Int) -> Int {
        guard covers(year: year), let first = Day(year: year, month: 1, day: 1),
              let last = Day(year: year, month: 12, day: 31) else { return 0 }
        let from = max(first, start ?? first), to = min(last, end ?? last)
        return max(0, Int(to.ordinal - from.ordinal) + 1)
    }
}

extension Contract {
    static func from(rows: [TableRow]) -> [Contract] {
        rows.compactMap { row in
            guard let id = row["contract_id"]?.text, let counterparty = row["counterparty"]?.text,
                  let kind = row["type"]?.text.flatMap(Kind.init(rawValue:)) else { return nil }
            return Contract(
                id: id, counterparty: counterparty, kind: kind,
                principal: row["principal"]?.money, annualRate: row["annual_rate"]?.decimalValue,
                areaSqm: row["area_sqm"]?.decimalValue, monthlyRent: row["monthly_rent"]?.money,
                start: row["start"]?.day, end: row["end"]?.day, line: row.line)
        }
    }
}
