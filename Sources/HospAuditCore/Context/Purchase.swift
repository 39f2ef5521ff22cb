import Foundation

/// One purchase line: what the hospital paid a supplier per unit of an item.
public struct Purchase: Sendable {
    public let date: Day
    public let supplier: String
    public let itemCode: String?
    public let itemName: String?
    public let quantity: Decimal
    public let unitPrice: Money
    public let line: Int

    public var item: String { [itemCode, itemName].compactMap { $0 }.joined(separator: " ") }
}

extension Purchase {
    static func from(rows: [TableRow]) -> [Purchase] {
        rows.compactMap { row in
            guard let date = row["date"]?.day, let supplier = row["supplier"]?.text,
                  let quantity = row["quantity"]?.decimalValue, let price = row["unit_price"]?.money else { return nil }
            return Purchase(date: date, supplier: supplier, itemCode: row["item_code"]?.text,
                            itemName: row["item_name"]?.text, quantity: quantity, unitPrice: price, line: row.line)
        }
    }
}
