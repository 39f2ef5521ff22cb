import Foundation

/// The outcome of typing one data record.
public enum RowOutcome {
    case used
    case rejected([InputError])
}

/// Walks a file's records for one table: finds the header below any title rows, passes over
/// blank lines, subtotals, repeated headers and lone notes (counting each), turns CSV syntax
/// errors into input errors, and hands every data record to the table's row reader.
public final class TableScanner {
    public static let headerSearchLimit = 30
    static let subtotalMarkers: Set<String> = [
        "合计", "总计", "小计", "本月合计", "本期合计", "本年合计", "本年累计", "本月累计", "累计",
        "期初余额", "期末余额", "上年结转", "承前页", "过次页", "月计", "年计",
    ]

    public let schema: TableSchema
    public private(set) var report: FileReport
    public private(set) var mapping: HeaderMapping?
    private var identifyingSources: [Int] = []
    private var fileFailed = false
    // Plain copies of what the per-record path needs, so it never copies the mapping.
    private var headerFound = false
    private var headerWidth = 0

    public init(schema: TableSchema, bundle: String, file: String) {
        self.schema = schema
        report = FileReport(bundle: bundle, file: file, table: schema.table)
    }

    /// `onRow` types a data record; it is called only after a usable header was found.
    /// `onRejected` hears of every data record rejected, whether by its shape or its values;
    /// `onUnreadable` of every place after the header where the CSV syntax lost a record, in
    /// order with the others (no cell of it can be trusted, so it has none).
    public func scan(_ input: DecodedInput, delimiter: UInt8? = nil,
                     onHeader: (HeaderMapping) -> Void = { _ in },
                     onRejected: (CSVRecord) -> Void = { _ in },
                     onUnreadable: () -> Void = {},
                     onRow: (CSVRecord) -> RowOutcome) throws {
        report.encoding = input.encoding.rawValue
        let reader = CSVRecordReader(source: input.reader, delimiter: delimiter, preserveSpaces: false)
        try RecordPipeline.read(
            reader,
            onRecord: { record in
                report.records += 1
                if headerFound {
                    if fileFailed {
                        report.rejected += 1
                    } else {
                        body(record, onRow, onRejected)
                    }
                } else {
                    searchHeader(record, onHeader)
                }
            },
            onError: { error in
                report.records += 1
                report.rejected += 1
                report.record(syntaxError(error))
                if headerFound && !fileFailed { onUnreadable() }
            })
        report.physicalLines = reader.physicalLines
        report.delimiter = reader.delimiter.map { Self.delimiterName($0) }
        if fileFailed || mapping == nil { report.wholeFileFailed = true }
        if mapping == nil {
            report.record(InputError(
                bundle: report.bundle, file: report.file, code: .noHeader,
                message: LocalizedText(
                    zh: "前 \(Self.headerSearchLimit) 行中找不到\(schema.title.zh)的表头（至少需认出两个列名，如 \(exampleHeaders)）",
                    en: "no \(schema.title.en) header in the first \(Self.headerSearchLimit) rows (at least two known column names, e.g. \(exampleHeaders))")))
            // Without a header nothing in the file was read: all but blank lines are rejected.
            let blank = report.skipped[.blank] ?? 0
            report.skipped = blank > 0 ? [.blank: blank] : [:]
            report.skippedLines = report.skippedLines.filter { $0.key == .blank }
            report.rejected = report.records - blank
        }
    }

    private var exampleHeaders: String {
        schema.columns.filter(\.required).prefix(3).map { $0.aliases.first ?? $0.name }.joined(separator: "、")
    }

    private func searchHeader(_ record: CSVRecord, _ onHeader: (HeaderMapping) -> Void) {
        if record.isBlankLine || isEmpty(record) {
            report.skip(.blank, line: record.line)
            return
        }
        guard report.records <= Self.headerSearchLimit,
              let found = HeaderMapping(cells: record.strings, line: record.line, schema: schema) else {
            report.skip(.title, line: record.line)
            return
        }
        mapping = found
        headerFound = true
        headerWidth = found.cells.count
        report.headerLine = found.line
        report.columns = found.matches
        report.ignoredHeaders = found.ignored
        report.skip(.header, line: record.line)
        // The row key when the table has one (a voucher number), else its first required column.
        if let identifying = schema.rowKey.flatMap(schema.column) ?? schema.columns.first(where: { $0.required }) {
            identifyingSources = found.sources[identifying.name] ?? []
            if let first = identifyingSources.first {
                identifyingHeader = Array(found.cells[first].trimmingCharacters(in: .whitespaces).utf8)
            }
        }
        // Two cells for one amount, date or code (two 借方金额) cannot both be read: taking either
        // would be a guess, and merging them invented unbalanced vouchers.
        // Text columns may draw on several cells (客户 and 供应商 both name the counterparty; the
        // first filled wins), but not on the same header written twice.
        for column in schema.columns {
            let cells = found.matches.filter { $0.column == column.name }
            guard cells.count > 1 else { continue }
            let headers = cells.map { HeaderText.normalize($0.header) }
            guard column.type != .text || column.name == schema.rowKey || Set(headers).count < headers.count else { continue }
            fileFailed = true
            let named = cells.map { "“\($0.header)”（#\($0.cell + 1)）" }
            report.record(InputError(
                bundle: report.bundle, file: report.file, line: found.line, code: .ambiguousHeader,
                message: LocalizedText(zh: "表头有多列都表示 \(column.name)：\(named.joined(separator: "、"))；无法判断读哪一列，未读取本文件",
                                       en: "several header cells name \(column.name): \(named.joined(separator: ", ")); which to read cannot be told, so the file was not read")))
        }
        let missing = found.missingColumns(for: schema)
        if !missing.isEmpty {
            fileFailed = true
            // Typed: GRDB's SQL is also a string literal, and `joined` of it prints its internals.
            let names: [String] = missing.map { (name: String) -> String in
                name.split(separator: "|").map { (part: Substring) -> String in
                    let column = schema.column(String(part))
                    return "\(part)（\(column?.aliases.first ?? String(part))）"
                }.joined(separator: " / ")
            }
            report.record(InputError(
                bundle: report.bundle, file: report.file, line: found.line, code: .missingColumn,
                message: LocalizedText(zh: "表头缺少必需的列：\(names.joined(separator: "，"))",
                                       en: "the header lacks required columns: \(names.joined(separator: ", "))")))
        }
        onHeader(found)
    }

    private func body(_ record: CSVRecord, _ onRow: (CSVRecord) -> RowOutcome, _ onRejected: (CSVRecord) -> Void) {
        if !looksLikeData(record) {
            let mapping = mapping!
            if record.isBlankLine || isEmpty(record) {
                report.skip(.blank, line: record.line)
                return
            }
            if let reason = nonDataReason(record, mapping) {
                report.skip(reason, line: record.line)
                return
            }
        }
        if record.count > headerWidth {
            for index in headerWidth..<record.count where !ByteText.trimmed(record.cell(index)).isEmpty {
                report.rejected += 1
                report.record(raggedRowError(record))
                onRejected(record)
                return
            }
        }
        switch onRow(record) {
        case .used:
            report.used += 1
        case .rejected(let errors):
            // Looked at only once a row fails: a page title a report writer put in the first
            // column (序时账,,,第2页) or a statement's section heading without an amount (一、收入).
            if StatementLabel.isLayoutRow((0..<record.count).map { ByteText.trimmedString(record.cell($0)) },
                                          headingsAllowed: schema.table == "statements",
                                          onlyMissingValues: errors.allSatisfy { $0.code == .missingValue }) {
                report.skip(.note, line: record.line)
                return
            }
            report.rejected += 1
            // A row's reader knows the line it starts on; a record quoted over several lines
            // is named by its last line too, as every other error of such a record is.
            let last = endLine(record)
            for var error in errors {
                if error.endLine == nil && error.line == record.line { error.endLine = last }
                report.record(error)
            }
            onRejected(record)
        }
    }

    /// The common case, decided on bytes without making a String: the identifying cell
    /// (voucher number, ...) is filled, is not a subtotal marker and is not the header's text.
    @inline(__always)
    private func looksLikeData(_ record: CSVRecord) -> Bool {
        for index in identifyingSources {
            let cell = record.cell(index)
            let range = ByteText.trimmed(cell)
            if range.isEmpty { continue }
            let bytes = UnsafeBufferPointer(rebasing: cell[range])
            if bytes.count == identifyingHeader.count
                && identifyingHeader.withUnsafeBytes({ ByteText.equal($0.baseAddress!, bytes.baseAddress!, count: bytes.count) }) {
                return false
            }
            if isMarker(bytes) { return false }
            // A lone cell is a page title or a remark; a marker in any cell (`合计` in the item
            // column of a statement) makes a subtotal. Either way, not data.
            var otherFilled = false
            // Raw lengths first: the reader has libcsv drop ASCII spaces around cells already.
            for other in 0..<record.count where other != index {
                let length = record.cellLength(other)
                if length == 0 { continue }
                otherFilled = true
                if keyedRows { break }
                if length < 64 && (markerLengthMask >> UInt64(length)) & 1 == 1 {
                    let cell = record.cell(other)
                    if isMarker(UnsafeBufferPointer(rebasing: cell[ByteText.trimmed(cell)])) { return false }
                }
            }
            return otherFilled
        }
        return false
    }

    /// Whether the trimmed cell is a subtotal marker, by its length first: most cells' length
    /// is no marker's.
    @inline(__always)
    private func isMarker(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count < 64 && (markerLengthMask >> UInt64(text.count)) & 1 == 1 else { return false }
        return markerBytes.contains(where: { $0.count == text.count && $0.elementsEqual(text) })
    }

    // Instance copies: a static is reached through a lazy-initialisation check on every use.
    private let markerBytes = TableScanner.markerBytes
    private lazy var keyedRows = schema.rowKey != nil
    private let markerLengthMask: UInt64 = TableScanner.markerBytes.reduce(0) { $0 | (1 << UInt64($1.count)) }

    private var identifyingHeader: [UInt8] = []
    static let markerBytes: [[UInt8]] = subtotalMarkers.map { Array($0.utf8) }

    /// A row longer than the header. The usual cause is an amount written with a thousands
    /// separator but not quoted (`45,000.00`), which the message points at when it sees one.
    private func raggedRowError(_ record: CSVRecord) -> InputError {
        let cells = (0..<record.count).map { ByteText.trimmedString(record.cell($0)) }
        var column = "#\(headerWidth + 1)"
        var zh = "该行有 \(record.count) 个单元格，表头只有 \(headerWidth) 列"
        var en = "the row has \(record.count) cells but the header has \(headerWidth)"
        if let split = cells.indices.dropLast().first(where: { Self.looksLikeSplitAmount(cells[$0], cells[$0 + 1]) }) {
            column = mapping?.matches.first { $0.cell == split }?.column ?? "#\(split + 1)"
            zh += "；“\(cells[split]),\(cells[split + 1])”像是未加引号的千分位金额"
            en += "; “\(cells[split]),\(cells[split + 1])” looks like an amount with an unquoted thousands separator"
        } else {
            let extra = cells[headerWidth...].filter { !$0.isEmpty }.joined(separator: "”“")
            zh += "；多出的内容：“\(extra)”"
            en += "; the extra cells hold “\(extra)”"
        }
        return InputError(bundle: report.bundle, file: report.file, line: record.line, endLine: endLine(record),
                          column: column, code: .raggedRow, message: LocalizedText(zh: zh, en: en))
    }

    static func looksLikeSplitAmount(_ head: String, _ tail: String) -> Bool {
        let headDigits = head.drop { "-¥￥(".contains($0) }
        guard (1...3).contains(headDigits.count), headDigits.allSatisfy(\.isASCII), headDigits.allSatisfy(\.isNumber) else { return false }
        let tailDigits = tail.prefix { $0 != "." && $0 != "," && $0 != ")" }
        return tailDigits.count == 3 && tailDigits.allSatisfy(\.isASCII) && tailDigits.allSatisfy(\.isNumber)
    }

    /// Subtotals, repeated headers and lone notes: known non-data rows.
    private func nonDataReason(_ record: CSVRecord, _ mapping: HeaderMapping) -> SkipReason? {
        let cells = (0..<record.count).map { ByteText.trimmedString(record.cell($0)) }
        if cells.map(HeaderText.normalize) == Array(mapping.normalizedCells.prefix(cells.count)),
           cells.count >= mapping.matches.count {
            return .repeatedHeader
        }
        if cells.contains(where: Self.isMarker) { return .subtotal }
        if cells.filter({ !$0.isEmpty }).count == 1 { return .note }
        return nil
    }

    static func isMarker(_ text: String) -> Bool {
        var key = text.filter { !$0.isWhitespace && $0 != "　" }
        while let last = key.last, last == ":" || last == "：" { key.removeLast() }
        return subtotalMarkers.contains(key)
    }

    private func isEmpty(_ record: CSVRecord) -> Bool {
        (0..<record.count).allSatisfy { ByteText.trimmed(record.cell($0)).isEmpty }
    }

    private func endLine(_ record: CSVRecord) -> Int? {
        record.endLine == record.line ? nil : record.endLine
    }

    private func syntaxError(_ error: CSVSyntaxError) -> InputError {
        let column = mapping?.matches.first { $0.cell == error.column - 1 }?.column ?? "#\(error.column)"
        let lines = error.endLine > error.line ? "第 \(error.line)–\(error.endLine) 行" : "该行"
        let linesEn = error.endLine > error.line ? "lines \(error.line)–\(error.endLine)" : "the line"
        if error.unterminatedQuote {
            return InputError(
                bundle: report.bundle, file: report.file, line: error.line, endLine: error.endLine,
                column: column, code: .unterminatedQuote,
                message: LocalizedText(zh: "引号未闭合，\(lines)无法读取", en: "a quoted cell is never closed; \(linesEn) could not be read"))
        }
        return InputError(
            bundle: report.bundle, file: report.file, line: error.line, endLine: error.endLine == error.line ? nil : error.endLine,
            column: column, code: .csvSyntax,
            message: LocalizedText(zh: "引号使用不当（闭合引号后还有其他字符），\(lines)无法读取",
                                   en: "bad quoting (text after a closing quote); \(linesEn) could not be read"))
    }

    static func delimiterName(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): return "tab"
        case UInt8(ascii: ","): return "comma"
        case UInt8(ascii: ";"): return "semicolon"
        case UInt8(ascii: "|"): return "pipe"
        default: return String(UnicodeScalar(byte))
        }
    }
}
