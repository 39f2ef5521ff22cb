import Foundation
import Testing
@testable import HospAuditCore

struct StrictJSONTests {
    /// Every text shipped in the binary reads as the YAML reader read it before: the same
    /// numbers kept as text, strings, nesting and keys.
    @Test(arguments: EmbeddedPolicies.json.keys.sorted())
    func shippedTextReadsAsTheYAMLReaderReadsIt(name: String) throws {
        let text = try #require(EmbeddedPolicies.json[name])
        let strict = try StrictJSON.parse(text)
        let composed = try JSONValue.composed(text)
        #expect(strict == composed)
        #expect(strict.canonicalJSON == composed.canonicalJSON)
    }

    @Test func valuesComeOutAsTheYAMLReaderGivesThem() throws {
        let text = #"{"rate": 0.15, "big": -120, "sci": 1e5, "on": true, "off": false, "none": null, "q": "0.15", "k": 1, "k": 2, "list": [], "empty": {}}"#
        let value = try StrictJSON.parse(text)
        #expect(value == (try JSONValue.composed(text)))
        #expect(value["rate"] == .number("0.15"))
        #expect(value["big"] == .number("-120"))
        #expect(value["sci"] == .string("1e5"))
        #expect(value["q"] == .string("0.15"))
        #expect(value["k"] == .number("2"))
        #expect(value["list"] == .array([]))
        #expect(value["empty"] == .object([:]))
    }

    @Test func aByteOrderMarkAtTheStartIsPassedOver() throws {
        let text = "\u{FEFF}{\"a\": [1, \"二\"]}"
        #expect(try StrictJSON.parse(text) == (try JSONValue.composed(text)))
        #expect(try StrictJSON.parse(text)["a"] == .array([.number("1"), .string("二")]))
    }

    @Test func escapesAndNonASCIIText() throws {
        let text = #"{"pattern": "^[0-9]+(\\.[0-9]{1,2})?$", "quote": "say \"康宁\"\n", "slash": "a\/b", "u": "\u6c11\u529e", "pair": "\ud83c\udfe5", "tab": "\t\b\f\r"}"#
        let value = try StrictJSON.parse(text)
        #expect(value["pattern"] == .string(#"^[0-9]+(\.[0-9]{1,2})?$"#))
        #expect(value["quote"] == .string("say \"康宁\"\n"))
        #expect(value["slash"] == .string("a/b"))
        #expect(value["u"] == .string("民办"))
        #expect(value["pair"] == .string("🏥"))
        #expect(value["tab"] == .string("\t\u{08}\u{0C}\r"))
    }

    @Test(arguments: [
        (#"{"a": 1"#, "the object is not closed"),
        (#"{"a" 1}"#, "“:” was expected"),
        (#"[1, 2"#, "the array is not closed"),
        (#"{"a": "b}"#, "the string is not closed"),
        (#"{"a": tru}"#, "a value was expected"),
        (#"{"a": 1.}"#, "digits were expected after “.”"),
        (#"{"a": "\x"}"#, "an unknown escape"),
        (#"{"a": "\ud83c"}"#, "a lone surrogate"),
        (#"{"a": 1} x"#, "text after the value"),
        ("{\"a\": \"line\nbreak\"}", "a control character in a string"),
    ])
    func malformedTextIsRefusedWithWhereAndWhy(text: String, message: String) {
        #expect {
            try StrictJSON.parse(text)
        } throws: { error in
            (error as? StrictJSON.Failure)?.message == message
        }
    }

    @Test func nestingBeyondTheLimitIsRefusedBeforeTheStackIs() {
        let deep = String(repeating: "[", count: JSONValue.maximumDepth + 2) + String(repeating: "]", count: JSONValue.maximumDepth + 2)
        #expect(throws: StrictJSON.Failure.self) { try StrictJSON.parse(deep) }
    }
}
