import CCells
import CLibCSV
#if canImport(Glibc)
import Glibc
#endif

/// One libcsv parser and the state its C callbacks write into, reached through their `data`
/// pointer. Input is fed a physical line at a time so that every record knows the line it
/// starts and ends on (lines counted from the first byte this session was fed).
///
/// One thread at a time: a session parsing a segment of a large input may be handed, between
/// feeds, to the thread that goes on with it (`ParallelParse`).
final class ParseSession {
    private var parser = csv_parser()
    private let delimiter: UInt8
    private let lineTerminator: UInt8
    private let commentMode: CSVRecordReader.CommentMode
    private let preserveSpaces: Bool
    private var inComment = false
    private var closed = false

    /// Where finished records go: each to `onRecord` while it is in the buffer, or kept in a
    /// batch, after the ones before it, until the batch is taken.
    enum Sink {
        case each(onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void)
        case kept(first: RecordBatch)
    }
    private let onRecord: ((CSVRecord) -> Void)?
    private let onError: ((CSVSyntaxError) -> Void)?
    private var batch: RecordBatch?

    private let buffer: UnsafeMutablePointer<RecordBuffer>
    /// What libcsv's callbacks are given: the buffer's C storage.
    private var cellsContext: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(buffer) + MemoryLayout<RecordBuffer>.offset(of: \.cells)!
    }

    private var line = 1
    private var recordStart = 1
    private var recordsEmitted = 0
    private var atLineStart = true
    private var lineStartedIdle = true
    private var recordsAtLineStart = 0
    private var skippingRestOfLine = false
    private var sawContentOnLastLine = false

    var physicalLines: Int { sawContentOnLastLine ? line : line - 1 }

    /// A line end at which this session was between records, with the records and errors kept
    /// before it: where a parser that had to go on from an earlier segment can take over this
    /// one's records once it is between records there too.
    struct Checkpoint {
        var offset: Int
        var records: Int
        var errors: Int
    }
    private(set) var checkpoints: [Checkpoint] = []
    /// Bytes between checkpoints; none are kept when zero.
    private let checkpointSpacing: Int
    private var nextCheckpoint = 0
    /// Bytes fed so far.
    private var fed = 0

    private static let options = UInt8(CSV_STRICT | CSV_STRICT_FINI)
    private static let rowNotBegun: Int32 = 0

    init(delimiter: UInt8, lineTerminator: UInt8, commentMode: CSVRecordReader.CommentMode, preserveSpaces: Bool, sink: Sink,
         checkpointSpacing: Int = 0) {
        self.checkpointSpacing = checkpointSpacing
        nextCheckpoint = checkpointSpacing
        self.delimiter = delimiter
        self.lineTerminator = lineTerminator
        self.commentMode = commentMode
        self.preserveSpaces = preserveSpaces
        buffer = .allocate(capacity: 1)
        buffer.initialize(to: RecordBuffer())
        switch sink {
        case .each(let onRecord, let onError):
            self.onRecord = onRecord
            self.onError = onError
            batch = nil
        case .kept(let first):
            onRecord = nil
            onError = nil
            batch = first
            // Writes into the batch's storage, grown by earlier segments, not a fresh one.
            buffer.pointee.handOver(to: first)
        }
        startParser()
        // The session outlives every callback: unretained, no cycle through the buffer.
        buffer.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        close()
        buffer.pointee.deallocate()
        buffer.deinitialize(count: 1)
        buffer.deallocate()
    }

    private func startParser() {
        csv_init(&parser, Self.options)
        csv_set_delim(&parser, delimiter)
        if preserveSpaces { csv_set_space_func(&parser) { _ in 0 } }
        csv_set_blk_size(&parser, 4096)
    }

    func close() {
        if closed { return }
        closed = true
        csv_free(&parser)
    }

    /// Whether what was fed ended between records, at the start of a line: where a parser
    /// started afresh would read on exactly as this one.
    var endsBetweenRecords: Bool {
        atLineStart && parser.pstate == Self.rowNotBegun && !inComment && !skippingRestOfLine
    }

    /// Lines fed so far, when the last one ended (`endsBetweenRecords`).
    var linesEnded: Int { line - 1 }

    func feed(_ input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress else { return }
        let n = input.count
        let start = fed
        defer { fed = start + n }
        var pos = 0
        let context = cellsContext
        while pos < n {
            if atLineStart {
                lineStartedIdle = parser.pstate == Self.rowNotBegun
                if lineStartedIdle { recordStart = line }
                recordsAtLineStart = recordsEmitted
                atLineStart = false
                if lineStartedIdle && commentMode != .none && base[pos] == UInt8(ascii: "#") {
                    inComment = true
                    pos += 1
                    if commentMode == .read { buffer.pointee.append(nil, 0) }
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
            if found != nil {
                endLine()
                if checkpointSpacing > 0 && start + pos >= nextCheckpoint && endsBetweenRecords, let batch {
                    checkpoints.append(Checkpoint(offset: start + pos, records: batch.records.count, errors: batch.errors.count))
                    nextCheckpoint = start + pos + checkpointSpacing
                }
            }
        }
    }

    /// Spaces and tabs from `offset` up to the delimiter or the end of the line.
    private func isPadding(_ start: UnsafePointer<UInt8>, from offset: Int, count: Int) -> Bool {
        var i = offset
        guard i < count, start[i] == 0x20 || start[i] == 0x09 else { return false }
        while i < count && (start[i] == 0x20 || start[i] == 0x09) { i += 1 }
        return i == count || start[i] == delimiter || start[i] == 0x0A || start[i] == 0x0D
    }

    private static let fieldBegun: Int32 = 2
    /// libcsv's state after a quote inside a quoted field: the field ends, or the quote doubles.
    private static let fieldMightHaveEnded: Int32 = 3

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
            if parser.pstate == Self.fieldMightHaveEnded && isPadding(start, from: offset, count: count) {
                // Spaces or tabs between a closing quote and the delimiter are padding: WeChat
                // Pay's and banks' exports put a tab there so Excel keeps long numbers as text.
                // Other text after a closing quote stays an error.
                parser.status = 0
                while offset < count && (start[offset] == 0x20 || start[offset] == 0x09) { offset += 1 }
                continue
            }
            report(CSVSyntaxError(line: recordStart, endLine: line, column: buffer.pointee.cellCount + 1, unterminatedQuote: false))
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
        buffer.pointee.reopenLastCell()
        buffer.pointee.append(start, length)
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
        if csv_fini(&parser, fieldCallback, rowCallback, cellsContext) != 0 {
            report(CSVSyntaxError(line: recordStart, endLine: physicalLines, column: buffer.pointee.cellCount + 1, unterminatedQuote: true))
            buffer.pointee.clear()
        }
    }

    private func restartAfterError() {
        csv_free(&parser)
        parser = csv_parser()
        startParser()
        buffer.pointee.clear()
    }

    fileprivate func endRecord() {
        emit(isBlank: false, endLine: line)
    }

    private func emit(isBlank: Bool, endLine: Int) {
        if isBlank {
            buffer.pointee.clear()
            buffer.pointee.append(nil, 0)
        }
        let start = isBlank ? endLine : recordStart
        if batch != nil {
            let b = buffer.pointee
            // Borrowed: binding it would retain and release the batch once a record.
            Unmanaged.passUnretained(batch!)._withUnsafeGuaranteedRef {
                $0.records.append(RecordBatch.Entry(
                    line: start, endLine: endLine, byteStart: b.recordBytes, byteCount: b.byteCount - b.recordBytes,
                    endStart: b.recordEnds, cellCount: b.endCount - b.recordEnds, isBlankLine: isBlank))
            }
            buffer.pointee.keepRecord()
        } else {
            let (bytes, ends) = buffer.pointee.record
            onRecord!(CSVRecord(line: start, endLine: endLine, isBlankLine: isBlank, bytes: bytes, ends: ends))
            buffer.pointee.clear()
        }
        recordsEmitted += 1
        // A record ended by CR inside a line (CR-only exports) lets the next one start here.
        recordStart = line
    }

    private func report(_ error: CSVSyntaxError) {
        if let batch { batch.errors.append((batch.records.count, error)) } else { onError!(error) }
    }

    /// The records kept since the batch was last taken (and the errors between them); the
    /// session goes on into `next`, with the cells of a record it is in the middle of, or, given
    /// none, is fed no more.
    func takeBatch(next: RecordBatch?) -> RecordBatch {
        let full = batch!
        buffer.pointee.handOver(to: full)
        batch = next
        return full
    }

    /// Forgets the cells of the record in progress: the input ended or failed inside it.
    func dropRecordInProgress() {
        buffer.pointee.clear()
    }
}

/// libcsv's callbacks get the buffer's C storage: the field callback is C's (`CCells`).
private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = hospaudit_cells_field

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    let owner = context!.assumingMemoryBound(to: hospaudit_cells.self).pointee.owner!
    Unmanaged<ParseSession>.fromOpaque(owner)._withUnsafeGuaranteedRef { $0.endRecord() }
}
