import Testing
@testable import HospAuditCore

/// A parsing thread's check of a whole segment must give the verdict the cell check
/// (`ByteText.isDecodedText`) gives, 32 bytes at a step or a byte at a time, whatever the bytes,
/// wherever they fall against the 32-byte blocks, and however the segment is fed in pieces.
struct TextCheckTests {
    static func checked(_ bytes: [UInt8], wide: Bool, cuts: [Int] = []) -> Bool {
        TextCheck.isDecodedText(bytes, cutAt: cuts, wide: wide)
    }

    static func expected(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteText.isDecodedText($0) }
    }

    /// Both ways of checking, the 32-byte one only where the processor has it.
    static let ways: [Bool] = TextCheck.processorIsWide ? [true, false] : [false]

    @Test func everyOneAndTwoByteTextAgreesAtTheStartAndEndOfABlock() {
        var mismatches: [[UInt8]] = []
        for wide in Self.ways {
            #expect(Self.checked([], wide: wide))
            for a in 0 ... 255 {
                for b in 0 ... 255 {
                    let pair = [UInt8(a), UInt8(b)]
                    // Inside the first block, across the first block's end, in the padded tail.
                    for prefix in [0, 30, 31, 45] {
                        let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + pair
                        if Self.checked(bytes, wide: wide) != Self.expected(bytes) { mismatches.append(bytes) }
                    }
                }
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    @Test func everyLeadByteWithBoundaryFollowersAgrees() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBD, 0xBF, 0xC0, 0xC2, 0xE4, 0xEF, 0xF4, 0xFF]
        var mismatches: [[UInt8]] = []
        for wide in Self.ways {
            for lead in 0x80 ... 0xFF {
                for second in edges {
                    for third in edges {
                        for fourth: UInt8 in [0x41, 0x80, 0xBF, 0xC0] {
                            let sequence = [UInt8(lead), second, third, fourth]
                            // After Chinese text (the blocks are not ASCII), with the sequence
                            // placed across each block end it can straddle, and cut short.
                            for before in [0, 26, 28, 29, 30, 31] {
                                let prefix = Array(repeating: UInt8(ascii: "a"), count: before % 3) + Array(String(repeating: "中", count: before / 3).utf8)
                                let bytes = prefix + sequence
                                for cut in [bytes.count, bytes.count - 1, bytes.count - 2] {
                                    let text = Array(bytes[..<cut])
                                    if Self.checked(text, wide: wide) != Self.expected(text) { mismatches.append(text) }
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    @Test func theReplacementCharacterFailsWhereverItFallsAndHoweverItIsFed() {
        let text = Array(String(repeating: "医院收入", count: 12).utf8)
        for wide in Self.ways {
            #expect(Self.checked(text, wide: wide))
            for at in stride(from: 0, through: text.count, by: 3) {
                var bytes = text
                bytes.insert(contentsOf: [0xEF, 0xBF, 0xBD], at: at)
                for cuts in [[], [at + 1], [at + 2], [at + 1, at + 2], [at, at + 3]] {
                    #expect(!Self.checked(bytes, wide: wide, cuts: cuts), "wide \(wide) at \(at) cut \(cuts)")
                }
                // EF BF BE and EF BF BC are other characters.
                bytes[at + 2] = 0xBE
                #expect(Self.checked(bytes, wide: wide, cuts: [at + 2]), "wide \(wide) at \(at)")
            }
        }
    }

    @Test func randomTextAndItsDamageAgreeInRandomPieces() {
        var random = SplitMix(seed: 20261204)
        let characters = ["a", "7", ",", "\"", " ", "é", "中", "医", "￥", "😀", "\u{3000}", "\u{FEFF}", "\u{FFFD}", "\n"].map { Array($0.utf8) }
        var mismatches: [[UInt8]] = []
        for _ in 0 ..< 4000 {
            var bytes: [UInt8] = []
            let length = Int(random.next() % 160)
            while bytes.count < length { bytes += characters[Int(random.next() % UInt64(characters.count))] }
            // Half damaged: a byte changed, cut out or put in.
            if random.next() % 2 == 0 && !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8(0x80 | (random.next() & 0x7F)), at: at)
                }
            }
            let cuts = (0 ..< Int(random.next() % 4)).map { _ in Int(random.next() % UInt64(bytes.count + 1)) }
            for wide in Self.ways where Self.checked(bytes, wide: wide, cuts: cuts) != Self.expected(bytes) {
                mismatches.append(bytes)
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(3))")
    }

    @Test func aLongSegmentOfLedgerTextPassesAndOneBadByteAnywhereFailsIt() {
        let line = "记-0001,2024-03-01,5001.01,医疗收入-门诊收入,,\"1,234.56\",北京康宁医疗器械有限公司,收到门诊收入,陈静,王强\n"
        let segment = Array(String(repeating: line, count: 40).utf8)
        for wide in Self.ways {
            #expect(Self.checked(segment, wide: wide, cuts: [1, 777, 2048]))
            for at in stride(from: 5, to: segment.count, by: 97) {
                var bytes = segment
                bytes[at] = 0xFF
                #expect(!Self.checked(bytes, wide: wide, cuts: [at]), "wide \(wide) at \(at)")
            }
        }
    }

    /// Detection takes a sample that passes for UTF-8 at once: only right if such a sample has
    /// nothing the counting detector calls invalid, whole or cut anywhere.
    @Test func aSampleThatPassesIsOneTheCountingDetectorCallsUTF8() {
        var random = SplitMix(seed: 4_2026_1204)
        let characters = ["a", ",", "\n", "é", "中", "医", "😀", "\u{3000}", "\u{FEFF}"].map { Array($0.utf8) }
        for _ in 0 ..< 2000 {
            var bytes: [UInt8] = []
            let length = Int(random.next() % 120)
            while bytes.count < length { bytes += characters[Int(random.next() % UInt64(characters.count))] }
            if random.next() % 2 == 0 && !bytes.isEmpty { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            guard TextCheck.isDecodedText(bytes) else { continue }
            #expect(EncodingDetector.utf8Sequences(bytes, allowTruncatedTail: false).invalid == 0, "\(bytes)")
            #expect(EncodingDetector.detect(bytes, isWholeFile: true) == (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? .utf8BOM : .utf8))
        }
        // GB18030 text, and UTF-8 cut in a character, are not taken at once.
        #expect(!TextCheck.isDecodedText([0xD6, 0xD0, 0xCE, 0xC4]))
        #expect(!TextCheck.isDecodedText(Array("中文".utf8).dropLast()))
    }
}
