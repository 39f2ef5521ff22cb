import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How exports whose names and headers are not the tables' read as them: a small YAML file an
/// auditor writes once for a hospital's own layout or a software's export (浪潮, 东软) and the
/// team shares, like an import template. Checked against `schemas/mapping.schema.json`.
public struct ImportMapping: Sendable {
    public enum AmountSign: String, Sendable {
        /// One signed amount column: positive is a debit, negative a credit.
        case debitPositive = "debit_positive"
        case creditPositive = "credit_positive"
    }

    /// What the mapping says of the files one pattern names.
    public struct FileRule: Sendable {
        public let match: String
        public let table: String
        public let encoding: TextEncoding?
        public let delimiter: UInt8?
        /// Header as the file has it → the table's column.
        public let columns: [String: String]
        public let amountSign: AmountSign?

        public func matches(_ fileName: String) -> Bool {
            fnmatch(match, fileName, 0) == 0 || fnmatch(match.lowercased(), fileName.lowercased(), 0) == 0
        }
    }

    public static let bundleFileNames = ["mapping.yaml", "mapping.yml", "mapping.json"]

    /// Where it was read from, and the hash of its bytes (for `run.inputs`).
    public let path: String
    public let sha256: String
    public let encoding: TextEncoding?
    public let delimiter: UInt8?
    public let region: String?
    /// The hospital's entity row, for a bundle without an entity table.
    public let entity: [String: String]?
    public let files: [FileRule]
    /// The run's mapping, beneath a bundle's own: its rules come after the bundle's, and what
    /// the bundle's file leaves unsaid (encoding, delimiter, region) is taken from it.
    public var beneath: [ImportMapping] = []

    /// This mapping laid over the run's.
    public func layered(over run: ImportMapping?) -> ImportMapping {
        guard let run else { return self }
        var layered = ImportMapping(path: path, sha256: sha256, encoding: encoding ?? run.encoding,
                                    delimiter: delimiter ?? run.delimiter, region: region ?? run.region,
                                    entity: entity, files: files + run.files)
        layered.beneath = [run] + run.beneath
        return layered
    }

    public var fileName: String { PathText.lastComponent(path) }

    /// The rule for a file: the first whose pattern matches its name.
    public func rule(for fileName: String) -> FileRule? { files.first { $0.matches(fileName) } }

    /// The reading a file gets: its rule's encoding, else the mapping's, else `fallback`.
    public func encoding(for fileName: String, fallback: TextEncoding?) -> TextEncoding? {
        rule(for: fileName)?.encoding ?? encoding ?? fallback
    }

    public func delimiter(for fileName: String) -> UInt8? { rule(for: fileName)?.delimiter ?? delimiter }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let file: String
        public let path: String
        public let message: String
        /// Why the file could not be read at all, in both languages.
        public var unreadable: LocalizedText? = nil

        /// What is wrong, in both languages where the words are the tool's own (a schema's
        /// complaints are in English only).
        public var words: LocalizedText {
            if let unreadable { return LocalizedText(zh: "无法读取：\(unreadable.zh)", en: "cannot be read: \(unreadable.en)") }
            return LocalizedText(zh: message, en: message)
        }

        public var description: String { "mapping \(file): \(path.isEmpty ? "" : path + " ")\(message)" }
    }

    public static let schema: JSONValue = {
        guard let text = EmbeddedPolicies.json["mapping.schema"], let tree = try? JSONValue.parse(shipped: text) else {
            preconditionFailure("embedded mapping schema does not parse")
        }
        return tree
    }()

    /// `followLinks`: false for a bundle's own file, which, like its tables, must be a regular file
    /// of the bundle (an upload's link could point anywhere on the machine).
    public static func load(path: String, followLinks: Bool = true) throws -> ImportMapping {
        let data: Data, text: String
        do {
            data = try WholeFile.data(path, limit: 1 << 20, followLinks: followLinks)
            text = try WholeFile.text(of: data, path: path)
        } catch let error as FileReadError {
            throw Failure(file: path, path: "", message: "cannot be read: \(error.reason)", unreadable: error.why)
        }
        let tree: JSONValue
        do {
            tree = try JSONValue.parse(yaml: text)
        } catch let PolicyError.invalid(_, message) {
            throw Failure(file: path, path: "", message: message)
        } catch {
            throw Failure(file: path, path: "", message: "is not valid YAML or JSON: \(error)")
        }
        let document: JSONValue
        do {
            document = try SchemaValidator(root: schema).validate(tree)
        } catch let failure as SchemaValidator.Failure {
            throw Failure(file: path, path: failure.path, message: failure.message)
        }
        func string(_ value: JSONValue?) -> String? { if case .string(let v)? = value { return v } else { return nil } }
        var rules: [FileRule] = []
        if case .array(let items)? = document["files"] {
            for (index, item) in items.enumerated() {
                let at = "files[\(index)]"
                let table = string(item["table"]) ?? ""
                guard let schema = TableCatalog.schema(table) else {
                    throw Failure(file: path, path: "\(at).table", message: "is not a table")
                }
                var columns: [String: String] = [:]
                if case .object(let pairs)? = item["columns"] {
                    for (header, value) in pairs {
                        let column = string(value) ?? ""
                        guard schema.column(column) != nil else {
                            throw Failure(file: path, path: "\(at).columns.\(header)",
                                          message: "“\(column)” is not a column of \(table) (\(schema.columns.map(\.name).joined(separator: ", ")))")
                        }
                        columns[header] = column
                    }
                }
                // Two headers for one column would be read "first filled wins": a choice the
                // mapping is there to make, so it must make it.
                for (column, headers) in Dictionary(grouping: columns.keys, by: { columns[$0]! }) where headers.count > 1 {
                    throw Failure(file: path, path: "\(at).columns",
                                  message: "names \(headers.sorted().joined(separator: ", ")) all as \(column): name one header for a column")
                }
                let sign = string(item["amount_sign"]).flatMap(AmountSign.init(rawValue:))
                if sign != nil && table != "ledger" {
                    throw Failure(file: path, path: "\(at).amount_sign", message: "applies to the ledger only")
                }
                rules.append(FileRule(match: string(item["match"]) ?? "", table: table,
                                      encoding: string(item["encoding"]).flatMap(TextEncoding.init(userName:)),
                                      delimiter: string(item["delimiter"]).flatMap { $0.utf8.first }, columns: columns, amountSign: sign))
            }
        }
        var entity: [String: String]?
        if case .object(let pairs)? = document["entity"] {
            entity = pairs.compactMapValues { string($0) }
        }
        // A region the policies know the province of: a typo is refused as `--region` refuses it.
        for (at, region) in [("region", string(document["region"])), ("entity.region", entity?["region"])] {
            if let region, RegionCode.named(by: [region]) == nil {
                throw Failure(file: path, path: at, message: "“\(region)” is not a region code (six digits, the first two a province's)")
            }
        }
        return ImportMapping(path: path, sha256: SHA256.hex([UInt8](data)),
                             encoding: string(document["encoding"]).flatMap(TextEncoding.init(userName:)),
                             delimiter: string(document["delimiter"]).flatMap { $0.utf8.first },
                             region: string(document["region"]), entity: entity, files: rules)
    }

    /// The bundle's own mapping file, if it has one (its name in any case).
    public static func inBundle(_ folder: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return names.sorted().first { bundleFileNames.contains($0.lowercased()) }.map { (folder as NSString).appendingPathComponent($0) }
    }
}
