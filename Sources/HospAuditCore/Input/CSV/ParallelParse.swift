import Foundation

/// Parses a large input with libcsv on several threads at once, for a caller that gets every
/// record in file order, with the lines and errors one parser reading the whole would give.
///
/// Each thread takes the next chunk of the input (read in turn, under the lock), cuts it after
/// its last line end, and parses that segment with a parser of its own, guessing that a record
/// begins at the segment's first byte. The caller takes the segments back in order and checks
/// the guess: a segment is used as parsed when the one before ended between records. When it did
/// not (a quoted cell running on over the cut, a line longer than a chunk), the caller feeds the
/// segment to the earlier segment's parser, which goes on from where it stopped, up to the first
/// of the guess's checkpoints (line ends a few KiB apart where the guess was between records) at
/// which that parser is between records too; from there the guess's records are the same, and are
/// used. Lines are counted within a segment and put in file order as the caller takes them.
///
/// Memory is `inFlight` segments, whatever the input's size: a thread waits before cutting a
/// segment that many ahead of the one the caller is taking.
final class ParallelParse: @unchecked Sendable {
    struct Options {
        var delimiter: UInt8
        var lineTerminator: UInt8
        var commentMode: CSVRecordReader.CommentMode
        var preserveSpaces: Bool
        /// How far apart a guess keeps the places where a parser going on from before can join
        /// it (tests make it small, so that joins happen often).
        var checkpointSpacing = ParallelParse.checkpointSpacing
    }

    /// What the caller's thread did beyond taking the guesses as they were.
    struct Stats: Equatable {
        /// Bytes it parsed itself: where a guess was wrong, up to where it was joined, and the
        /// segments cut inside a line, which have no guess.
        var bytesParsedAgain = 0
        /// Guesses taken over part-way, at a checkpoint.
        var joins = 0
    }

    /// Segments cut but not yet taken by the caller, per parsing thread.
    static let segmentsInFlight = 3
    static let checkpointSpacing = 4096

    /// One cut of the input: the end of the chunk before (`head`, the part after its last line
    /// end) and this chunk up to its own last line end.
    final class Segment {
        let index: Int
        var head: [UInt8]
        var body: [UInt8]
        var bodyCount: Int
        /// False when the chunk before held no line end: a parser would start inside a line.
        let startsLine: Bool
        /// The end of the input (the last bytes, with no line end after them, may be here), or
        /// where reading it failed.
        let isLast: Bool
        let failure: Error?
        /// What the guess gave: the records, and the parser when the segment ended inside one.
        var batch: RecordBatch?
        var session: ParseSession?
        var lines = 0
        var checkpoints: [ParseSession.Checkpoint] = []

        init(index: Int, head: [UInt8], body: [UInt8], bodyCount: Int, startsLine: Bool, isLast: Bool, failure: Error?) {
            self.index = index
            self.head = head
            self.body = body
            self.bodyCount = bodyCount
            self.startsLine = startsLine
            self.isLast = isLast
            self.failure = failure
        }

        var count: Int { head.count + bodyCount }

        /// Whether the segment's bytes, head and body as one, are text a cell may hold.
        func isDecodedText() -> Bool {
            var check = TextCheck()
            head.withUnsafeBufferPointer { check.feed($0) }
            body.withUnsafeBufferPointer { check.feed(UnsafeBufferPointer(rebasing: $0[..<bodyCount])) }
            return check.finish()
        }

        /// Feeds the bytes from `start` up to `end`, counted from the segment's first byte.
        func feed(to session: ParseSession, from start: Int = 0, to end: Int? = nil) {
            let end = end ?? count
            let headEnd = min(end, head.count)
            if start < headEnd {
                head.withUnsafeBufferPointer { session.feed(UnsafeBufferPointer(rebasing: $0[start ..< headEnd])) }
            }
            let bodyStart = max(start, head.count) - head.count
            let bodyEnd = end - head.count
            if bodyStart < bodyEnd {
                body.withUnsafeBufferPointer { session.feed(UnsafeBufferPointer(rebasing: $0[bodyStart ..< bodyEnd])) }
            }
        }
    }

    private let source: ByteChunkReader
    private let options: Options
    private let threads: Int
    private let inFlight: Int

    /// Held while a thread reads the next chunk and cuts it: the input is read in turn, without
    /// keeping the caller from taking segments meanwhile.
    private let reading = NSLock()
    private var first: [UInt8]?
    private var tail: [UInt8] = []
    private var tailStartsLine = true

    private let condition = NSCondition()
    // Under the condition's lock: the segments cut and parsed, and the memory kept for reuse.
    private var nextIndex = 0
    private var taken = 0
    private var inputEnded = false
    private var parsed: [Int: Segment] = [:]
    private var spareChunks: [[UInt8]] = []
    private var spareBatches: [RecordBatch] = []
    private var running = 0
    private(set) var stats = Stats()

    init(source: ByteChunkReader, first: [UInt8], threads: Int, inFlight: Int, options: Options) {
        self.source = source
        self.first = first
        self.options = options
        self.threads = max(1, threads)
        self.inFlight = max(2, inFlight) * self.threads
    }

    /// Parses the whole input and gives its records to the caller's thread; returns the
    /// number of physical lines. A failure reading the input is thrown after the records before it.
    func run(onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws -> Int {
        running = threads
        for _ in 0 ..< threads {
            let thread = Thread { [self] in parseSegments() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer { awaitThreads() }
        var linesBefore = 0
        // The parser that ended inside a record, and the lines before its first segment.
        var carried: (session: ParseSession, linesBefore: Int)?
        for index in 0... {
            let segment = take(index)
            if let (session, before) = carried {
                carried = goOn(session, linesBefore: before, into: segment, linesAfter: &linesBefore,
                               onRecord: onRecord, onError: onError)
            } else {
                // Not reached: a segment cut inside a line follows one that ended inside it.
                // Should one ever come here, it is read as if a line began there, not the run
                // stopped (a test build stops, to tell).
                if !segment.startsLine {
                    assertionFailure("a segment cut inside a line after one that ended between records")
                    guess(segment)
                }
                segment.batch!.replay(lineOffset: linesBefore, onRecord: onRecord, onError: onError)
                if let session = segment.session {
                    carried = (session, linesBefore)
                } else {
                    linesBefore += segment.lines
                }
            }
            done(with: segment)
            guard segment.isLast else { continue }
            if let failure = segment.failure {
                carried?.session.close()
                throw failure
            }
            guard let (session, before) = carried else { return linesBefore }
            session.finish()
            session.dropRecordInProgress()
            let batch = session.takeBatch(next: nil)
            batch.replay(lineOffset: before, onRecord: onRecord, onError: onError)
            recycle(batch)
            session.close()
            return before + session.physicalLines
        }
        fatalError("unreachable")
    }

    /// Feeds `segment` to the parser that ended inside a record before it, until that parser is
    /// between records at one of the guess's checkpoints (the guess's records are used from there)
    /// or the segment ends. Returns the parser that ended inside a record, if one did.
    private func goOn(_ session: ParseSession, linesBefore before: Int, into segment: Segment, linesAfter: inout Int,
                      onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) -> (session: ParseSession, linesBefore: Int)? {
        // At a line start when the segment starts one: the guess's lines follow the parser's.
        let guessLinesBefore = before + session.linesEnded
        var fed = 0
        for checkpoint in segment.checkpoints where segment.batch != nil {
            segment.feed(to: session, from: fed, to: checkpoint.offset)
            stats.bytesParsedAgain += checkpoint.offset - fed
            fed = checkpoint.offset
            guard session.endsBetweenRecords else { continue }
            stats.joins += 1
            let batch = session.takeBatch(next: nil)
            batch.replay(lineOffset: before, onRecord: onRecord, onError: onError)
            recycle(batch)
            session.close()
            segment.batch!.replay(fromRecord: checkpoint.records, fromError: checkpoint.errors, lineOffset: guessLinesBefore,
                                  onRecord: onRecord, onError: onError)
            if let guess = segment.session { return (guess, guessLinesBefore) }
            linesAfter = guessLinesBefore + segment.lines
            return nil
        }
        // The guess is dropped; its parser's memory goes back for reuse.
        if let guess = segment.session {
            recycle(guess.takeBatch(next: nil))
            guess.close()
            segment.session = nil
        }
        segment.feed(to: session, from: fed)
        stats.bytesParsedAgain += segment.count - fed
        let ended = session.endsBetweenRecords
        let batch = session.takeBatch(next: ended ? nil : spareBatch())
        batch.replay(lineOffset: before, onRecord: onRecord, onError: onError)
        recycle(batch)
        guard ended else { return (session, before) }
        linesAfter = before + session.linesEnded
        session.close()
        return nil
    }

    // MARK: The parsing threads

    private func parseSegments() {
        while let segment = cutSegment() {
            if segment.startsLine { guess(segment) }
            condition.lock()
            parsed[segment.index] = segment
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Parses `segment` as if a record began at its first byte. Its text is checked here too,
    /// on this thread: the guess's records are all within the segment, so when the segment's
    /// bytes pass, their cells need no check of their own on the caller's thread. That holds
    /// for an ASCII delimiter and line end only (the mapping schema allows no other): cut at a
    /// byte of a character, cells of valid text would not be valid.
    private func guess(_ segment: Segment) {
        let isText = options.delimiter < 0x80 && options.lineTerminator < 0x80 && segment.isDecodedText()
        let session = ParseSession(delimiter: options.delimiter, lineTerminator: options.lineTerminator,
                                   commentMode: options.commentMode, preserveSpaces: options.preserveSpaces,
                                   sink: .kept(first: spareBatch()), checkpointSpacing: options.checkpointSpacing)
        segment.feed(to: session)
        segment.checkpoints = session.checkpoints
        if session.endsBetweenRecords {
            segment.lines = session.linesEnded
            segment.batch = session.takeBatch(next: nil)
            session.close()
        } else {
            segment.batch = session.takeBatch(next: spareBatch())
            segment.session = session
        }
        segment.batch!.isCheckedText = isText
    }

    /// The next segment, read from the input in turn; nil once the input has ended.
    private func cutSegment() -> Segment? {
        reading.lock()
        defer { reading.unlock() }
        condition.lock()
        while !inputEnded && nextIndex >= taken + inFlight { condition.wait() }
        if inputEnded {
            condition.unlock()
            return nil
        }
        let index = nextIndex
        nextIndex += 1
        var chunk = first == nil ? spareChunks.popLast() ?? [] : []
        condition.unlock()
        var failure: Error?
        if let first {
            chunk = first
            self.first = nil
        } else {
            do { try source.read(into: &chunk) } catch { failure = error }
        }
        let head = tail
        let startsLine = tailStartsLine
        if failure != nil || chunk.isEmpty {
            condition.lock()
            inputEnded = true
            condition.broadcast()
            condition.unlock()
            return Segment(index: index, head: head, body: chunk, bodyCount: 0, startsLine: startsLine, isLast: true, failure: failure)
        }
        // The last line end is a line's length from the chunk's end.
        let terminator = options.lineTerminator
        let cut = chunk.withUnsafeBufferPointer { bytes -> Int in
            var i = bytes.count
            while i > 0 && bytes[i - 1] != terminator { i -= 1 }
            return i
        }
        if cut == 0 {
            // No line ends here: the whole chunk goes on the line before, and the next segment
            // starts inside it.
            tail = []
            tailStartsLine = false
            return Segment(index: index, head: head, body: chunk, bodyCount: chunk.count, startsLine: startsLine, isLast: false, failure: nil)
        }
        tail = Array(chunk[cut...])
        tailStartsLine = true
        return Segment(index: index, head: head, body: chunk, bodyCount: cut, startsLine: startsLine, isLast: false, failure: nil)
    }

    // MARK: Hand-over and reuse

    private func take(_ index: Int) -> Segment {
        condition.lock()
        defer { condition.unlock() }
        while parsed[index] == nil { condition.wait() }
        return parsed.removeValue(forKey: index)!
    }

    private func done(with segment: Segment) {
        let batch = segment.batch
        segment.batch = nil
        condition.lock()
        taken += 1
        if let batch { spareBatchesLocked(batch) }
        // A chunk's memory is read into again only once the file's hash is done with it, which
        // the reader waits for; an array kept here is this object's alone.
        spareChunks.append(segment.body)
        segment.body = []
        condition.broadcast()
        condition.unlock()
    }

    private func spareBatch() -> RecordBatch {
        condition.lock()
        defer { condition.unlock() }
        guard let batch = spareBatches.popLast() else { return RecordBatch() }
        batch.clear()
        return batch
    }

    private func recycle(_ batch: RecordBatch) {
        condition.lock()
        spareBatchesLocked(batch)
        condition.unlock()
    }

    private func spareBatchesLocked(_ batch: RecordBatch) {
        if spareBatches.count < inFlight + 2 { spareBatches.append(batch) }
    }

    /// Returns once every parsing thread has stopped: none reads the input after `run`.
    private func awaitThreads() {
        condition.lock()
        // A thread waiting for room ahead of the caller stops once told the input has ended.
        inputEnded = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
        for segment in parsed.values { segment.session?.close() }
        parsed.removeAll()
    }
}
