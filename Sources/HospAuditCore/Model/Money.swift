import Foundation

/// An exact amount of yuan, held as an integer number of ten-thousandths (4 decimals).
///
/// Ledgers carry fen (2 decimals) but unit prices of drugs and consumables carry 4; one
/// scale for both keeps sums exact without a Decimal per ledger line.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let scale = 4
    public static let unitsPerYuan: Int64 = 10_000
    public static let zero = Money(units: 0)

    /// Ten-thousandths of a yuan.
    public var units: Int64

    public init(units: Int64) { self.units = units }

    /// A computed amount (an excess over a benchmark), rounded half up to the fen, as a letter
    /// would state it. Amounts read from input are never rounded; only figures the rules derive are.
    public init(rounding value: Decimal) {
        var fen = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &fen, 0, .plain)
        self.init(units: NSDecimalNumber(decimal: rounded).int64Value * (Money.unitsPerYuan / 100))
    }

    public init(yuan: Int64, fen: Int64 = 0) {
        units = yuan * Self.unitsPerYuan + fen * 100
    }

    public static func + (a: Money, b: Money) -> Money { Money(units: a.units + b.units) }
    public static func - (a: Money, b: Money) -> Money { Money(units: a.units - b.units) }
    public static func += (a: inout Money, b: Money) { a.units += b.units }
    public static func -= (a: inout Money, b: Money) { a.units -= b.units }
    public static prefix func - (a: Money) -> Money { Money(units: -a.units) }
    public static func < (a: Money, b: Money) -> Bool { a.units < b.units }

    public var isZero: Bool { units == 0 }
    public var magnitude: Money { Money(units: units < 0 ? -units : units) }

    /// A decimal string with at least two decimals and no trailing zeros past them: "1234.50", "0.0125".
    public var description: String {
        let negative = units < 0
        let absolute = units.magnitude
        let whole = absolute / UInt64(Self.unitsPerYuan)
        var fraction = String(absolute % UInt64(Self.unitsPerYuan))
        fraction = String(repeating: "0", count: Self.scale - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + "\(whole).\(fraction)"
    }
}

/// An exact decimal for quantities, areas and rates: `mantissa × 10^-scale`.
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    public var mantissa: Int64
    public var scale: Int

    public init(mantissa: Int64, scale: Int) {
        self.mantissa = mantissa
        self.scale = scale
    }

    public var decimal: Decimal { Decimal(sign: mantissa < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(mantissa.magnitude)) }

    public var description: String {
        guard scale > 0 else { return String(mantissa) }
        let negative = mantissa < 0
        var digits = String(mantissa.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        return (negative ? "-" : "") + digits
    }
}
