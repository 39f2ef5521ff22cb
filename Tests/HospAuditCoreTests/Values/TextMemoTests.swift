import Testing
@testable import HospAuditCore

/// The memo behind account classes, party lookups and summary keywords: a hit must be the
/// key's own value, whatever other keys share its hash or its slot.
struct TextMemoTests {
    @Test func keysSharingAHashKeepTheirOwnValues() {
        var memo = TextMemo<String, Int>(limit: 1000)
        // One hash for all: only the key comparison tells them apart.
        for (i, name) in ["北京康宁投资管理有限公司", "国药控股北京有限公司", "", "a"].enumerated() {
            memo.remember(name, hash: 42, i)
        }
        #expect(memo.lookup("国药控股北京有限公司", hash: 42) == 1)
        #expect(memo.lookup("", hash: 42) == 2)
        #expect(memo.lookup("a", hash: 42) == 3)
        #expect(memo.lookup("北京康宁投资管理有限公司", hash: 42) == 0)
        #expect(memo.lookup("北京康宁投资管理有限公司", hash: 43) == nil)
        #expect(memo.lookup("b", hash: 42) == nil)
    }

    @Test func growingKeepsEveryEntryAndTheLimitStartsItOver() {
        var memo = TextMemo<String, Int>(limit: 5000)
        for i in 0 ..< 5000 { memo.remember("科目\(i)", hash: "科目\(i)".bytesHash, i) }
        var found = 0
        for i in 0 ..< 5000 {
            let key = "科目\(i)"
            if memo.lookup(key, hash: key.bytesHash) == i { found += 1 }
        }
        #expect(found == 5000)
        memo.remember("new", hash: 7, -1)
        #expect(memo.lookup("new", hash: 7) == -1)
        #expect(memo.lookup("科目0", hash: "科目0".bytesHash) == nil)
        var computed = 0
        #expect(memo.value(for: "x", hash: 9) { computed += 1; return 5 } == 5)
        #expect(memo.value(for: "x", hash: 9) { computed += 1; return 6 } == 5)
        #expect(computed == 1)
    }
}
