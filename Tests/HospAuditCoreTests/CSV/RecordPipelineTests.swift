import Foundation
import Testing
@testable import HospAuditCore

/// A small input is parsed on the caller's thread, a large one on several others at once, cut
/// into segments at line ends: the caller must not be able to tell them apart, wherever the
/// cuts fall (inside quoted cells, inside lines longer than a chunk, between CR and LF).
struct RecordPipelineTests {
    struct Seen: Equatable {
        var records: [[String]] = []
        var lines: [Int] = []
        var errors: [String] = []
    }

    static func read(_ text: String, inlineLimit: Int, chunkSize: Int, threads: Int = 2, failingAfter chunks: Int? = nil,
                     commentMode: CSVRecordReader.CommentMode = .none, preserveSpaces: Bool = false) -> Seen {
        readCounting(text, inlineLimit: inlineLimit, chunkSize: chunkSize, threads: threads, failingAfter: chunks,
                     commentMode: commentMode, preserveSpaces: preserveSpaces).seen
    }

    /// The same, with what the caller's thread did beyond taking the guesses (a parallel read
    /// only); `checkpointSpacing` small makes the caller join guesses part-way often.
    static func readCounting(_ text: String, inlineLimit: Int, chunkSize: Int, threads: Int = 2, failingAfter chunks: Int? = nil,
                             commentMode: CSVRecordReader.CommentMode = .none, preserveSpaces: Bool = false,
                             checkpointSpacing: Int = ParallelParse.checkpointSpacing) -> (seen: Seen, stats: ParallelParse.Stats) {
        var source: ByteChunkReader = MemoryByteReader(Array(text.utf8), chunkSize: chunkSize)
        if let chunks { source = FailingReader(source, after: chunks) }
        let reader = CSVRecordReader(source: source, commentMode: commentMode, preserveSpaces: preserveSpaces)
        return record(reader) { onRecord, onError in
            if inlineLimit == 0 {
                return try reader.read(threads: threads, checkpointSpacing: checkpointSpacing, onRecord: onRecord, onError: onError)
            }
            try RecordPipeline.read(reader, inlineLimit: inlineLimit, threads: threads, onRecord: onRecord, onError: onError)
            return ParallelParse.Stats()
        }
    }

    /// What `read` gets from `reader`, written down: records with their lines, errors, the line
    /// count, and a failure thrown.
    static func record(_ reader: CSVRecordReader,
                       by read: (_ onRecord: (CSVRecord) -> Void, _ onError: (CSVSyntaxError) -> Void) throws -> ParallelParse.Stats)
        -> (seen: Seen, stats: ParallelParse.Stats) {
        var seen = Seen()
        var stats = ParallelParse.Stats()
        do {
            stats = try read({ record in
                seen.records.append(record.strings)
                seen.lines.append(record.line)
                seen.lines.append(record.isBlankLine ? -record.endLine : record.endLine)
            }, { error in
                seen.errors.append("\(error.line)-\(error.endLine):\(error.column)\(error.unterminatedQuote ? " unterminated" : "")")
            })
            seen.lines.append(reader.physicalLines)
        } catch {
            seen.errors.append("thrown: \(error)")
        }
        return (seen, stats)
    }

    /// A disk that fails part-way through the file.
    final class FailingReader: ByteChunkReader {
        struct Failure: Error, CustomStringConvertible { var description: String { "read failed" } }
        let source: ByteChunkReader
        var left: Int
        init(_ source: ByteChunkReader, after chunks: Int) { self.source = source; left = chunks }
        var sizeHint: Int? { source.sizeHint }
        func read(into buffer: inout [UInt8]) throws {
            if left == 0 { throw Failure() }
            left -= 1
            try source.read(into: &buffer)
        }
    }

    static func uglyLedger(rows: Int) -> String {
        var text = "凭证号,摘要,借方金额\r\n"
        for i in 1 ... rows {
            switch i % 7 {
            case 0: text += "记-\(i),\"多行\n摘要\",\"1,234.56\"\r\n"
            case 1: text += "记-\(i),\"未闭合 \"x,1\r\n"
            case 2: text += "\r\n"
            case 3: text += "记-\(i),\(String(repeating: "很长的摘要", count: 300)),1\r\n"
            default: text += "记-\(i),支付药品采购款,100.00\r\n"
            }
        }
        return text
    }

    @Test func theCallersThreadAndASecondThreadGiveTheSameRecords() {
        // Long rows make the batches' storage grow while records are kept in it.
        let text = Self.uglyLedger(rows: 5000)
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        let threaded = Self.read(text, inlineLimit: 0, chunkSize: 4096)
        #expect(inline.records.count > 4000)
        #expect(inline.records.contains { $0.count == 3 && $0[1].utf8.count > 4000 })
        #expect(!inline.errors.isEmpty)
        #expect(inline == threaded)
    }

    @Test func everyCutAndNumberOfThreadsGivesTheRecordsOfOneParser() {
        // Chunks of 37 bytes cut inside most quoted newlines and hold no line end of the long
        // rows; 4,096 cut between CR and LF now and then.
        let text = Self.uglyLedger(rows: 1500)
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        var joins = 0
        for chunkSize in [37, 333, 4096, 65_536] {
            for threads in [1, 2, 3, 4] {
                // Checkpoints a few lines apart join wrong guesses at syntax errors, blank
                // lines, quoted newlines and long rows alike.
                for spacing in [16, 200, ParallelParse.checkpointSpacing] {
                    let (seen, stats) = Self.readCounting(text, inlineLimit: 0, chunkSize: chunkSize, threads: threads, checkpointSpacing: spacing)
                    #expect(seen == inline, "chunks of \(chunkSize), \(threads) threads, checkpoints \(spacing) apart")
                    joins += stats.joins
                }
            }
        }
        #expect(joins > 100)
    }

    @Test func commentsCROnlyLinesAndKeptSpacesAreReadAlikeInSegments() {
        var text = "# 导出：用友 U8\n凭证号,摘要,借方金额\n"
        for i in 1 ... 800 {
            text += i % 5 == 0 ? "# 第\(i)页\n" : "记-\(i), 支付 \"药品\" 采购款 ,\"12\n\",\n"
        }
        for mode in [CSVRecordReader.CommentMode.none, .skip, .read] {
            let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096, commentMode: mode, preserveSpaces: true)
            #expect(inline.records.count > 600)
            for chunkSize in [29, 1000] {
                for spacing in [8, ParallelParse.checkpointSpacing] {
                    let seen = Self.readCounting(text, inlineLimit: 0, chunkSize: chunkSize, commentMode: mode, preserveSpaces: true,
                                                 checkpointSpacing: spacing).seen
                    #expect(seen == inline, "\(mode), chunks of \(chunkSize), checkpoints \(spacing) apart")
                }
            }
        }
        let macText = text.replacingOccurrences(of: "\n", with: "\r")
        let mac = Self.read(macText, inlineLimit: Int.max, chunkSize: 4096)
        #expect(mac.records.count > 600)
        for spacing in [8, ParallelParse.checkpointSpacing] {
            #expect(Self.readCounting(macText, inlineLimit: 0, chunkSize: 41, checkpointSpacing: spacing).seen == mac)
        }
        // (No guess is joined part-way here: every line's quotes put a wrong guess out of step
        // with the real parse for the rest of its segment, so it is parsed again whole.)
    }

    @Test func lastLinesWithoutAnEndEmptyInputAndStrayCRsAreReadAlike() {
        let ledger = Self.uglyLedger(rows: 700)
        for text in [ledger + "记-9998,最后一行没有换行,1", ledger + "记-9999,\"\"", "", "\n\n\n", "a,b\rc,d\r\ne,f\rg,h\n" + ledger + "x\ry"] {
            for chunkSize in [7, 512, 4096] {
                // Against the same first chunk: it tells whether lines end with CR or LF.
                let inline = Self.read(text, inlineLimit: Int.max, chunkSize: chunkSize)
                #expect(Self.read(text, inlineLimit: 0, chunkSize: chunkSize, threads: 2) == inline, "\(text.suffix(12).debugDescription), \(chunkSize)")
                #expect(Self.readCounting(text, inlineLimit: 0, chunkSize: chunkSize, checkpointSpacing: 16).seen == inline)
            }
        }
    }

    @Test func aFileReadOnSeveralThreadsIsHashedWholeAndInOrder() throws {
        let text = Self.uglyLedger(rows: 4000)
        let bytes = Array(text.utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        for chunkSize in [1000, 4096, 65_536] {
            // The first read gives the sniffed sample; the rest read into reused chunks in place.
            let file = try FileByteReader(path: path, chunkSize: chunkSize)
            _ = try file.peek(EncodingDetector.sampleSize)
            let reader = CSVRecordReader(source: file, preserveSpaces: false)
            let seen = Self.record(reader) { try reader.read(threads: 3, inFlight: 1, onRecord: $0, onError: $1) }.seen
            #expect(seen == inline, "chunks of \(chunkSize)")
            #expect(file.digest!.hexDigest() == SHA256.hex(bytes))
        }
    }

    @Test func aWrongGuessIsParsedAgainOnlyUpToWhereTheParsersAgree() throws {
        // Every third row's summary runs over a line end, so some cuts fall inside a quoted cell
        // and their segments' guesses are wrong.
        var text = "凭证号,摘要,借方金额\n"
        for i in 1 ... 30_000 {
            text += i % 3 == 0 ? "记-\(i),\"支付\n药品采购款\",\"1,234.56\"\n" : "记-\(i),支付药品采购款,100.00\n"
        }
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 65_536)
        #expect(inline.records.count == 30_001)
        let (seen, stats) = Self.readCounting(text, inlineLimit: 0, chunkSize: 65_536)
        #expect(seen == inline)
        // Some guesses were wrong, and each was joined a checkpoint in, not parsed again whole.
        #expect(stats.joins > 0)
        #expect(stats.bytesParsedAgain < text.utf8.count / 20, "\(stats.bytesParsedAgain) of \(text.utf8.count) bytes parsed again")
    }

    @Test func aJoinedGuessThatEndsInsideARecordIsGoneOnWithInItsTurn() {
        // Every row's cell runs over a line end: about half the cuts fall inside one, a wrong
        // guess is in step again a line later and is joined there, and then, cut inside a cell
        // itself, is the parser the next segment goes on with.
        var text = "凭证号,摘要,借方金额\n"
        for i in 1 ... 3000 { text += "记-\(i),\"支付\n药品采购款\",\(i).00\n" }
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 333)
        #expect(inline.records.count == 3001)
        var joins = 0
        for threads in [1, 2, 3] {
            let (seen, stats) = Self.readCounting(text, inlineLimit: 0, chunkSize: 333, threads: threads, checkpointSpacing: 16)
            #expect(seen == inline, "\(threads) threads")
            joins += stats.joins
        }
        #expect(joins > 100)
    }

    @Test func aQuotedCellLongerThanManyChunksIsGoneOnWith() {
        let cell = String(repeating: "第一行\n\"\"引号\"\",逗号\n", count: 2_000)
        let text = "凭证号,摘要,借方金额\n记-1,\"\(cell)\",1\n记-2,普通,2\n"
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 1 << 20)
        #expect(inline.records.count == 3)
        #expect(inline.lines.last == 4_003)
        #expect(Self.read(text, inlineLimit: 0, chunkSize: 512, threads: 2) == inline)
    }

    @Test func anUnterminatedQuoteAtTheEndIsReportedTheSameWay() {
        let text = Self.uglyLedger(rows: 3000) + "记-9999,\"没有结束的引号,1\r\n"
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        let threaded = Self.read(text, inlineLimit: 0, chunkSize: 4096)
        #expect(inline.errors.last?.hasPrefix("3430-") == true)
        #expect(inline.errors.last?.hasSuffix(" unterminated") == true)
        #expect(inline == threaded)
    }

    @Test func aReadFailingPartWayKeepsTheRecordsBeforeItAndThrows() {
        let text = Self.uglyLedger(rows: 5000)
        let whole = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        for failing in [1, 2, 77, 500] {
            let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096, failingAfter: failing)
            #expect(inline.errors.last == "thrown: read failed")
            #expect(inline.records.count > 0 && inline.records.count < whole.records.count)
            for threads in [1, 2, 4] {
                #expect(Self.read(text, inlineLimit: 0, chunkSize: 4096, threads: threads, failingAfter: failing) == inline)
                #expect(Self.readCounting(text, inlineLimit: 0, chunkSize: 4096, threads: threads, failingAfter: failing,
                                          checkpointSpacing: 16).seen == inline)
            }
        }
        let first = Self.read(text, inlineLimit: 0, chunkSize: 4096, failingAfter: 0)
        #expect(first == Seen(records: [], lines: [], errors: ["thrown: read failed"]))
    }

    /// A parsing thread checks its segment's text, so the caller can skip the check of each
    /// cell: records parsed from a segment that passed say so, and no record of a segment with a
    /// byte that is not text does, wherever the byte falls.
    @Test func recordsOfASegmentThatPassedTheTextCheckSaySo() {
        let line = "记-1,2024-03-01,银行存款,\"1,234.56\",收到门诊收入\n"
        let text = Array(String(repeating: line, count: 400).utf8)
        func flags(_ bytes: [UInt8]) -> [(line: Int, checked: Bool)] {
            let reader = CSVRecordReader(source: MemoryByteReader(bytes, chunkSize: 1024))
            var seen: [(line: Int, checked: Bool)] = []
            _ = try? reader.read(threads: 2, onRecord: { seen.append(($0.line, $0.isCheckedText)) }, onError: { _ in })
            return seen
        }
        let clean = flags(text)
        // Lines of 60 bytes against chunks of 1,024: chunk ends cut Chinese characters, and the
        // segment's head and body are checked as one text.
        #expect(clean.count == 400 && clean.allSatisfy(\.checked))
        // Inside 银行存款, in the first chunk and in later ones.
        for at in [80, 60 * 18 + 20, 60 * 83 + 20] {
            var bytes = text
            bytes[at] = 0xFF
            let line = 1 + bytes[..<at].filter { $0 == 0x0A }.count
            let seen = flags(bytes)
            #expect(seen.first { $0.line == line }?.checked == false, "a bad byte at \(at)")
            #expect(seen.filter(\.checked).count >= 400 - 40, "a bad byte at \(at)")
        }
    }

    /// Records that run on over a segment's end are finished by the caller's thread, on bytes
    /// no parsing thread checked as one: they never say they were checked, even in a batch
    /// that held checked records before (batches are reused), and a bad byte in one is found.
    @Test func recordsFinishedAcrossSegmentsAreNeverTakenAsChecked() {
        // A summary quoted over three lines every third record, against chunks of 512 bytes: the
        // cuts fall inside some of them.
        var text = ""
        for i in 1 ... 600 {
            text += i % 3 == 0 ? "记-\(i),\"收到门诊收入\n第二行\n第三行：住院押金\",陈静\n" : "记-\(i),收到门诊收入,陈静\n"
        }
        func read(_ bytes: [UInt8]) -> [(line: Int, checked: Bool, cells: [String])] {
            let reader = CSVRecordReader(source: MemoryByteReader(bytes, chunkSize: 512))
            var seen: [(line: Int, checked: Bool, cells: [String])] = []
            _ = try? reader.read(threads: 2, checkpointSpacing: 64, onRecord: { record in
                seen.append((record.line, record.isCheckedText, record.strings))
            }, onError: { _ in })
            return seen
        }
        var bytes = Array(text.utf8)
        let clean = read(bytes)
        // The records the caller's thread finished: the same for the same bytes and cuts.
        let finished = clean.filter { !$0.checked }.map(\.line)
        #expect(clean.count == 600 && finished.count >= 10 && finished.count < 100)
        // A bad byte in each of them past the first few, when used batches are being reused.
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let damaged = Array(finished.dropFirst(4))
        for line in damaged {
            let at = bytes[lineStarts[line - 1]...].firstIndex(of: 0xE6)!  // 收
            bytes[at] = 0xFF
        }
        let seen = read(bytes)
        #expect(seen.count == 600)
        for line in damaged {
            #expect(seen.first { $0.line == line }?.checked == false, "bad byte on line \(line)")
        }
        // Whatever a record's flag says is true of its cells.
        for record in seen where record.checked {
            #expect(record.cells.allSatisfy { !$0.unicodeScalars.contains("\u{FFFD}") }, "line \(record.line)")
        }
    }

    /// A delimiter that is a byte of a character cuts valid text into cells that are not: no
    /// record read with one says it was checked.
    @Test func aDelimiterInsideACharacterTurnsTheSegmentCheckOff() {
        let text = Array(String(repeating: "记-1，2024-03-01，银行存款\n", count: 200).utf8)
        let reader = CSVRecordReader(source: MemoryByteReader(text, chunkSize: 512), delimiter: 0xEF)
        var flags: [Bool] = []
        _ = try? reader.read(threads: 2, onRecord: { flags.append($0.isCheckedText) }, onError: { _ in })
        #expect(flags.count == 200 && !flags.contains(true))
    }
}
