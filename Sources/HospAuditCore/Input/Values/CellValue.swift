import Foundation

/// A typed cell of one of the small tables.
public enum CellValue: Equatable, Sendable {
    case text(String)
    case money(Money)
    case date(Day)
    case decimal(ExactDecimal)
    /// A fraction: 4.35% is 0.0435.
    case rate(ExactDecimal)
    case integer(Int)
    case boolean(Bool)
    /// `key` is the canonical value, nil for an unknown value of an open vocabulary.
    case enumeration(key: String?, raw: String)
    case uscc(String)
    case region(String)
    case year(Int)
    case period(Period)

    public var text: String? {
        switch self {
        case .text(let s), .uscc(let s), .region(let s): return s
        case .enumeration(let key, let raw): return key ?? raw
        default: return nil
        }
    }

    public var money: Money? {
        if case .money(let m) = self { return m }
        return nil
    }

    public var day: Day? {
        if case .date(let d) = self { return d }
        return nil
    }

    /// A decimal or a rate as an exact Decimal.
    public var decimalValue: Decimal? {
        switch self {
        case .decimal(let d), .rate(let d): return d.decimal
        default: return nil
        }
    }

    /// The value as `inspect` prints it.
    public var display: String {
        switch self {
        case .text(let s), .uscc(let s), .region(let s): return s
        case .money(let m): return m.description
        case .date(let d): return d.description
        case .decimal(let d), .rate(let d): return d.description
        case .integer(let i), .year(let i): return String(i)
        case .boolean(let b): return b ? "true" : "false"
        case .enumeration(let key, let raw): return key ?? raw
        case .period(let p): return p.description
        }
    }
}

/// A cell that cannot be typed, with the code and words for the error.
public struct CellProblem: Error, Sendable {
    public let code: InputErrorCode
    public let message: LocalizedText
}

/// Types cells by their column's declared type.
public struct CellParser: Sendable {
    private let vocabularies: [String: [String: String]]

    public init(schema: TableSchema) {
        vocabularies = schema.vocabularies
    }

    /// Nil for an empty cell.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, as column: TableSchema.Column) -> Result<CellValue?, CellProblem> {
        let raw = ByteText.trimmedString(bytes)
        if raw.isEmpty { return .success(nil) }
        if raw.unicodeScalars.contains("\u{FFFD}") || String(validating: bytes, as: UTF8.self) == nil {
            return .failure(CellProblem(code: .undecodableBytes, message: LocalizedText(
                zh: "含有无法解码的字节，文件编码可能不对（可用 --encoding 指定）",
                en: "holds bytes that do not decode; the file's encoding may be wrong (see --encoding)")))
        }
        switch column.type {
        case .text:
            return .success(.text(raw))
        case .money:
            switch NumberParser.money(bytes) {
            case .success(let money): return .success(money.map(CellValue.money))
            case .failure(let problem): return .failure(Self.numberProblem(problem, raw: raw, code: .badMoney))
            }
        case .decimal:
            switch NumberParser.parse(bytes, maxScale: 6) {
            case .value(let m, let s, false): return .success(.decimal(ExactDecimal(mantissa: m, scale: s)))
            case .invalid(let problem): return .failure(Self.numberProblem(problem, raw: raw, code: .badNumber))
            default: return .failure(Self.numberProblem(.notANumber, raw: raw, code: .badNumber))
            }
        case .rate:
            return RateParser.parse(bytes).map { $0.map(CellValue.rate) }.mapError {
                Self.numberProblem($0, raw: raw, code: .badRate)
            }
        case .integer, .year:
            let digits = raw.filter { $0 != "年" && $0 != "度" }
            guard let value = Int(digits), value >= 0 else {
                return .failure(CellProblem(code: .badNumber, message: LocalizedText(
                    zh: "“\(raw)”不是整数", en: "“\(raw)” is not a whole number")))
            }
            if column.type == .year && !DateParser.years.contains(value) {
                return .failure(CellProblem(code: .badNumber, message: LocalizedText(
                    zh: "“\(raw)”不是年份", en: "“\(raw)” is not a year")))
            }
            return .success(column.type == .year ? .year(value) : .integer(value))
        case .date:
            switch DateParser.parse(bytes) {
            case .success(let day): return .success(day.map(CellValue.date))
            case .failure(let problem): return .failure(Self.dateProblem(problem, raw: raw))
            }
        case .boolean:
            switch HeaderText.normalize(raw) {
            case "是", "yes", "y", "true", "1", "有": return .success(.boolean(true))
            case "否", "no", "n", "false", "0", "无": return .success(.boolean(false))
            default:
                return .failure(CellProblem(code: .badBoolean, message: LocalizedText(
                    zh: "“\(raw)”不是“是/否”", en: "“\(raw)” is not yes/no")))
            }
        case .uscc:
            let code = USCC.normalize(raw)
            if let problem = USCC.problem(in: code) {
                return .failure(CellProblem(code: .badUSCC, message: Self.usccMessage(problem, code: code)))
            }
            return .success(.uscc(code))
        case .region:
            guard raw.count == 6, raw.allSatisfy(\.isASCII), Int(raw) != nil else {
                return .failure(CellProblem(code: .badValue, message: LocalizedText(
                    zh: "“\(raw)”不是六位行政区划代码", en: "“\(raw)” is not a six-digit region code")))
            }
            return .success(.region(raw))
        case .period:
            guard let period = Self.period(raw) else {
                return .failure(CellProblem(code: .badValue, message: LocalizedText(
                    zh: "“\(raw)”不是期间（如 2024 或 2024-12）", en: "“\(raw)” is not a period (e.g. 2024 or 2024-12)")))
            }
            return .success(.period(period))
        case .enumeration:
            if let key = vocabularies[column.name]?[HeaderText.normalize(raw)]
                ?? vocabularies[column.name]?[HeaderText.normalize(StatementLabel.bare(raw))] {
                return .success(.enumeration(key: key, raw: raw))
            }
            if column.open { return .success(.enumeration(key: nil, raw: raw)) }
            // Every accepted spelling, grouped by value: an export that writes Dr/Cr should not be
            // told that only 借 and 贷 are known.
            let spellings = column.values.values.sorted { ($0.first ?? "") < ($1.first ?? "") }
            let zh = spellings.map { $0.joined(separator: "、") }.joined(separator: "；")
            let en = spellings.map { $0.joined(separator: ", ") }.joined(separator: "; ")
            return .failure(CellProblem(code: .badValue, message: LocalizedText(
                zh: "“\(raw)”不是可识别的值（可用：\(zh)）", en: "“\(raw)” is not a known value (known: \(en))")))
        }
    }

    static func period(_ raw: String) -> Period? {
        let parts = raw.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int(first), DateParser.years.contains(year) else { return nil }
        if parts.count == 1 { return Period(year: year) }
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return Period(year: year, month: month)
    }

    static func numberProblem(_ problem: NumberProblem, raw: String, code: InputErrorCode) -> CellProblem {
        switch problem {
        case .notANumber:
            return CellProblem(code: code, message: LocalizedText(zh: "“\(raw)”不是金额或数字", en: "“\(raw)” is not an amount or number"))
        case .tooManyDecimals(let n):
            return CellProblem(code: code, message: LocalizedText(
                zh: "“\(raw)”有 \(n) 位小数，超过可精确保存的 \(Money.scale) 位；不做四舍五入",
                en: "“\(raw)” has \(n) decimals, more than the \(Money.scale) kept exactly; it is not rounded"))
        case .tooLarge:
            return CellProblem(code: code, message: LocalizedText(
                zh: "“\(raw)”数值过大（金额不超过 \(Money.trillions(Money.largestAmount)) 万亿元）",
                en: "“\(raw)” is too large (amounts go up to \(Money.trillions(Money.largestAmount)) trillion yuan)"))
        case .scientificNotation:
            return CellProblem(code: code, message: LocalizedText(
                zh: "“\(raw)”是科学计数法，已丢失精度；请在导出前把该列设为数值或文本格式",
                en: "“\(raw)” is in scientific notation and has lost precision; export the column as number or text"))
        }
    }

    static func dateProblem(_ problem: DateProblem, raw: String) -> CellProblem {
        switch problem {
        case .notADate:
            return CellProblem(code: .badDate, message: LocalizedText(zh: "“\(raw)”不是日期", en: "“\(raw)” is not a date"))
        case .noSuchDay:
            return CellProblem(code: .badDate, message: LocalizedText(zh: "日期“\(raw)”不存在", en: "the date “\(raw)” does not exist"))
        case .yearOutOfRange:
            return CellProblem(code: .badDate, message: LocalizedText(
                zh: "日期“\(raw)”的年份不在 \(DateParser.years.lowerBound)–\(DateParser.years.upperBound) 之间",
                en: "the date “\(raw)” has a year outside \(DateParser.years.lowerBound)–\(DateParser.years.upperBound)"))
        }
    }

    static func usccMessage(_ problem: USCC.Problem, code: String) -> LocalizedText {
        switch problem {
        case .wrongLength(let n):
            return LocalizedText(zh: "统一社会信用代码“\(code)”应为 18 位，实为 \(n) 位",
                                 en: "the USCC “\(code)” should have 18 characters, not \(n)")
        case .invalidCharacter(let position, let ch):
            return LocalizedText(zh: "统一社会信用代码“\(code)”第 \(position) 位“\(ch)”不是合法字符",
                                 en: "the USCC “\(code)” has an invalid character “\(ch)” at position \(position)")
        case .wrongCheckCharacter(let expected, let found):
            return LocalizedText(zh: "统一社会信用代码“\(code)”校验位应为“\(expected)”，实为“\(found)”（GB 32100-2015）",
                                 en: "the USCC “\(code)” has check character “\(found)”, GB 32100-2015 gives “\(expected)”")
        }
    }
}
