import Foundation

/// A first import mapping for an export whose headers are not all the tables': what was
/// recognised written out, what was not listed for the auditor to place. The draft is a valid
/// mapping as it stands; the headers it could not place are comments until someone decides.
public struct MappingDraft: Sendable {
    public let yaml: String
    public let table: String?
    /// Headers no column answers to.
    public let unplaced: [String]

    public static func of(path: String, encoding: TextEncoding? = nil) -> MappingDraft {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let inspection = Inspector.inspect(path: path, encoding: encoding, rows: 0)
        let report = inspection.report
        let schema = report.table.flatMap(TableCatalog.schema)
        var placed = report.columns.map { (header: $0.header, column: $0.column) }
        var unplaced = report.ignoredHeaders
        let names = ["tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|"]
        var delimiter = report.delimiter.map { names[$0] ?? $0 }
        if schema == nil { (unplaced, delimiter) = Self.headerCells(path: path, encoding: encoding) }
        // A header twice in a file is one key of the mapping, and a column is read from one
        // header: the others that name it wait as comments.
        var seen: Set<String> = [], columnsTaken: Set<String> = []
        placed = placed.filter { seen.insert($0.header).inserted }
        let alsoNaming = placed.filter { !columnsTaken.insert($0.column).inserted }
        placed.removeAll { pair in alsoNaming.contains { $0.header == pair.header } }
        let free = (schema?.columns ?? []).filter { column in !placed.contains { $0.column == column.name } }.map(\.name)

        var lines: [String] = []
        lines.append("# hospaudit 导入映射草稿 / import mapping draft, from \(file)")
        lines.append("# 以 # 列出的表头未能识别：写上它对应的列名并去掉 #，或删去。")
        lines.append("# Headers listed after # were not placed: give each its column and remove the #, or delete the line.")
        lines.append("# 检查 / check: hospaudit validate BUNDLE --mapping mapping.yaml")
        lines.append("version: 1")
        lines.append("files:")
        // The name as a pattern that matches only itself.
        let pattern = file.map { "*?[]\\".contains($0) ? "\\" + String($0) : String($0) }.joined()
        lines.append("  - match: \(JSONValue.quoted(pattern))")
        if let schema {
            lines.append("    table: \(schema.table)")
        } else {
            lines.append("    table: ledger    # 未能从表头认出是哪张表 / not recognised: " + TableCatalog.order.joined(separator: ", "))
        }
        if let encoding = report.encoding { lines.append("    encoding: \(encoding)") }
        if let delimiter { lines.append("    delimiter: \(JSONValue.quoted(delimiter))") }
        // With nothing placed the key itself waits as a comment, so removing the #s gives YAML.
        lines.append(placed.isEmpty ? "    # columns:" : "    columns:")
        for pair in placed { lines.append("      \(JSONValue.quoted(pair.header)): \(pair.column)") }
        for header in unplaced { lines.append("    #  \(JSONValue.quoted(header)): ?") }
        for pair in alsoNaming { lines.append("    #  \(JSONValue.quoted(pair.header)): ?    # 也像是 / also reads as \(pair.column)") }
        if !free.isEmpty { lines.append("    # 尚未对应的列 / columns not yet placed: " + free.joined(separator: ", ")) }
        if schema?.table == "ledger" && placed.contains(where: { $0.column == "amount" }) && !placed.contains(where: { $0.column == "direction" }) {
            lines.append("    # 只有一个带符号的金额列时 / one signed amount column, no direction:")
            lines.append("    # amount_sign: debit_positive    # 正数为借、负数为贷 (credit_positive: the other way)")
        }
        return MappingDraft(yaml: lines.joined(separator: "\n") + "\n", table: schema?.table, unplaced: unplaced)
    }

    /// The first row of a file that holds two filled cells or more: its header, when no table's
    /// columns could be recognised in it.
    static func headerCells(path: String, encoding: TextEncoding?) -> (cells: [String], delimiter: String?) {
        guard let reader = try? FileByteReader(path: path),
              let sample = try? reader.peek(EncodingDetector.sampleSize),
              let input = try? DecodedInput.open(bytes: sample, encoding: encoding),
              let raw = try? RawRecords.read(input) else { return ([], nil) }
        let delimiter = String(UnicodeScalar(raw.delimiter))
        for record in raw.records.prefix(TableScanner.headerSearchLimit) {
            let cells = record.cells.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if cells.count >= 2 { return (cells, delimiter) }
        }
        return ([], delimiter)
    }
}
