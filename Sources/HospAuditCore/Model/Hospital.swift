public enum Ownership: String, Codable, Sendable {
    case nonprofit, forprofit
}

/// The audited hospital, from the entity table. Later rows (later fiscal years) are its history.
public struct Hospital: Sendable, Codable {
    public var id: String
    public var name: String
    public var ownership: Ownership
    public var region: String?
    public var category: String?
    public var taxExempt: Bool?
    public var accountingStandard: String?
    public var fiscalYear: Int?
    public var sponsor: String?
    public var approvalRef: String?
    /// Staff on the payroll in the fiscal year, for the average-pay test of DD-005.
    public var staffCount: Int?
    /// The entity row this comes from.
    public var line = 0
    /// Every entity row, oldest fiscal year first.
    public var history: [Hospital] = []

    public init(id: String, name: String, ownership: Ownership, region: String? = nil, category: String? = nil,
                taxExempt: Bool? = nil, accountingStandard: String? = nil, fiscalYear: Int? = nil,
                sponsor: String? = nil, approvalRef: String? = nil) {
        self.id = id
        self.name = name
        self.ownership = ownership
        self.region = region
        self.category = category
        self.taxExempt = taxExempt
        self.accountingStandard = accountingStandard
        self.fiscalYear = fiscalYear
        self.sponsor = sponsor
        self.approvalRef = approvalRef
    }

    /// The hospital as the entity rows describe it: the latest row, with all rows as history.
    static func from(rows: [TableRow]) -> Hospital? {
        var all: [Hospital] = []
        for row in rows {
            guard let id = row["hospital_id"]?.text, let name = row["name"]?.text,
                  case .enumeration(let key?, _)? = row["ownership"], let ownership = Ownership(rawValue: key) else { continue }
            var hospital = Hospital(id: id, name: name, ownership: ownership)
            hospital.region = row["region"]?.text
            hospital.category = row["category"]?.text
            if case .boolean(let b)? = row["tax_exempt"] { hospital.taxExempt = b }
            hospital.accountingStandard = row["accounting_standard"]?.text
            if case .year(let y)? = row["fiscal_year"] { hospital.fiscalYear = y }
            hospital.sponsor = row["sponsor"]?.text
            hospital.approvalRef = row["approval_ref"]?.text
            if case .integer(let n)? = row["staff_count"] { hospital.staffCount = n }
            hospital.line = row.line
            all.append(hospital)
        }
        all.sort { ($0.fiscalYear ?? 0) < ($1.fiscalYear ?? 0) }
        guard var latest = all.last else { return nil }
        latest.history = all
        return latest
    }

    /// The entity row in force in a fiscal year: the row of that year, else the latest one
    /// before it (a registration holds until changed), else the earliest.
    public func asOf(year: Int) -> Hospital {
        history.last { $0.fiscalYear == year }
            ?? history.last { ($0.fiscalYear ?? Int.min) < year }
            ?? history.first ?? self
    }

    /// Whether the hospital was registered non-profit in a fiscal year: the rules that hold a
    /// non-profit to its duties judge only those years of a hospital that changed its ownership.
    public func isNonprofit(in year: Int) -> Bool { asOf(year: year).ownership == .nonprofit }

    /// Whether any entity row registers it non-profit.
    public var wasEverNonprofit: Bool { ownership == .nonprofit || history.contains { $0.ownership == .nonprofit } }
}
