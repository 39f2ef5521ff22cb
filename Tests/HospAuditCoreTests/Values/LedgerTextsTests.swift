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
        let names = ["银行存款", "管理费用-咨询费", "北京康宁医疗管理有限公司", "1002", "é"]
        let numbers = try names.map { try #require(Self.number(texts, $0)) }
        #expect(Set(numbers).count == names.count)
        #expect(Set(numbers.map(\.id)).count == names.count)
        #expect(try names.map { try #require(Self.number(texts, $0)) }.map(\.id) == numbers.map(\.id))
        #expect(zip(names, numbers).allSatisfy { texts[$1] == $0 })
        #expect(Self.number(texts, "") == .empty)
        #expect(texts[.empty] == "")
        #expect(texts.count == names.count + 1)
        #expect(texts.number("管理费用-咨询费") == numbers[1])
    }

    /// Texts Swift's `==` finds equal are equal as numbers, as the Strings compared were, and
    /// each still reads back as it was written: evidence quotes the line.
    @Test func textsEqualAsStringsAreEqualAsNumbersAndReadBackAsWritten() throws {
        let texts = LedgerTexts()
        let pairs = [("北京仁和投资有限公司", "\u{F963}京仁和投资有限公司"), ("é", "e\u{301}"), ("Å", "\u{212B}"), ("が", "か\u{3099}")]
        for (first, second) in pairs {
            #expect(first == second)
            // Either may come first.
            for (a, b) in [(first, second), (second, first)] {
                let table = LedgerTexts()
                let x = try #require(Self.number(table, a)), y = try #require(Self.number(table, b))
                #expect(x == y && x.hashValue == y.hashValue, "\(a) and \(b)")
                #expect(x.id != y.id)
                #expect(table[x] == a && table[y] == b)
                #expect(table[x].unicodeScalars.elementsEqual(a.unicodeScalars))
                #expect(table[y].unicodeScalars.elementsEqual(b.unicodeScalars))
            }
            _ = try #require(Self.number(texts, first))
        }
        // Different texts stay different, whatever their form.
        let a = try #require(Self.number(texts, "北京仁和投资有限公司")), b = try #require(Self.number(texts, "北京仁和医疗有限公司"))
        #expect(a != b)
    }

    @Test func textsThatAreTheirOwnNormalFormAreKnownAtOnce() {
        for normal in ["银行存款", "ABC-123", "（北京）", "１２３", "Café", "　全角　", "〇一"] {
            #expect(Array(normal.utf8).withUnsafeBufferPointer(ByteText.isOwnNormalForm), "\(normal)")
            #expect(normal.precomposedStringWithCanonicalMapping.utf8.elementsEqual(normal.utf8))
        }
        for other in ["e\u{301}", "\u{F963}京", "か\u{3099}", "\u{212B}", "가", "〪"] {
            #expect(!Array(other.utf8).withUnsafeBufferPointer(ByteText.isOwnNormalForm), "\(other)")
        }
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

    /// Past the limit new accounts come back empty: the lines must not each say their account
    /// is empty, and the reason must be listed however many other errors the file has.
    @Test func theReasonALedgerIsRejectedIsListedFirst() throws {
        var text = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
        for i in 0..<1_500 {
            text += "记-\(i),2024-03-05,2202\(i),应付账款-供应商\(i),,100.00,,采购\n"
            text += "记-\(i),2024-13-05,1002,银行存款,100.00,,,采购\n"
        }
        let reader = LedgerReader(bundle: "memory", file: "ledger.csv", texts: LedgerTexts(limit: 100))
        let report = try reader.read(DecodedInput.open(bytes: Array(text.utf8))) { _ in }
        #expect(report.wholeFileFailed)
        #expect(report.errorCount == 1_501, "the 1,500 bad dates and the reason, no empty accounts")
        #expect(report.errors.first?.message.en.contains("the ledger names more than") == true)
        #expect(report.publishedErrors.contains { $0.code == .errorsTruncated })
    }

    /// A cell of labelled items (辅助核算) is not a name: only the name taken out of it is numbered.
    @Test func labelledItemsAreNotNumberedOnlyTheNameInThem() throws {
        var text = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,辅助核算,摘要\n"
        for i in 0..<50 {
            text += "记-\(i),2024-03-05,5101,业务活动成本-药品费,100.00,,【客商：国药控股北京有限公司】【部门：药剂科\(i)】,领用药品\n"
            text += "记-\(i),2024-03-05,1002,银行存款,,100.00,【客商：国药控股北京有限公司】【部门：药剂科\(i)】,领用药品\n"
        }
        let reader = LedgerReader(bundle: "memory", file: "ledger.csv")
        var counterparties: Set<String> = []
        let report = try reader.read(DecodedInput.open(bytes: Array(text.utf8))) { counterparties.insert(reader.texts[$0.counterparty]) }
        #expect(report.errors.isEmpty)
        #expect(counterparties == ["国药控股北京有限公司"])
        #expect(reader.texts.count == 1 + 4 + 1, "the empty text, two codes, two names, one counterparty")
    }
}
