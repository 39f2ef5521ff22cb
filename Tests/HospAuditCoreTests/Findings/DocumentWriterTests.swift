import Foundation
import Testing
@testable import HospAuditCore

struct DocumentWriterTests {
    /// A document of several MiB is sent on to the disk as it is written (a MiB at a time):
    /// the file that lands is every byte streamed, in order, and nothing of the temporary name
    /// is left beside it.
    @Test func aLargeDocumentLandsWholeWhileItsWritebackStartsOnTheWay() throws {
        let folder = Scratch.folder + "/writer-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/findings.json"
        try Data("an older document".utf8).write(to: URL(fileURLWithPath: path))
        var random = SplitMix(seed: 11)
        var expected: [UInt8] = []
        try DocumentWriter.stream(to: path) { sink in
            // Pieces of every size up to well over the sink's 64 KiB, past five MiB in all.
            while expected.count < 5 << 20 + 12_345 {
                let piece = (0 ..< Int(random.next() % 150_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                expected += piece
                sink.write(piece)
            }
            try sink.flush()
        }
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["findings.json"])
    }

    /// The ranges sent on to the disk follow one another from the first byte, each a MiB or
    /// more, and leave unsent less than a MiB: the part the fsync waits for.
    @Test func writebackCoversWhatWasWrittenAMiBAtATime() {
        final class Ranges { var all: [(offset: Int, length: Int)] = [] }
        let ranges = Ranges()
        var writeback = DocumentWriteback { ranges.all.append(($0, $1)) }
        var random = SplitMix(seed: 5)
        var total = 0
        for _ in 0 ..< 400 {
            let n = Int(random.next() % 90_000)
            total += n
            writeback.wrote(n)
        }
        #expect(ranges.all.count >= 10)
        var next = 0
        for range in ranges.all {
            #expect(range.offset == next && range.length >= DocumentWriteback.step)
            next = range.offset + range.length
        }
        #expect(next <= total && total - next < DocumentWriteback.step)
    }
}
