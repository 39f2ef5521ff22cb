import Testing
@testable import HospAuditCore

/// The reader's check of a cell's bytes must say exactly what the standard library's UTF-8
/// validation says (less U+FFFD), whatever the bytes and wherever they sit in the cell.
struct ByteTextTests {
    static func reference(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains("\u{FFFD}")
    }

    static func checked(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteText.isDecodedText($0) }
    }

    @Test func everyOneAndTwoByteCellAgreesWithTheStandardLibrary() {
        #expect(Self.checked([]))
        for a in 0 ... 255 {
            #expect(Self.checked([UInt8(a)]) == Self.reference([UInt8(a)]), "\(a)")
            for b in 0 ... 255 {
                let bytes = [UInt8(a), UInt8(b)]
                if Self.checked(bytes) != Self.reference(bytes) { Issue.record("\(bytes)") }
            }
        }
    }

    @Test func everyLeadByteWithBoundarySecondAndThirdBytesAgrees() {
        // The bounds that decide: continuation limits, E0/ED/F0/F4's narrower seconds, U+FFFD.
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBD, 0xBF, 0xC0, 0xC2, 0xE4, 0xEF, 0xF4, 0xFF]
        var mismatches: [[UInt8]] = []
        for lead in 0x80 ... 0xFF {
            for second in edges {
                for third in edges {
                    for fourth: UInt8 in [0x41, 0x80, 0xBF, 0xC0] {
                        let sequence = [UInt8(lead), second, third, fourth]
                        // Past the eight-byte ASCII step, at odd offsets, cut short at the end;
                        // and after Chinese characters, where the run of three-byte sequences
                        // must hand E0, ED and four-byte leads back to the general case.
                        for prefix in [[], Array(repeating: UInt8(ascii: "a"), count: 11), Array("中".utf8), Array("中文".utf8)] {
                            let bytes = prefix + sequence
                            for cut in [bytes.count, bytes.count - 1, bytes.count - 2] where Self.checked(Array(bytes[..<cut])) != Self.reference(Array(bytes[..<cut])) {
                                mismatches.append(Array(bytes[..<cut]))
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func ledgerTextAndItsDamageAgree() {
        let cells = ["北京康宁医疗器械有限公司", "管理费用-咨询费", "支付2024年9月电费（一）", "记-000123", "😀 表情", "Ω≈ç√", "\u{FEFF}凭证号"]
        for cell in cells {
            let bytes = Array(cell.utf8)
            #expect(Self.checked(bytes))
            for i in bytes.indices {
                var damaged = bytes
                damaged[i] ^= 0x40
                #expect(Self.checked(damaged) == Self.reference(damaged), "\(cell) at \(i)")
                #expect(Self.checked(Array(bytes[..<i])) == Self.reference(Array(bytes[..<i])), "\(cell) cut at \(i)")
            }
        }
        #expect(!Self.checked(Array("无法解码\u{FFFD}的字".utf8)))
        // GB18030 bytes read as UTF-8 (a wrong --encoding) are not text.
        #expect(!Self.checked([0xB1, 0xB1, 0xBE, 0xA9, 0xBF, 0xB5, 0xC4, 0xFE]))
    }

    /// The pass tells one voucher from the next by its number; comparing the bytes must say
    /// what Swift's comparison says, composed and decomposed accents and all.
    @Test func sameTextAgreesWithStringEquality() {
        let texts = ["", "记-0001", "记-0002", "记-0001 ", "收-3", "收-３", "Caf\u{E9}-1", "Cafe\u{301}-1", "\u{1100}\u{1161}", "\u{AC00}",
                     "凭证 12", "凭证\u{3000}12", "\u{212B}", "\u{C5}", "A\u{30A}", "记\u{301}-1", "𠀀-1", "12345678901234567890"]
        for a in texts {
            for b in texts {
                #expect(ByteText.sameText(a, b) == (a == b), "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
            }
        }
    }

    /// Equality by words and one overlapping load must agree with comparing byte by byte, for
    /// every length a short cell has and a difference at every place in it.
    @Test func equalAgreesWithComparingEveryByte() {
        func equal(_ a: [UInt8], _ b: [UInt8], count: Int) -> Bool {
            a.withUnsafeBytes { x in b.withUnsafeBytes { y in ByteText.equal(x.baseAddress!, y.baseAddress!, count: count) } }
        }
        for count in 0...40 {
            // One byte past the compared ones, different in each: it must not be looked at.
            let a = (0..<count).map { UInt8(truncatingIfNeeded: 0xE4 &+ $0 &* 7) } + [0x00]
            var tail = a
            tail[count] = 0xFF
            #expect(equal(a, tail, count: count), "length \(count)")
            for place in 0..<count {
                var b = a
                b[place] ^= 0x01
                #expect(!equal(a, b, count: count), "length \(count), byte \(place)")
            }
        }
    }

    /// The reader tests a cell no one reads as it is, not trimmed: trimming must take whole
    /// characters only, so the cell is text exactly when its trimmed bytes are.
    @Test func trimmingNeverChangesWhetherACellIsText() {
        let edges: [[UInt8]] = [[], [0x20], [0x09], [0x00], [0x0D, 0x0A], [0xC2, 0xA0], [0xE3, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
                                [0xE2, 0x80, 0x8B], [0xE2, 0x80, 0x8D], [0xC2], [0xA0], [0xE3, 0x80], [0x80, 0x80], [0xEF, 0xBF, 0xBD], [0xE4], [0xE4, 0xB8]]
        let middles: [[UInt8]] = [Array("陈静".utf8), Array("记-1".utf8), [0xE4, 0xB8], [0xE4], [0xB8, 0xAD], [0xCD, 0xF5], [0xF0, 0x9F, 0x98, 0x80], []]
        var mismatches: [[UInt8]] = []
        for head in edges {
            for middle in middles {
                for tail in edges {
                    let cell = head + middle + tail
                    let whole = cell.withUnsafeBufferPointer { ByteText.isDecodedText($0) }
                    let trimmed = cell.withUnsafeBufferPointer { b in ByteText.isDecodedText(UnsafeBufferPointer(rebasing: b[ByteText.trimmed(b)])) }
                    if whole != trimmed { mismatches.append(cell) }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
