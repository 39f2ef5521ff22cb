import Foundation
import Testing
@testable import HospAuditCore

/// The numbering of a ledger's names: the same bytes always get the same number and read back
/// as the same text, across the table's growth and its blocks, and from another thread.
struct LedgerTextsTests {
    static func number(_ texts: LedgerTexts, _ s: String) -> LedgerText? {
        Array(s.utf8).withUnsafeBufferPointer { texts.number($0) }
    }

    @Test func theSameBytesGetTheSameNumberAndReadBackAsTheirText() throws {
        let texts = LedgerTexts()
        let names = ["银行存款", "管理费用-咨询费", "北京康宁医疗管理有限公司", "1002", "e\u{301}", "é"]
        let numbers = try names.map { try #require(Self.number(texts, $0)) }
        #expect(Set(numbers).count == names.count, "precomposed and decomposed é are different bytes")
        #expect(try names.map { try #require(Self.number(texts, $0)) } == numbers)
        #expect(zip(names, numbers).allSatisfy { texts[$1] == $0 })
        #expect(Self.number(texts, "") == .empty)
        #expect(texts[.empty] == "")
        #expect(texts.count == names.count + 1)
        #expect(texts.number("管理费用-咨询费") == numbers[1])
    }

    @Test func bytesThatDoNotDecodeGetNoNumber() {
        let texts = LedgerTexts()
        for bad: [UInt8] in [[0xFF], [0xE5, 0x8C], [0xC0, 0xAF], Array("甲\u{FFFD}乙".utf8)] {
            #expect(bad.withUnsafeBufferPointer { texts.number($0) } == nil)
        }
        #expect(texts.count == 1)
    }

    @Test func manyTextsAcrossBlocksAndGrowth() throws {
        let texts = LedgerTexts()
        let names = (0..<50_000).map { "往来单位\($0)号" }
        let numbers = try names.map { try #require(Self.number(texts, $0)) }
        #expect(numbers.map(\.id) == (1...50_000).map(UInt32.init))
        #expect(zip(names, numbers).allSatisfy { texts[$1] == $0 })
        #expect(try names.reversed().map { try #require(Self.number(texts, $0)) } == numbers.reversed())
    }

    /// The reader's thread numbers texts while the pass's thread reads back the numbers it was
    /// handed, as the ledger's hand-over does.
    /// What the two threads share in the test below; guarded by its condition.
    final class HandOver: @unchecked Sendable {
        let condition = NSCondition()
        var handed: [[(LedgerText, String)]] = []
        var finished = false
        var exited = false
        var wrong = 0
        var read = 0
    }

    @Test func numbersHandedToAnotherThreadReadBackThere() {
        let texts = LedgerTexts()
        let shared = HandOver()
        let reader = Thread {
            while true {
                shared.condition.lock()
                while shared.handed.isEmpty && !shared.finished { shared.condition.wait() }
                if shared.handed.isEmpty {
                    shared.exited = true
                    shared.condition.broadcast()
                    shared.condition.unlock()
                    return
                }
                let batch = shared.handed.removeFirst()
                shared.condition.unlock()
                var wrong = 0
                for (t, expected) in batch where texts[t] != expected { wrong += 1 }
                shared.condition.lock()
                shared.wrong += wrong
                shared.read += batch.count
                shared.condition.unlock()
            }
        }
        reader.start()
        var batch: [(LedgerText, String)] = []
        for i in 0..<100_000 {
            // Half the names repeat, half are new: the table grows while the other thread reads.
            let name = i % 2 == 0 ? "对方单位\(i % 7_000)" : "科目\(i)"
            batch.append((texts.number(name), name))
            if batch.count == 1000 {
                shared.condition.lock()
                shared.handed.append(batch)
                shared.condition.broadcast()
                shared.condition.unlock()
                batch = []
            }
        }
        shared.condition.lock()
        shared.finished = true
        shared.condition.broadcast()
        while !shared.exited { shared.condition.wait() }
        shared.condition.unlock()
        #expect(shared.read == 100_000)
        #expect(shared.wrong == 0)
    }

    @Test func aTableFullNumbersNewTextsAsEmptyAndSaysSo() throws {
        let texts = LedgerTexts(limit: 4)
        let kept = try ["甲", "乙", "丙"].map { try #require(Self.number(texts, $0)) }
        #expect(!texts.isFull)
        #expect(Self.number(texts, "丁") == .empty)
        #expect(texts.isFull)
        #expect(Self.number(texts, "乙") == kept[1], "texts already numbered keep their numbers")
        #expect(texts[kept[2]] == "丙")
    }

    /// A ledger naming more than the table keeps is not used: a hostile file costs its own
    /// hospital, never a run's memory.
    @Test func aLedgerNamingMoreThanIsKeptIsRejectedWhole() throws {
        var text = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
        for i in 0..<20 {
            text += "记-\(i),2024-03-05,2202,应付账款,,100.00,供应商\(i),采购\n"
        }
        let reader = LedgerReader(bundle: "memory", file: "ledger.csv", texts: LedgerTexts(limit: 10))
        let report = try reader.read(DecodedInput.open(bytes: Array(text.utf8))) { _ in }
        #expect(report.wholeFileFailed)
        let error = try #require(report.errors.last)
        #expect(error.code == .badValue)
        #expect(error.message.en.contains("more than \(LedgerTexts.limit)"))
    }
}
