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

    static func read(_ text: String, inlineLimit: Int, chunkSize: Int) throws -> Seen {
        var seen = Seen()
        let reader = CSVRecordReader(source: MemoryByteReader(Array(text.utf8), chunkSize: chunkSize), preserveSpaces: false)
        try RecordPipeline.read(reader, inlineLimit: inlineLimit, onRecord: { record in
            seen.records.append(record.strings)
            seen.lines.append(record.line)
        }, onError: { error in
            seen.errors.append("\(error.line)-\(error.endLine):\(error.column)")
        })
        return seen
    }

    @Test func theCallersThreadAndASecondThreadGiveTheSameRecords() throws {
        var text = "凭证号,摘要,借方金额\r\n"
        for i in 1 ... 5000 {
            switch i % 7 {
            case 0: text += "记-\(i),\"多行\n摘要\",\"1,234.56\"\r\n"
            case 1: text += "记-\(i),\"未闭合 \"x,1\r\n"
            case 2: text += "\r\n"
            default: text += "记-\(i),支付药品采购款,100.00\r\n"
            }
        }
        let inline = try Self.read(text, inlineLimit: Int.max, chunkSize: 4096)
        let threaded = try Self.read(text, inlineLimit: 0, chunkSize: 4096)
        #expect(inline.records.count > 4000)
        #expect(!inline.errors.isEmpty)
        #expect(inline == threaded)
    }
}
