/// How the header row of a file maps onto a table's canonical columns.
public struct HeaderMapping: Sendable {
    public struct Match: Codable, Equatable, Sendable {
        /// The header text as the file has it.
        public let header: String
        /// 0-based cell index.
        public let cell: Int
        public let column: String
    }

    public let line: Int
    public let cells: [String]
    public let matches: [Match]
    /// Non-empty headers no column answers to; their cells are not read.
    public let ignored: [String]
    /// Canonical column → the cells it is read from, first non-empty wins (客户 and 供应商
    /// both map to counterparty).
    public let sources: [String: [Int]]
    let normalizedCells: [String]

    /// Nil when fewer than two cells name a known column: then the row is not a header.
    public init?(cells: [String], line: Int, schema: TableSchema) {
        let lookup = schema.headerLookup
        var matches: [Match] = []
        var ignored: [String] = []
        var sources: [String: [Int]] = [:]
        let normalized = cells.map(HeaderText.normalize)
        for (index, key) in normalized.enumerated() {
            if let column = lookup[key] {
                matches.append(Match(header: cells[index], cell: index, column: column))
                sources[column, default: []].append(index)
            } else if !key.isEmpty {
                ignored.append(cells[index])
            }
        }
        // A column that only means something with its companion (方向 with 金额) belongs to the
        // table's other form when its companion is missing and that form is complete: in a
        // 明细账 with 借方 and 贷方, 方向 is the direction of the running balance. It is not read.
        for column in schema.columns where sources[column.name] != nil {
            let unmet = column.requires.filter { sources[$0] == nil }
            guard !unmet.isEmpty else { continue }
            let otherFormComplete = schema.requiredAny.contains { group in
                (group.contains(column.name) || unmet.contains(where: group.contains)) && group.contains { other in
                    other != column.name && sources[other] != nil
                        && (schema.column(other)?.requires.allSatisfy { sources[$0] != nil } ?? false)
                }
            }
            guard otherFormComplete else { continue }
            sources[column.name] = nil
            ignored += matches.filter { $0.column == column.name }.map(\.header)
            matches.removeAll { $0.column == column.name }
        }
        guard Set(matches.map(\.column)).count >= 2 else { return nil }
        self.line = line
        self.cells = cells
        self.matches = matches
        self.ignored = ignored
        self.sources = sources
        self.normalizedCells = normalized
    }

    public func has(_ column: String) -> Bool { sources[column] != nil }

    /// Required columns (and their companions) the header lacks.
    public func missingColumns(for schema: TableSchema) -> [String] {
        var missing = schema.columns.filter { $0.required && !has($0.name) }.map(\.name)
        for group in schema.requiredAny where !group.contains(where: has) {
            missing.append(group.joined(separator: "|"))
        }
        for column in schema.columns where has(column.name) {
            missing += column.requires.filter { !has($0) && !missing.contains($0) }
        }
        return missing
    }
}
