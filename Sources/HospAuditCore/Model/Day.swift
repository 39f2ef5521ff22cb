import Foundation

/// A calendar date without time or zone, as vouchers carry it.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// Nil for a date that does not exist (2024-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Civil-to-days conversion over 400-year eras (proleptic Gregorian calendar).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        ordinal = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }

    public static func days(inYear year: Int) -> Int { daysIn(month: 2, year: year) == 29 ? 366 : 365 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

    /// ISO 8601: "2024-03-05".
    public var description: String {
        let (y, m, d) = components
        guard (0 ... 9999).contains(y) else {
            func pad(_ v: Int, _ width: Int) -> String {
                let s = String(v)
                return String(repeating: "0", count: max(0, width - s.count)) + s
            }
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
        }
        // Ten bytes written in place: every evidence line carries its date.
        return String(unsafeUninitializedCapacity: 10) { out in
            func digits(_ v: Int, _ width: Int, at offset: Int) {
                var v = v
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            digits(y, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            digits(m, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            digits(d, 2, at: 8)
            return 10
        }
    }
}

/// A fiscal period as statements and disclosures name it: a year, or a month of a year.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int?

    public init(year: Int, month: Int? = nil) {
        self.year = year
        self.month = month
    }

    public static func < (a: Period, b: Period) -> Bool {
        (a.year, a.month ?? 0) < (b.year, b.month ?? 0)
    }

    public var description: String {
        guard let month else { return String(year) }
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }
}

extension Day {
    /// The calendar day a moment falls on in the machine's time zone: "today" for a run.
    public init(_ moment: Date) {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: moment)
        self = Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(ordinal: 0)
    }
}
