import Foundation

/// What the tool made of one export: the answer to "why is this figure missing?".
public struct Inspection: Encodable, Sendable {
    public var path: String
    /// How the table was recognised: by the file name, or by its header when the name says nothing.
    public var detectedBy: String?
    public var encodingDetected: Bool
    public var report: FileReport
    /// The first data rows as typed, canonical column → value.
    public var rows: [[String: String]] = []
    public var rowLines: [Int] = []

    enum CodingKeys: String, CodingKey {
        case path, report, rows
        case detectedBy = "detected_by"
        case encodingDetected = "encoding_detected"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(detectedBy, forKey: .detectedBy)
        try c.encode(encodingDetected, forKey: .encodingDetected)
        try c.encode(report, forKey: .report)
        let lines = rowLines
        try c.encode(zip(lines, rows).map { line, row in row.merging(["line": String(line)]) { a, _ in a } }, forKey: .rows)
    }
}

/// Reads a file or a bundle the way an audit would and reports what it found.
public enum Inspector {
    /// `mapping`: read the file as it says (table, headers, encoding, delimiter, sign).
    public static func inspect(path: String, bundle: String? = nil, encoding given: TextEncoding? = nil,
                               rows wanted: Int = 5, mapping: ImportMapping? = nil) -> Inspection {
        inspect(path: path, bundle: bundle, encoding: given, rows: wanted, mapping: mapping, part: nil)
    }

    /// `part`: the file is one of several of its table, read in turn with the others.
    static func inspect(path: String, bundle: String?, encoding given: TextEncoding?, rows wanted: Int,
                        mapping: ImportMapping?, part: (index: Int, reading: PartReading)?) -> Inspection {
        let url = URL(fileURLWithPath: path)
        let file = url.lastPathComponent
        let bundleName = bundle ?? url.deletingLastPathComponent().lastPathComponent
        let rule = mapping?.rule(for: file)
        let encoding = mapping?.encoding(for: file, fallback: given) ?? given
        let delimiter = mapping?.delimiter(for: file)
        var schema = rule.flatMap { TableCatalog.schema($0.table) } ?? TableCatalog.table(forFileName: file)
        var detectedBy: String? = rule != nil ? "mapping" : schema == nil ? nil : "file_name"

        var input: DecodedInput
        switch FileOpener.open(path: path, bundle: bundleName, file: file, encoding: encoding, hashed: false) {
        case .success(let opened):
            input = opened
        case .failure(let error):
            var report = FileReport(bundle: bundleName, file: file, table: schema?.table)
            report.record(error)
            return Inspection(path: path, detectedBy: detectedBy, encodingDetected: encoding == nil, report: report)
        }
        let encodingDetected = input.detected
        if schema == nil {
            schema = detectTable(path: path, encoding: input.encoding)
            if schema != nil { detectedBy = "header" }
            if case .success(let reopened) = FileOpener.open(path: path, bundle: bundleName, file: file, encoding: input.encoding, hashed: false) {
                input = reopened
            }
        }
        guard let schema = schema?.mapped(by: rule) else {
            var report = FileReport(bundle: bundleName, file: file, table: nil)
            report.encoding = input.encoding.rawValue
            report.record(InputError(
                bundle: bundleName, file: file, code: .noHeader,
                message: LocalizedText(zh: "文件名和表头都对应不上任何表", en: "neither the file name nor the header matches a table")))
            return Inspection(path: path, detectedBy: nil, encodingDetected: encodingDetected, report: report)
        }

        var inspection = Inspection(path: path, detectedBy: detectedBy, encodingDetected: encodingDetected,
                                    report: FileReport(bundle: bundleName, file: file, table: schema.table))
        do {
            if schema.table == "ledger" {
                var lines: [LedgerLine] = []
                part?.reading.start(part!.index)
                let reader = LedgerReader(bundle: bundleName, file: file, schema: schema, amountSign: rule?.amountSign,
                                          keepsPeople: wanted > 0, texts: part?.reading.texts ?? LedgerTexts())
                reader.keepsTexts = wanted > 0 || part != nil
                inspection.report = try reader.read(input, delimiter: delimiter) { line in
                    if let part, part.reading.vouchers.isRepeated(line) { return }
                    if lines.count < wanted {
                        lines.append(line)
                        // Only the rows shown need who prepared and approved them, and their
                        // voucher numbers and summaries; parts need the numbers throughout.
                        if lines.count == wanted {
                            reader.keepsPeople = false
                            reader.keepsTexts = part != nil
                        }
                    }
                }
                if let part { inspection.report.recordRepeats(part.reading.vouchers.repeats, of: part.reading.files) }
                inspection.rows = lines.map { Self.display($0, texts: reader.texts) }
                inspection.rowLines = lines.map(\.line)
            } else {
                var data = try TableRowReader.read(input, schema: schema, bundle: bundleName, file: file, delimiter: delimiter)
                if let part {
                    part.reading.start(part.index)
                    data.rows = data.rows.filter { !part.reading.rows.isRepeated($0) }
                    data.report.recordRepeats(part.reading.rows.repeats, of: part.reading.files, rows: true)
                }
                inspection.report = data.report
                let first = data.rows.prefix(wanted)
                inspection.rows = first.map { $0.values.mapValues(\.display) }
                inspection.rowLines = first.map(\.line)
            }
        } catch {
            inspection.report.record(.readingStopped(bundle: bundleName, file: file, by: error))
        }
        return inspection
    }

    /// Every file of a bundle, in table order, then what the folder itself is missing.
    public static func inspectBundle(path: String, encoding: TextEncoding? = nil, rows: Int = 5,
                                     mapping: ImportMapping? = nil) -> (inspections: [Inspection], errors: [InputError]) {
        inspectBundle(BundleLayout(path: path, mapping: mapping), encoding: encoding, rows: rows)
    }

    public static func inspectBundle(_ thin: BundleLayout, encoding: TextEncoding? = nil, rows: Int = 5) -> (inspections: [Inspection], errors: [InputError]) {
        var layout = thin.reloaded()
        if let ledger = layout.parts["ledger"] { layout.parts["ledger"] = LedgerPartOrder.ordered(ledger, in: layout, encoding: encoding) }
        let inspections = TableCatalog.order.flatMap { table -> [Inspection] in
            let files = layout.parts[table] ?? []
            let reading = files.count > 1 ? PartReading(files: files) : nil
            return files.enumerated().map { index, file in
                inspect(path: layout.filePath(of: file), bundle: layout.name, encoding: encoding, rows: rows, mapping: layout.mapping,
                        part: reading.map { (index, $0) })
            }
        }
        return (inspections, layout.errors)
    }

    /// The table whose columns the file's first rows name best.
    static func detectTable(path: String, encoding: TextEncoding) -> TableSchema? {
        guard let sampleReader = try? FileByteReader(path: path),
              let sample = try? sampleReader.peek(EncodingDetector.sampleSize),
              let input = try? DecodedInput.open(bytes: sample, encoding: encoding),
              let raw = try? RawRecords.read(input) else { return nil }
        var best: (schema: TableSchema, score: Int)?
        for record in raw.records.prefix(TableScanner.headerSearchLimit) {
            for schema in TableCatalog.all {
                guard let mapping = HeaderMapping(cells: record.cells, line: record.line, schema: schema) else { continue }
                let score = Set(mapping.matches.map(\.column)).count * 10 - mapping.missingColumns(for: schema).count
                if score > (best?.score ?? 0) { best = (schema, score) }
            }
            if best != nil { break }
        }
        return best?.schema
    }

    static func display(_ line: LedgerLine, texts: LedgerTexts) -> [String: String] {
        var row: [String: String] = [
            "entry_id": line.entryID, "date": line.date.description,
            "debit": line.debit.description, "credit": line.credit.description,
        ]
        let optional: [(String, String)] = [
            ("account_code", texts[line.accountCode]), ("account_name", texts[line.accountName]),
            ("counterparty", texts[line.counterparty]), ("counterparty_id", texts[line.counterpartyID]),
            ("summary", line.summary), ("preparer", texts[line.preparer]), ("approver", texts[line.approver]),
        ]
        for (key, value) in optional where !value.isEmpty { row[key] = value }
        if let lineNo = line.lineNo { row["line_no"] = String(lineNo) }
        return row
    }
}
