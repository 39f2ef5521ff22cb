import Foundation

/// Text in the two languages findings and errors are written in.
public struct LocalizedText: Codable, Equatable, Sendable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// The kinds of input problem, as stable codes other systems can key on.
public enum InputErrorCode: String, Codable, Sendable, CaseIterable {
    case fileUnreadable = "file_unreadable"
    /// A zip upload refused whole: a path out of its folder, a link, encryption, a bomb.
    case unsafeArchive = "unsafe_archive"
    case encodingUndetected = "encoding_undetected"
    case noHeader = "no_header"
    case missingTable = "missing_table"
    case missingColumn = "missing_column"
    case ambiguousHeader = "ambiguous_header"
    case duplicateTable = "duplicate_table"
    /// Lines of a table given in parts that an earlier part already had (a month exported twice).
    case duplicateFile = "duplicate_file"
    /// A bundle's `mapping.yaml` that is not valid: the bundle is read without it.
    case badMapping = "bad_mapping"
    /// A table given in parts whose periods overlap: the ledger is not read in date order.
    case partsOverlap = "parts_overlap"
    case duplicateHospital = "duplicate_hospital"
    case unknownFile = "unknown_file"
    case csvSyntax = "csv_syntax"
    case unterminatedQuote = "unterminated_quote"
    case undecodableBytes = "undecodable_bytes"
    case raggedRow = "ragged_row"
    case missingValue = "missing_value"
    case badMoney = "bad_money"
    case badNumber = "bad_number"
    case badDate = "bad_date"
    case badRate = "bad_rate"
    case badUSCC = "bad_uscc"
    case badBoolean = "bad_boolean"
    case badValue = "bad_value"
    case errorsTruncated = "errors_truncated"
}

/// One problem with the input, located as precisely as it can be: a whole bundle, a file,
/// or a line and column of a file. Reading goes on after it.
public struct InputError: Error, Codable, Equatable, Sendable {
    public var bundle: String
    public var file: String?
    public var line: Int?
    /// The last physical line of a record that spans several (quoted newlines, bad quoting).
    public var endLine: Int?
    /// The canonical column, or the cell number when the cell maps to no column.
    public var column: String?
    public var code: InputErrorCode
    public var message: LocalizedText

    /// Part of a hospital's books by all appearances, not read: a table file in a folder inside
    /// the hospital's, or an Excel workbook named like a table.
    public var isUnreadBooks: Bool {
        guard code == .unknownFile, let file else { return false }
        if file.contains("/") || Self.archives.contains(PathText.pathExtension(file).lowercased()) { return true }
        // A workbook or a CSV whose name holds a table's (序时账.xlsx, 记账凭证.csv, 序时账（更正）.csv).
        let stem = Array(PathText.stem(file).lowercased().utf8)
        return TableFileName.stems.contains { TableFileName.find($0.bytes, in: stem) != nil }
    }

    /// Archives and databases a hospital's folder may hold its books in, which are not read.
    static let archives: Set<String> = ["zip", "rar", "7z", "gz", "tgz", "tar", "bz2", "xz", "dbf", "mdb", "accdb"]

    public init(bundle: String, file: String? = nil, line: Int? = nil, endLine: Int? = nil,
                column: String? = nil, code: InputErrorCode, message: LocalizedText) {
        self.bundle = bundle
        self.file = file
        self.line = line
        self.endLine = endLine
        self.column = column
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case bundle, file, line, column, code, message
        case endLine = "end_line"
    }
}

extension InputError {
    /// A file whose amounts add up past `Money.largestFileVolume`: no sum of them is trusted.
    static func volumeBeyondRange(bundle: String, file: String) -> InputError {
        InputError(bundle: bundle, file: file, code: .badMoney, message: LocalizedText(
            zh: "本文件金额（按绝对值）合计超过 \(Money.trillions(Money.largestFileVolume)) 万亿元，无法精确累计，未使用",
            en: "the file's amounts, in magnitude, add up to more than \(Money.trillions(Money.largestFileVolume)) trillion yuan, beyond what can be summed exactly; it was not used"))
    }

    /// A file that stopped being readable part way (a disk error, a file cut short by another
    /// process), in the run's language.
    static func readingStopped(bundle: String, file: String, by error: Error) -> InputError {
        let why = FileReadError.words(of: error)
        return InputError(bundle: bundle, file: file, code: .fileUnreadable,
                          message: LocalizedText(zh: "读取中断：\(why.zh)", en: "reading stopped: \(why.en)"))
    }
}
