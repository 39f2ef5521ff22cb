import Foundation
import Testing
@testable import HospAuditCore

struct CSVRecordReaderTests {
    static let messy = try! [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.fixture("ledger_messy_utf8bom.csv"))))
    static let messyGB = try! [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.fixture("ledger_messy_gb18030.csv"))))

    /// Chunk boundaries fall inside quoted cells, CRLF pairs and multi-byte characters; the
    /// records and their line numbers must not depend on where.
    @Test(arguments: [1, 2, 3, 5, 7, 64, 4096])
    func chunkSizeDoesNotChangeRecords(chunkSize: Int) throws {
        let whole = try RawRecords.read(DecodedInput.open(bytes: Self.messy))
        let chunked = try RawRecords.read(DecodedInput.open(bytes: Self.messy, chunkSize: chunkSize))
        #expect(chunked.records == whole.records)
        let gb = try RawRecords.read(DecodedInput.open(bytes: Self.messyGB, chunkSize: chunkSize))
        #expect(gb.encoding == .gb18030)
        #expect(gb.records == whole.records)
    }

    @Test func recordsKnowTheirPhysicalLines() throws {
        let text = "a,b\r\n\"x\r\ny\",z\r\n\r\nlast,\"multi\n\nline\"\nend"
        let raw = try RawRecords.read(DecodedInput.open(bytes: Array(text.utf8)))
        #expect(raw.records.map(\.line) == [1, 2, 4, 5, 8])
        #expect(raw.records.map(\.isBlankLine) == [false, false, true, false, false])
        #expect(raw.records[1].cells == ["x\r\ny", "z"])
        #expect(raw.records[3].cells == ["last", "multi\n\nline"])
    }

    @Test func oldMacLineEndingsStillSplitRecords() throws {
        let raw = try RawRecords.read(DecodedInput.open(bytes: Array("a,b\r1,2\r3,4\r".utf8)))
        #expect(raw.records.map(\.cells) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(raw.records.map(\.line) == [1, 2, 3])
    }

    /// WeChat Pay's bill export: a tab after each closing quote keeps Excel from reading long
    /// numbers as numbers. The tab is padding; text after a closing quote is still an error.
    @Test func spacesAndTabsAfterAClosingQuoteArePadding() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.fixture("wechat_pay_tab_padding.csv"))))
        for preserveSpaces in [true, false] {
            let raw = try RawRecords.read(DecodedInput.open(bytes: bytes), preserveSpaces: preserveSpaces)
            #expect(raw.errors.isEmpty)
            #expect(raw.records.count == 3)
            #expect(raw.records[1].cells[8] == "4200001234202403051234567890")
            #expect(raw.records[2].cells.last == "/")
        }
        let mixed = try RawRecords.read(DecodedInput.open(bytes: Array("a,b\n\"x\"  ,1\n\"y\" z,2\n\"w\"\t\n".utf8)))
        #expect(mixed.records.map(\.cells) == [["a", "b"], ["x", "1"], ["w"]])
        #expect(mixed.errors == [CSVSyntaxError(line: 3, endLine: 3, column: 1, unterminatedQuote: false)])
    }

    @Test func aBadRecordDoesNotCostTheRest() throws {
        let text = "a,b\n\"ok\",1\n\"bad\"x,2\n\"fine\",3\n"
        let raw = try RawRecords.read(DecodedInput.open(bytes: Array(text.utf8)))
        #expect(raw.records.map(\.cells) == [["a", "b"], ["ok", "1"], ["fine", "3"]])
        #expect(raw.errors == [CSVSyntaxError(line: 3, endLine: 3, column: 1, unterminatedQuote: false)])
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n", UInt8(ascii: ",")), ("a\tb\tc\n1\t2,5\t3\n", UInt8(ascii: "\t")),
        ("a;b;c\n1;2;3\n", UInt8(ascii: ";")), ("a|b|c\n1|2|3\n", UInt8(ascii: "|")),
        ("科目余额表 2024年度\n凭证号\t日期\t金额\n记-1\t2024-01-01\t1,234.56\n记-2\t2024-01-02\t1,000,000.00\n", UInt8(ascii: "\t")),
        ("\"a;b\",c,d\n1,2,3\n", UInt8(ascii: ",")),
    ])
    func sniffsTheDelimiter(text: String, delimiter: UInt8) {
        #expect(DelimiterSniffer.sniff(Array(text.utf8)[...]) == delimiter)
    }

    @Test func detectsEncodings() {
        let text = "凭证号,日期,摘要\n记-1,2024-01-01,支付咨询费\n"
        #expect(EncodingDetector.detect(Array(text.utf8), isWholeFile: true) == .utf8)
        #expect(EncodingDetector.detect([0xEF, 0xBB, 0xBF] + Array(text.utf8), isWholeFile: true) == .utf8BOM)
        #expect(EncodingDetector.detect(Self.messyGB, isWholeFile: true) == .gb18030)
        #expect(EncodingDetector.detect(Array(Self.messyGB.prefix(1001)), isWholeFile: false) == .gb18030)
        #expect(EncodingDetector.detect([0xFF, 0xFE, 0x41, 0x00], isWholeFile: true) == .utf16LE)
        #expect(EncodingDetector.detect([0xFE, 0xFF, 0x00, 0x41], isWholeFile: true) == .utf16BE)
        #expect(EncodingDetector.detect([0x41, 0xFF, 0xFF, 0x42], isWholeFile: true) == nil)
    }

    @Test func undecodableGB18030BytesBecomeReplacementCharacters() throws {
        let bytes: [UInt8] = Array("a,b\n".utf8) + [0xD6, 0xD0, 0x2C, 0xFF, 0x0A]
        let raw = try RawRecords.read(DecodedInput.open(bytes: bytes, encoding: .gb18030))
        #expect(raw.records.map(\.cells) == [["a", "b"], ["中", "\u{FFFD}"]])
    }
}
