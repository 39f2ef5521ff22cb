import Testing
@testable import HospAuditCore

/// The reader's cache of cell texts: whatever it holds, grows to or starts over from, a cell's
/// bytes always come back as their own text.
struct StringCacheTests {
    static func text(_ cache: StringCache, _ s: String, unique: Bool = false) -> String? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { cache.string($0, unique: unique) }
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
        // Voucher numbers are made afresh, not looked up: the same texts either way.
        for text in ["", "记-0001", "银行存款", "1002", "记-000001", "短\u{FFFD}", "收-2024-12-000123", "国药控股北京有限公司"] {
            #expect(Self.text(cache, text, unique: true) == Self.text(cache, text), "\(text)")
        }
        // Short codes and names that alternate line after line come back from the cache.
        for _ in 0 ..< 3 {
            for text in ["1002", "银行存款", "4301", "5201", "管理费用"] { #expect(Self.text(cache, text) == text) }
        }
        let invalid: [UInt8] = [0xE5, 0x8C, 0x97, 0xFF, 0x41]
        #expect(invalid.withUnsafeBufferPointer { cache.string($0) } == nil)
        #expect(invalid.withUnsafeBufferPointer { cache.string($0, unique: true) } == nil)
        let longInvalid: [UInt8] = Array("国药控股北京有限公司".utf8) + [0xC0, 0x80]
        #expect(longInvalid.withUnsafeBufferPointer { cache.string($0) } == nil)
    }
}
