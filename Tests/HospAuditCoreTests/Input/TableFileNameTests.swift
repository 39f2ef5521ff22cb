import Foundation
import Testing
@testable import HospAuditCore

/// Books given in parts: per year, per half year, per month, or cut by an export limit.
struct TableFileNameTests {
    @Test(arguments: [("序时账2023.csv", "ledger", "2023"), ("2024年01月凭证.csv", "ledger", "2024年01月"),
                      ("序时账_2.csv", "ledger", "2"), ("ledger-2024-H1.csv", "ledger", "2024 h1"),
                      ("序时账2024上半年.csv", "ledger", "2024上半年"), ("报表2024.csv", "statements", "2024"),
                      ("信息公开(2023年度).csv", "disclosures", "2023年度"), ("采购明细2024.csv", "purchases", "2024"),
                      ("序时账.csv", "ledger", "")])
    func partsAreNamedByTheirLabel(file: String, table: String, label: String) throws {
        let named = try #require(TableFileName.parse(file))
        #expect(named.table == table)
        #expect(named.label == label)
    }

    @Test func partsAreReadInTheOrderTheirNamesGive() {
        let names = ["序时账_10.csv", "序时账_2.csv", "序时账_1.csv"]
        #expect(TableFileName.sorted(names) == ["序时账_1.csv", "序时账_2.csv", "序时账_10.csv"])
        let halves = ["序时账2024下半年.csv", "序时账2024上半年.csv", "序时账2023下半年.csv"]
        #expect(TableFileName.sorted(halves) == ["序时账2023下半年.csv", "序时账2024上半年.csv", "序时账2024下半年.csv"])
        let quarters = ["凭证2024年四季度.csv", "凭证2024年二季度.csv", "凭证2024年一季度.csv", "凭证2024年三季度.csv"]
        #expect(TableFileName.sorted(quarters) == ["凭证2024年一季度.csv", "凭证2024年二季度.csv", "凭证2024年三季度.csv", "凭证2024年四季度.csv"])
        let months = ["2024年10月凭证.csv", "2024年2月凭证.csv", "2024年12月凭证.csv", "2024年1月凭证.csv"]
        #expect(TableFileName.sorted(months) == ["2024年1月凭证.csv", "2024年2月凭证.csv", "2024年10月凭证.csv", "2024年12月凭证.csv"])
        #expect(TableFileName.sorted(["报表2024(2).csv", "报表2024.csv"]) == ["报表2024.csv", "报表2024(2).csv"])
    }

    @Test func aLayoutReadsEachPartOnceAndOneEntity() throws {
        let dir = Scratch.folder + "/parts-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for file in ["entity.csv", "机构信息.csv", "序时账2024.csv", "序时账2023.csv", "ledger2024.csv", "报表2023.csv", "报表2024.csv"] {
            try "x\n".write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        let layout = BundleLayout(path: dir)
        #expect(layout.parts["ledger"] == ["序时账2023.csv", "ledger2024.csv"])
        #expect(layout.parts["statements"] == ["报表2023.csv", "报表2024.csv"])
        #expect(layout.parts["entity"] == ["entity.csv"])
        let duplicates = layout.errors.filter { $0.code == .duplicateTable }.compactMap(\.file)
        #expect(Set(duplicates) == ["机构信息.csv", "序时账2024.csv"])
    }
}

/// Voucher keys of earlier files: repeats are told from vouchers continued across a cut.
struct RepeatedVouchersTests {
    /// A line of its own content: `number` is its place and its amount.
    func line(_ id: String, _ date: String, _ number: Int, amount: Int? = nil) -> LedgerLine {
        let parts = date.split(separator: "-").map { Int($0)! }
        return LedgerLine(line: number, entryID: id, date: Day(year: parts[0], month: parts[1], day: parts[2])!,
                          debit: Money(units: Int64(amount ?? number) * 10_000))
    }

    @Test func aVoucherContinuedAcrossTheCutIsNoRepeat() {
        var repeats = RepeatedVouchers()
        repeats.startPart(0)
        for (i, id) in ["记-0001", "记-0001", "记-0002", "记-0003"].enumerated() {
            let repeated = repeats.isRepeated(line(id, "2024-01-05", i + 2))
            #expect(!repeated)
        }
        repeats.startPart(1)
        do { let repeated = repeats.isRepeated(line("记-0003", "2024-01-05", 2, amount: 77)); #expect(!repeated) }
        do { let repeated = repeats.isRepeated(line("记-0004", "2024-01-06", 3)); #expect(!repeated) }
        #expect(repeats.repeats.lines == 0)
    }

    /// An export that begins with the lines the previous one ended with: those lines again,
    /// not the rest of a voucher cut by the export limit.
    @Test func linesTheCutAlreadyGaveAreRepeats() {
        var repeats = RepeatedVouchers()
        repeats.startPart(0)
        for (i, id) in ["记-0052", "记-0053", "记-0053"].enumerated() { _ = repeats.isRepeated(line(id, "2024-01-31", i + 2)) }
        repeats.startPart(1)
        var flags: [Bool] = []
        for (i, id) in ["记-0053", "记-0053"].enumerated() { flags.append(repeats.isRepeated(line(id, "2024-01-31", i + 3))) }
        flags.append(repeats.isRepeated(line("记-0053", "2024-01-31", 9)))
        flags.append(repeats.isRepeated(line("记-0054", "2024-01-31", 10)))
        #expect(flags == [true, true, false, false])
        #expect(repeats.repeats.lines == 2 && repeats.repeats.vouchers == 1)
    }

    @Test func aMonthExportedTwiceIsRepeatedLineByLine() {
        var repeats = RepeatedVouchers()
        repeats.startPart(0)
        for n in 1...300 { _ = repeats.isRepeated(line(String(format: "记-%04d", n), "2024-03-10", n + 1)) }
        repeats.startPart(1)
        for n in 1...300 { _ = repeats.isRepeated(line(String(format: "记-%04d", n), "2024-04-10", n + 1)) }
        #expect(repeats.repeats.lines == 0)
        repeats.startPart(2)
        var flagged = 0
        for n in 1...300 where repeats.isRepeated(line(String(format: "记-%04d", n), "2024-03-10", n + 1)) { flagged += 1 }
        // Another number in the same month is new; a number without digits is kept as it is.
        do { let repeated = repeats.isRepeated(line("记-0301", "2024-03-31", 400)); #expect(!repeated) }
        #expect(flagged == 300)
        #expect(repeats.repeats.vouchers == 300)
        #expect(repeats.repeats.earlierPart == 0)
        #expect(repeats.repeats.firstLine == 2 && repeats.repeats.lastLine == 301)
        #expect(repeats.repeats.listed.count == FileReport.maxSkippedLinesListed)
    }

    /// 记-9 and 记-0009 are one voucher as two exports write it; other words and months are not.
    @Test func numbersAreComparedByValueWithinTheirWordAndMonth() {
        var repeats = RepeatedVouchers()
        repeats.startPart(0)
        for id in ["记-9", "收-0009", "调整A", "记-0011", "记-0015"] { _ = repeats.isRepeated(line(id, "2024-05-02", 1)) }
        repeats.startPart(1)
        do { let repeated = repeats.isRepeated(line("记-0009", "2024-05-03", 2)); #expect(repeated) }
        do { let repeated = repeats.isRepeated(line("记-0012", "2024-05-03", 3)); #expect(!repeated) }
        do { let repeated = repeats.isRepeated(line("记-9", "2024-06-03", 4)); #expect(!repeated) }
        do { let repeated = repeats.isRepeated(line("付-9", "2024-05-03", 8)); #expect(!repeated) }
        do { let repeated = repeats.isRepeated(line("调整A", "2024-05-20", 5)); #expect(repeated) }
        do { let repeated = repeats.isRepeated(line("记-0015", "2024-05-20", 6)); #expect(repeated) }
        do { let repeated = repeats.isRepeated(line("收-0009", "2024-05-20", 7)); #expect(repeated) }
    }
}
