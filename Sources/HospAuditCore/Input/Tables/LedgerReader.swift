import Foundation

/// Streams the ledger: every data record becomes a typed `LedgerLine` handed to `onLine`,
/// one at a time, so memory stays flat however long the ledger is.
public final class LedgerReader {
    public static let schema = TableCatalog.schema("ledger")!

    private let bundle: String
    private let file: String
    private let cache = StringCache()
    private var counterpartyLabels: [String: String] = [:]

    public init(bundle: String, file: String) {
        self.bundle = bundle
        self.file = file
    }

    /// The cells each column is read from, resolved once from the header.
    private struct Sources {
        var entryID: [Int] = [], lineNo: [Int] = [], date: [Int] = []
        var accountCode: [Int] = [], accountName: [Int] = []
        var debit: [Int] = [], credit: [Int] = [], amount: [Int] = [], direction: [Int] = []
        var counterparty: [Int] = [], counterpartyID: [Int] = [], summary: [Int] = []
        var preparer: [Int] = [], approver: [Int] = []

        init() {}

        init(_ m: HeaderMapping) {
            entryID = m.sources["entry_id"] ?? []
            lineNo = m.sources["line_no"] ?? []
            date = m.sources["date"] ?? []
            accountCode = m.sources["account_code"] ?? []
            accountName = m.sources["account_name"] ?? []
            debit = m.sources["debit"] ?? []
            credit = m.sources["credit"] ?? []
            amount = m.sources["amount"] ?? []
            direction = m.sources["direction"] ?? []
            counterparty = m.sources["counterparty"] ?? []
            counterpartyID = m.sources["counterparty_id"] ?? []
            summary = m.sources["summary"] ?? []
            preparer = m.sources["preparer"] ?? []
            approver = m.sources["approver"] ?? []
        }
    }

    public func read(_ input: DecodedInput, delimiter: UInt8? = nil, onLine: (LedgerLine) -> Void) throws -> FileReport {
        let scanner = TableScanner(schema: Self.schema, bundle: bundle, file: file)
        var sources = Sources()
        let directions = CellParser(schema: Self.schema)
        let directionColumn = Self.schema.column("direction")!
        try scanner.scan(input, delimiter: delimiter, onHeader: { sources = Sources($0) }) { record, mapping in
            var errors: [InputError] = []

            func cell(_ list: [Int]) -> UnsafeBufferPointer<UInt8> {
                mapping.cell(in: record, sources: list)
            }
            func text(_ list: [Int], _ column: String) -> String {
                if list.isEmpty { return "" }
                let bytes = cell(list)
                let range = ByteText.trimmed(bytes)
                if range.isEmpty { return "" }
                if let s = cache.string(UnsafeBufferPointer(rebasing: bytes[range])) { return s }
                errors.append(error(record, column, .undecodableBytes, LocalizedText(
                    zh: "含有无法解码的字节，文件编码可能不对（可用 --encoding 指定）",
                    en: "holds bytes that do not decode; the file's encoding may be wrong (see --encoding)")))
                return ""
            }
            func money(_ list: [Int], _ column: String) -> Money {
                if list.isEmpty { return .zero }
                switch NumberParser.money(cell(list)) {
                case .success(let value): return value ?? .zero
                case .failure(let problem):
                    let p = CellParser.numberProblem(problem, raw: ByteText.trimmedString(cell(list)), code: .badMoney)
                    errors.append(error(record, column, p.code, p.message))
                    return .zero
                }
            }

            let entryID = text(sources.entryID, "entry_id")
            if entryID.isEmpty && errors.isEmpty {
                errors.append(error(record, "entry_id", .missingValue, LocalizedText(zh: "凭证号为空", en: "the voucher number is empty")))
            }
            var date = Day(ordinal: 0)
            switch DateParser.parse(cell(sources.date)) {
            case .success(let day?): date = day
            case .success(nil):
                errors.append(error(record, "date", .missingValue, LocalizedText(zh: "日期为空", en: "the date is empty")))
            case .failure(let problem):
                let p = CellParser.dateProblem(problem, raw: ByteText.trimmedString(cell(sources.date)))
                errors.append(error(record, "date", p.code, p.message))
            }
            let accountCode = text(sources.accountCode, "account_code")
            let accountName = text(sources.accountName, "account_name")
            if accountCode.isEmpty && accountName.isEmpty {
                errors.append(error(record, "account_code|account_name", .missingValue,
                                    LocalizedText(zh: "科目编码和科目名称都为空", en: "both account code and account name are empty")))
            }
            var debit = Money.zero, credit = Money.zero
            if !sources.debit.isEmpty {
                debit = money(sources.debit, "debit")
                credit = money(sources.credit, "credit")
            } else {
                let amount = money(sources.amount, "amount")
                switch directions.parse(cell(sources.direction), as: directionColumn) {
                case .success(.enumeration(key: "credit", _)?): credit = amount
                case .success(.enumeration(key: "debit", _)?): debit = amount
                case .success:
                    if !amount.isZero {
                        errors.append(error(record, "direction", .missingValue,
                                            LocalizedText(zh: "有金额但方向（借/贷）为空", en: "an amount without a direction (借/贷)")))
                    }
                case .failure(let problem):
                    errors.append(error(record, "direction", problem.code, problem.message))
                }
            }
            var lineNo: Int?
            if !sources.lineNo.isEmpty {
                let raw = ByteText.trimmedString(cell(sources.lineNo))
                lineNo = Int(raw)
                if lineNo == nil && !raw.isEmpty {
                    errors.append(error(record, "line_no", .badNumber, LocalizedText(zh: "分录号“\(raw)”不是整数", en: "the line number “\(raw)” is not a whole number")))
                }
            }
            let counterparty = counterpartyName(text(sources.counterparty, "counterparty"))
            let line = LedgerLine(
                line: record.line, entryID: entryID, lineNo: lineNo, date: date,
                accountCode: accountCode, accountName: accountName, debit: debit, credit: credit,
                counterparty: counterparty, counterpartyID: text(sources.counterpartyID, "counterparty_id"),
                summary: text(sources.summary, "summary"), preparer: text(sources.preparer, "preparer"),
                approver: text(sources.approver, "approver"))
            if !errors.isEmpty { return .rejected(errors) }
            onLine(line)
            return .used
        }
        return scanner.report
    }

    private func error(_ record: CSVRecord, _ column: String, _ code: InputErrorCode, _ message: LocalizedText) -> InputError {
        InputError(bundle: bundle, file: file, line: record.line, column: column, code: code, message: message)
    }

    /// 用友 and 金蝶 put several auxiliary items in one cell (`【客商：北京康宁医疗器械有限公司】【部门：采购科】`);
    /// the counterparty is the one labelled as a business partner.
    private func counterpartyName(_ raw: String) -> String {
        guard raw.contains(":") || raw.contains("：") else { return raw }
        if let known = counterpartyLabels[raw] { return known }
        let result = AuxiliaryItems.counterparty(in: raw) ?? raw
        if counterpartyLabels.count > 10_000 { counterpartyLabels.removeAll() }
        counterpartyLabels[raw] = result
        return result
    }
}

/// Reads labelled auxiliary-accounting items (辅助核算) out of one cell.
enum AuxiliaryItems {
    static let partnerLabels: Set<String> = ["客商", "供应商", "客户", "往来单位", "单位", "对方单位", "往来"]

    static func counterparty(in raw: String) -> String? {
        let separators: Set<Character> = ["【", "】", "[", "]", ";", "；", "|", " ", "　", "/"]
        for item in raw.split(whereSeparator: { separators.contains($0) }) {
            guard let colon = item.firstIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let label = item[..<colon].trimmingCharacters(in: .whitespaces)
            let value = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if partnerLabels.contains(label) && !value.isEmpty { return value }
        }
        return nil
    }
}
