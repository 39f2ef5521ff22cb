import Testing
@testable import HospAuditCore

/// A column's memo holds its last four texts, so the account columns of vouchers that go back
/// and forth between the bank and another account, and the few clerks who prepare and approve
/// every voucher, are read from it; it forgets the one used longest ago.
struct CellMemoTests {
    private func lookup(_ memo: inout CellMemo<Int>, _ text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { memo.lookup($0) }
    }

    private func remember(_ memo: inout CellMemo<Int>, _ text: String, _ value: Int) {
        Array(text.utf8).withUnsafeBufferPointer { memo.remember($0, value) }
    }

    @Test func keepsTheFourTextsUsedLastAndForgetsTheOldest() {
        var memo = CellMemo(0)
        defer { memo.deallocate() }
        #expect(lookup(&memo, "1002") == nil)
        remember(&memo, "1002", 1)
        remember(&memo, "5001", 2)
        remember(&memo, "5201", 3)
        remember(&memo, "2241", 4)
        #expect(lookup(&memo, "1002") == 1)
        #expect(lookup(&memo, "5001") == 2)
        #expect(lookup(&memo, "2241") == 4)
        // 5201 was used longest ago: it goes, the other three stay.
        remember(&memo, "4301", 5)
        #expect(lookup(&memo, "5201") == nil)
        #expect(lookup(&memo, "1002") == 1)
        #expect(lookup(&memo, "5001") == 2)
        #expect(lookup(&memo, "2241") == 4)
        #expect(lookup(&memo, "4301") == 5)
        // Same length, other bytes; a prefix; the empty cell: none of them is 1002.
        #expect(lookup(&memo, "1003") == nil)
        #expect(lookup(&memo, "100") == nil)
        #expect(lookup(&memo, "") == nil)
    }

    @Test func fiveClerksTakingTurnsKeepTheFourMostRecent() {
        var memo = CellMemo(0)
        defer { memo.deallocate() }
        let clerks = ["陈静", "张丽", "李娜", "王强", "刘洋"]
        // Each clerk is looked up, and remembered when missing; afterwards the memo holds the
        // last four, whatever order they came in.
        let order = [0, 1, 0, 2, 3, 0, 4, 1, 1, 2, 4, 3, 0]
        for (n, k) in order.enumerated() where lookup(&memo, clerks[k]) == nil {
            remember(&memo, clerks[k], k + 1)
            #expect(lookup(&memo, clerks[k]) == k + 1, "after \(n + 1) turns")
        }
        var lastFour: [Int] = []
        for k in order.reversed() where !lastFour.contains(k) && lastFour.count < 4 { lastFour.append(k) }
        for k in clerks.indices {
            #expect((lookup(&memo, clerks[k]) != nil) == lastFour.contains(k), "\(clerks[k])")
        }
    }

    /// Voucher numbers: only the last one can come back (the voucher's next line), so only it
    /// is compared.
    @Test func theRecentLookupSeesOnlyTheTextUsedLast() {
        var memo = CellMemo(0)
        defer { memo.deallocate() }
        remember(&memo, "记-000001", 1)
        remember(&memo, "记-000002", 2)
        #expect(Array("记-000002".utf8).withUnsafeBufferPointer { memo.lookupRecent($0) } == 2)
        #expect(Array("记-000001".utf8).withUnsafeBufferPointer { memo.lookupRecent($0) } == nil)
        #expect(lookup(&memo, "记-000001") == 1)
        #expect(Array("记-000001".utf8).withUnsafeBufferPointer { memo.lookupRecent($0) } == 1)
    }

    @Test func aTextLongerThanItHoldsIsNotRemembered() {
        var memo = CellMemo(0)
        defer { memo.deallocate() }
        let long = String(repeating: "北京康宁医疗管理有限公司", count: 4)
        remember(&memo, "银行存款", 1)
        remember(&memo, long, 2)
        #expect(lookup(&memo, long) == nil)
        #expect(lookup(&memo, "银行存款") == 1)
    }

    @Test func memosOfSeveralColumnsAreApart() {
        let memos = CellMemos(count: 3, empty: "")
        defer { memos.deallocate() }
        Array("记-0001".utf8).withUnsafeBufferPointer { memos.remember(0, $0, "记-0001") }
        Array("收到门诊医疗收入".utf8).withUnsafeBufferPointer { memos.remember(2, $0, "收到门诊医疗收入") }
        #expect(Array("记-0001".utf8).withUnsafeBufferPointer { memos.lookup(0, $0) } == "记-0001")
        #expect(Array("记-0001".utf8).withUnsafeBufferPointer { memos.lookup(1, $0) } == nil)
        #expect(Array("收到门诊医疗收入".utf8).withUnsafeBufferPointer { memos.lookup(2, $0) } == "收到门诊医疗收入")
    }
}
