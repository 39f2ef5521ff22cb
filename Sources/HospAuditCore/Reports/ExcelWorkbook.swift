import CLibXlsxWriter
import Foundation

/// The findings document as an Excel workbook, the form Chinese auditors work in: sheets of
/// findings, evidence (each line with its finding's fingerprint), hospitals and input errors,
/// each with a frozen header row, an autofilter and set column widths. Amounts are numbers
/// formatted `#,##0.00` when Excel can hold them exactly (15 significant digits), otherwise
/// text with a note; dates are dates. Text is always a string cell, never a formula, so a
/// counterparty named `=HYPERLINK(…)` stays text.
public enum ExcelWorkbook {
    public enum Failure: Error, CustomStringConvertible {
        case cannotWrite(String)
        public var description: String {
            switch self { case .cannotWrite(let reason): return "cannot make the Excel workbook: \(reason)" }
        }
    }

    /// Writes the workbook to `path` (libxlsxwriter writes the file itself; its scratch files
    /// are anonymous temporary files, gone however the process ends).
    public static func write(_ document: ReportDocument, english: Bool, to path: String) throws {
        var options = lxw_workbook_options(constant_memory: 0, tmpdir: nil, use_zip64: 1)
        guard let workbook = workbook_new_opt(path, &options) else { throw Failure.cannotWrite("libxlsxwriter could not start a workbook") }
        let book = Book(workbook)
        do {
            try write(document, english: english, into: book)
        } catch {
            _ = workbook_close(book.workbook)
            throw error
        }
        let closed = workbook_close(book.workbook)
        guard closed == LXW_NO_ERROR else { throw Failure.cannotWrite(String(cString: lxw_strerror(closed))) }
    }

    static func write(_ document: ReportDocument, english: Bool, into book: Book) throws {
        let w = WorkbookWords(english: english)
        let words = ReportWords(english: english)
        let bundles = Dictionary(document.hospitals.map { ($0.hospitalId, $0.bundle) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(document.hospitals.map { ($0.hospitalId, $0.name) }, uniquingKeysWith: { first, _ in first })

        let findings = try book.sheet(w.findings, columns: w.findingColumns)
        for f in document.findings {
            try findings.row { r in
                try r.text(f.fingerprint); try r.text(f.rule); try r.text(english ? f.title.en : f.title.zh); try r.text(words.severity(f.severity))
                try r.text(words.findingStatus(f.status, amountChanged: f.amountChanged == true)); try r.text(f.hospitalId); try r.text(names[f.hospitalId] ?? ""); try r.text(bundles[f.hospitalId] ?? "")
                try r.text(f.period); try r.text(f.counterparty ?? ""); try r.amount(f.amount, note: w.exactNote); try r.text(f.currency)
                try r.text(f.message); try r.text(f.basis.map(ReportWords.citation).joined(separator: "; "))
                try r.text(f.consequences.joined(separator: "; ")); try r.integer(f.evidenceCount); try r.date(f.firstSeen)
                try r.text(f.waiver.map { "\($0.reason) (\($0.acceptedBy), \($0.expires))" } ?? "")
            }
        }
        try findings.finish()

        let evidence = try book.sheet(w.evidence, columns: w.evidenceColumns)
        for f in document.findings {
            for e in f.evidence {
                try evidence.row { r in
                    try r.text(f.fingerprint); try r.text(f.rule); try r.text(f.hospitalId); try r.text(bundles[f.hospitalId] ?? "")
                    try r.text(e.file); try r.integer(e.line); try r.text(e.entryId); try r.date(e.date); try r.text(e.account)
                    try r.amount(e.debit, note: w.exactNote); try r.amount(e.credit, note: w.exactNote); try r.text(e.counterparty ?? "")
                    try r.text(e.summary)
                }
            }
        }
        try evidence.finish()

        let hospitals = try book.sheet(w.hospitals, columns: w.hospitalColumns)
        for h in document.hospitals.sorted(by: { ($1.score, $0.hospitalId) < ($0.score, $1.hospitalId) }) {
            try hospitals.row { r in
                try r.text(h.hospitalId); try r.text(h.name); try r.text(words.ownership(h.ownership)); try r.text(h.region ?? ""); try r.text(h.bundle)
                try r.text(h.policy); try r.text(words.status(h.status)); try r.text((h.statusReasons ?? []).joined(separator: "; "))
                try r.integer(h.score); try r.integer(h.findings); try r.text(h.blacklisted ? w.yes : ""); try r.ratio(h.margin)
            }
        }
        for n in document.notAudited ?? [] {
            try hospitals.row { r in
                try r.text(""); try r.text(""); try r.text(""); try r.text(""); try r.text(n.bundle); try r.text("")
                try r.text(words.status("not_audited")); try r.text(n.reasons.joined(separator: "; "))
            }
        }
        try hospitals.finish()

        let errors = try book.sheet(w.errors, columns: w.errorColumns)
        for e in document.errors {
            try errors.row { r in
                try r.text(e.bundle); try r.text(e.file ?? ""); try r.integer(e.line); try r.text(e.column ?? ""); try r.text(e.code)
                try r.text(e.message)
            }
        }
        try errors.finish()
    }

    /// A workbook being written and the formats its cells share.
    final class Book {
        let workbook: UnsafeMutablePointer<lxw_workbook>
        let header: UnsafeMutablePointer<lxw_format>
        let money: UnsafeMutablePointer<lxw_format>
        let day: UnsafeMutablePointer<lxw_format>
        let percent: UnsafeMutablePointer<lxw_format>

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
            self.workbook = workbook
            header = workbook_add_format(workbook)
            format_set_bold(header)
            money = workbook_add_format(workbook)
            format_set_num_format(money, "#,##0.00")
            day = workbook_add_format(workbook)
            format_set_num_format(day, "yyyy-mm-dd")
            percent = workbook_add_format(workbook)
            format_set_num_format(percent, "0.00%")
        }

        func sheet(_ name: String, columns: [(title: String, width: Double)]) throws -> Sheet {
            guard let sheet = workbook_add_worksheet(workbook, name) else { throw Failure.cannotWrite("no worksheet \(name)") }
            let made = Sheet(sheet, book: self, columns: columns.count)
            for (i, column) in columns.enumerated() {
                worksheet_set_column(sheet, lxw_col_t(i), lxw_col_t(i), column.width, nil)
                try made.check(worksheet_write_string(sheet, 0, lxw_col_t(i), column.title, header))
            }
            worksheet_freeze_panes(sheet, 1, 0)
            return made
        }
    }

    /// A worksheet written row by row under its header.
    final class Sheet {
        let sheet: UnsafeMutablePointer<lxw_worksheet>
        let book: Book
        let columns: Int
        private(set) var rowNumber: lxw_row_t = 0
        private var column: lxw_col_t = 0

        init(_ sheet: UnsafeMutablePointer<lxw_worksheet>, book: Book, columns: Int) {
            self.sheet = sheet
            self.book = book
            self.columns = columns
        }

        func row(_ fill: (Sheet) throws -> Void) throws {
            rowNumber += 1
            column = 0
            try fill(self)
        }

        /// The autofilter over everything written.
        func finish() throws {
            try check(worksheet_autofilter(sheet, 0, 0, rowNumber, lxw_col_t(columns - 1)))
        }

        func check(_ result: lxw_error) throws {
            guard result == LXW_NO_ERROR else { throw Failure.cannotWrite(String(cString: lxw_strerror(result))) }
        }

        private func next() -> lxw_col_t {
            defer { column += 1 }
            return column
        }

        /// A string cell; Excel holds at most 32,767 characters in one.
        func text(_ value: String) throws {
            let col = next()
            guard !value.isEmpty else { return }
            let limit = 32_000
            let kept = value.count > limit ? String(value.prefix(limit)) + "…" : value
            try check(worksheet_write_string(sheet, rowNumber, col, kept, nil))
        }

        func integer(_ value: Int?) throws {
            let col = next()
            guard let value else { return }
            try check(worksheet_write_number(sheet, rowNumber, col, Double(value), nil))
        }

        /// A decimal amount as a number when Excel keeps every digit of it, else as text with `note`.
        func amount(_ value: String?, note: String) throws {
            let col = next()
            guard let value, !value.isEmpty else { return }
            if ExcelWorkbook.fitsADouble(value), let number = Double(value) {
                try check(worksheet_write_number(sheet, rowNumber, col, number, book.money))
            } else {
                try check(worksheet_write_string(sheet, rowNumber, col, value, nil))
                try check(worksheet_write_comment(sheet, rowNumber, col, note))
            }
        }

        /// A ratio of the document ("0.4500") as a percentage cell.
        func ratio(_ value: String?) throws {
            let col = next()
            guard let value, ExcelWorkbook.fitsADouble(value), let number = Double(value) else { return }
            try check(worksheet_write_number(sheet, rowNumber, col, number, book.percent))
        }

        /// A YYYY-MM-DD date as a date cell; anything else as text.
        func date(_ value: String?) throws {
            let col = next()
            guard let value, !value.isEmpty else { return }
            let parts = value.prefix(10).split(separator: "-").compactMap { Int($0) }
            if parts.count == 3, (1900...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) {
                var when = lxw_datetime(year: Int32(parts[0]), month: Int32(parts[1]), day: Int32(parts[2]), hour: 0, min: 0, sec: 0)
                try check(worksheet_write_datetime(sheet, rowNumber, col, &when, book.day))
            } else {
                try check(worksheet_write_string(sheet, rowNumber, col, value, nil))
            }
        }
    }

    /// Excel keeps 15 significant digits: a plain decimal with no more than that is exact there.
    static func fitsADouble(_ value: String) -> Bool {
        let digits = value.drop { $0 == "-" }
        guard !digits.isEmpty, digits.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }), digits.filter({ $0 == "." }).count <= 1 else {
            return false
        }
        let significant = digits.filter(\.isNumber).drop { $0 == "0" }
        return significant.count <= 15
    }
}

/// The workbook's sheet names and headings.
struct WorkbookWords {
    let english: Bool
    var findings: String { english ? "Findings" : "发现" }
    var evidence: String { english ? "Evidence" : "证据" }
    var hospitals: String { english ? "Hospitals" : "医院" }
    var errors: String { english ? "Errors" : "输入问题" }
    var yes: String { english ? "yes" : "是" }
    var exactNote: String {
        english ? "More significant digits than Excel keeps (15): the exact amount is written as text."
                : "有效数字超过 Excel 可保存的 15 位：以文本写出精确金额。"
    }
    var findingColumns: [(title: String, width: Double)] {
        zip(english ? ["Fingerprint", "Rule", "Title", "Severity", "Status", "Hospital ID", "Hospital", "Bundle", "Period", "Counterparty",
                       "Amount", "Currency", "Message", "Basis", "Consequences", "Evidence lines", "First seen", "Waiver"]
                    : ["指纹", "规则", "标题", "严重程度", "状态", "统一社会信用代码", "医院", "目录", "期间", "往来单位",
                       "金额", "币种", "说明", "依据", "可能后果", "证据行数", "首次发现", "豁免"],
            [34.0, 9, 30, 10, 11, 22, 20, 24, 8, 28, 16, 7, 80, 40, 50, 10, 12, 30]).map { ($0, $1) }
    }
    var evidenceColumns: [(title: String, width: Double)] {
        zip(english ? ["Fingerprint", "Rule", "Hospital ID", "Bundle", "File", "Line", "Voucher", "Date", "Account", "Debit", "Credit",
                       "Counterparty", "Summary"]
                    : ["指纹", "规则", "统一社会信用代码", "目录", "文件", "行", "凭证号", "日期", "科目", "借方", "贷方", "往来单位", "摘要"],
            [34.0, 9, 22, 24, 18, 7, 12, 12, 30, 16, 16, 28, 36]).map { ($0, $1) }
    }
    var hospitalColumns: [(title: String, width: Double)] {
        zip(english ? ["Hospital ID", "Name", "Ownership", "Region", "Bundle", "Policy", "Status", "Why", "Score", "Findings",
                       "Blacklist threshold", "Margin"]
                    : ["统一社会信用代码", "名称", "经营性质", "行政区划", "目录", "政策", "审计状态", "原因", "扣分", "发现数", "达黑名单阈值", "利润率"],
            [22.0, 24, 11, 10, 26, 12, 12, 30, 8, 8, 12, 10]).map { ($0, $1) }
    }
    var errorColumns: [(title: String, width: Double)] {
        zip(english ? ["Bundle", "File", "Line", "Column", "Code", "Message"] : ["目录", "文件", "行", "列", "类别", "说明"],
            [26.0, 20, 8, 14, 18, 80]).map { ($0, $1) }
    }
}
