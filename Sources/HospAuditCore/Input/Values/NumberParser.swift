/// Why a cell is not a number the tool can take exactly.
public enum NumberProblem: Error, Equatable, Sendable {
    case notANumber
    case tooManyDecimals(Int)
    case tooLarge
    case scientificNotation
}

/// Parses the amounts hospital exports write: `1234.56`, `1,234.56`, `1 234.56`, `¥1,234.56`,
/// `￥`, `(1,234.56)` and `-1,234.56` as negatives, `１２３４．５６`, `-` or `—` as zero, a
/// trailing `元` or `%`. Digits are accumulated into an Int64, never through a Double.
public enum NumberParser {
    public enum Result: Equatable, Sendable {
        case empty
        case value(mantissa: Int64, scale: Int, percent: Bool)
        case invalid(NumberProblem)
    }

    /// `maxScale`: decimals kept; more non-zero decimals are an error, never rounded away.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, maxScale: Int) -> Result {
        let range = ByteText.trimmed(b)
        if range.isEmpty { return .empty }
        if let plain = plainDecimal(b, range, maxScale: maxScale) { return plain }
        return general(b, range, maxScale: maxScale)
    }

    /// Most cells are `1234.56` or `1,234.56`: digits, commas and one dot, read in one pass.
    /// Anything else (signs, currency, full-width, too many decimals) goes the general way.
    @inline(__always)
    private static func plainDecimal(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maxScale: Int) -> Result? {
        var mantissa: Int64 = 0
        var scale = 0
        var sawDot = false
        var previousWasDigit = false
        var digits = 0
        for i in range {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                if sawDot { scale += 1 }
                digits += 1
                mantissa = mantissa &* 10 &+ Int64(c &- 0x30)
                previousWasDigit = true
            } else if c == UInt8(ascii: ",") && previousWasDigit && !sawDot {
                previousWasDigit = false
            } else if c == UInt8(ascii: ".") && !sawDot {
                sawDot = true
                previousWasDigit = false
            } else {
                return nil
            }
        }
        guard previousWasDigit, digits <= 18, scale <= maxScale else { return nil }
        return .value(mantissa: mantissa, scale: scale, percent: false)
    }

    private static func general(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maxScale: Int) -> Result {
        var i = range.lowerBound
        let end = range.upperBound

        var negative = false
        var parenthesised = false
        var percent = false
        var mantissa: Int64 = 0
        var scale = 0
        var digits = 0
        var pendingZeros = 0
        var sawDot = false
        var lastWasDigit = false
        var afterNumber = false
        var sawDigit = false

        while i < end {
            let c = b[i]
            // Currency signs, dashes and 元 are multi-byte; deal with them before folding.
            if c == 0xC2 && i + 1 < end && b[i + 1] == 0xA5 { i += 2; continue }                       // ¥
            if c == 0xEF && i + 2 < end && b[i + 1] == 0xBF && b[i + 2] == 0xA5 { i += 3; continue }   // ￥
            if c == 0xE2 && i + 2 < end && b[i + 1] == 0x80 && (b[i + 2] == 0x94 || b[i + 2] == 0x93) {  // — –
                if digits == 0 && !negative { negative = true; i += 3; continue }
                return .invalid(.notANumber)
            }
            if c == 0xE2 && i + 2 < end && b[i + 1] == 0x88 && b[i + 2] == 0x92 {                      // − (minus sign)
                if digits == 0 && !negative { negative = true; i += 3; continue }
                return .invalid(.notANumber)
            }
            if c == 0xE5 && i + 2 < end && b[i + 1] == 0x85 && b[i + 2] == 0x83 {                      // 元
                afterNumber = true; i += 3; continue
            }
            let (a, width) = ByteText.asciiFolded(b, at: i, end: end)
            guard width > 0 else { return .invalid(.notANumber) }
            i += width
            switch a {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if afterNumber || percent { return .invalid(.notANumber) }
                let d = Int64(a - UInt8(ascii: "0"))
                sawDigit = true
                if sawDot {
                    if scale >= maxScale {
                        if d != 0 {
                            var decimals = scale + pendingZeros + 1
                            var j = i
                            while j < end {
                                let (next, w) = ByteText.asciiFolded(b, at: j, end: end)
                                guard w > 0, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") else { break }
                                decimals += 1
                                j += w
                            }
                            return .invalid(.tooManyDecimals(decimals))
                        }
                        pendingZeros += 1
                        lastWasDigit = true
                        continue
                    }
                    scale += 1
                }
                if digits >= 18 { return .invalid(.tooLarge) }
                mantissa = mantissa * 10 + d
                if mantissa != 0 || sawDot { digits += 1 }
                lastWasDigit = true
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "'"):
                // Thousands separators only between digits of the whole part.
                guard lastWasDigit, !sawDot, i < end else { return .invalid(.notANumber) }
                lastWasDigit = false
            case UInt8(ascii: "."):
                if sawDot || afterNumber { return .invalid(.notANumber) }
                sawDot = true
                lastWasDigit = false
            case UInt8(ascii: "-"):
                if digits > 0 || lastWasDigit || negative { return .invalid(.notANumber) }
                negative = true
            case UInt8(ascii: "+"):
                if digits > 0 || lastWasDigit { return .invalid(.notANumber) }
            case UInt8(ascii: "("):
                if digits > 0 || lastWasDigit || parenthesised || negative { return .invalid(.notANumber) }
                parenthesised = true
                negative = true
            case UInt8(ascii: ")"):
                guard parenthesised, !afterNumber else { return .invalid(.notANumber) }
                afterNumber = true
            case UInt8(ascii: "%"):
                if percent { return .invalid(.notANumber) }
                percent = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                return .invalid(lastWasDigit ? .scientificNotation : .notANumber)
            default:
                return .invalid(.notANumber)
            }
        }
        if parenthesised && !afterNumber { return .invalid(.notANumber) }
        if !sawDigit {
            // A lone dash is how accountants write zero.
            if negative && !parenthesised && !percent && !sawDot { return .value(mantissa: 0, scale: 0, percent: false) }
            return .invalid(.notANumber)
        }
        return .value(mantissa: negative ? -mantissa : mantissa, scale: scale, percent: percent)
    }

    /// An amount of money; empty is nil so each column decides what empty means. `largest`: the
    /// greatest magnitude taken, an input cell's by default (sums, written back, are larger).
    public static func money(_ b: UnsafeBufferPointer<UInt8>, largest: Money = .largestAmount) -> Swift.Result<Money?, NumberProblem> {
        switch parse(b, maxScale: Money.scale) {
        case .empty:
            return .success(nil)
        case .invalid(let problem):
            return .failure(problem)
        case .value(_, _, true):
            return .failure(.notANumber)
        case .value(let mantissa, let scale, false):
            var units = mantissa
            for _ in scale..<Money.scale {
                let (product, overflow) = units.multipliedReportingOverflow(by: 10)
                if overflow { return .failure(.tooLarge) }
                units = product
            }
            guard units.magnitude <= largest.units.magnitude, units != Int64.min else { return .failure(.tooLarge) }
            return .success(Money(units: units))
        }
    }

    public static func money(_ text: String, largest: Money = .largestAmount) -> Swift.Result<Money?, NumberProblem> {
        text.withUTF8Bytes { money($0, largest: largest) }
    }
}
