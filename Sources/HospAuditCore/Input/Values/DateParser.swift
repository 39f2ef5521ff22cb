/// Why a cell is not a date.
public enum DateProblem: Error, Equatable, Sendable {
    case notADate
    case noSuchDay
    /// A year no hospital's books can have (0001, 9999): a placeholder or a typo.
    case yearOutOfRange
}

/// Parses the dates exports write: `2024-03-05`, `2024/3/5`, `2024.03.05`, `20240305`,
/// `2024年3月5日`, a trailing time (`2024-03-05 00:00:00`), and Excel serial numbers (45356).
public enum DateParser {
    /// Excel's 1900 date system counts a 1900-02-29 that never was, so from serial 61 on day 0
    /// is 1899-12-30. Only five- and six-digit serials are taken (1927-05-18 … 2199-12-31):
    /// a shorter number in a date column is more likely a year or a day than a date.
    static let excelEpoch = Day(year: 1899, month: 12, day: 30)!
    static let excelSerialRange = 10_000...109_574

    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Day?, DateProblem> {
        let range = ByteText.trimmed(b)
        if range.isEmpty { return .success(nil) }
        if range.count == 10, let iso = isoDate(b, range.lowerBound) { return iso }
        return general(b, range)
    }

    /// `2024-03-05` or `2024/03/05`, the form nearly every export uses, without the general scan.
    @inline(__always)
    private static func isoDate(_ b: UnsafeBufferPointer<UInt8>, _ s: Int) -> Result<Day?, DateProblem>? {
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = b[s + i]
            return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
        }
        let separator = b[s + 4]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/"), b[s + 7] == separator,
              let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        return day(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1)
    }

    private static func general(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Result<Day?, DateProblem> {
        // Up to three runs of digits, kept in locals: this runs once per ledger line.
        var values = (0, 0, 0)
        var widths = (0, 0, 0)
        var count = 0
        var current = -1
        var currentDigits = 0
        var separators = 0
        var serialFraction = false
        var i = range.lowerBound
        let end = range.upperBound

        func closeRun() {
            switch count {
            case 0: values.0 = current; widths.0 = currentDigits
            case 1: values.1 = current; widths.1 = currentDigits
            default: values.2 = current; widths.2 = currentDigits
            }
            count += 1
            current = -1
        }

        while i < end {
            let (a, width) = ByteText.asciiFolded(b, at: i, end: end)
            if width > 0 && a >= UInt8(ascii: "0") && a <= UInt8(ascii: "9") {
                if current < 0 { current = 0; currentDigits = 0 }
                current = current * 10 + Int(a - UInt8(ascii: "0"))
                currentDigits += 1
                if currentDigits > 8 { return .failure(.notADate) }
                i += width
                continue
            }
            if current >= 0 { closeRun() }
            if count == 3 { break }  // a time part may follow; it is not the date
            if width > 0 && (a == UInt8(ascii: "-") || a == UInt8(ascii: "/") || a == UInt8(ascii: ".")) {
                if count == 1 && widths.0 <= 6 && a == UInt8(ascii: ".") && separators == 0 {
                    serialFraction = true  // an Excel serial with a time fraction: 45356.5
                }
                separators += 1
                i += width
                continue
            }
            // 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5
            if i + 2 < end && ((b[i] == 0xE5 && b[i + 1] == 0xB9 && b[i + 2] == 0xB4)
                || (b[i] == 0xE6 && b[i + 1] == 0x9C && b[i + 2] == 0x88)
                || (b[i] == 0xE6 && b[i + 1] == 0x97 && b[i + 2] == 0xA5)) {
                separators += 1
                i += 3
                continue
            }
            return .failure(.notADate)
        }
        if current >= 0 && count < 3 { closeRun() }
        if serialFraction && count == 2 { return serial(values.0) }
        switch count {
        case 1 where widths.0 == 8:
            let v = values.0
            return day(v / 10000, v / 100 % 100, v % 100)
        case 1 where widths.0 <= 6 && separators == 0:
            return serial(values.0)
        case 3 where widths.0 == 4 && separators >= 2:
            return day(values.0, values.1, values.2)
        default:
            return .failure(.notADate)
        }
    }

    public static func parse(_ text: String) -> Result<Day?, DateProblem> {
        text.withUTF8Bytes { parse($0) }
    }

    private static func serial(_ n: Int) -> Result<Day?, DateProblem> {
        guard excelSerialRange.contains(n) else { return .failure(.notADate) }
        return .success(excelEpoch.adding(days: n))
    }

    /// The years books can be dated in: from before the oldest private hospitals to well past today.
    public static let years = 1900...2199

    private static func day(_ y: Int, _ m: Int, _ d: Int) -> Result<Day?, DateProblem> {
        guard years.contains(y) else { return .failure(.yearOutOfRange) }
        guard let day = Day(year: y, month: m, day: d) else { return .failure(.noSuchDay) }
        return .success(day)
    }
}
