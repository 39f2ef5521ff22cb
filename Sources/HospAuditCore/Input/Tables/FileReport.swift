/// What reading one file came to: where everything in it went. `used + skipped + rejected`
/// is always the number of records, so nothing is lost without a trace.
public struct FileReport: Encodable, Sendable {
    public static let maxErrorsKept = 1000
    public static let maxSkippedLinesListed = 20

    public var bundle: String
    public var file: String
    public var table: String?
    public var encoding: String?
    public var delimiter: String?
    public var headerLine: Int?
    /// Nothing of the file could be read as its table: no header, an ambiguous or incomplete
    /// header, or amounts beyond what can be summed exactly. The hospital's audit is incomplete.
    public var wholeFileFailed = false
    public var columns: [HeaderMapping.Match] = []
    public var ignoredHeaders: [String] = []
    public var physicalLines = 0
    public var records = 0
    public var used = 0
    public var skipped: [SkipReason: Int] = [:]
    /// The first lines skipped for each reason, so an auditor can look them up.
    public var skippedLines: [SkipReason: [Int]] = [:]
    public var rejected = 0
    /// Every error, counted; only the first `maxErrorsKept` are kept in `errors`.
    public var errorCount = 0
    public var errors: [InputError] = []

    public init(bundle: String, file: String, table: String?) {
        self.bundle = bundle
        self.file = file
        self.table = table
    }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// The file was read but none of it is used (its amounts cannot be summed exactly, or it
    /// names more than can be kept): the rows it gave count as rejected, not used.
    mutating func refuseWhole() {
        wholeFileFailed = true
        rejected += used
        used = 0
    }

    mutating func skip(_ reason: SkipReason, line: Int) {
        skipped[reason, default: 0] += 1
        if skippedLines[reason, default: []].count < Self.maxSkippedLinesListed {
            skippedLines[reason, default: []].append(line)
        }
    }

    mutating func record(_ error: InputError) {
        errorCount += 1
        if errors.count < Self.maxErrorsKept { errors.append(error) }
    }

    /// An error listed before all others, whatever the cap left out (why a whole file was not used).
    mutating func recordFirst(_ error: InputError) {
        errorCount += 1
        errors.insert(error, at: 0)
        if errors.count > Self.maxErrorsKept { errors.removeLast() }
    }

    /// Errors to publish: the kept ones, and one more saying how many were left out.
    public var publishedErrors: [InputError] {
        guard errorCount > errors.count else { return errors }
        let left = errorCount - errors.count
        return errors + [InputError(
            bundle: bundle, file: file, code: .errorsTruncated,
            message: LocalizedText(zh: "另有 \(left) 个错误未列出（每个文件最多列出 \(Self.maxErrorsKept) 个）",
                                   en: "\(left) more errors not listed (at most \(Self.maxErrorsKept) per file)"))]
    }

    enum CodingKeys: String, CodingKey {
        case bundle, file, table, encoding, delimiter, columns, records, used, skipped, rejected, errors
        case headerLine = "header_line"
        case ignoredHeaders = "ignored_headers"
        case physicalLines = "physical_lines"
        case skippedLines = "skipped_lines"
        case errorCount = "error_count"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bundle, forKey: .bundle)
        try c.encode(file, forKey: .file)
        try c.encode(table, forKey: .table)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(delimiter, forKey: .delimiter)
        try c.encode(headerLine, forKey: .headerLine)
        try c.encode(columns, forKey: .columns)
        try c.encode(ignoredHeaders, forKey: .ignoredHeaders)
        try c.encode(physicalLines, forKey: .physicalLines)
        try c.encode(records, forKey: .records)
        try c.encode(used, forKey: .used)
        try c.encode(Dictionary(uniqueKeysWithValues: skipped.map { ($0.key.rawValue, $0.value) }), forKey: .skipped)
        try c.encode(Dictionary(uniqueKeysWithValues: skippedLines.map { ($0.key.rawValue, $0.value) }), forKey: .skippedLines)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(errorCount, forKey: .errorCount)
        try c.encode(publishedErrors, forKey: .errors)
    }
}

extension FileReport {
    /// Lines a file repeated of earlier ones: skipped, not used, and, for the ledger, one error
    /// saying so. Rows of a small table equal in every cell to an earlier file's are counted
    /// among the skipped only.
    mutating func recordRepeats(_ repeats: RepeatedVouchers.Repeats, of files: [String], rows: Bool = false) {
        guard repeats.lines > 0 else { return }
        used -= repeats.lines
        skipped[.repeated, default: 0] += repeats.lines
        skippedLines[.repeated] = repeats.listed
        guard !rows else { return }
        let earlier = (repeats.earlierParts.isEmpty ? [repeats.earlierPart] : repeats.earlierParts)
            .map { files[min($0, files.count - 1)] }.joined(separator: "、")
        let what = repeats.atCut
            ? LocalizedText(zh: "开头 \(repeats.lines) 行与先读的 \(earlier) 末尾的行相同",
                            en: "the first \(repeats.lines) lines are the same as the last lines of \(earlier), read before it")
            : LocalizedText(zh: "\(repeats.lines) 行（\(repeats.vouchers) 张凭证）与先读的 \(earlier) 中的凭证同月同号或内容相同",
                            en: "\(repeats.lines) lines (\(repeats.vouchers) vouchers) have the month and number, or the content, of vouchers of \(earlier), read before it")
        record(InputError(
            bundle: bundle, file: file, line: repeats.firstLine, endLine: repeats.lastLine, code: .duplicateFile,
            message: LocalizedText(
                zh: "\(what.zh)，只按先读的计入，本文件的这些行未计入。请核对两份：若是同一期间导出了两次，删去一份；若内容不同（更正后重新导出、按凭证字分别编号、同一凭证中相同的两行被分在两个文件），请重新导出",
                en: "\(what.en); only the earlier file's are counted, these lines are not. Compare the two: if the period was exported twice, remove one copy; if they differ (a corrected re-export, vouchers numbered per word, two equal lines of one voucher split between the files), export again")))
    }
}
