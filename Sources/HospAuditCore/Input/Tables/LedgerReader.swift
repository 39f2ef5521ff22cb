import Foundation

/// Streams the ledger: every data record becomes a typed `LedgerLine` handed to `onLine`,
/// one at a time, so memory stays flat however long the ledger is.
public final class LedgerReader {
    public static let schema = TableCatalog.schema("ledger")!

    private let bundle: String
    private let file: String
    /// The ledger's schema, or the one an import mapping reads this file with.
    private let fileSchema: TableSchema
    /// A mapping's sign convention for one signed amount column without a direction.
    private let amountSign: ImportMapping.AmountSign?
    private let cache = StringCache()
    /// Where names of accounts and counterparties are numbered: the bundle's, shared by the
    /// readers of a ledger given in parts and by the pass.
    public let texts: LedgerTexts
    private var counterpartyLabels = TextMemo<String, LedgerText>(limit: 10_000)
    /// Whether lines carry who prepared and approved them. No rule reads them; the audit reads
    /// without, so two names a line are never numbered (their cells are still checked), and
    /// `inspect` stops once it has the rows it shows.
    public var keepsPeople: Bool
    /// Whether lines carry their voucher numbers and summaries. `inspect` shows a few rows and
    /// counts the rest: once it has its rows it reads without them, so no String is made for
    /// two cells a line (their cells are still checked, and an empty voucher number still
    /// rejects its line). A ledger given in parts needs the numbers to tell repeated vouchers.
    public var keepsTexts = true

    public init(bundle: String, file: String, schema: TableSchema = LedgerReader.schema, amountSign: ImportMapping.AmountSign? = nil,
                keepsPeople: Bool = true, texts: LedgerTexts = LedgerTexts()) {
        self.bundle = bundle
        self.texts = texts
        self.file = file
        fileSchema = schema
        self.amountSign = amountSign
        self.keepsPeople = keepsPeople
    }

    /// Where a column is read from: one cell, or several (客户 and 供应商 both name the
    /// counterparty: the first filled wins). Plain integers and a pointer keep the per-line path
    /// free of reference counting (an array of the several was retained and released at every
    /// read of every column, nine times a line).
    struct Source {
        var first = -1
        /// The several cells, when there are several; owned by the `Sources` holding it.
        var more: UnsafeBufferPointer<Int>? = nil
        /// Which of the reader's memos remembers this column's last text.
        var memo = 0
        /// Its texts seldom repeat beyond one voucher's lines (voucher numbers).
        var isUnique = false

        init() {}

        init(_ list: [Int]?, memo: Int = 0, isUnique: Bool = false) {
            self.memo = memo
            self.isUnique = isUnique
            guard let list, let head = list.first else { return }
            first = head
            if list.count > 1 {
                let cells = UnsafeMutableBufferPointer<Int>.allocate(capacity: list.count)
                _ = cells.initialize(from: list)
                more = UnsafeBufferPointer(cells)
            }
        }

        var isPresent: Bool { first >= 0 }

        func deallocate() { more?.deallocate() }

        @inline(__always)
        func cell(_ record: CSVRecord) -> UnsafeBufferPointer<UInt8> {
            if let more { return record.firstFilledCell(more) }
            return record.cell(first)
        }
    }

    struct Sources {
        var entryID = Source(), entryWord = Source(), lineNo = Source(), date = Source()
        var accountCode = Source(), accountName = Source()
        var debit = Source(), credit = Source(), amount = Source(), direction = Source()
        var counterparty = Source(), counterpartyID = Source(), counterpartyAccount = Source(), summary = Source()
        var preparer = Source(), approver = Source()

        init() {}

        init(_ m: HeaderMapping) {
            entryID = Source(m.sources["entry_id"], memo: 0, isUnique: true)
            entryWord = Source(m.sources["entry_word"], memo: 9)
            lineNo = Source(m.sources["line_no"])
            date = Source(m.sources["date"])
            accountCode = Source(m.sources["account_code"], memo: 1)
            accountName = Source(m.sources["account_name"], memo: 2)
            debit = Source(m.sources["debit"])
            credit = Source(m.sources["credit"])
            amount = Source(m.sources["amount"])
            direction = Source(m.sources["direction"])
            counterparty = Source(m.sources["counterparty"], memo: 3)
            counterpartyID = Source(m.sources["counterparty_id"], memo: 4)
            summary = Source(m.sources["summary"], memo: 5)
            preparer = Source(m.sources["preparer"], memo: 6)
            approver = Source(m.sources["approver"], memo: 7)
            counterpartyAccount = Source(m.sources["counterparty_account"], memo: 8)
        }

        func deallocate() {
            for source in [entryID, entryWord, lineNo, date, accountCode, accountName, debit, credit, amount, direction,
                           counterparty, counterpartyID, counterpartyAccount, summary, preparer, approver] {
                source.deallocate()
            }
        }
    }

    /// `onRejectedLine` gets the voucher number and date of each rejected line, where they can
    /// be read, so what is built from the ledger knows which vouchers are incomplete;
    /// `onUnreadableLine` is told, in order with the lines, where a line was lost to the CSV
    /// syntax (its voucher cannot be told, only its place).
    public func read(_ input: DecodedInput, delimiter: UInt8? = nil,
                     onRejectedLine: (_ entryID: String, _ date: Day?) -> Void = { _, _ in },
                     onUnreadableLine: () -> Void = {},
                     onLine: (consuming LedgerLine) -> Void) throws -> FileReport {
        let scanner = TableScanner(schema: fileSchema, bundle: bundle, file: file)
        try scanner.scan(input, delimiter: delimiter, onHeader: {
            sources.deallocate()
            sources = Sources($0)
        }, onRejected: { record in
            let entryID = Self.voucher(ByteText.trimmedString(sources.entryID.cell(record)),
                                       word: sources.entryWord.isPresent ? ByteText.trimmedString(sources.entryWord.cell(record)) : "")
            guard !entryID.isEmpty else { return }
            if case .success(let date?) = DateParser.parse(sources.date.cell(record)) {
                onRejectedLine(entryID, date)
            } else {
                onRejectedLine(entryID, nil)
            }
        }, onUnreadable: onUnreadableLine) { record in
            // Emptying an empty array allocates (its storage is the shared empty one): nearly
            // every line has no error.
            if !errors.isEmpty { errors.removeAll(keepingCapacity: true) }
            let line = parse(record)
            if !errors.isEmpty { return .rejected(errors) }
            onLine(consume line)
            return .used
        }
        var report = scanner.report
        for notice in notices { report.record(notice) }
        // Why the whole file was not used goes first: it must not be lost behind the cap on
        // the errors listed.
        if volumeExceeded {
            report.refuseWhole()
            report.recordFirst(.volumeBeyondRange(bundle: bundle, file: file))
        }
        if texts.isFull {
            report.refuseWhole()
            report.recordFirst(InputError(bundle: bundle, file: file, code: .badValue, message: LocalizedText(
                zh: "序时账中不同的科目和往来单位名称超过 \(LedgerTexts.limit) 个（或共 \(LedgerTexts.byteLimit >> 20) MB），超出可保存的范围，本文件未使用",
                en: "the ledger names more than \(LedgerTexts.limit) different accounts and counterparties (or \(LedgerTexts.byteLimit >> 20) MB of them), beyond what is kept; this file was not used")))
        }
        return report
    }

    // Per-line state lives in the reader, not in closures, so the hot path does not box it.
    private var sources = Sources()
    private var errors: [InputError] = []
    private let memos = CellMemos(count: 10, empty: "")
    private let nameMemos = CellMemos(count: 10, empty: LedgerText.empty)
    private var dateMemo = CellMemo(Day(ordinal: 0))
    private var amountMemo = CellMemo(Money.zero)

    deinit {
        memos.deallocate()
        nameMemos.deallocate()
        dateMemo.deallocate()
        amountMemo.deallocate()
        sources.deallocate()
    }
    private let directionParser = CellParser(schema: LedgerReader.schema)
    private let directionColumn = LedgerReader.schema.column("direction")!

    /// Whether invisible characters around a voucher number were reported (once a file).
    private var reportedInvisible = false
    /// Problems worth reporting that do not cost the line.
    private var notices: [InputError] = []
    /// The magnitudes of every amount read, to know that no sum of them can overflow.
    private var volume: Int64 = 0
    private var volumeExceeded = false

    private func parse(_ record: CSVRecord) -> LedgerLine {
        if !reportedInvisible && sources.entryID.isPresent && ByteText.hasInvisibleEdge(sources.entryID.cell(record)) {
            reportedInvisible = true
            notices.append(InputError(
                bundle: bundle, file: file, line: record.line, column: "entry_id", code: .badValue,
                message: LocalizedText(
                    zh: "凭证号两端有不可见字符（BOM、NUL 或零宽字符），已去除后读取；本文件中其他这样的单元格同样处理，不再逐一报告",
                    en: "invisible characters (a BOM, NUL or zero-width character) around the voucher number were removed; other such cells in this file are cleaned the same way without a report each")))
        }
        var entryID = ""
        var noEntryID: Bool
        if keepsTexts {
            entryID = text(record, sources.entryID, "entry_id")
            if sources.entryWord.isPresent { entryID = Self.voucher(entryID, word: text(record, sources.entryWord, "entry_word")) }
            noEntryID = entryID.isEmpty
        } else {
            // The voucher's word alone is no number: `voucher(_:word:)` gives nothing for it.
            noEntryID = trimmedCell(record, sources.entryID) == nil
            _ = checked(record, sources.entryID, "entry_id")
            if sources.entryWord.isPresent { _ = checked(record, sources.entryWord, "entry_word") }
        }
        if noEntryID && errors.isEmpty {
            fail(record, "entry_id", .missingValue, LocalizedText(zh: "凭证号为空", en: "the voucher number is empty"))
        }
        let date = day(record, sources.date.cell(record))
        let accountCode = name(record, sources.accountCode, "account_code")
        let accountName = name(record, sources.accountName, "account_name")
        // Once the names are full, new ones come back empty; the file is not used, and each
        // line saying so would only hide why.
        if accountCode.isEmpty && accountName.isEmpty && !texts.isFull {
            fail(record, "account_code|account_name", .missingValue,
                 LocalizedText(zh: "科目编码和科目名称都为空", en: "both account code and account name are empty"))
        }
        var debit = Money.zero, credit = Money.zero
        if sources.debit.isPresent {
            debit = money(record, sources.debit, "debit")
            credit = money(record, sources.credit, "credit")
        } else if let amountSign, !sources.direction.isPresent {
            let amount = money(record, sources.amount, "amount")
            let debitSide = (amount.units >= 0) == (amountSign == .debitPositive)
            if debitSide { debit = amount.units >= 0 ? amount : -amount } else { credit = amount.units >= 0 ? amount : -amount }
        } else {
            let amount = money(record, sources.amount, "amount")
            switch directionParser.parse(sources.direction.cell(record), as: directionColumn) {
            case .success(.enumeration(key: "credit", _)?): credit = amount
            case .success(.enumeration(key: "debit", _)?): debit = amount
            case .success:
                if !amount.isZero {
                    fail(record, "direction", .missingValue,
                         LocalizedText(zh: "有金额但方向（借/贷）为空", en: "an amount without a direction (借/贷)"))
                }
            case .failure(let problem):
                fail(record, "direction", problem.code, problem.message)
            }
        }
        var lineNo: Int?
        if sources.lineNo.isPresent {
            let cell = sources.lineNo.cell(record)
            if let n = Self.shortNumber(cell) {
                lineNo = n
            } else {
                switch NumberParser.parse(cell, maxScale: 0) {
                case .value(let n, 0, false) where n >= 0: lineNo = Int(n)
                default: break
                }
            }
            let raw = lineNo == nil ? ByteText.trimmedString(cell) : ""
            if lineNo == nil && !raw.isEmpty {
                failValue(record, "line_no", cell) {
                    (.badNumber, LocalizedText(zh: "分录号“\(raw)”不是整数", en: "the line number “\(raw)” is not a whole number"))
                }
            }
        }
        let counterparty = counterpartyText(record)
        return LedgerLine(
            line: record.line, entryID: entryID, lineNo: lineNo, date: date,
            accountCode: accountCode, accountName: accountName, debit: debit, credit: credit,
            counterparty: counterparty, counterpartyID: name(record, sources.counterpartyID, "counterparty_id"),
            counterpartyAccount: name(record, sources.counterpartyAccount, "counterparty_account"),
            summary: keepsTexts ? text(record, sources.summary, "summary") : checkedText(record, sources.summary, "summary"),
            preparer: keepsPeople ? name(record, sources.preparer, "preparer") : checked(record, sources.preparer, "preparer"),
            approver: keepsPeople ? name(record, sources.approver, "approver") : checked(record, sources.approver, "approver"))
    }

    /// The line's date; a voucher's lines, and most of a day's vouchers, give it in the same
    /// bytes, so the last one read is remembered.
    @inline(__always)
    private func day(_ record: CSVRecord, _ cell: UnsafeBufferPointer<UInt8>) -> Day {
        if let day = dateMemo.lookup(cell) { return day }
        switch DateParser.parse(cell) {
        case .success(let day?):
            dateMemo.remember(cell, day)
            return day
        case .success(nil):
            fail(record, "date", .missingValue, LocalizedText(zh: "日期为空", en: "the date is empty"))
        case .failure(let problem):
            failValue(record, "date", cell) {
                let p = CellParser.dateProblem(problem, raw: ByteText.trimmedString(cell))
                return (p.code, p.message)
            }
        }
        return Day(ordinal: 0)
    }

    /// The column's cell without its surrounding spaces; nil when the file has no such column
    /// or the cell is empty.
    @inline(__always)
    private func trimmedCell(_ record: CSVRecord, _ source: Source) -> UnsafeBufferPointer<UInt8>? {
        if !source.isPresent { return nil }
        let bytes = source.cell(record)
        let range = ByteText.trimmed(bytes)
        return range.isEmpty ? nil : UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// Empty for a cell no one reads, after the check `name` makes: the same lines are rejected.
    /// The cell is tested as it is, spaces and all (trimming takes whole characters away, so
    /// the trimmed cell is text exactly when the cell is): a short name's test costs less than
    /// trimming it and finding it in a memo (measured).
    @inline(__always)
    private func checked(_ record: CSVRecord, _ source: Source, _ column: String) -> LedgerText {
        if source.isPresent && !record.isCheckedText && !ByteText.isDecodedText(source.cell(record)) { failUndecodable(record, column) }
        return .empty
    }

    /// Empty for a text cell no one reads, after the check `text` makes. A summary is long and
    /// the lines of a voucher repeat it: the column's memo remembers the cells that passed, so
    /// each is tested once.
    @inline(__always)
    private func checkedText(_ record: CSVRecord, _ source: Source, _ column: String) -> String {
        guard !record.isCheckedText, let trimmed = trimmedCell(record, source), nameMemos.lookup(source.memo, trimmed) == nil else { return "" }
        if ByteText.isDecodedText(trimmed) {
            nameMemos.remember(source.memo, trimmed, .empty)
        } else {
            failUndecodable(record, column)
        }
        return ""
    }

    /// The counterparty's number. A cell of labelled items is read as text and only the name
    /// taken out of it numbered; either way the cell's bytes are remembered with the number, so
    /// the lines of a voucher are not searched for a colon again.
    @inline(__always)
    private func counterpartyText(_ record: CSVRecord) -> LedgerText {
        let source = sources.counterparty
        guard let trimmed = trimmedCell(record, source) else { return .empty }
        if let t = nameMemos.lookup(source.memo, trimmed) { return t }
        guard Self.hasColon(trimmed) else { return numbered(trimmed, record, source, "counterparty") }
        guard let cell = cache.string(trimmed, unique: source.isUnique, isChecked: record.isCheckedText) else {
            failUndecodable(record, "counterparty")
            return .empty
        }
        let before = errors.count
        let t = counterpartyName(cell)
        if errors.count == before { nameMemos.remember(source.memo, trimmed, t) }
        return t
    }

    @inline(__always)
    private func text(_ record: CSVRecord, _ source: Source, _ column: String) -> String {
        guard let trimmed = trimmedCell(record, source) else { return "" }
        if let s = source.isUnique ? memos.lookupRecent(source.memo, trimmed) : memos.lookup(source.memo, trimmed) { return s }
        if let s = cache.string(trimmed, unique: source.isUnique, isChecked: record.isCheckedText) {
            memos.remember(source.memo, trimmed, s)
            return s
        }
        failUndecodable(record, column)
        return ""
    }

    /// The number of a cell naming an account or a counterparty.
    @inline(__always)
    private func name(_ record: CSVRecord, _ source: Source, _ column: String) -> LedgerText {
        guard let trimmed = trimmedCell(record, source) else { return .empty }
        if let t = nameMemos.lookup(source.memo, trimmed) { return t }
        return numbered(trimmed, record, source, column)
    }

    /// The number of a trimmed cell its column's memo does not hold, remembered from now on.
    @inline(__always)
    private func numbered(_ trimmed: UnsafeBufferPointer<UInt8>, _ record: CSVRecord, _ source: Source, _ column: String) -> LedgerText {
        if let t = texts.number(trimmed) {
            nameMemos.remember(source.memo, trimmed, t)
            return t
        }
        failUndecodable(record, column)
        return .empty
    }

    /// A typed cell that does not read: the problem `describe` gives, or, for bytes of another
    /// encoding, that they do not decode (the problem's message would quote them garbled).
    private func failValue(_ record: CSVRecord, _ column: String, _ cell: UnsafeBufferPointer<UInt8>,
                           _ describe: () -> (InputErrorCode, LocalizedText)) {
        guard record.isCheckedText || ByteText.isDecodedText(cell) else { return failUndecodable(record, column) }
        let (code, message) = describe()
        fail(record, column, code, message)
    }

    private func failUndecodable(_ record: CSVRecord, _ column: String) {
        fail(record, column, .undecodableBytes, LocalizedText(
            zh: "含有无法解码的字节，文件编码可能不对（可用 --encoding 指定）",
            en: "holds bytes that do not decode; the file's encoding may be wrong (see --encoding)"))
    }

    @inline(__always)
    private func money(_ record: CSVRecord, _ source: Source, _ column: String) -> Money {
        if !source.isPresent { return .zero }
        let bytes = source.cell(record)
        // Every line leaves one of its two amount columns empty.
        if bytes.isEmpty { return .zero }
        let value: Money
        // A balanced voucher credits the amount another of its lines debits, in the same bytes.
        if let known = amountMemo.lookup(bytes) {
            value = known
        } else {
            switch NumberParser.money(bytes) {
            case .success(nil):
                return .zero
            case .success(let parsed?):
                amountMemo.remember(bytes, parsed)
                value = parsed
            case .failure(let problem):
                failValue(record, column, bytes) {
                    let p = CellParser.numberProblem(problem, raw: ByteText.trimmedString(bytes), code: .badMoney)
                    return (p.code, p.message)
                }
                return .zero
            }
        }
        if !Money.addVolume(value, to: &volume) { volumeExceeded = true }
        return value
    }

    private func fail(_ record: CSVRecord, _ column: String, _ code: InputErrorCode, _ message: LocalizedText) {
        errors.append(InputError(bundle: bundle, file: file, line: record.line, column: column, code: code, message: message))
    }

    /// The voucher as the books name it: its word and number (收-3), where the export gives the
    /// word in a column of its own; a number that already carries the word is kept as it is.
    static func voucher(_ number: String, word: String) -> String {
        guard !word.isEmpty, !number.isEmpty, !number.hasPrefix(word) else { return number }
        return "\(word)-\(number)"
    }

    /// A cell of one to four ASCII digits and nothing else, as nearly every line number is;
    /// nil for anything else, which the number parser reads.
    @inline(__always)
    static func shortNumber(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count >= 1 && b.count <= 4 else { return nil }
        var n = 0
        for c in b {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            n = n * 10 + Int(c - 0x30)
        }
        return n
    }

    /// ":" or "：" (EF BC 9A): the cell holds labelled auxiliary items.
    @inline(__always)
    static func hasColon(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in b.indices where b[i] == UInt8(ascii: ":") || (b[i] == 0x9A && i >= 2 && b[i - 1] == 0xBC && b[i - 2] == 0xEF) {
            return true
        }
        return false
    }

    /// 用友 and 金蝶 put several auxiliary items in one cell (`【客商：北京康宁医疗器械有限公司】【部门：采购科】`);
    /// the counterparty is the one labelled as a business partner or a person. A cell of other
    /// items only (`【部门：药剂科】`, `【项目：门诊楼改造】`) names no counterparty.
    private func counterpartyName(_ raw: String) -> LedgerText {
        if raw.isEmpty { return .empty }
        return counterpartyLabels.value(for: raw, hash: raw.bytesHash) { texts.number(AuxiliaryItems.counterparty(in: raw) ?? raw) }
    }
}

/// Reads labelled auxiliary-accounting items (辅助核算) out of one cell.
enum AuxiliaryItems {
    /// Labels of business partners and of persons (an employee or a manager paid or owing).
    static let partnerLabels: Set<String> = ["客商", "供应商", "客户", "往来单位", "单位", "对方单位", "往来", "个人", "职员", "员工"]

    /// The partner a cell of labelled items names; "" when its items are all of other kinds
    /// (department, project); nil when the cell holds no labelled item at all.
    static func counterparty(in raw: String) -> String? {
        let separators: Set<Character> = ["【", "】", "[", "]", ";", "；", "|", " ", "　", "/"]
        var labelled = false
        for item in raw.split(whereSeparator: { separators.contains($0) }) {
            guard let colon = item.firstIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let label = item[..<colon].trimmingCharacters(in: .whitespaces)
            let value = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // A short label is an auxiliary item's (部门, 项目, 科室, 现金流量); a long one is a
            // name that happens to hold a colon.
            guard !label.isEmpty, label.count <= 4 else { continue }
            labelled = true
            if partnerLabels.contains(label) && !value.isEmpty { return value }
        }
        return labelled ? "" : nil
    }
}
