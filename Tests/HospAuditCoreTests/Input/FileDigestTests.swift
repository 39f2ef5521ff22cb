import Foundation
import Testing
@testable import HospAuditCore

/// A file's digest is hashed on a thread of its own once the file is long: it must be the
/// digest of exactly the file's bytes, the reader must still read into its own memory in place,
/// and a reader dropped part-way must not leave the thread behind.
struct FileDigestTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func bytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @Test func theDigestIsTheFilesWhateverTheChunksAndWhereverItIsHashed() throws {
        let content = Self.bytes(300_001)
        let expected = SHA256.hex(content)
        let path = try Self.file(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // From fewer chunks than start a thread to hundreds of them.
        for chunkSize in [1 << 20, 100_000, 4096, 1000, 333] {
            let reader = try FileByteReader(path: path, chunkSize: chunkSize)
            #expect(try reader.readAll() == content)
            #expect(reader.digest!.hexDigest() == expected, "chunks of \(chunkSize)")
            // Fixed once asked for.
            #expect(reader.digest!.hexDigest() == expected)
        }
        // The sniffed first bytes are replayed, and hashed once.
        let reader = try FileByteReader(path: path, chunkSize: 1000)
        _ = try reader.peek(64)
        _ = try reader.readAll()
        #expect(reader.digest!.hexDigest() == expected)
    }

    @Test func aFileOpenedWithoutItsDigestReadsTheSameBytesUnhashed() throws {
        let content = Self.bytes(50_000)
        let path = try Self.file(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try FileByteReader(path: path, chunkSize: 4096, hashed: false)
        #expect(try reader.readAll() == content)
        #expect(reader.digest == nil)
        // What `inspect` opens: it reports no digest, so none is computed.
        guard case .success(let input) = FileOpener.open(path: path, bundle: "b", file: "ledger.csv", encoding: .utf8, hashed: false) else {
            Issue.record("not opened")
            return
        }
        #expect(input.digest == nil)
        guard case .success(let hashed) = FileOpener.open(path: path, bundle: "b", file: "ledger.csv", encoding: .utf8) else {
            Issue.record("not opened")
            return
        }
        #expect(hashed.digest != nil)
    }

    @Test func theReaderReadsIntoItsOwnMemoryWhileTheChunkIsHashedElsewhere() throws {
        let path = try Self.file(Self.bytes(64 * 1000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try FileByteReader(path: path, chunkSize: 1000)
        var chunk: [UInt8] = []
        var addresses: Set<UInt> = []
        for i in 0..<60 {
            try reader.read(into: &chunk)
            // The first chunk is replaced once (a fresh buffer of the full size); every later
            // one lands where the last did: a hashing thread still holding the chunk would
            // have made each read copy it first.
            if i >= 2 { addresses.insert(chunk.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }) }
        }
        #expect(addresses.count == 1)
    }

    /// A small file is read into a buffer its size, not a chunk's (a region's batch reads
    /// thousands); a file that grew after it was opened is still read to its end.
    @Test func aSmallFileGetsABufferItsSizeAndAGrowingFileIsReadWhole() throws {
        let content = Self.bytes(5_000)
        let path = try Self.file(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try FileByteReader(path: path)
        var chunk: [UInt8] = []
        try reader.read(into: &chunk)
        #expect(chunk == content)
        #expect(chunk.capacity < 64 << 10)
        try reader.read(into: &chunk)
        #expect(chunk.isEmpty)

        let growing = try FileByteReader(path: path, chunkSize: 4096)
        let more = Self.bytes(20_000).reversed()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(more))
        try handle.close()
        #expect(try growing.readAll() == content + more)
        #expect(growing.digest!.hexDigest() == SHA256.hex(content + more))
    }

    @Test func aReaderDroppedPartWayLeavesNoHashingThread() throws {
        let path = try Self.file(Self.bytes(50_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        weak var digest: FileDigest?
        do {
            let reader = try FileByteReader(path: path, chunkSize: 1000)
            digest = reader.digest
            var chunk: [UInt8] = []
            for _ in 0..<20 { try reader.read(into: &chunk) }
        }
        // The thread holds the digest while it runs; it ends soon after the reader goes.
        var waited = 0
        while digest != nil && waited < 500 {
            usleep(10_000)
            waited += 1
        }
        #expect(digest == nil)
    }
}
