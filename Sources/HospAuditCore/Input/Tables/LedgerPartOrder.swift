/// The order a ledger's files are read in: by the month of each file's first voucher line, then
/// by the order their names give. By month, not day: within a month an export lists vouchers by
/// number, whose dates need not rise, and the parts of a month cut by the export limit must
/// keep their names' order. Names alone mislead where a bundle mixes their styles (months
/// beside a quarter, `ledger.csv` holding the second half year, `ledger Q1 2023.csv`), and the
/// pass needs the books in date order.
public enum LedgerPartOrder {
    /// How much of each file is read to find its first date: title rows and a header or two.
    static let sampleSize = 256 << 10

    public static func ordered(_ files: [String], in layout: BundleLayout, encoding: TextEncoding?) -> [String] {
        guard files.count > 1 else { return files }
        let byName = TableFileName.sorted(files)
        let first = byName.map { name -> Int in
            guard let day = firstDate(of: name, in: layout, encoding: encoding) else { return .max }
            let (y, m, _) = day.components
            return y * 100 + m
        }
        return byName.indices.sorted { a, b in first[a] != first[b] ? first[a] < first[b] : a < b }.map { byName[$0] }
    }

    /// The date of the first voucher line of the file's first bytes; nil when none can be read
    /// there (such a file goes after the dated ones, in name order).
    static func firstDate(of file: String, in layout: BundleLayout, encoding: TextEncoding?) -> Day? {
        let rule = layout.mapping?.rule(for: file)
        guard let reader = try? FileByteReader(path: layout.filePath(of: file), followLinks: false),
              let sample = try? reader.peek(sampleSize),
              let input = try? DecodedInput.open(bytes: sample, encoding: layout.mapping?.encoding(for: file, fallback: encoding) ?? encoding)
        else { return nil }
        var first: Day?
        _ = try? LedgerReader(bundle: layout.name, file: file, schema: LedgerReader.schema.mapped(by: rule), amountSign: rule?.amountSign)
            .read(input, delimiter: layout.mapping?.delimiter(for: file)) { line in
                if first == nil { first = line.date }
            }
        return first
    }
}
