import Foundation
import Testing
@testable import HospAuditCore

struct LedgerReaderTests {
    /// The messy 用友-style export: title rows, CRLF, subtotals, a page break repeating the title
    /// and header, blank lines, a red-ink reversal, 辅助核算 cells, a bad date and a row split by
    /// an unquoted thousands separator. The same bytes in UTF-8 with BOM and in GB18030.
    @Test(arguments: [("ledger_messy_utf8bom.csv", TextEncoding.utf8BOM), ("ledger_messy_gb18030.csv", .gb18030)])
    func readsTheMessyExport(file: String, encoding: TextEncoding) throws {
        let (lines, report, detected) = try readLedger(path: Paths.fixture(file))
        #expect(detected == encoding)
        #expect(report.headerLine == 4)
        #expect(report.records == 19)
        #expect(report.physicalLines == 19)
        #expect(report.used == 8)
        #expect(report.skipped == [.title: 2, .header: 1, .blank: 2, .subtotal: 2, .repeatedHeader: 1, .note: 1])
        #expect(report.skippedLines[.subtotal] == [9, 19])
        #expect(report.skippedLines[.repeatedHeader] == [12])
        #expect(report.skippedLines[.note] == [11])
        #expect(report.rejected == 2)
        #expect(report.errorSummary == ["15:date:bad_date", "16:debit:ragged_row"])
        #expect(report.accountsForEveryRecord)

        #expect(lines.map(\.line) == [5, 6, 7, 8, 13, 14, 17, 18])
        let fee = try #require(lines.first)
        #expect(fee == TextLine(
            line: 5, entryID: "记-0001", lineNo: 1, date: Day(year: 2024, month: 1, day: 5)!, accountCode: "5201",
            accountName: "管理费用-咨询费", debit: Money(yuan: 120_000), credit: .zero,
            counterparty: "北京康宁医疗管理有限公司", summary: "支付2024年1月管理咨询费", preparer: "张丽", approver: "王强"))
        // A red-ink reversal stays a negative debit; it is not turned into a credit.
        #expect(lines[4].debit == Money(yuan: -3500) && lines[4].credit == .zero)
        #expect(lines[6].debit == Money(yuan: 2_000_000))
        #expect(lines[6].counterparty == "北京仁和投资有限公司")
    }

    @Test func bothEncodingsGiveTheSameLines() throws {
        let utf8 = try readLedger(path: Paths.fixture("ledger_messy_utf8bom.csv")).lines
        let gb = try readLedger(path: Paths.fixture("ledger_messy_gb18030.csv")).lines
        #expect(utf8 == gb)
    }

    /// Excel's "Unicode text": UTF-16LE with a BOM, tab-delimited.
    @Test func readsUTF16TabExport() throws {
        let (lines, report, encoding) = try readLedger(path: Paths.fixture("ledger_unicode_text.txt"))
        #expect(encoding == .utf16LE)
        #expect(report.delimiter == "tab")
        #expect(report.used == 4)
        #expect(report.skipped == [.header: 1, .subtotal: 1])
        #expect(lines.map(\.debit) == [Money(yuan: 120_000), .zero, Money(units: 8_563_205_000), .zero])
        #expect(lines[1].credit == Money(yuan: 120_000))
    }

    /// One signed amount and a direction instead of debit and credit; full-width digits,
    /// Chinese and Excel serial dates, currency signs, a dash for zero, a semicolon delimiter.
    @Test func readsAmountAndDirection() throws {
        let (lines, report, _) = try readLedger(path: Paths.fixture("ledger_amount_direction.csv"))
        #expect(report.delimiter == "semicolon")
        #expect(report.used == 4)
        #expect(report.errorSummary == ["6:amount:bad_money", "7:direction:missing_value"])
        #expect(report.accountsForEveryRecord)
        #expect(lines.map(\.date.description) == ["2024-03-05", "2024-03-05", "2024-03-06", "2024-03-06"])
        #expect(lines.map(\.debit) == [Money(units: 12_345_600), .zero, .zero, Money(yuan: -800)])
        #expect(lines.map(\.credit) == [.zero, Money(units: 12_345_600), .zero, .zero])
        #expect(lines[0].counterparty == "上海华康医疗科技有限公司")
        let tooPrecise = try #require(report.errors.first)
        #expect(tooPrecise.message.zh.contains("12.345678"))
        #expect(tooPrecise.message.en.contains("not rounded"))
    }

    /// Only business partners and persons are counterparties; a department or project item is
    /// not, and a name that merely holds a colon stays whole.
    @Test func auxiliaryItemsNameACounterpartyOnlyAsPartnerOrPerson() throws {
        let text = """
            凭证号,日期,科目编码,科目名称,借方金额,贷方金额,辅助核算,摘要
            记-0001,2024-03-05,5101,业务活动成本-药品费,100.00,,【部门：药剂科】,领用药品
            记-0001,2024-03-05,1002,银行存款,,100.00,【客商：国药控股北京有限公司】【部门：药剂科】,领用药品
            记-0002,2024-03-06,5201,管理费用-劳务费,200.00,,【个人：王建国】【部门：院办】,劳务费
            记-0002,2024-03-06,1002,银行存款,,200.00,【项目：门诊楼改造】,劳务费
            记-0003,2024-03-07,5201,管理费用-咨询费,300.00,,北京康宁医疗管理有限公司:分公司,咨询费
            记-0003,2024-03-07,1002,银行存款,,300.00,北京康宁医疗管理有限公司,咨询费

            """
        let (lines, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errors.isEmpty)
        #expect(lines.map(\.counterparty) == ["", "国药控股北京有限公司", "王建国", "", "北京康宁医疗管理有限公司:分公司", "北京康宁医疗管理有限公司"])
    }

    /// 金蝶 numbers vouchers within each word (收, 付, 转): 收-3 and 付-3 are two vouchers.
    @Test func theVoucherWordIsPartOfTheVoucher() throws {
        let text = """
            日期,凭证字,凭证号,科目代码,科目名称,借方金额,贷方金额,摘要
            2024-07-08,收,3,1002,银行存款,"50,000.00",,收到捐赠款
            2024-07-08,收,3,4101,捐赠收入,,"49,900.00",收到捐赠款
            2024-07-09,付,3,5201,管理费用-办公费,"20,000.00",,购买办公用品
            2024-07-09,付,3,1002,银行存款,,"20,000.00",购买办公用品
            2024-07-10,记,记-5,5201,管理费用-办公费,"100.00",,打印纸

            """
        let (lines, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errors.isEmpty)
        #expect(lines.map(\.entryID) == ["收-3", "收-3", "付-3", "付-3", "记-5"])
    }

    /// A 金蝶 明细账 has 借方 and 贷方 and also 方向 and 余额 for the running balance: 方向 is
    /// not the amounts' direction there, and 核算项目 names the counterparty.
    @Test func aBalanceDirectionBesideDebitAndCreditIsNotRead() throws {
        let text = """
            日期,凭证字号,摘要,科目代码,科目名称,借方,贷方,方向,余额,核算项目
            2024-01-18,记-2,支付管理费,5201,管理费用-管理费,"80,000.00",,借,"80,000.00",杭州明康医院管理有限公司
            2024-01-18,记-2,支付管理费,1002,银行存款,,"80,000.00",贷,"48,560.00",杭州明康医院管理有限公司

            """
        let (lines, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errors.isEmpty)
        #expect(report.ignoredHeaders == ["方向", "余额"] || report.ignoredHeaders == ["余额", "方向"])
        #expect(lines.map(\.debit) == [Money(yuan: 80_000), .zero])
        #expect(lines.map(\.credit) == [.zero, Money(yuan: 80_000)])
        #expect(lines.allSatisfy { $0.counterparty == "杭州明康医院管理有限公司" })
    }

    /// The other way round: a 金额 column beside 借方 and 贷方, with no 方向 to read it by, is not read.
    @Test func anAmountWithoutDirectionBesideDebitAndCreditIsNotRead() throws {
        let text = "凭证号,日期,科目名称,借方金额,贷方金额,金额\n记-1,2024-01-05,银行存款,100.00,,100.00\n"
        let (lines, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errors.isEmpty)
        #expect(report.ignoredHeaders == ["金额"])
        #expect(lines.map(\.debit) == [Money(yuan: 100)])
    }

    /// Quoted newlines and quotes are data; a stray quote inside an unquoted cell is text; text
    /// after a closing quote loses that record only; an unterminated quote is reported with the
    /// lines it swallowed.
    @Test func handlesQuoting() throws {
        let (lines, report, _) = try readLedger(path: Paths.fixture("ledger_quoting.csv"))
        #expect(lines.map(\.summary) == ["支付咨询费\n（第一期）", "转账 \"网银\" 支付", "购买12\"显示器支架", "快递费"])
        #expect(lines.map(\.line) == [2, 4, 5, 7])
        #expect(report.physicalLines == 9)
        #expect(report.errors.map(\.code) == [.csvSyntax, .unterminatedQuote])
        #expect(report.errors.map(\.line) == [6, 8])
        #expect(report.errors[1].endLine == 9)
        #expect(report.accountsForEveryRecord)
    }

    /// The audit reads without who prepared and approved each line (no rule reads them): no
    /// name is numbered for those cells, yet a line whose 制单人 does not decode is rejected all the same.
    @Test func peopleLeftOutAreStillChecked() throws {
        var bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,制单人,审核人\n记-1,2024-03-01,银行存款,100,,陈静,王强\n记-1,2024-03-01,应付账款,,100,".utf8)
        bytes += [0xE9, 0x99, 0xFF] + Array(",王强\n".utf8)
        func read(keepsPeople: Bool) throws -> ([TextLine], FileReport) {
            var lines: [TextLine] = []
            let reader = LedgerReader(bundle: "memory", file: "ledger.csv", keepsPeople: keepsPeople)
            let report = try reader.read(DecodedInput.open(bytes: bytes, encoding: .utf8)) { lines.append(TextLine($0, texts: reader.texts)) }
            return (lines, report)
        }
        let (kept, keptReport) = try read(keepsPeople: true)
        let (left, leftReport) = try read(keepsPeople: false)
        #expect(kept.map(\.preparer) == ["陈静"] && kept.map(\.approver) == ["王强"])
        #expect(left.map(\.preparer) == [""] && left.map(\.approver) == [""])
        #expect(left.map(\.debit) == kept.map(\.debit) && left.map(\.line) == kept.map(\.line))
        #expect(keptReport.errorSummary == ["3:preparer:undecodable_bytes"])
        #expect(leftReport.errorSummary == keptReport.errorSummary)
    }

    /// `inspect` counts the lines after the rows it shows without their voucher numbers and
    /// summaries: the same lines are used and rejected, with the same errors.
    @Test func textsLeftOutAreStillChecked() throws {
        var bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,摘要\n记-1,2024-03-01,银行存款,100,,收到门诊收入\n记-1,2024-03-01,提供服务收入,,100,".utf8)
        bytes += [0xE9, 0x99, 0xFF] + Array("\n,2024-03-02,银行存款,50,,无凭证号\n  ,2024-03-02,银行存款,,50,空白凭证号\n".utf8)
        bytes += Array("记-2,2024-03-03,银行存款,80,,".utf8) + [0xC3, 0x28] + Array("\n记-2,2024-03-03,管理费用,,80,办公费\n".utf8)
        func read(keepsTexts: Bool) throws -> ([TextLine], FileReport) {
            var lines: [TextLine] = []
            let reader = LedgerReader(bundle: "memory", file: "ledger.csv")
            reader.keepsTexts = keepsTexts
            let report = try reader.read(DecodedInput.open(bytes: bytes, encoding: .utf8)) { lines.append(TextLine($0, texts: reader.texts)) }
            return (lines, report)
        }
        let (kept, keptReport) = try read(keepsTexts: true)
        let (left, leftReport) = try read(keepsTexts: false)
        #expect(kept.map(\.entryID) == ["记-1", "记-2"] && kept.map(\.summary) == ["收到门诊收入", "办公费"])
        #expect(left.map(\.entryID) == ["", ""] && left.map(\.summary) == ["", ""])
        #expect(left.map(\.debit) == kept.map(\.debit) && left.map(\.line) == kept.map(\.line))
        #expect(keptReport.errorSummary == ["3:summary:undecodable_bytes", "4:entry_id:missing_value", "5:entry_id:missing_value", "6:summary:undecodable_bytes"])
        #expect(leftReport.errorSummary == keptReport.errorSummary)
        #expect(leftReport.used == keptReport.used && leftReport.rejected == keptReport.rejected)
    }

    /// Line numbers of up to four digits are read without the number parser; whatever the
    /// shortcut takes, it reads as the parser does.
    @Test func shortLineNumbersReadAsTheNumberParserReadsThem() {
        let cells = (0...1200).map(String.init) + ["0000", "0012", "9999", "10000", "", " 1", "1 ", "1.0", "-1", "+1", "１２", "1,2", "a1", "٣"]
        for cell in cells {
            let bytes = Array(cell.utf8)
            let short = bytes.withUnsafeBufferPointer { LedgerReader.shortNumber($0) }
            guard let short else { continue }
            let parsed: Int? = bytes.withUnsafeBufferPointer {
                if case .value(let n, 0, false) = NumberParser.parse($0, maxScale: 0), n >= 0 { return Int(n) }
                return nil
            }
            #expect(short == parsed, "\(cell)")
        }
        #expect(Array("12".utf8).withUnsafeBufferPointer { LedgerReader.shortNumber($0) } == 12)
        #expect(Array(" 1".utf8).withUnsafeBufferPointer { LedgerReader.shortNumber($0) } == nil)
    }

    /// A line whose only bad bytes are in a column no rule reads (who prepared or approved it)
    /// is rejected whether or not the reader keeps those names, and its neighbours are used.
    @Test func undecodableBytesInAnUnreadColumnStillRejectTheLine() throws {
        var bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,摘要,制单人,审核人\n记-1,2024-03-01,银行存款,100,,收到门诊收入, 陈静 ,王强\n".utf8)
        bytes += Array("记-1,2024-03-01,提供服务收入,,100,收到门诊收入,陈静, ".utf8) + [0xCD, 0xF5] + Array("\n".utf8)
        bytes += Array("记-2,2024-03-02,银行存款,50,,收到门诊收入,".utf8) + [0xB3, 0xC2] + Array(",王强\n".utf8)
        bytes += Array("记-2,2024-03-02,提供服务收入,,50,收到门诊收入,\u{3000}陈静,王强\u{FEFF}\n".utf8)
        for keepsPeople in [true, false] {
            let reader = LedgerReader(bundle: "memory", file: "ledger.csv", keepsPeople: keepsPeople)
            var used: [Int] = []
            let report = try reader.read(DecodedInput.open(bytes: bytes, encoding: .utf8)) { used.append($0.line) }
            #expect(used == [2, 5], "keepsPeople \(keepsPeople)")
            #expect(report.errorSummary == ["3:approver:undecodable_bytes", "4:preparer:undecodable_bytes"], "keepsPeople \(keepsPeople)")
        }
    }

    /// A ledger past the size read on one thread: the parsing threads check each segment's
    /// text and the reader skips the check of cells from a segment that passed, so a bad byte
    /// must still cost its line, in a column read or not, in the first chunk or a later one.
    @Test func undecodableBytesCostTheirLineWhenTheLedgerIsReadOnSeveralThreads() throws {
        var bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,摘要,制单人,审核人\n".utf8)
        var bad: [String] = []
        for i in 1 ... 24_000 {
            var line = Array("记-\(i / 2),2024-03-01,\(i % 2 == 0 ? "银行存款,100," : "提供服务收入,,100"),收到门诊收入,陈静,".utf8)
            // A GBK pair for the approver (no rule reads it), then one in a summary.
            if i == 3_000 || i == 19_000 {
                line += [0xCD, 0xF5]
                bad.append("\(i + 1):approver:undecodable_bytes")
            } else {
                line += Array("王强".utf8)
            }
            if i == 17_001 {
                line = Array("记-\(i / 2),2024-03-01,提供服务收入,,100,收到".utf8) + [0xC3, 0xC5] + Array(",陈静,王强".utf8)
                bad.append("\(i + 1):summary:undecodable_bytes")
            }
            bytes += line + [0x0A]
        }
        #expect(bytes.count > RecordPipeline.inlineLimit)
        for keepsPeople in [true, false] {
            let reader = LedgerReader(bundle: "memory", file: "ledger.csv", keepsPeople: keepsPeople)
            var used = 0
            let report = try reader.read(DecodedInput.open(bytes: bytes, encoding: .utf8)) { _ in used += 1 }
            #expect(report.errorSummary == bad, "keepsPeople \(keepsPeople)")
            #expect(used == 24_000 - 3, "keepsPeople \(keepsPeople)")
        }
    }

    @Test func undecodableBytesAreAnErrorOnTheirLine() throws {
        // A GBK byte pair inside a file whose first lines made it look like UTF-8.
        var text = "凭证号,日期,科目名称,借方金额,贷方金额,摘要\n"
        for i in 1...20 { text += "记-\(i),2024-01-02,管理费用-办公费,1.00,,购买办公用品\n" }
        let bytes = Array(text.utf8) + Array("记-21,2024-01-02,银行存款,,1.00,".utf8) + [0xD6, 0xD0] + Array("\n".utf8)
        let (lines, report) = try readLedger(bytes: bytes)
        #expect(lines.count == 20)
        #expect(report.errorSummary == ["22:summary:undecodable_bytes"])
    }

    /// Bytes of another encoding in a date, an amount or a line number are reported as such, not
    /// as a value that does not read: the message would quote them garbled.
    @Test func undecodableBytesInATypedCellAreNoBadValue() throws {
        var bytes = Array("凭证号,分录号,日期,科目名称,借方金额,贷方金额,摘要\n记-1,1,2024-03-01,银行存款,100,,收到门诊收入\n".utf8)
        bytes += Array("记-2,1,2024年".utf8) + [0xC8, 0xFD] + Array("月1日,银行存款,100,,收到门诊收入\n".utf8)
        bytes += Array("记-3,1,2024-03-01,银行存款,".utf8) + [0xA3, 0xA4] + Array("100,,收到门诊收入\n".utf8)
        bytes += Array("记-4,".utf8) + [0xB6, 0xFE] + Array(",2024-03-01,银行存款,100,,收到门诊收入\n".utf8)
        bytes += Array("记-5,1,2024-13-01,银行存款,100,,收到门诊收入\n记-6,1,2024-03-01,银行存款,一百,,收到门诊收入\n".utf8)
        bytes += Array("记-7,一,2024-03-01,银行存款,100,,收到门诊收入\n".utf8)
        let (lines, report) = try readLedger(bytes: bytes, encoding: .utf8)
        #expect(lines.map(\.line) == [2])
        #expect(report.errorSummary == ["3:date:undecodable_bytes", "4:debit:undecodable_bytes", "5:line_no:undecodable_bytes",
                                        "6:date:bad_date", "7:debit:bad_money", "8:line_no:bad_number"])
    }

    /// A record quoted over several lines is named by its first and last line, whatever cost it
    /// its place: an amount that does not read, bytes that do not decode.
    @Test func aRejectedRecordOverSeveralLinesNamesItsLastLine() throws {
        var bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,摘要\n".utf8)
        bytes += Array("记-1,2024-03-01,银行存款,1OO,,\"收到门诊收入\n（三月\n上旬）\"\n".utf8)
        bytes += Array("记-2,2024-03-01,银行存款,100,,\"收到".utf8) + [0xC3, 0xC5] + Array("\n诊收入\"\n".utf8)
        bytes += Array("记-3,2024-03-01,银行存款,abc,,收到门诊收入\n".utf8)
        let (lines, report) = try readLedger(bytes: bytes, encoding: .utf8)
        #expect(lines.isEmpty)
        #expect(report.errorSummary == ["2:debit:bad_money", "5:summary:undecodable_bytes", "7:debit:bad_money"])
        #expect(report.errors.map(\.endLine) == [4, 6, nil])
    }

    @Test func aHeaderMissingARequiredColumnRejectsTheFile() throws {
        let bytes = Array("凭证号,科目名称,借方金额,贷方金额\n记-1,银行存款,1.00,\n".utf8)
        let (lines, report) = try readLedger(bytes: bytes)
        #expect(lines.isEmpty)
        #expect(report.errors.map(\.code) == [.missingColumn])
        #expect(report.errors[0].message.en.contains("date"))
        #expect(report.rejected == 1)
        #expect(report.accountsForEveryRecord)
    }

    @Test func noRecognisableHeaderIsOneError() throws {
        let (lines, report) = try readLedger(bytes: Array("药品名称,规格\n阿莫西林胶囊,0.25g\n\n".utf8))
        #expect(lines.isEmpty)
        #expect(report.errors.map(\.code) == [.noHeader])
        #expect(report.rejected == 2)
        #expect(report.skipped == [.blank: 1])
        #expect(report.accountsForEveryRecord)
    }

    @Test func headersMatchAfterFoldingWidthCaseAndUnits() throws {
        let bytes = Array("\u{FEFF}＊凭证号 ,ＤＡＴＥ,科目名称,借方金额（元）,贷方金额(元)\n记-1,2024-01-02,银行存款,1.00,\n".utf8)
        let (lines, report) = try readLedger(bytes: bytes)
        #expect(report.errors.isEmpty)
        #expect(Set(report.columns.map(\.column)) == ["entry_id", "date", "account_name", "debit", "credit"])
        #expect(lines.first?.debit == Money(yuan: 1))
    }

    @Test func unknownHeadersAreListedNotLost() throws {
        let bytes = Array("凭证号,日期,科目名称,借方金额,贷方金额,币种,数量\n记-1,2024-01-02,银行存款,1.00,,CNY,1\n".utf8)
        let (_, report) = try readLedger(bytes: bytes)
        #expect(report.ignoredHeaders == ["币种", "数量"])
    }

    /// A million lines with one bad one: one error, every other line read, memory flat.
    @Test func aMillionLinesWithOneBadLineYieldOneError() throws {
        let path = Scratch.folder + "/hospaudit-million-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.write(Data("凭证号,日期,科目编码,科目名称,借方金额,贷方金额\n".utf8))
        var chunk = ""
        for i in 1...1_000_000 {
            let date = i == 654_321 ? "2024-02-31" : "2024-03-15"
            chunk += "记-\(i / 2),\(date),1002,银行存款,\(i % 2 == 0 ? "100.00," : ",100.00")\n"
            if i % 50_000 == 0 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.close()
        let input = try DecodedInput.open(path: path)
        var count = 0
        var debit = Money.zero
        let report = try LedgerReader(bundle: "big", file: "ledger.csv").read(input) { line in
            count += 1
            debit += line.debit
        }
        #expect(count == 999_999)
        #expect(report.errorCount == 1)
        #expect(report.errors.first?.line == 654_322)
        #expect(debit == Money(yuan: 100 * 500_000 - (654_321 % 2 == 0 ? 100 : 0)))
        #expect(report.accountsForEveryRecord)
    }

    @Test func errorsBeyondTheCapAreCountedNotKept() throws {
        var text = "凭证号,日期,科目名称,借方金额,贷方金额\n"
        for i in 1...(FileReport.maxErrorsKept + 50) { text += "记-\(i),bad,银行存款,1,\n" }
        let (_, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errorCount == FileReport.maxErrorsKept + 50)
        #expect(report.errors.count == FileReport.maxErrorsKept)
        #expect(report.publishedErrors.last?.code == .errorsTruncated)
    }

    /// The reader remembers the last date and amount it read: a cell in the same bytes reads as
    /// it did, whichever column it is in, a bad one in between is still an error on its own
    /// line, and an amount read again still counts toward the file's volume.
    @Test func cellsRepeatingTheLastOnesBytesReadAsTheyDid() throws {
        let text = """
            凭证号,日期,科目名称,借方金额,贷方金额
            记-1,2024-03-15,银行存款,"1,200.50",
            记-1,2024-03-15,应付账款,,"1,200.50"
            记-2,2024-03-32,银行存款,7.00,
            记-3,2024-03-15,银行存款,"(1,200.50)",
            记-3, 2024-03-15 ,银行存款,,"1,200.50"
            记-4,,银行存款,"1,200.50",
            记-5,2024/03/15,银行存款,"1,200.50x",

            """
        let (lines, report) = try readLedger(bytes: Array(text.utf8))
        #expect(report.errorSummary == ["4:date:bad_date", "7:date:missing_value", "8:debit:bad_money"])
        #expect(lines.map(\.line) == [2, 3, 5, 6])
        #expect(lines.allSatisfy { $0.date == Day(year: 2024, month: 3, day: 15)! })
        #expect(lines.map(\.debit) == [Money(yuan: 1200, fen: 50), .zero, -Money(yuan: 1200, fen: 50), .zero])
        #expect(lines.map(\.credit) == [.zero, Money(yuan: 1200, fen: 50), .zero, Money(yuan: 1200, fen: 50)])

        var huge = "凭证号,日期,科目名称,借方金额,贷方金额\n"
        for i in 1...300 { huge += "记-\(i),2024-03-15,银行存款,1000000000000.00,\n" }
        let (_, beyond) = try readLedger(bytes: Array(huge.utf8))
        #expect(beyond.wholeFileFailed)
        #expect(beyond.errors.first?.message.en.contains("add up to more than") == true)
    }
}
