/// Streams records out of UTF-8 bytes through libcsv, in strict RFC 4180 mode.
///
/// Input is fed to libcsv one physical line at a time so that every record knows the line
/// it starts and ends on; a syntax error (bad quoting) becomes a `CSVSyntaxError` for that
/// record and parsing resumes on the next line, so one stray quote never costs the file.
///
/// One read at a time; in a parallel read, the threads take the source's chunks in turn.
public final class CSVRecordReader: @unchecked Sendable {
    /// What a line starting with `#` is. Hospital exports have no comments, so by default it is data.
    public enum CommentMode: Sendable {
        case none, skip, read
    }

    public private(set) var delimiter: UInt8?
    public let commentMode: CommentMode
    /// Keep spaces around unquoted cells (RFC 4180 §2, the raw view). Typed reading trims
    /// every value anyway, so it lets libcsv drop them, which also forgives `"D" ,`.
    public let preserveSpaces: Bool
    /// Lines end with LF (and CRLF); old Mac exports end them with CR only.
    public private(set) var lineTerminator: UInt8 = 0x0A
    /// Physical lines seen so far (after `read`, the file's line count).
    public private(set) var physicalLines = 0

    private let source: ByteChunkReader
    /// About how many bytes there are to parse, where that is known beforehand.
    public var sizeHint: Int? { source.sizeHint }

    public init(source: ByteChunkReader, delimiter: UInt8? = nil, commentMode: CommentMode = .none,
                preserveSpaces: Bool = true) {
        self.source = source
        self.delimiter = delimiter
        self.commentMode = commentMode
        self.preserveSpaces = preserveSpaces
    }

    /// Parses the whole input on the caller's thread.
    public func read(onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws {
        try withoutActuallyEscaping(onRecord) { onRecord in
            try withoutActuallyEscaping(onError) { onError in
                var chunk = try firstChunk()
                let session = ParseSession(delimiter: delimiter!, lineTerminator: lineTerminator, commentMode: commentMode,
                                           preserveSpaces: preserveSpaces, sink: .each(onRecord: onRecord, onError: onError))
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

    /// Parses the input on `threads` threads besides the caller's, which gets the records in
    /// file order exactly as `read` gives them (`ParallelParse`). Returns what the caller's
    /// thread did beyond taking the segments' guesses as they were.
    @discardableResult
    func read(threads: Int, inFlight: Int = ParallelParse.segmentsInFlight, checkpointSpacing: Int = ParallelParse.checkpointSpacing,
              onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws -> ParallelParse.Stats {
        let first = try firstChunk()
        let parse = ParallelParse(source: source, first: first, threads: threads, inFlight: inFlight,
                                  options: .init(delimiter: delimiter!, lineTerminator: lineTerminator,
                                                 commentMode: commentMode, preserveSpaces: preserveSpaces,
                                                 checkpointSpacing: checkpointSpacing))
        physicalLines = try parse.run(onRecord: onRecord, onError: onError)
        return parse.stats
    }

    /// The input's first chunk, from which the delimiter and the line terminator are told.
    private func firstChunk() throws -> [UInt8] {
        var chunk: [UInt8] = []
        try source.read(into: &chunk)
        if delimiter == nil { delimiter = DelimiterSniffer.sniff(chunk[...]) }
        if !chunk.contains(0x0A) && chunk.contains(0x0D) { lineTerminator = 0x0D }
        return chunk
    }
}
