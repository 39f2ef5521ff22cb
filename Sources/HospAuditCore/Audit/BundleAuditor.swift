import Foundation

/// Audits one bundle: reads the small tables into a context, streams the ledger once into
/// facts, runs every enabled rule. Problems with the input become errors in the result; only a
/// policy that cannot be built stops the run.
public struct BundleAuditor: Sendable {
    public let policyChoice: PolicyChoice
    public let encoding: TextEncoding?
    /// The catalog's rules: those the policy is loaded for.
    public var rules: [any AuditRule] { policyChoice.catalog.rules }

    public init(policyChoice: PolicyChoice = PolicyChoice(), encoding: TextEncoding? = nil) {
        self.policyChoice = policyChoice
        self.encoding = encoding
    }

    public func audit(_ given: BundleLayout) throws -> BundleAudit {
        var layout = given
        if let ledger = layout.parts["ledger"] { layout.parts["ledger"] = LedgerPartOrder.ordered(ledger, in: layout, encoding: encoding) }
        var result = BundleAudit(bundle: layout.name)
        result.errors = layout.errors
        for error in layout.errors where [.duplicateTable, .fileUnreadable, .badMapping].contains(error.code) || error.isUnreadBooks {
            // A second file for one table, or a file that cannot be opened: part of the books unseen.
            result.incomplete(error.message)
        }
        var tables: [String: [TableRow]] = [:]
        for table in TableCatalog.order where table != "ledger" {
            guard let files = layout.parts[table], let schema = TableCatalog.schema(table) else { continue }
            tables[table] = readTable(schema, files: files, layout: layout, into: &result)
        }
        var files = layout.files
        if let mapping = layout.mapping {
            let file = mapping.path.hasPrefix(layout.path + "/") ? mapping.fileName : mapping.path
            for (index, used) in ([mapping] + mapping.beneath).enumerated() {
                let name = index == 0 ? file : used.path
                var report = FileReport(bundle: layout.name, file: name, table: "mapping")
                report.encoding = "utf-8"
                report.records = index == 0 ? mapping.files.count - mapping.beneath.reduce(0) { $0 + $1.files.count } : used.files.count
                report.used = report.records
                result.files.append(report)
                result.digests[name] = used.sha256
            }
            if tables["entity"] == nil, let entity = mapping.entity {
                tables["entity"] = [entityRow(entity, file: file, bundle: layout.name, into: &result)].compactMap { $0 }
                files["entity"] = file
            } else if mapping.entity != nil {
                result.errors.append(InputError(
                    bundle: layout.name, file: file, column: "entity", code: .badMapping,
                    message: LocalizedText(zh: "导入映射中的 entity 未使用：目录中已有机构信息文件 \(files["entity"] ?? "")，以它为准",
                                           en: "the mapping's entity: was not used: the bundle has its entity file \(files["entity"] ?? ""), which stands")))
            }
        }
        // One folder is one hospital: an entity table naming two would have one of them audited
        // on the other's books.
        let ids = Set((tables["entity"] ?? []).compactMap { $0["hospital_id"]?.text })
        if ids.count > 1 {
            result.status = .notAudited
            let list = ids.sorted().joined(separator: "、")
            result.statusReasons.append(LocalizedText(zh: "机构信息中有多家医院（\(list)）", en: "the entity table names several hospitals (\(list))"))
            result.errors.append(InputError(
                bundle: layout.name, file: files["entity"], code: .duplicateHospital,
                message: LocalizedText(zh: "机构信息中有多家医院（\(list)），一个目录只能是一家医院的账表，未审计：请把各家医院分放在各自的目录中",
                                       en: "the entity table names several hospitals (\(list)); a folder holds one hospital's books, so it was not audited: give each hospital its own folder")))
            return result
        }
        guard var hospital = Hospital.from(rows: tables["entity"] ?? []) else {
            result.status = .notAudited
            result.statusReasons.append(layout.files["entity"] == nil
                ? LocalizedText(zh: "缺少机构信息（entity）", en: "no entity table")
                : LocalizedText(zh: "机构信息中没有一行可用", en: "no usable row in the entity table"))
            if layout.files["entity"] != nil {
                result.errors.append(InputError(
                    bundle: layout.name, file: layout.files["entity"], code: .missingValue,
                    message: LocalizedText(zh: "机构信息中没有一行可用（需统一社会信用代码、名称和经营性质），未审计该目录",
                                           en: "the entity file has no usable row (USCC, name and ownership are needed); the bundle was not audited")))
            }
            return result
        }
        if hospital.region == nil, let region = layout.mapping?.region {
            hospital.region = region
        } else if hospital.region == nil, policyChoice.region == nil, let region = layout.folderRegion {
            // The national policy is applied, and the auditor told how to apply the region's.
            result.errors.append(InputError(
                bundle: layout.name, file: files["entity"], line: hospital.line, column: "region", code: .missingValue,
                message: LocalizedText(
                    zh: "机构信息未填地区代码，按全国政策审计；所在目录 \(region) 是地区代码：如属该地区，请补填，或用 --region \(region)、mapping.yaml 的 region: \(region) 给出",
                    en: "the entity gives no region code, so the national policy was applied; the folder \(region) is a region code: if the hospital is there, fill it in, or give --region \(region) or region: \(region) in mapping.yaml")))
        }
        result.hospital = hospital
        if let statements = tables["statements"], let parts = layout.parts["statements"] {
            result.errors += Self.restatedFigures(StatementFigure.from(rows: statements), files: parts, bundle: layout.name)
        }
        let policy = try policyChoice.policy(for: hospital)
        result.policy = policy

        let context = AuditContext(
            bundle: layout.name, hospital: hospital, policy: policy,
            relatedParties: RelatedParty.from(rows: tables["related_parties"] ?? []),
            disclosures: tables["disclosures"].map { Disclosure.from(rows: $0) },
            statements: tables["statements"].map { StatementFigure.from(rows: $0) },
            contracts: Contract.from(rows: tables["contracts"] ?? []),
            purchases: Purchase.from(rows: tables["purchases"] ?? []),
            benchmarks: Benchmark.from(rows: tables["benchmarks"] ?? []),
            files: files)
        let pass = PassFeed(LedgerPass(context: context, rules: rules))
        var ledgerFailed = false
        if let files = layout.parts["ledger"] {
            var used = 0
            var check = LedgerPartsCheck(files: files)
            for (part, file) in files.enumerated() {
                switch open(file, of: layout) {
                case .failure(let error):
                    result.errors.append(error)
                    result.unread("ledger")
                case .success(let input):
                    do {
                        check.start(part)
                        let parted = files.count > 1
                        let rule = layout.mapping?.rule(for: file)
                        var report = try LedgerReader(bundle: layout.name, file: file, schema: LedgerReader.schema.mapped(by: rule),
                                                      amountSign: rule?.amountSign, keepsPeople: false, texts: context.ledgerTexts).read(
                            input, delimiter: layout.mapping?.delimiter(for: file), onRejectedLine: { pass.markIncomplete(entryID: $0, date: $1) },
                            onUnreadableLine: { pass.markLostLine() }) { (line: consuming LedgerLine) in
                                if parted {
                                    guard check.admit(line) else { return }
                                    line.line = PartLine.join(part: part, line: line.line)
                                }
                                pass.add(consume line)
                            }
                        if parted { check.finish(file, report: &report).forEach { result.incomplete($0) } }
                        record(report, digest: input.digest, into: &result)
                        used += report.used
                        if report.wholeFileFailed {
                            // What the pass saw cannot be trusted (amounts beyond the range) or is
                            // nothing (no header): no ledger rule judges it.
                            ledgerFailed = true
                            result.unused("ledger")
                        }
                    } catch {
                        result.errors.append(.readingStopped(bundle: layout.name, file: file, by: error))
                        result.unread("ledger")
                    }
                }
            }
            let missing = check.missingMonths
            if files.count > 1 && !missing.isEmpty {
                let list = missing.joined(separator: "、")
                result.errors.append(InputError(
                    bundle: layout.name, code: .missingTable,
                    message: LocalizedText(zh: "序时账分为 \(files.count) 个文件，其中没有 \(list) 的凭证：是否少传了文件？",
                                           en: "the ledger comes in \(files.count) files, and none holds vouchers of \(list): is a file missing?")))
                result.incomplete(LocalizedText(zh: "序时账缺少 \(list) 的凭证", en: "the ledger has no vouchers of \(list)"))
            }
            if !ledgerFailed && used == 0 && result.files.contains(where: { $0.table == "ledger" }) {
                result.incomplete(LocalizedText(zh: "序时账没有可用的凭证行", en: "the ledger has no usable voucher lines"))
            }
        } else {
            result.incomplete(LocalizedText(zh: "缺少序时账（ledger）", en: "no ledger"))
        }
        let passed = pass.finish()
        let facts = ledgerFailed ? Facts() : passed
        result.facts = facts
        for rule in rules {
            for var finding in rule.run(facts: facts, context: context) {
                finding.consequences = policy.consequences
                    .filter { $0.applies(to: finding, hospital: hospital) }
                    .map(\.text)
                result.findings.append(finding)
            }
        }
        OverflowedFindings.withhold(from: &result)
        if let year = context.auditedYears(facts).last,
           let figures = ResultFigures.of(year: year, facts: facts, context: context), figures.margin != nil {
            result.figures = figures
        }
        let placing = TableParts(layout.parts)
        if !placing.isEmpty {
            for i in result.findings.indices { result.findings[i].evidence = result.findings[i].evidence.map { $0.placed(in: placing) } }
            result.figures = result.figures?.placed(in: placing)
        }
        return result
    }

    /// One table's files read as one: each file's rows in turn, its lines kept apart by
    /// `PartLine`, and a row an earlier file already gave counted once. Nil when no file could
    /// be read.
    private func readTable(_ schema: TableSchema, files: [String], layout: BundleLayout, into result: inout BundleAudit) -> [TableRow]? {
        var rows: [TableRow]?
        var repeats = RepeatedRows()
        for (part, file) in files.enumerated() {
            switch open(file, of: layout) {
            case .failure(let error):
                result.errors.append(error)
                result.unread(schema.table)
            case .success(let input):
                do {
                    var data = try TableRowReader.read(input, schema: schema.mapped(by: layout.mapping?.rule(for: file)), bundle: layout.name, file: file,
                                                       delimiter: layout.mapping?.delimiter(for: file))
                    if data.report.wholeFileFailed { result.unused(schema.table) }
                    var kept: [TableRow] = []
                    repeats.startPart(part)
                    for row in data.rows {
                        guard files.count > 1 else { kept.append(row); continue }
                        if repeats.isRepeated(row) { continue }
                        kept.append(TableRow(line: PartLine.join(part: part, line: row.line), values: row.values))
                    }
                    if files.count > 1 {
                        // A year's statements repeat last year's comparatives, a related-party list
                        // repeats last year's parties: the same row again says nothing new.
                        data.report.recordRepeats(repeats.repeats, of: files, rows: true)
                    }
                    rows = (rows ?? []) + kept
                    record(data.report, digest: input.digest, into: &result)
                } catch {
                    result.errors.append(.readingStopped(bundle: layout.name, file: file, by: error))
                    result.unread(schema.table)
                }
            }
        }
        return rows
    }

    /// A figure reported twice for one period with two amounts (a year's statements restating
    /// the year before, or two rows of one file): the first is the one the rules read, and the
    /// other is said, not passed over.
    static func restatedFigures(_ figures: [StatementFigure], files: [String], bundle: String) -> [InputError] {
        var first: [String: StatementFigure] = [:]
        var errors: [InputError] = []
        for figure in figures {
            let key = "\(figure.period)|\(figure.item)"
            guard let earlier = first[key] else { first[key] = figure; continue }
            guard earlier.amount != figure.amount else { continue }
            let (part, line) = PartLine.split(figure.line), (earlierPart, earlierLine) = PartLine.split(earlier.line)
            let file = files[min(part, files.count - 1)], earlierFile = files[min(earlierPart, files.count - 1)]
            // The item as the statements' vocabulary first names it (收入合计 for total_revenue).
            let label = TableCatalog.schema("statements")?.column("item")?.values[figure.item]?.first ?? figure.item
            errors.append(InputError(
                bundle: bundle, file: file, line: line, column: "amount", code: .badValue,
                message: LocalizedText(
                    zh: "\(figure.period) 的\(label)报为 \(figure.amount.grouped)，与 \(earlierFile) 第 \(earlierLine) 行的 \(earlier.amount.grouped) 不同；以先读的为准，请核对哪一个是定稿数",
                    en: "\(figure.item) for \(figure.period) is given as \(figure.amount.grouped), unlike \(earlier.amount.grouped) at \(earlierFile) line \(earlierLine); the earlier one is read: check which is final")))
        }
        return errors
    }

    /// The entity row a mapping gives, read as the entity table's cells are; nil, with errors,
    /// when it is not a usable row.
    private func entityRow(_ entity: [String: String], file: String, bundle: String, into result: inout BundleAudit) -> TableRow? {
        let schema = TableCatalog.schema("entity")!
        let parser = CellParser(schema: schema)
        var values: [String: CellValue] = [:]
        var failed = false
        for column in schema.columns {
            guard let text = entity[column.name] else { continue }
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { parser.parse($0, as: column) }
            switch parsed {
            case .success(let value?): values[column.name] = value
            case .success(nil): break
            case .failure(let problem):
                failed = true
                result.errors.append(InputError(bundle: bundle, file: file, column: "entity.\(column.name)", code: problem.code, message: problem.message))
            }
        }
        return failed ? nil : TableRow(line: 0, values: values)
    }

    /// A file of the bundle opened as its mapping, if any, or the run says it is encoded.
    private func open(_ file: String, of layout: BundleLayout) -> Result<DecodedInput, InputError> {
        FileOpener.open(path: layout.filePath(of: file), bundle: layout.name, file: file,
                        encoding: layout.mapping?.encoding(for: file, fallback: encoding) ?? encoding)
    }

    private func record(_ report: FileReport, digest: FileDigest?, into result: inout BundleAudit) {
        result.files.append(report)
        result.digests[report.file] = digest?.hexDigest()
        result.errors += report.publishedErrors
    }
}
