import Foundation
import Testing
@testable import HospAuditCore
#if canImport(Glibc)
import Glibc
#endif

/// GB18030 read through the pair table must give exactly what iconv alone gives: the same
/// UTF-8, the same U+FFFD for each undecodable byte, the same carrying of a character split
/// between chunks, whatever the bytes and however the file is cut into chunks.
struct GB18030TranscodingTests {
    static func transcode(_ bytes: [UInt8], chunkSize: Int, byTable: Bool) throws -> [UInt8] {
        try IconvTranscoder(source: MemoryByteReader(bytes, chunkSize: chunkSize), from: .gb18030, byTable: byTable).readAll()
    }

    static func expectSame(_ bytes: [UInt8], chunkSizes: [Int] = [1, 2, 3, 5, 64, 4096, 1 << 20], _ what: String) throws {
        let reference = try transcode(bytes, chunkSize: 1 << 20, byTable: false)
        for size in chunkSizes {
            let table = try transcode(bytes, chunkSize: size, byTable: true)
            let plain = try transcode(bytes, chunkSize: size, byTable: false)
            #expect(table == plain, "\(what), chunks of \(size)")
            #expect(table == reference, "\(what), chunks of \(size) against one chunk")
        }
    }

    /// UTF-8 text as a GB18030 export holds it, encoded by iconv.
    static func gb18030(_ text: String) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")!
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var inLeft = input.count, outLeft = output.count
        input.withUnsafeMutableBytes { i in
            output.withUnsafeMutableBytes { o in
                var ip: UnsafeMutablePointer<CChar>? = i.baseAddress!.assumingMemoryBound(to: CChar.self)
                var op: UnsafeMutablePointer<CChar>? = o.baseAddress!.assumingMemoryBound(to: CChar.self)
                _ = iconv(cd, &ip, &inLeft, &op, &outLeft)
            }
        }
        return Array(output[..<(output.count - outLeft)])
    }

    @Test func everyTwoByteCharacterAloneAndInALine() throws {
        var line: [UInt8] = []
        for lead in 0x81 ... 0xFE {
            for trail in 0x40 ... 0xFE where trail != 0x7F {
                line += [UInt8(lead), UInt8(trail)]
            }
            line += Array(",a\n".utf8)
        }
        try Self.expectSame(line, chunkSizes: [3, 4097, 1 << 20], "all pairs")
    }

    @Test func ledgerTextWithFourByteCharactersAndDamage() throws {
        let text = """
            凭证号,日期,科目名称,借方金额,摘要
            记-0001,2024-01-05,管理费用-咨询费,"1,500,000.00",支付北京康宁医疗管理有限公司咨询费€·—
            记-0002,2024-01-06,银行存款,200.00,罕见字𠀀𪚥与表情😀、㐀和ⅷ
            """
        let bytes = Self.gb18030(text)
        #expect(try Self.transcode(bytes, chunkSize: 7, byTable: true) == Array(text.utf8))
        try Self.expectSame(bytes, "ledger text")
        // Bytes that are no character: a lone lead byte before a line feed, 0x80, 0xFF, a
        // four-byte sequence cut short, a trail byte alone, and a file ending half-way through one.
        var damaged = bytes
        damaged.insert(contentsOf: [0x81, 0x0A, 0x80, 0x41, 0xFF, 0x81, 0x30, 0x0A, 0xA1], at: 40)
        damaged += [0x81, 0x30, 0x81]
        try Self.expectSame(damaged, "damaged ledger text")
        try Self.expectSame(damaged.map { $0 == 0x0A ? 0x0D : $0 }, "damaged, lines ended by CR only")
        try Self.expectSame(bytes + [0xB1], "a last lead byte alone")
    }

    @Test func randomBytes() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for round in 0 ..< 40 {
            var bytes: [UInt8] = []
            for _ in 0 ..< 3000 {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                // Mostly high bytes, some digits (four-byte sequences), some line feeds and ASCII.
                switch state % 10 {
                case 0: bytes.append(0x0A)
                case 1, 2: bytes.append(UInt8(0x30 + (state >> 8) % 10))
                case 3: bytes.append(UInt8(0x20 + (state >> 8) % 0x60))
                default: bytes.append(UInt8(0x80 + (state >> 8) % 0x80))
                }
            }
            try Self.expectSame(bytes, chunkSizes: [1, 3, 64, 1 << 20], "round \(round)")
        }
    }
}
