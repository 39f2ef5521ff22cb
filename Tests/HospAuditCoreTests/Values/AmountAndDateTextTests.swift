import Testing
@testable import HospAuditCore

/// Amounts and dates as findings print them: the byte-writing forms must give exactly what the
/// String-building forms they replaced gave (kept here as the reference).
struct AmountAndDateTextTests {
    static func referenceMoney(_ money: Money) -> String {
        if money.isOverflow { return "overflow" }
        let negative = money.units < 0
        let absolute = money.units.magnitude
        let whole = absolute / UInt64(Money.unitsPerYuan)
        var fraction = String(absolute % UInt64(Money.unitsPerYuan))
        fraction = String(repeating: "0", count: Money.scale - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + "\(whole).\(fraction)"
    }

    static func referenceDay(_ day: Day) -> String {
        let (y, m, d) = day.components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    @Test func amountsReadAsBefore() {
        var values: [Int64] = [0, 1, 9, 10, 99, 100, 125, 1_000, 5_000, 9_999, 10_000, 10_001, 12_345_600, 100_000_000,
                               Money.largestAmount.units, Int64.max, Int64.min + 1]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0 ..< 20_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            // Every magnitude, and amounts in whole fen and whole yuan, as ledgers have them.
            let magnitude = Int64(state % UInt64(Int64.max)) >> Int64(state % 63)
            values.append(magnitude)
            values.append(magnitude / 100 * 100)
            values.append(magnitude / 10_000 * 10_000)
        }
        for units in values {
            for value in [Money(units: units), Money(units: -units)] {
                #expect(value.description == Self.referenceMoney(value), "\(value.units)")
            }
        }
        #expect(Money.overflow.description == "overflow")
        #expect(Money(units: -50_000).description == "-5.00")
        #expect(Money(units: 12_345_678).description == "1234.5678")
    }

    @Test func datesReadAsBefore() {
        let first = Day(year: 1, month: 1, day: 1)!.ordinal
        let last = Day(year: 9999, month: 12, day: 31)!.ordinal
        for ordinal in stride(from: first, through: last, by: 7) {
            let day = Day(ordinal: ordinal)
            if day.description != Self.referenceDay(day) { Issue.record("\(ordinal)"); break }
        }
        for ordinal in [first - 400, first - 1, last + 1, last + 800, Day(year: 2024, month: 2, day: 29)!.ordinal] {
            #expect(Day(ordinal: ordinal).description == Self.referenceDay(Day(ordinal: ordinal)))
        }
        #expect(Day(year: 2024, month: 3, day: 5)!.description == "2024-03-05")
    }
}
