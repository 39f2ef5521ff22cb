import Foundation
import Testing
@testable import HospAuditCore

/// The document is written in pieces; the pieces must lay out as Foundation lays out the whole.
struct PrettyJSONTests {
    struct Inner: Encodable {
        let text: String
        let empty: [Int]
        let nested: [[String: String]]
        let none: [String: Int]
    }
    struct Outer: Encodable {
        let items: [Inner]
        let nothing: [Inner]
        let name: String
    }

    static let items = [
        Inner(text: "a/b \"引号\" \\ \n\t\u{1}", empty: [], nested: [["k": "v", "a": "<script>"], [:]], none: [:]),
        Inner(text: "", empty: [], nested: [], none: ["x": 1]),
    ]

    @Test func piecesLaidOutAtTheirDepthMatchTheWhole() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let whole = Array(try encoder.encode(Outer(items: Self.items, nothing: [], name: "北京/仁和")))

        var streamed: [UInt8] = []
        let sink = ByteSink { streamed += $0 }
        let json = PrettyJSON()
        sink.write("{\n  \"items\" : ")
        var items = PrettyArray(sink, depth: 1)
        for item in Self.items { items.element(try json.fragment(item, depth: 2)) }
        items.close()
        sink.write(",\n  \"name\" : ")
        sink.write(try json.fragment("北京/仁和", depth: 1))
        sink.write(",\n  \"nothing\" : ")
        PrettyArray(sink, depth: 1).close()
        sink.write("\n}")
        try sink.flush()
        #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }

    @Test func aSinkDrainsInBuffersAndKeepsOrder() throws {
        var drained: [[UInt8]] = []
        let sink = ByteSink { drained.append($0) }
        let piece = [UInt8](repeating: 0x41, count: 40_000)
        for _ in 0 ..< 5 { sink.write(piece) }
        try sink.flush()
        #expect(drained.count >= 3)
        #expect(drained.reduce(0) { $0 + $1.count } == 200_000)
    }
}
