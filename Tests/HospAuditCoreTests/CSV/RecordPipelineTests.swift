import Testing
@testable import HospAuditCore

/// A small input is parsed on the caller's thread, a large one on a second: the caller must
/// not be able to tell them apart.
struct RecordPipelineTests {
    struct Seen: Equatable {
        var records: [[String]] = []
        var lines: [Int] = []
        var errors: [String] = []
    }

    static func read(_ text: String, inlineLimit: Int, chunkSize: Int, failingAfter chunks: Int? = nil) -> Seen {
        var seen = Seen()
        var source: ByteChunkReader = MemoryByteReader(Array(text.utf8), chunkSize: chunkSize)
        if let chunks { source = FailingReader(source, after: chunks) }
        let reader = CSVRecordReader(source: source, preserveSpaces: false)
        do {
            try RecordPipeline.read(reader, inlineLimit: inlineLimit, onRecord: { record in
                seen.records.append(record.strings)
                seen.lines.append(record.line)
            }, onError: { error in
                seen.errors.append("\(error.line)-\(error.endLine):\(error.column)")
            })
        } catch {
            seen.errors.append("thrown: \(error)")
        }
        return seen
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

    @Test func batchesOfLongRowsAreBoundedByTheirBytes() throws {
        let row = "记-1," + String(repeating: "很长的摘要", count: 2_000) + ",1\n"  // 30,000 bytes
        let text = "凭证号,摘要,借方金额\n" + String(repeating: row, count: 300)
        let reader = CSVRecordReader(source: MemoryByteReader(Array(text.utf8), chunkSize: 4096), preserveSpaces: false)
        var sizes: [(records: Int, bytes: Int)] = []
        try reader.read(batchesOf: 2048, bytes: 100_000, first: RecordBatch()) { full, isLast in
            sizes.append((full.records.count, full.records.reduce(0) { $0 + $1.byteCount }))
            return isLast ? nil : RecordBatch()
        }
        #expect(sizes.reduce(0) { $0 + $1.records } == 301)
        #expect(sizes.count > 50)
        #expect(sizes.allSatisfy { $0.bytes < 100_000 + row.utf8.count })
    }

    @Test func anUnterminatedQuoteAtTheEndIsReportedTheSameWay() {
        let text = Self.uglyLedger(rows: 3000) + "记-9999,\"没有结束的引号,1\r\n"
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        let threaded = Self.read(text, inlineLimit: 0, chunkSize: 4096)
        #expect(inline.errors.last?.hasPrefix("3430-") == true)
        #expect(inline == threaded)
    }

    @Test func aReadFailingPartWayKeepsTheRecordsBeforeItAndThrows() {
        let text = Self.uglyLedger(rows: 5000)
        let inline = Self.read(text, inlineLimit: Int.max, chunkSize: 4096, failingAfter: 500)
        let threaded = Self.read(text, inlineLimit: 0, chunkSize: 4096, failingAfter: 500)
        let whole = Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        #expect(inline.errors.last == "thrown: read failed")
        // Past a full batch, so both a full one and the last, partly filled, were handed over.
        #expect(inline.records.count > RecordPipeline.recordsPerBatch && inline.records.count < whole.records.count)
        #expect(inline == threaded)
        let first = Self.read(text, inlineLimit: 0, chunkSize: 4096, failingAfter: 0)
        #expect(first == Seen(records: [], lines: [], errors: ["thrown: read failed"]))
    }
}
