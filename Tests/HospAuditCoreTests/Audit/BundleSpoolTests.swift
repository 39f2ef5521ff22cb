import Foundation
import Testing
@testable import HospAuditCore

/// The spool gives back every piece as written, in memory (pieces kept as given) and on disk
/// alike; the work of a bundle shared among cores comes back in the items' order.
struct BundleSpoolTests {
    @Test func everyPieceReadsBackAsWrittenInMemoryAndOnDisk() throws {
        let pieces: [[UInt8]] = [Array("审计".utf8), [], Array(repeating: 0x41, count: 70_000), [], [], [0x00, 0xFF], Array("x".utf8)]
        for inMemory in [true, false] {
            let spool = try BundleSpool(inMemory: inMemory)
            var extents = try spool.append(Array(pieces[0 ..< 4]))
            extents.append(try spool.append(pieces[4]))
            extents += try spool.append(Array(pieces[5...]))
            #expect(extents.map(\.count) == pieces.map(\.count))
            for (extent, piece) in zip(extents, pieces) {
                #expect(Array(try spool.read(extent)) == piece, "in memory: \(inMemory)")
            }
            // Part of a piece, as a section's fields are read.
            let long = extents[2]
            #expect(Array(try spool.read(BundleSpool.Extent(offset: long.offset + 10, count: 5))) == Array(repeating: 0x41, count: 5))
            // Sections laid out one after the other, as a bundle's record is found again.
            let sections = SpoolSections(Array(extents[0 ..< 4]))
            #expect(Array(try spool.read(sections[.inputs])) == pieces[2])
            #expect(try spool.read(sections[.errors]).isEmpty)
        }
    }

    @Test func workSharedAmongCoresComesBackInOrder() {
        for count in [0, 1, 31, 32, 65, 1_000] {
            for smallest in [1, 32] {
                let shared = StripedMap.map(count, smallest: smallest) { i in Array(String(i * 7).utf8) }
                #expect(shared == (0 ..< count).map { Array(String($0 * 7).utf8) }, "\(count) items, \(smallest) a stripe")
            }
        }
    }
}
