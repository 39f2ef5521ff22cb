import Foundation

/// One input table as `schemas/tables/*.json` defines it: the single source of truth for
/// file names, columns, aliases and value vocabularies.
public struct TableSchema: Decodable, Sendable {
    public struct Title: Decodable, Sendable {
        public let zh: String
        public let en: String
    }

    public enum ColumnType: String, Decodable, Sendable {
        case text, money, date, rate, decimal, integer, boolean, uscc, region, year, period
        case enumeration = "enum"
    }

    public struct Column: Decodable, Sendable {
        public let name: String
        public let type: ColumnType
        public let required: Bool
        public let aliases: [String]
        /// Columns that must come with this one (debit with credit, amount with direction).
        public let requires: [String]
        /// For enums: canonical value → accepted spellings.
        public let values: [String: [String]]
        /// An open enum keeps unknown values as they are instead of rejecting them.
        public let open: Bool

        enum CodingKeys: String, CodingKey { case name, type, required, aliases, requires, values, open }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decode(ColumnType.self, forKey: .type)
            required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
            aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
            requires = try c.decodeIfPresent([String].self, forKey: .requires) ?? []
            values = try c.decodeIfPresent([String: [String]].self, forKey: .values) ?? [:]
            open = try c.decodeIfPresent(Bool.self, forKey: .open) ?? false
        }

        init(name: String, type: ColumnType, required: Bool, aliases: [String], requires: [String],
             values: [String: [String]], open: Bool) {
            self.name = name
            self.type = type
            self.required = required
            self.aliases = aliases
            self.requires = requires
            self.values = values
            self.open = open
        }

        /// Every header text this column answers to, normalized.
        public var headerKeys: [String] { ([name] + aliases).map(HeaderText.normalize) }
    }

    public let table: String
    public let title: Title
    public let fileStems: [String]
    public let required: Bool
    public let columns: [Column]
    /// Groups of which at least one column must be present (account code or name, ...).
    public let requiredAny: [[String]]
    /// A column that identifies a data row by itself (a voucher number): subtotal rows leave
    /// it empty, so other cells need no search for 合计 markers when it is filled.
    public let rowKey: String?
    /// Each normalized header text → the column it names, the first column to claim it winning:
    /// worked out once, where a header search asked it of every row it tried (a region's batch
    /// reads thousands of small tables).
    let headerLookup: [String: String]
    /// For each enum column, every normalized spelling → its canonical value (`CellParser`).
    let vocabularies: [String: [String: String]]

    enum CodingKeys: String, CodingKey {
        case table, title, columns, required
        case fileStems = "file_stems"
        case requiredAny = "required_any"
        case rowKey = "row_key"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        table = try c.decode(String.self, forKey: .table)
        title = try c.decode(Title.self, forKey: .title)
        fileStems = try c.decode([String].self, forKey: .fileStems)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        columns = try c.decode([Column].self, forKey: .columns)
        requiredAny = try c.decodeIfPresent([[String]].self, forKey: .requiredAny) ?? []
        rowKey = try c.decodeIfPresent(String.self, forKey: .rowKey)
        headerLookup = Self.headerLookup(columns)
        vocabularies = Self.vocabularies(columns)
    }

    private static func vocabularies(_ columns: [Column]) -> [String: [String: String]] {
        var vocabularies: [String: [String: String]] = [:]
        for column in columns where !column.values.isEmpty {
            var lookup: [String: String] = [:]
            for (key, spellings) in column.values {
                for spelling in spellings + [key] { lookup[HeaderText.normalize(spelling)] = key }
            }
            vocabularies[column.name] = lookup
        }
        return vocabularies
    }

    private static func headerLookup(_ columns: [Column]) -> [String: String] {
        var lookup: [String: String] = [:]
        for column in columns {
            for key in column.headerKeys where lookup[key] == nil { lookup[key] = column.name }
        }
        return lookup
    }

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    private init(_ base: TableSchema, columns: [Column]) {
        table = base.table
        title = base.title
        fileStems = base.fileStems
        required = base.required
        requiredAny = base.requiredAny
        rowKey = base.rowKey
        self.columns = columns
        headerLookup = Self.headerLookup(columns)
        vocabularies = Self.vocabularies(columns)
    }

    /// The schema as a mapping reads a file: a column it names a header for answers to that
    /// header only (the mapping is what the auditor decided), and the header to no other column;
    /// with a signed amount, the amount needs no direction.
    public func mapped(by rule: ImportMapping.FileRule?) -> TableSchema {
        guard let rule, !rule.columns.isEmpty || rule.amountSign != nil else { return self }
        let taken = Set(rule.columns.keys.map(HeaderText.normalize))
        return TableSchema(self, columns: columns.map { column in
            let named = rule.columns.filter { $0.value == column.name }.keys.sorted()
            return Column(name: column.name, type: column.type, required: column.required,
                          aliases: named.isEmpty ? column.aliases.filter { !taken.contains(HeaderText.normalize($0)) } : named,
                          requires: rule.amountSign != nil && column.name == "amount" ? [] : column.requires,
                          values: column.values, open: column.open)
        })
    }
}

/// The tables of a bundle, in the order they are read (small tables before the ledger).
public enum TableCatalog {
    public static let order = ["entity", "related_parties", "statements", "disclosures",
                               "contracts", "purchases", "benchmarks", "ledger"]

    public static let all: [TableSchema] = {
        order.map { name in
            guard let text = EmbeddedTableSchemas.json[name],
                  let schema = try? JSONDecoder().decode(TableSchema.self, from: Data(text.utf8)) else {
                preconditionFailure("embedded table schema \(name) does not decode")
            }
            return schema
        }
    }()

    public static func schema(_ name: String) -> TableSchema? { all.first { $0.table == name } }

    /// The table a file belongs to, by its stem (`ledger.csv`, `LEDGER.CSV`, `凭证.txt`), or
    /// the stem with a part label (`序时账2024.csv`, `2024年01月凭证.csv`).
    public static func table(forFileName fileName: String) -> TableSchema? {
        TableFileName.parse(fileName).flatMap { schema($0.table) }
    }
}
