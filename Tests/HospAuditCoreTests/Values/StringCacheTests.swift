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

/// Texts made to collide under the byte hash with a fixed seed (sixteen bytes whose second word
/// cancels what the first did to the state, as a hostile file could carry thousands of) do not
/// collide under the seeds the memos, the string cache and the names table use.
struct SeededHashTests {
    static func collidingNames(_ count: Int, seed: UInt64) -> [[UInt8]] {
        let k: UInt64 = 0x4141_4141_4141_4141
        var names: [[UInt8]] = []
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        while names.count < count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let first = (0..<8).map { UInt8(0x41 + (state >> ($0 * 5)) % 26) }
            let w0 = first.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            var h = (seed ^ 16 ^ w0) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            let w1 = k ^ h
            let second = (0..<8).map { UInt8(truncatingIfNeeded: w1 >> ($0 * 8)) }
            guard second.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else { continue }
            names.append(first + second)
        }
        return names
    }

    @Test func namesMadeToCollideUnderAFixedSeedDoNotCollideUnderTheSeedsUsed() {
        let fixed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let names = Self.collidingNames(3, seed: fixed)
        let unseeded = names.map { n in n.withUnsafeBufferPointer { StringCache.hash($0, seed: fixed) } }
        #expect(Set(unseeded).count == 1, "the construction collides under the fixed seed")
        let seeded = names.map { String(decoding: $0, as: UTF8.self).bytesHash }
        #expect(Set(seeded).count == names.count)
    }
}
