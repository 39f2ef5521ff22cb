/// The plain-text view of an inspection, for a person at a terminal.
public enum InspectionText {
    public static func render(_ inspection: Inspection, english: Bool) -> String {
        func t(_ zh: String, _ en: String) -> String { english ? en : zh }
        let r = inspection.report
        var out: [String] = []
        out.append("\(t("文件", "File")): \(inspection.path)")
        if let table = r.table, let schema = TableCatalog.schema(table) {
            let how = inspection.detectedBy == "header" ? t("按表头识别", "recognised by its header")
                : inspection.detectedBy == "mapping" ? t("按导入映射", "placed by the import mapping") : t("按文件名识别", "recognised by its file name")
            out.append("\(t("表", "Table")): \(table)（\(schema.title.zh)），\(how)")
        } else {
            out.append("\(t("表", "Table")): \(t("未识别", "not recognised"))")
        }
        if let encoding = r.encoding {
            let how = inspection.encodingDetected ? t("自动识别", "detected") : t("按 --encoding 或导入映射", "from --encoding or the import mapping")
            out.append("\(t("编码", "Encoding")): \(encoding)（\(how)）  \(t("分隔符", "Delimiter")): \(r.delimiter ?? "-")")
        }
        if let header = r.headerLine {
            out.append("\(t("表头", "Header")): \(t("第 \(header) 行", "line \(header)"))")
            for match in r.columns {
                out.append("  \(match.header) → \(match.column)")
            }
            if !r.ignoredHeaders.isEmpty {
                out.append("\(t("未使用的列", "Ignored headers")): \(r.ignoredHeaders.joined(separator: ", "))")
            }
        }
        out.append("\(t("记录", "Records")): \(r.records)（\(t("物理行", "physical lines")) \(r.physicalLines)）  "
                   + "\(t("已用", "used")) \(r.used)  \(t("跳过", "skipped")) \(r.skippedTotal)  \(t("拒绝", "rejected")) \(r.rejected)")
        for reason in r.skipped.keys.sorted() {
            let lines = r.skippedLines[reason, default: []].map(String.init).joined(separator: ", ")
            let more = r.skipped[reason, default: 0] > r.skippedLines[reason, default: []].count ? ", …" : ""
            let label = english ? reason.label.en : reason.label.zh
            out.append("  \(t("跳过", "skipped")) \(label): \(r.skipped[reason]!)（\(t("行", "lines")) \(lines)\(more)）")
        }
        let errors = r.publishedErrors
        if !errors.isEmpty {
            out.append("\(t("错误", "Errors")): \(r.errorCount)")
            for error in errors.prefix(20) {
                out.append("  " + describe(error, english: english))
            }
            if errors.count > 20 { out.append("  … \(t("另有", "and")) \(errors.count - 20) \(t("条，见 --json", "more, see --json"))") }
        }
        if !inspection.rows.isEmpty {
            out.append("\(t("前 \(inspection.rows.count) 行数据", "First \(inspection.rows.count) data rows")):")
            let order = r.table.flatMap(TableCatalog.schema)?.columns.map(\.name) ?? []
            for (line, row) in zip(inspection.rowLines, inspection.rows) {
                let cells = order.compactMap { key in row[key].map { "\(key)=\($0)" } }
                out.append("  \(t("行", "line")) \(line): " + cells.joined(separator: "  "))
            }
        }
        return out.map(TerminalText.safe).joined(separator: "\n")
    }

    public static func describe(_ error: InputError, english: Bool) -> String {
        var place: [String] = []
        if let file = error.file { place.append(file) }
        if let line = error.line {
            place.append(error.endLine.map { "\(line)–\($0)" } ?? String(line))
        }
        if let column = error.column { place.append(column) }
        let location = place.isEmpty ? error.bundle : place.joined(separator: ":")
        return TerminalText.safe("\(location) [\(error.code.rawValue)] \(english ? error.message.en : error.message.zh)")
    }
}
