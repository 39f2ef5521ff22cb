/// Every record of an input as the CSV layer parsed it, before any header mapping:
/// what `inspect --raw` prints and what the conformance suites check.
public struct RawRecords {
    public struct Record: Equatable {
        public let line: Int
        public let isBlankLine: Bool
        public let cells: [String]
    }

    public var records: [Record] = []
    public var errors: [CSVSyntaxError] = []
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var encoding: TextEncoding = .utf8

    public static func read(_ input: DecodedInput, delimiter: UInt8? = nil,
                            commentMode: CSVRecordReader.CommentMode = .none, preserveSpaces: Bool = true) throws -> RawRecords {
        var result = RawRecords()
        result.encoding = input.encoding
        let reader = CSVRecordReader(source: input.reader, delimiter: delimiter, commentMode: commentMode,
                                     preserveSpaces: preserveSpaces)
        try reader.read(
            onRecord: { result.records.append(Record(line: $0.line, isBlankLine: $0.isBlankLine, cells: $0.strings)) },
            onError: { result.errors.append($0) })
        result.delimiter = reader.delimiter ?? UInt8(ascii: ",")
        return result
    }
}
