import Foundation

/// Reads a CSV input's records for a caller that types them on its own thread: a small input
/// on that thread, a large one parsed by libcsv on the other cores (`ParallelParse`) while the
/// caller types. Records arrive in the caller's thread, in file order, exactly as
/// `CSVRecordReader` gives them; memory is a few segments, whatever the file's size.
public enum RecordPipeline {
    /// Inputs up to this size are parsed on the caller's thread: one chunk gives another
    /// thread nothing to overlap, and a region's batch reads thousands of small tables, each of
    /// which would start threads and hand over its records.
    public static let inlineLimit = FileByteReader.defaultChunkSize

    /// Threads parsing a large input: one a core, up to four (a batch runs several bundles at
    /// once, and the caller's typing, not libcsv, sets the pace well before that).
    public static let parsingThreads = min(4, Machine.cores)

    public static func read(_ reader: CSVRecordReader, inlineLimit: Int = RecordPipeline.inlineLimit,
                            threads: Int = RecordPipeline.parsingThreads,
                            onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws {
        if let size = reader.sizeHint, size <= inlineLimit {
            try reader.read(onRecord: onRecord, onError: onError)
        } else {
            try reader.read(threads: threads, onRecord: onRecord, onError: onError)
        }
    }
}

/// Records as a parser's buffer kept them, with the syntax errors met between them, lines
/// counted from the start of what the parser was fed. The storage changes hands with the
/// parser's buffer (`RecordBuffer.handOver`): a record's bytes are written once, by libcsv's
/// field callback.
final class RecordBatch: @unchecked Sendable {
    struct Entry {
        var line: Int
        var endLine: Int
        var byteStart: Int
        var byteCount: Int
        var endStart: Int
        var cellCount: Int
        var isBlankLine: Bool
    }

    /// The cells, each end relative to its record's first byte, as `CSVRecord` reads them.
    var storage = RecordBuffer()
    var records: [Entry] = []
    /// Each error comes before the record at its index.
    var errors: [(Int, CSVSyntaxError)] = []
    /// The records were parsed from input that passed `TextCheck`: their cells need no check
    /// of their own.
    var isCheckedText = false

    deinit { storage.deallocate() }

    func clear() {
        records.removeAll(keepingCapacity: true)
        errors.removeAll(keepingCapacity: true)
        isCheckedText = false
    }

    /// Gives the records and errors in order (from the given ones on), their lines `lineOffset`
    /// further on.
    func replay(fromRecord first: Int = 0, fromError firstError: Int = 0, lineOffset: Int,
                onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) {
        var nextError = firstError
        for index in first ..< records.count {
            let entry = records[index]
            while nextError < errors.count && errors[nextError].0 <= index {
                onError(errors[nextError].1.moved(by: lineOffset))
                nextError += 1
            }
            onRecord(CSVRecord(
                line: entry.line + lineOffset, endLine: entry.endLine + lineOffset, isBlankLine: entry.isBlankLine,
                bytes: UnsafeBufferPointer(start: storage.bytes + entry.byteStart, count: entry.byteCount),
                ends: UnsafeBufferPointer(start: storage.ends + entry.endStart, count: entry.cellCount),
                isCheckedText: isCheckedText))
        }
        while nextError < errors.count {
            onError(errors[nextError].1.moved(by: lineOffset))
            nextError += 1
        }
    }
}

extension CSVSyntaxError {
    func moved(by lines: Int) -> CSVSyntaxError {
        CSVSyntaxError(line: line + lines, endLine: endLine + lines, column: column, unterminatedQuote: unterminatedQuote)
    }
}
