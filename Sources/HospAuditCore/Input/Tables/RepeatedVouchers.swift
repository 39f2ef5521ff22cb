/// The vouchers of a ledger given in several files, to tell a voucher an earlier file already
/// had (a month exported twice, overlapping exports) from one continued across the cut (an
/// export limit splitting a voucher). A voucher is its month and number, as in the pass. Its
/// lines in a later file are repeats, counted once as the earlier file gave them; the first
/// voucher of a file that the previous file ended with is the same voucher continued.
///
/// Voucher numbers run in sequence within a month, so each file's are kept as ranges of
/// numbers per month and word (记-0001…记-0523): a year of vouchers takes a few ranges a month,
/// not a key per voucher.
struct RepeatedVouchers {
    struct Key: Hashable {
        let month: Int
        let entryID: String
    }

    /// What the current file repeated of earlier ones.
    struct Repeats {
        var lines = 0
        var vouchers = 0
        var firstLine = 0
        var lastLine = 0
        var listed: [Int] = []
        /// The earlier file that first gave a repeated voucher, and every earlier file that did.
        var earlierPart = 0
        var earlierParts: [Int] = []
        /// Every repeat was at the top of the file, of the lines the previous file ended with.
        var atCut = false
    }

    private var earlier = VoucherNumbers()
    private var current = VoucherNumbers()
    private var part = 0
    private var voucher: Key?
    private var voucherRepeated = false
    private var lastOfPrevious: Key?
    private var firstOfPart = true
    /// The voucher being read is the one the previous file ended with: cut by the export limit.
    private var continued = false
    /// The lines of the latest month read, by what they say without their voucher number. In the
    /// month the previous file ended with, a line it already gave is that line again: an
    /// overlapping export (where a file begins with the voucher the previous one ended with, the
    /// rest of the voucher is new), or the month exported again under other numbering (记字第1号
    /// for 记-0001). One month's lines at most are kept.
    private var month = Int.min, monthLines: Set<Int> = []
    private var previousMonth = Int.min, previousMonthLines: Set<Int> = []
    private var repeatsAtCut = 0, repeatsElsewhere = 0
    private(set) var repeats = Repeats()

    /// A new file begins: what the previous one held becomes earlier.
    mutating func startPart(_ index: Int) {
        earlier.absorb(current, part: part)
        current = VoucherNumbers()
        part = index
        lastOfPrevious = voucher
        voucher = nil
        notedVoucher = nil
        previousMonth = month
        previousMonthLines = monthLines
        month = Int.min
        monthLines = []
        repeatsAtCut = 0
        repeatsElsewhere = 0
        firstOfPart = true
        repeats = Repeats()
    }

    /// Whether the line belongs to a voucher an earlier file already gave.
    mutating func isRepeated(_ line: LedgerLine) -> Bool {
        let (y, m, _) = line.date.components
        let key = Key(month: y * 100 + m, entryID: line.entryID)
        if key != voucher {
            continued = firstOfPart && key == lastOfPrevious
            firstOfPart = false
            voucher = key
            voucherRepeated = false
            if !continued, let earlierPart = earlier.part(holding: key) {
                voucherRepeated = true
                note(voucherOf: earlierPart)
            } else {
                current.insert(key, part: part)
            }
        }
        var repeated = voucherRepeated
        let said = Self.content(of: line)
        if !repeated && key.month == previousMonth && previousMonthLines.contains(said) {
            repeated = true
            note(voucherOf: max(part - 1, 0), atCut: continued)
        }
        if !repeated {
            if key.month > month {
                month = key.month
                monthLines.removeAll(keepingCapacity: true)
            }
            if key.month == month { monthLines.insert(said) }
        }
        if repeated {
            if repeats.lines == 0 { repeats.firstLine = line.line }
            repeats.lines += 1
            repeats.lastLine = line.line
            if repeats.listed.count < FileReport.maxSkippedLinesListed { repeats.listed.append(line.line) }
        }
        return repeated
    }

    private var notedVoucher: Key?

    private mutating func note(voucherOf earlierPart: Int, atCut: Bool = false) {
        if atCut { repeatsAtCut += 1 } else { repeatsElsewhere += 1 }
        repeats.atCut = repeatsElsewhere == 0
        guard notedVoucher != voucher else { return }
        notedVoucher = voucher
        if repeats.vouchers == 0 { repeats.earlierPart = earlierPart }
        if !repeats.earlierParts.contains(earlierPart) { repeats.earlierParts.append(earlierPart) }
        repeats.vouchers += 1
    }

    /// A line by what it says, its place in the voucher (分录号) included and the voucher's
    /// number not; the same within one run.
    static func content(of line: LedgerLine) -> Int {
        var hasher = Hasher()
        hasher.combine(line.date.ordinal)
        hasher.combine(line.lineNo)
        hasher.combine(line.accountCode)
        hasher.combine(line.accountName)
        hasher.combine(line.debit.units)
        hasher.combine(line.credit.units)
        hasher.combine(line.counterparty)
        hasher.combine(line.summary)
        return hasher.finalize()
    }
}

/// The rows of a small table given in several files (statements per year): a row the same in
/// every cell as one an earlier file gave is that row again. Small tables are kept whole, so
/// each row is remembered.
struct RepeatedRows {
    private var seen: [String: Int] = [:]
    private var part = 0
    private(set) var repeats = RepeatedVouchers.Repeats()

    mutating func startPart(_ index: Int) {
        part = index
        repeats = RepeatedVouchers.Repeats()
    }

    mutating func isRepeated(_ row: TableRow) -> Bool {
        let key = row.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
        guard let earlier = seen[key] else {
            seen[key] = part
            return false
        }
        if repeats.lines == 0 { repeats.firstLine = row.line; repeats.earlierPart = earlier }
        if !repeats.earlierParts.contains(earlier) { repeats.earlierParts.append(earlier) }
        repeats.lines += 1
        repeats.vouchers += 1
        repeats.lastLine = row.line
        if repeats.listed.count < FileReport.maxSkippedLinesListed { repeats.listed.append(row.line) }
        return true
    }
}

/// The tracking of one table's parts, shared by the reads of its files.
final class PartReading {
    let files: [String]
    var vouchers = RepeatedVouchers()
    var rows = RepeatedRows()
    /// One numbering of names for all the parts: a line is told again by the numbers it holds.
    let texts = LedgerTexts()

    init(files: [String]) { self.files = files }

    func start(_ part: Int) {
        vouchers.startPart(part)
        rows.startPart(part)
    }
}

/// Voucher numbers by month and word, as ranges of the number's digits, kept per file.
/// Numbers that end in no digits are kept as they are.
struct VoucherNumbers {
    private struct Series: Hashable {
        let month: Int
        /// The number without its trailing digits: 记-0009 and 记-9 are one voucher, as two exports
        /// of one month may write it, and 记-9 and 收-9 two.
        let prefix: String
    }

    /// One file's numbers in a series, as sorted disjoint ranges.
    private struct Runs {
        let part: Int
        var ranges: [ClosedRange<Int>] = []

        mutating func insert(_ range: ClosedRange<Int>) {
            // Numbers arrive in sequence: most extend the last range.
            if let last = ranges.last, range.lowerBound >= last.lowerBound, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                return
            }
            var i = ranges.firstIndex { $0.lowerBound > range.lowerBound } ?? ranges.count
            ranges.insert(range, at: i)
            if i > 0, ranges[i].lowerBound <= ranges[i - 1].upperBound + 1 {
                ranges[i - 1] = ranges[i - 1].lowerBound...max(ranges[i - 1].upperBound, ranges[i].upperBound)
                ranges.remove(at: i)
                i -= 1
            }
            while i + 1 < ranges.count, ranges[i + 1].lowerBound <= ranges[i].upperBound + 1 {
                ranges[i] = ranges[i].lowerBound...max(ranges[i].upperBound, ranges[i + 1].upperBound)
                ranges.remove(at: i + 1)
            }
        }

        func contains(_ number: Int) -> Bool {
            var low = 0, high = ranges.count
            while low < high {
                let mid = (low + high) / 2
                if ranges[mid].lowerBound <= number { low = mid + 1 } else { high = mid }
            }
            return low > 0 && ranges[low - 1].upperBound >= number
        }
    }

    private var series: [Series: [Runs]] = [:]
    private var others: [RepeatedVouchers.Key: Int] = [:]

    private static func split(_ key: RepeatedVouchers.Key) -> (Series, Int)? {
        let utf8 = Array(key.entryID.utf8)
        var start = utf8.count
        while start > 0, utf8[start - 1] >= 0x30, utf8[start - 1] <= 0x39 { start -= 1 }
        let width = utf8.count - start
        guard width > 0, width <= 15 else { return nil }
        var number = 0
        for byte in utf8[start...] { number = number * 10 + Int(byte - 0x30) }
        return (Series(month: key.month, prefix: String(decoding: utf8[..<start], as: UTF8.self)), number)
    }

    mutating func insert(_ key: RepeatedVouchers.Key, part: Int) {
        guard let (s, number) = Self.split(key) else {
            if others[key] == nil { others[key] = part }
            return
        }
        insert(s, number...number, part: part)
    }

    private mutating func insert(_ s: Series, _ range: ClosedRange<Int>, part: Int) {
        // Mutated in place: a copy of the list per voucher would make a month quadratic.
        if let i = series[s]?.firstIndex(where: { $0.part == part }) {
            series[s]![i].insert(range)
        } else {
            var runs = Runs(part: part)
            runs.insert(range)
            series[s, default: []].append(runs)
        }
    }

    /// The first file that gave this voucher, if one did.
    func part(holding key: RepeatedVouchers.Key) -> Int? {
        guard let (s, number) = Self.split(key) else { return others[key] }
        return series[s]?.first { $0.contains(number) }?.part
    }

    mutating func absorb(_ other: VoucherNumbers, part: Int) {
        for (s, list) in other.series {
            for runs in list {
                for range in runs.ranges { insert(s, range, part: runs.part) }
            }
        }
        for (key, p) in other.others where others[key] == nil { others[key] = p }
    }
}
