/// A typed row of one of the small tables (all but the ledger), keyed by canonical column.
public struct TableRow: Sendable, Equatable {
    public let line: Int
    public var values: [String: CellValue]

    public subscript(column: String) -> CellValue? { values[column] }
}

/// A small table read whole, with the account of its file.
public struct TableData: Sendable {
    public let table: String
    public var rows: [TableRow]
    public var report: FileReport
}

/// Reads the small tables. Each is a few hundred rows at most, so rows are kept in memory.
public enum TableRowReader {
    public static func read(_ input: DecodedInput, schema: TableSchema, bundle: String, file: String,
                            delimiter: UInt8? = nil) throws -> TableData {
        let scanner = TableScanner(schema: schema, bundle: bundle, file: file)
        let parser = CellParser(schema: schema)
        var rows: [TableRow] = []
        var sources: [String: [Int]] = [:]
        var volume: Int64 = 0
        var volumeExceeded = false
        try scanner.scan(input, delimiter: delimiter, onHeader: { sources = $0.sources }) { record in
            var values: [String: CellValue] = [:]
            var errors: [InputError] = []
            for column in schema.columns {
                guard let list = sources[column.name] else { continue }
                let cell = record.firstFilledCell(list)
                switch parser.parse(cell, as: column) {
                case .success(let value?):
                    values[column.name] = value
                    if case .money(let amount) = value, !Money.addVolume(amount, to: &volume) { volumeExceeded = true }
                case .success(nil):
                    if column.required {
                        errors.append(missingValue(column, record: record, scanner: scanner))
                    }
                case .failure(let problem):
                    errors.append(InputError(bundle: bundle, file: file, line: record.line, column: column.name,
                                             code: problem.code, message: problem.message))
                }
            }
            for group in schema.requiredAny where group.allSatisfy({ values[$0] == nil }) && errors.isEmpty {
                errors.append(InputError(
                    bundle: bundle, file: file, line: record.line, column: group.joined(separator: "|"),
                    code: .missingValue,
                    message: LocalizedText(zh: "\(group.joined(separator: " 或 ")) 至少要填一个",
                                           en: "one of \(group.joined(separator: " or ")) must be filled")))
            }
            if !errors.isEmpty { return .rejected(errors) }
            rows.append(TableRow(line: record.line, values: values))
            return .used
        }
        var report = scanner.report
        if volumeExceeded {
            // Summed by party or year, such amounts could leave the range: the table is not used.
            rows = []
            report.refuseWhole()
            report.record(.volumeBeyondRange(bundle: bundle, file: file))
        }
        return TableData(table: schema.table, rows: rows, report: report)
    }

    static func missingValue(_ column: TableSchema.Column, record: CSVRecord, scanner: TableScanner) -> InputError {
        let header = column.aliases.first ?? column.name
        return InputError(
            bundle: scanner.report.bundle, file: scanner.report.file, line: record.line, column: column.name,
            code: .missingValue,
            message: LocalizedText(zh: "必填的“\(header)”为空", en: "the required \(column.name) is empty"))
    }
}
