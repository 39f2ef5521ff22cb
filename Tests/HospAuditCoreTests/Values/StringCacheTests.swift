import Testing
@testable import HospAuditCore

/// The reader's cache of cell texts: whatever it holds, grows to or starts over from, a cell's
/// bytes always come back as their own text.
struct StringCacheTests {
    static func text(_ cache: StringCache, _ s: String) -> String? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { cache.string($0) }
    }

    @Test func growingAndStartingOverKeepEveryTextRight() {
        let cache = StringCache(capacity: 1 << 12)
        // Past the first table (1,024 texts), past the largest (4,096), then again from the start.
        let names = (0 ..< 10_000).map { "北京康宁医疗器械有限公司第\($0)分公司" }
        for round in 0 ..< 2 {
            for name in names { #expect(Self.text(cache, name) == name, "round \(round)") }
        }
        #expect(Self.text(cache, names[3]) == names[3])
    }

    @Test func shortTextsAndBadBytes() {
        let cache = StringCache()
        #expect(Self.text(cache, "") == "")
        #expect(Self.text(cache, "记-0001") == "记-0001")
        #expect(Self.text(cache, "银行存款") == "银行存款")
        #expect(Self.text(cache, "含\u{FFFD}替换字符的很长的摘要文字") == nil)
        #expect(Self.text(cache, "短\u{FFFD}") == nil)
        let invalid: [UInt8] = [0xE5, 0x8C, 0x97, 0xFF, 0x41]
        #expect(invalid.withUnsafeBufferPointer { cache.string($0) } == nil)
        let longInvalid: [UInt8] = Array("国药控股北京有限公司".utf8) + [0xC0, 0x80]
        #expect(longInvalid.withUnsafeBufferPointer { cache.string($0) } == nil)
    }
}
