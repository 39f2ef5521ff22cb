import Testing
@testable import HospAuditCore

/// A column's memo holds its last two texts, so the account columns of vouchers that go back
/// and forth between the bank and another account are read from it, and forgets the one used
/// longest ago.
struct CellMemoTests {
    private func lookup(_ memo: inout CellMemo<Int>, _ text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { memo.lookup($0) }
    }

    private func remember(_ memo: inout CellMemo<Int>, _ text: String, _ value: Int) {
        Array(text.utf8).withUnsafeBufferPointer { memo.remember($0, value) }
    }

    @Test func keepsTheTwoTextsUsedLastAndForgetsTheOlder() {
        var memo = CellMemo(0)
        defer { memo.deallocate() }
        #expect(lookup(&memo, "1002") == nil)
        remember(&memo, "1002", 1)
        remember(&memo, "5001", 2)
        #expect(lookup(&memo, "1002") == 1)
        #expect(lookup(&memo, "5001") == 2)
        // 1002 was used after 5001 last: 5001 goes.
        #expect(lookup(&memo, "1002") == 1)
        remember(&memo, "5201", 3)
        #expect(lookup(&memo, "5001") == nil)
        #expect(lookup(&memo, "1002") == 1)
        #expect(lookup(&memo, "5201") == 3)
        // Same length, other bytes; a prefix; the empty cell: none of them is 1002.
        #expect(lookup(&memo, "1003") == nil)
        #expect(lookup(&memo, "100") == nil)
        #expect(lookup(&memo, "") == nil)
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
