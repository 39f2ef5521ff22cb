import Foundation
import Testing
@testable import HospAuditCore

/// The records written directly must be the bytes Foundation's encoder gives them, pretty at
/// every depth the document places them and compact as JSONL lines carry them.
struct JSONLayoutTests {
    /// Text that exercises every escape and every byte class the encoder treats apart.
    static let awkward = [
        "", "a/b", "引号“”\"", "back\\slash", "line\nbreak\r\n", "\t\u{8}\u{C}\u{1}\u{1F}\u{7F}",
        "\u{2028}\u{2029}", "e\u{301}", "😀 医院", "{\"json\": [1]}",
    ]

    static func evidence(_ i: Int) -> Evidence {
        let texts = LedgerTexts()
        let line = texts.line(TextLine(line: 10 + i, entryID: "记-\(i)", lineNo: 1, date: Day(year: 2024, month: 3, day: 1)!,
                              accountCode: i % 2 == 0 ? "5001" : "", accountName: "管理费用-咨询费" + awkward[i % awkward.count],
                              debit: Money(units: 123_456 * Int64(i)), credit: .zero,
                              counterparty: i % 3 == 0 ? "" : "北京康宁投资管理有限公司" + awkward[(i + 1) % awkward.count],
                              summary: awkward[(i + 2) % awkward.count]))
        return Evidence(file: "ledger\(awkward[i % awkward.count]).csv", line: line, texts: texts)
    }

    static var findings: [FindingsDocument.FindingEntry] {
        (0 ..< 12).map { i in
            FindingsDocument.FindingEntry(
                fingerprint: String(repeating: "ab", count: 32), rule: "DD-00\(i % 9)",
                title: LocalizedText(zh: "变相分红" + awkward[i % awkward.count], en: "Disguised dividend"), severity: "high",
                hospitalID: "52110105MJ00234564", period: "2024", counterparty: i % 2 == 0 ? nil : "北京康宁投资管理有限公司",
                amount: i % 4 == 0 ? nil : Money(units: -Int64(i) * 1_000_001).description, currency: "CNY",
                message: "支付" + awkward[i % awkward.count],
                basis: i % 5 == 0 ? [] : [Citation(document: "国卫医发〔2018〕1号", clause: "第\(i)条/2"), Citation(document: "", clause: "")],
                evidence: (0 ..< i).map(evidence), evidenceCount: i * 7,
                consequences: i % 2 == 0 ? [] : ["退回\(i)", awkward[i % awkward.count]],
                details: i % 3 == 0 ? [:] : ["rate": "1.5%", "a10": awkward[i % awkward.count], "a9": "x", "B": "y", "_k": "z", "中文": "值", "é": "1", "e\u{301}x": "2"],
                status: "new",
                waiver: i % 4 == 1 ? FindingsDocument.WaiverEntry(reason: awkward[i % awkward.count], acceptedBy: "王审计", expires: "2025-06-30") : nil,
                firstSeen: i % 3 == 1 ? "2024-01-0\(i % 9 + 1)" : nil,
                amountChanged: i % 3 == 1 ? i % 2 == 0 : nil)
        }
    }

    static var errors: [FindingsDocument.ErrorEntry] {
        (0 ..< 6).map { i in
            FindingsDocument.ErrorEntry(bundle: "bj/康宁", file: i == 0 ? nil : "ledger.csv", line: i % 3 == 0 ? nil : i, endLine: i % 2 == 0 ? nil : i + 4,
                                        column: i % 2 == 0 ? nil : "debit", code: "bad_money", message: awkward[i % awkward.count])
        }
    }

    static var inputs: [FindingsDocument.Input] {
        (0 ..< 4).map { i in
            FindingsDocument.Input(bundle: "b", file: awkward[i], table: i % 2 == 0 ? nil : "ledger", sha256: i == 1 ? nil : "00ff",
                                   encoding: i == 2 ? nil : "gb18030", rows: i * 1000, skipped: i, errors: -i)
        }
    }

    static func foundation<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func same<T: Encodable & JSONLayoutWritable>(_ values: [T]) throws {
        for value in values {
            for depth in 0 ... 3 {
                let viaFoundation = try PrettyJSON().encoded(value, depth: depth)
                #expect(String(decoding: PrettyJSON().fragment(value, depth: depth), as: UTF8.self)
                        == String(decoding: viaFoundation, as: UTF8.self))
            }
            var compact = JSONLayout(pretty: false)
            value.write(to: &compact)
            #expect(compact.bytes == (try foundation(value, pretty: false)))
        }
    }

    @Test func findingsAreTheEncodersBytes() throws { try Self.same(Self.findings) }
    @Test func errorsAreTheEncodersBytes() throws { try Self.same(Self.errors) }
    @Test func inputsAreTheEncodersBytes() throws { try Self.same(Self.inputs) }

    /// Strings are scanned eight bytes at a time for what needs an escape: every ASCII byte at
    /// every place of the first two words and across their boundary, among ASCII and Chinese
    /// text, is written as the encoder writes it; so are long texts, deep nesting and the ends
    /// of the integers.
    @Test func everyByteAtEveryPlaceIsEscapedAsTheEncoderEscapesIt() throws {
        var texts: [String] = []
        for filler in ["abcdefghijklmnopqrstuvwx", "医院支付管理费用咨询"] {
            for byte in UInt8(0) ... 0x7F {
                for place in 0 ... 17 {
                    var scalars = Array(filler.unicodeScalars)
                    scalars.insert(Unicode.Scalar(byte), at: min(place, scalars.count))
                    texts.append(String(String.UnicodeScalarView(scalars)))
                }
            }
        }
        texts.append(String(repeating: "支付“咨询费”\\\n", count: 3_000))
        for text in texts {
            var json = JSONLayout(pretty: false)
            json.string(text)
            #expect(json.bytes == (try Self.foundation([text], pretty: false).dropFirst().dropLast()), "\(Array(text.utf8))")
        }
        var numbers = JSONLayout(pretty: false)
        numbers.array { a in for n in [0, 7, -7, 10, -10, Int.max, Int.min] { a.int(n) } }
        #expect(numbers.bytes == (try Self.foundation([0, 7, -7, 10, -10, Int.max, Int.min], pretty: false)))

        var deep = JSONLayout(depth: 1)
        func nest(_ j: inout JSONLayout, _ level: Int) { j.array { a in if level < 40 { nest(&a, level + 1) } else { a.string("底") } } }
        nest(&deep, 0)
        #expect(String(decoding: deep.bytes, as: UTF8.self) == String(decoding: try PrettyJSON().encoded(Nested(levels: 41), depth: 1), as: UTF8.self))
    }

    /// Arrays in arrays, `levels` deep, around one string.
    struct Nested: Encodable {
        let levels: Int

        func encode(to encoder: Encoder) throws {
            if levels == 0 {
                var c = encoder.singleValueContainer()
                try c.encode("底")
            } else {
                var c = encoder.unkeyedContainer()
                try c.encode(Nested(levels: levels - 1))
            }
        }
    }

    @Test func emptyContainersAndNestingLayOutAsFoundationDoes() throws {
        var json = JSONLayout(depth: 1)
        json.object { o in
            o.key("a"); o.array { _ in }
            o.key("b"); o.object([:])
            o.key("c"); o.array { a in a.array { _ in }; a.object { _ in }; a.int(-3) }
        }
        #expect(String(decoding: json.bytes, as: UTF8.self) == "{\n    \"a\" : [\n\n    ],\n    \"b\" : {\n\n    },\n    \"c\" : [\n      [\n\n      ],\n      {\n\n      },\n      -3\n    ]\n  }")
    }
}
