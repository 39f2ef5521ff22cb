import Foundation

/// An exact amount of yuan, held as an integer number of ten-thousandths (4 decimals).
///
/// Ledgers carry fen (2 decimals) but unit prices of drugs and consumables carry 4; one
/// scale for both keeps sums exact without a Decimal per ledger line.
///
/// Arithmetic never traps: a sum or difference beyond the Int64 range is `overflow`, which
/// absorbs every further operation, so a hostile file costs its own hospital (the audit marks
/// it incomplete) instead of the run.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let scale = 4
    public static let unitsPerYuan: Int64 = 10_000
    public static let zero = Money(units: 0)
    /// A sum that left the range: absorbing, and never equal to an amount.
    public static let overflow = Money(units: .min)
    /// The largest amount read from a file: a trillion yuan, beyond any hospital's books, so
    /// millions of such lines still add up exactly.
    public static let largestAmount = Money(units: 1_000_000_000_000 * unitsPerYuan)

    public var isOverflow: Bool { units == .min }

    /// The most a file's amounts may add up to in magnitude: no sum or difference of them, nor
    /// of two such sums, can then leave the range. 2.3 × 10¹⁴ yuan, beyond any hospital's books.
    public static let largestFileVolume = Money(units: Int64.max / 4)

    /// The limits as an auditor reads them, in whole 万亿 (10¹² yuan): `largestAmount` is 1,
    /// `largestFileVolume` 230 and a little more.
    static func trillions(_ limit: Money) -> Int64 { limit.units / (1_000_000_000_000 * unitsPerYuan) }

    /// Adds an amount's magnitude to a running volume; false once it passes `largestFileVolume`.
    @inline(__always)
    static func addVolume(_ amount: Money, to volume: inout Int64) -> Bool {
        let (sum, overflow) = volume.addingReportingOverflow(amount.units.magnitude > UInt64(Int64.max) ? Int64.max : Int64(amount.units.magnitude))
        volume = overflow ? Int64.max : sum
        return volume <= largestFileVolume.units
    }

    /// Ten-thousandths of a yuan.
    public var units: Int64

    public init(units: Int64) { self.units = units }

    /// A computed amount (an excess over a benchmark), rounded half up to the fen, as a letter
    /// would state it. Amounts read from input are never rounded; only figures the rules derive are.
    public init(rounding value: Decimal) {
        var fen = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &fen, 0, .plain)
        // Beyond the range (a rate of billions of percent), the figure is no amount at all.
        guard !rounded.isNaN, rounded.magnitude < Decimal(Int64.max / 100) else {
            self = .overflow
            return
        }
        self.init(units: NSDecimalNumber(decimal: rounded).int64Value * (Money.unitsPerYuan / 100))
    }

    public init(yuan: Int64, fen: Int64 = 0) {
        units = yuan * Self.unitsPerYuan + fen * 100
    }

    @inline(__always)
    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ a: Money, _ b: Money) -> Money {
        result.overflow || a.units == .min || b.units == .min || result.partialValue == .min ? .overflow : Money(units: result.partialValue)
    }

    public static func + (a: Money, b: Money) -> Money { checked(a.units.addingReportingOverflow(b.units), a, b) }
    public static func - (a: Money, b: Money) -> Money { checked(a.units.subtractingReportingOverflow(b.units), a, b) }
    public static func += (a: inout Money, b: Money) { a = a + b }
    public static func -= (a: inout Money, b: Money) { a = a - b }
    public static prefix func - (a: Money) -> Money { a.isOverflow ? .overflow : Money(units: -a.units) }
    public static func < (a: Money, b: Money) -> Bool { a.units < b.units }

    public var isZero: Bool { units == 0 }
    public var magnitude: Money { units < 0 ? -self : self }

    /// A decimal string with at least two decimals and no trailing zeros past them: "1234.50", "0.0125".
    /// Digits written right to left into a buffer: every evidence line carries two amounts, and
    /// building them from Strings was most of the time spent writing a large finding's evidence.
    public var description: String {
        if isOverflow { return "overflow" }
        var whole = units.magnitude / UInt64(Self.unitsPerYuan)
        var fraction = units.magnitude % UInt64(Self.unitsPerYuan)
        var decimals = Self.scale
        while decimals > 2 && fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        // 20 digits of a UInt64, the point, the decimals and a sign.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24 + Self.scale) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            for _ in 0 ..< decimals {
                put(UInt8(ascii: "0") + UInt8(fraction % 10))
                fraction /= 10
            }
            put(UInt8(ascii: "."))
            repeat {
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
            } while whole > 0
            if units < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// As an auditor writes an amount in a letter: thousands grouped, "7,344,000.00". On the
    /// bytes of `description`: a finding's message carries several, and RP-005 writes hundreds.
    public var grouped: String {
        let plain = description
        guard !isOverflow else { return plain }
        let utf8 = Array(plain.utf8)
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")) else { return plain }
        let first = utf8.first == UInt8(ascii: "-") ? 1 : 0
        let digits = dot - first
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + digits / 3)
        out.append(contentsOf: utf8[..<first])
        for i in 0 ..< digits {
            if i > 0 && (digits - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(utf8[first + i])
        }
        out.append(contentsOf: utf8[dot...])
        return String(decoding: out, as: UTF8.self)
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
