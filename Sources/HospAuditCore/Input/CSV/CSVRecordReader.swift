import CLibCSV
#if canImport(Glibc)
import Glibc
#endif

/// Streams records out of UTF-8 bytes through libcsv, in strict RFC 4180 mode.
///
/// Input is fed to libcsv one physical line at a time so that every record knows the line
/// it starts and ends on; a syntax error (bad quoting) becomes a `CSVSyntaxError` for that
/// record and parsing resumes on the next line, so one stray quote never costs the file.
public final class CSVRecordReader {
    /// What a line starting with `#` is. Hospital exports have no comments, so by default it is data.
    public enum CommentMode: Sendable {
        case none, skip, read
    }

    public private(set) var delimiter: UInt8?
    public let commentMode: CommentMode
    /// Lines end with LF (and CRLF); old Mac exports end them with CR only.
    public private(set) var lineTerminator: UInt8 = 0x0A
    /// Physical lines seen so far (after `read`, the file's line count).
    public private(set) var physicalLines = 0

    private let source: ByteChunkReader

    public init(source: ByteChunkReader, delimiter: UInt8? = nil, commentMode: CommentMode = .none) {
        self.source = source
        self.delimiter = delimiter
        self.commentMode = commentMode
    }

    public func read(onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws {
        var chunk: [UInt8] = []
        try source.read(into: &chunk)
        if delimiter == nil { delimiter = DelimiterSniffer.sniff(chunk[...]) }
        if !chunk.contains(0x0A) && chunk.contains(0x0D) { lineTerminator = 0x0D }

        try withoutActuallyEscaping(onRecord) { onRecord in
            try withoutActuallyEscaping(onError) { onError in
                let session = ParseSession(delimiter: delimiter!, lineTerminator: lineTerminator,
                                           commentMode: commentMode, onRecord: onRecord, onError: onError)
                defer { session.close() }
                while !chunk.isEmpty {
                    chunk.withUnsafeBufferPointer { session.feed($0) }
                    try source.read(into: &chunk)
                }
                session.finish()
                physicalLines = session.physicalLines
            }
        }
    }
}

/// The mutable state libcsv's C callbacks write into, reached through their `data` pointer.
private final class ParseSession {
    private var parser = csv_parser()
    private let delimiter: UInt8
    private let lineTerminator: UInt8
    private let commentMode: CSVRecordReader.CommentMode
    private var inComment = false
    private let onRecord: (CSVRecord) -> Void
    private let onError: (CSVSyntaxError) -> Void

    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCount = 0
    private var byteCapacity = 4096
    private var ends: UnsafeMutablePointer<Int>
    private var endCount = 0
    private var endCapacity = 64

    private var line = 1
    private var recordStart = 1
    private var recordsEmitted = 0
    private var atLineStart = true
    private var lineStartedIdle = true
    private var recordsAtLineStart = 0
    private var skippingRestOfLine = false
    private var sawContentOnLastLine = false

    var physicalLines: Int { sawContentOnLastLine ? line : line - 1 }

    private static let options = UInt8(CSV_STRICT | CSV_STRICT_FINI)
    private static let rowNotBegun: Int32 = 0

    init(delimiter: UInt8, lineTerminator: UInt8, commentMode: CSVRecordReader.CommentMode,
         onRecord: @escaping (CSVRecord) -> Void, onError: @escaping (CSVSyntaxError) -> Void) {
        self.delimiter = delimiter
        self.lineTerminator = lineTerminator
        self.commentMode = commentMode
        self.onRecord = onRecord
        self.onError = onError
        bytes = .allocate(capacity: byteCapacity)
        ends = .allocate(capacity: endCapacity)
        startParser()
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    private func startParser() {
        csv_init(&parser, Self.options)
        csv_set_delim(&parser, delimiter)
        // Spaces are data (RFC 4180 §2); value parsers trim where a value allows it.
        csv_set_space_func(&parser) { _ in 0 }
        csv_set_blk_size(&parser, 4096)
    }

    func close() { csv_free(&parser) }

    func feed(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        let n = buffer.count
        var pos = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        while pos < n {
            if atLineStart {
                lineStartedIdle = parser.pstate == Self.rowNotBegun
                if lineStartedIdle { recordStart = line }
                recordsAtLineStart = recordsEmitted
                atLineStart = false
                if lineStartedIdle && commentMode != .none && base[pos] == UInt8(ascii: "#") {
                    inComment = true
                    pos += 1
                    if commentMode == .read { appendField(nil, 0) }
                    if pos == n { return }
                }
            }
            let found = memchr(base + pos, Int32(lineTerminator), n - pos)
            let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base + 1 } ?? n
            sawContentOnLastLine = true
            if inComment {
                if commentMode == .read { appendCommentText(base + pos, count: end - pos) }
            } else if !skippingRestOfLine {
                parse(base + pos, count: end - pos, context: context)
            }
            pos = end
            if found != nil { endLine() }
        }
    }

    private static let fieldBegun: Int32 = 2

    private func parse(_ start: UnsafePointer<UInt8>, count: Int, context: UnsafeMutableRawPointer) {
        var offset = 0
        while offset < count {
            let consumed = csv_parse(&parser, start + offset, count - offset, fieldCallback, rowCallback, context)
            if consumed == count - offset { return }
            offset += consumed
            if parser.pstate == Self.fieldBegun && parser.quoted == 0 {
                // A quote inside an unquoted field (`37.8"N`, `12"显示器`) is plain text, as
                // Excel and Python read it; only quoting that leaves a field ambiguous is an error.
                parser.status = 0
                csv_set_opts(&parser, 0)
                _ = csv_parse(&parser, start + offset, 1, fieldCallback, rowCallback, context)
                csv_set_opts(&parser, Self.options)
                offset += 1
                continue
            }
            onError(CSVSyntaxError(line: recordStart, endLine: line, column: endCount + 1, unterminatedQuote: false))
            restartAfterError()
            skippingRestOfLine = true
            return
        }
    }

    private func endLine() {
        if inComment {
            inComment = false
            if commentMode == .read { endComment() }
        } else if skippingRestOfLine {
            skippingRestOfLine = false
        } else if lineStartedIdle && recordsEmitted == recordsAtLineStart && parser.pstate == Self.rowNotBegun {
            // libcsv passes over empty lines in silence; they are still lines of the file.
            emit(isBlank: true, endLine: line)
        }
        line += 1
        atLineStart = true
        sawContentOnLastLine = false
    }

    /// Comment text joins the single cell of its record; the line terminator stays out of it.
    private func appendCommentText(_ start: UnsafePointer<UInt8>, count: Int) {
        var length = count
        while length > 0 && (start[length - 1] == 0x0A || start[length - 1] == 0x0D) { length -= 1 }
        endCount -= 1
        appendField(UnsafeMutableRawPointer(mutating: start), length)
    }

    private func endComment() {
        emit(isBlank: false, endLine: line)
    }

    func finish() {
        if inComment {
            inComment = false
            if commentMode == .read { endComment() }
            return
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        if csv_fini(&parser, fieldCallback, rowCallback, context) != 0 {
            onError(CSVSyntaxError(line: recordStart, endLine: physicalLines, column: endCount + 1, unterminatedQuote: true))
            byteCount = 0
            endCount = 0
        }
    }

    private func restartAfterError() {
        csv_free(&parser)
        parser = csv_parser()
        startParser()
        byteCount = 0
        endCount = 0
    }

    fileprivate func appendField(_ field: UnsafeMutableRawPointer?, _ length: Int) {
        if byteCount + length > byteCapacity {
            var capacity = byteCapacity * 2
            while capacity < byteCount + length { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: bytes, count: byteCount)
            bytes.deallocate()
            bytes = grown
            byteCapacity = capacity
        }
        if length > 0, let field {
            (bytes + byteCount).update(from: field.assumingMemoryBound(to: UInt8.self), count: length)
            byteCount += length
        }
        if endCount == endCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
            grown.update(from: ends, count: endCount)
            ends.deallocate()
            ends = grown
            endCapacity *= 2
        }
        ends[endCount] = byteCount
        endCount += 1
    }

    fileprivate func endRecord() {
        emit(isBlank: false, endLine: line)
    }

    private func emit(isBlank: Bool, endLine: Int) {
        if isBlank {
            byteCount = 0
            endCount = 0
            ends[0] = 0
            endCount = 1
        }
        let record = CSVRecord(
            line: isBlank ? endLine : recordStart, endLine: endLine, isBlankLine: isBlank,
            bytes: UnsafeBufferPointer(start: bytes, count: byteCount),
            ends: UnsafeBufferPointer(start: ends, count: endCount))
        onRecord(record)
        recordsEmitted += 1
        byteCount = 0
        endCount = 0
        // A record ended by CR inside a line (CR-only exports) lets the next one start here.
        recordStart = line
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, context in
    Unmanaged<ParseSession>.fromOpaque(context!).takeUnretainedValue().appendField(field, length)
}

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    Unmanaged<ParseSession>.fromOpaque(context!).takeUnretainedValue().endRecord()
}
