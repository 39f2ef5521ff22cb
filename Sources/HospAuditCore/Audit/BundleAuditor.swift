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

    public func audit(_ layout: BundleLayout) throws -> BundleAudit {
        var result = BundleAudit(bundle: layout.name)
        result.errors = layout.errors
        for error in layout.errors where error.code == .duplicateTable || error.code == .fileUnreadable {
            // A second file for one table, or a file that cannot be opened: part of the books unseen.
            result.status = .incomplete
            result.statusReasons.append(error.message)
        }
        var tables: [String: TableData] = [:]
        for table in TableCatalog.order where table != "ledger" {
            guard let path = layout.filePath(table), let file = layout.files[table] else { continue }
            switch FileOpener.open(path: path, bundle: layout.name, file: file, encoding: encoding) {
            case .failure(let error):
                result.errors.append(error)
                result.unread(table)
            case .success(let input):
                do {
                    let data = try TableRowReader.read(input, schema: TableCatalog.schema(table)!, bundle: layout.name, file: file)
                    tables[table] = data
                    record(data.report, digest: input.digest, into: &result)
                    if data.report.wholeFileFailed { result.unread(table) }
                } catch {
                    result.errors.append(unreadable(layout.name, file, error))
                    result.unread(table)
                }
            }
        }
        guard let hospital = Hospital.from(rows: tables["entity"]?.rows ?? []) else {
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
        result.hospital = hospital
        let policy = try policyChoice.policy(for: hospital)
        result.policy = policy

        let context = AuditContext(
            bundle: layout.name, hospital: hospital, policy: policy,
            relatedParties: RelatedParty.from(rows: tables["related_parties"]?.rows ?? []),
            disclosures: tables["disclosures"].map { Disclosure.from(rows: $0.rows) },
            statements: tables["statements"].map { StatementFigure.from(rows: $0.rows) },
            contracts: Contract.from(rows: tables["contracts"]?.rows ?? []),
            purchases: Purchase.from(rows: tables["purchases"]?.rows ?? []),
            benchmarks: Benchmark.from(rows: tables["benchmarks"]?.rows ?? []),
            files: layout.files)
        var pass = LedgerPass(context: context, rules: rules)
        var ledgerFailed = false
        if let path = layout.filePath("ledger"), let file = layout.files["ledger"] {
            switch FileOpener.open(path: path, bundle: layout.name, file: file, encoding: encoding) {
            case .failure(let error):
                result.errors.append(error)
                result.unread("ledger")
            case .success(let input):
                do {
                    let report = try LedgerReader(bundle: layout.name, file: file).read(
                        input, onRejectedLine: { pass.markIncomplete(entryID: $0, date: $1) },
                        onUnreadableLine: { pass.markLostLine() }) { pass.add($0) }
                    record(report, digest: input.digest, into: &result)
                    if report.wholeFileFailed {
                        // What the pass saw cannot be trusted (amounts beyond the range) or is
                        // nothing (no header): no ledger rule judges it.
                        ledgerFailed = true
                        result.unread("ledger")
                    } else if report.used == 0 {
                        result.status = .incomplete
                        result.statusReasons.append(LocalizedText(zh: "序时账没有可用的凭证行", en: "the ledger has no usable voucher lines"))
                    }
                } catch {
                    result.errors.append(unreadable(layout.name, file, error))
                    result.unread("ledger")
                }
            }
        } else {
            result.status = .incomplete
            result.statusReasons.append(LocalizedText(zh: "缺少序时账（ledger）", en: "no ledger"))
        }
        let facts = ledgerFailed ? Facts() : pass.finish()
        result.facts = facts
        for rule in rules {
            for var finding in rule.run(facts: facts, context: context) {
                finding.consequences = policy.consequences
                    .filter { $0.applies(rule: finding.rule, severity: finding.severity, hospital: hospital) }
                    .map(\.text)
                result.findings.append(finding)
            }
        }
        OverflowedFindings.withhold(from: &result)
        if let year = facts.periods.last ?? hospital.fiscalYear,
           let figures = ResultFigures.of(year: year, facts: facts, context: context), figures.margin != nil {
            result.figures = figures
        }
        return result
    }

    private func record(_ report: FileReport, digest: SHA256?, into result: inout BundleAudit) {
        result.files.append(report)
        result.digests[report.file] = digest?.hexDigest()
        result.errors += report.publishedErrors
    }

    private func unreadable(_ bundle: String, _ file: String, _ error: Error) -> InputError {
        InputError(bundle: bundle, file: file, code: .fileUnreadable,
                   message: LocalizedText(zh: "读取中断：\(error)", en: "reading stopped: \(error)"))
    }
}
