/// One record as the CSV layer parsed it: cells as UTF-8 bytes, valid only while the
/// callback that receives it runs (the storage is reused for the next record).
public struct CSVRecord {
    init(line: Int, endLine: Int, isBlankLine: Bool, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>,
         isCheckedText: Bool = false) {
        self.line = line
        self.endLine = endLine
        self.isBlankLine = isBlankLine
        self.bytes = bytes
        self.ends = ends
        self.isCheckedText = isCheckedText
    }

    /// Physical line (1-based) where the record starts, and where it ends (quoted newlines).
    public let line: Int
    public let endLine: Int
    /// A line with nothing on it; reported as one empty cell, as RFC 4180-bis reads it.
    public let isBlankLine: Bool
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>
    /// Every cell is known to be text a cell may hold (`ByteText.isDecodedText`): the parsing
    /// thread checked the input the record was parsed from. False where no one has checked.
    let isCheckedText: Bool

    public var count: Int { ends.count }

    /// The bytes of cell `index`, or an empty buffer past the end of a short (ragged) row.
    @inline(__always)
    public func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < ends.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
    }

    @inline(__always)
    public func cellLength(_ index: Int) -> Int {
        index == 0 ? ends[0] : ends[index] - ends[index - 1]
    }

    /// The first of `indices` whose cell is not blank (a column read from several headers).
    public func firstFilledCell(_ indices: [Int]) -> UnsafeBufferPointer<UInt8> {
        indices.withUnsafeBufferPointer { firstFilledCell($0) }
    }

    func firstFilledCell(_ indices: UnsafeBufferPointer<Int>) -> UnsafeBufferPointer<UInt8> {
        for index in indices {
            let c = cell(index)
            if !ByteText.trimmed(c).isEmpty { return c }
        }
        return UnsafeBufferPointer(start: nil, count: 0)
    }

    public func string(_ index: Int) -> String {
        String(decoding: cell(index), as: UTF8.self)
    }

    public var strings: [String] { (0..<count).map(string) }
}

/// A stretch of input the CSV layer could not parse (bad quoting).
public struct CSVSyntaxError: Error, Equatable {
    public let line: Int
    public let endLine: Int
    /// 1-based index of the cell where parsing failed.
    public let column: Int
    public let unterminatedQuote: Bool
}
