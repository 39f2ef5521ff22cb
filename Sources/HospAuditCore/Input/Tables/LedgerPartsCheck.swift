/// What reading a ledger's files one after another keeps track of, beside the pass: the lines
/// earlier files already gave (`RepeatedVouchers`), the months read, and lines of a month the
/// files read before had passed. Each file's report is told what was not counted, and the audit
/// why it is not whole.
struct LedgerPartsCheck {
    let files: [String]
    private var repeats = RepeatedVouchers()
    /// Months as year × 12 + month − 1. By month, not day: within one, an export lists vouchers
    /// by number, and their dates need not rise.
    private var latest = 0, latestBefore = 0
    private var months: Set<Int> = []
    private var early = (lines: 0, first: 0, last: 0)

    init(files: [String]) { self.files = files }

    mutating func start(_ part: Int) {
        repeats.startPart(part)
        latestBefore = latest
        early = (0, 0, 0)
    }

    /// Whether the line is counted: false for a line an earlier file already gave.
    mutating func admit(_ line: LedgerLine) -> Bool {
        if repeats.isRepeated(line) { return false }
        let (y, m, _) = line.date.components
        let month = y * 12 + m - 1
        if month > latest { latest = month }
        months.insert(month)
        // A voucher of the month before, listed by its number after the month's first
        // (numbering through the year), is no overlap.
        if month < latestBefore - 1 {
            if early.lines == 0 { early.first = line.line }
            early.lines += 1
            early.last = line.line
        }
        return true
    }

    /// The file read: its report told what was not counted; the reasons the audit is not whole.
    func finish(_ file: String, report: inout FileReport) -> [LocalizedText] {
        var reasons: [LocalizedText] = []
        let repeated = repeats.repeats
        report.recordRepeats(repeated, of: files)
        if repeated.lines > 0 {
            // Not counted is not compared: the same vouchers exported twice, or others with their
            // month and number (numbered per word, a corrected re-export).
            reasons.append(LocalizedText(
                zh: "\(file) 中 \(repeated.vouchers) 张凭证与先读文件的凭证同月同号或内容相同，未计入：若是同一期间重复导出，请删去一份；若是不同的凭证（如按凭证字分别编号），请连同凭证字导出",
                en: "\(repeated.vouchers) vouchers of \(file) have the month and number, or the content, of vouchers read before and were not counted: if the period was exported twice, remove one copy; if they are other vouchers (numbered per voucher word), export the word too"))
        }
        if early.lines > 0 {
            let month = Self.label(latestBefore)
            report.record(InputError(
                bundle: report.bundle, file: file, line: early.first, endLine: early.last, code: .partsOverlap,
                message: LocalizedText(
                    zh: "\(early.lines) 行的月份早于先读文件的最后月份 \(month)：各文件的期间相互重叠（如按制单人或凭证字分别导出），序时账不是按日期顺序读入的，按时间窗口判断的规则可能有误；请按期间导出",
                    en: "\(early.lines) lines are of a month before \(month), the last month of the files read before: the files' periods overlap (exported per preparer or voucher word?), so the ledger was not read in date order and rules that look at windows of time may be wrong; export it by period")))
            reasons.append(LocalizedText(zh: "序时账的各文件期间重叠，未按日期顺序读入（\(file)）",
                                         en: "the ledger's files overlap in time and were not read in date order (\(file))"))
        }
        return reasons
    }

    /// Months between the first and the last read that no file gave a voucher of: a file not
    /// uploaded, most likely (a hospital books vouchers every month).
    var missingMonths: [String] {
        guard let first = months.min(), let last = months.max() else { return [] }
        return (first...last).filter { !months.contains($0) }.map(Self.label)
    }

    static func label(_ month: Int) -> String { "\(month / 12)-" + (month % 12 + 1 < 10 ? "0" : "") + "\(month % 12 + 1)" }
}
