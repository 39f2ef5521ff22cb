import Foundation

/// The files of one hospital's bundle, matched to tables by file stem.
public struct BundleLayout: Sendable {
    /// The bundle's folder name (its path below the folder a run was given, when nested), used
    /// to label its errors and findings.
    public let name: String
    public let path: String
    /// Table → the files read for it, in reading order: one, or the parts of books given per
    /// year, month or export limit (序时账2023.csv, 序时账2024.csv), read as one table.
    public var parts: [String: [String]] = [:]
    /// Table → its first (most often its only) file: the name its evidence is labelled with
    /// before each line is placed in its own part.
    public var files: [String: String] { parts.compactMapValues(\.first) }
    /// Problems with the folder as a whole: missing required tables, two files for one table,
    /// files that belong to no table.
    public var errors: [InputError] = []
    /// Only the name and path are kept (a region's run finds thousands of bundles before it
    /// audits the first); `reloaded()` lists the folder again when the bundle is audited.
    public private(set) var isThin = false
    /// Where the bundle came from when its folder is an unpacked upload (`upload.zip!/医院A`):
    /// the run's scope and the history name it by this, not by the temporary folder.
    public var origin: String?
    /// How its files read as tables: the bundle's own `mapping.yaml`, else the run's `--mapping`.
    public private(set) var mapping: ImportMapping?
    /// The run's mapping, kept by a thin layout to list the folder again with it.
    private var given: ImportMapping?

    public var thinned: BundleLayout {
        var thin = self
        thin.parts = [:]
        thin.errors = []
        thin.mapping = nil
        thin.isThin = true
        return thin
    }

    /// The layout whole: a thin one's folder listed again.
    public func reloaded() -> BundleLayout {
        guard isThin else { return self }
        var whole = BundleLayout(path: path, name: name, mapping: given)
        whole.origin = origin
        return whole
    }

    /// Files in `path` whose names are not those of a table: not read, but reported.
    /// `mapping`: the run's, for a bundle without one of its own.
    public init(path: String, name bundleName: String? = nil, mapping runMapping: ImportMapping? = nil) {
        let url = URL(fileURLWithPath: path)
        name = bundleName ?? url.lastPathComponent
        self.path = url.path
        given = runMapping
        mapping = runMapping
        if let own = ImportMapping.inBundle(url.path) {
            do {
                // The bundle's own file over the run's: a `region:` of its own does not set the
                // team's mapping aside.
                mapping = try ImportMapping.load(path: own, followLinks: false).layered(over: runMapping)
            } catch let failure as ImportMapping.Failure {
                errors.append(InputError(
                    bundle: name, file: PathText.lastComponent(own), code: .badMapping,
                    message: LocalizedText(zh: "导入映射无效，未使用：\(failure.path.isEmpty ? "" : failure.path + " ")\(failure.words.zh)",
                                           en: "the import mapping is not valid and was not used: \(failure.path.isEmpty ? "" : failure.path + " ")\(failure.words.en)")))
            } catch {
                errors.append(InputError(bundle: name, file: PathText.lastComponent(own), code: .badMapping,
                                         message: LocalizedText(zh: "导入映射无法读取：\(error)", en: "the import mapping cannot be read: \(error)")))
            }
        }
        let listing = FolderListing(url.path)
        if let failure = listing.failure {
            errors.append(InputError(bundle: name, code: .fileUnreadable,
                                     message: LocalizedText(zh: "无法读取目录：\(failure)", en: "cannot read the folder: \(failure)")))
        }
        for (entry, reason) in listing.unreachable where !entry.hasPrefix(".") {
            errors.append(InputError(bundle: name, file: entry, code: .fileUnreadable,
                                     message: LocalizedText(zh: "无法打开：\(reason)", en: "cannot be opened: \(reason)")))
        }
        for odd in listing.undecodableTables {
            errors.append(InputError(
                bundle: name, file: odd, code: .unknownFile,
                message: LocalizedText(zh: "文件名不是 UTF-8 编码（可能是解压留下的 GBK 文件名），未读取；请改名",
                                       en: "the file name is not UTF-8 (a GBK name left by unzip?); not read: rename it")))
        }
        var labels: [String: [String: String]] = [:]
        // The unlabelled file before its copies (entity.csv before entity(1).csv).
        let names = TableFileName.sorted(listing.entries.filter { !$0.isDirectory && !$0.isHidden }.map(\.name))
        for entry in names {
            // A file the mapping names is its table's, each such file a part of its own.
            let mapped = mapping?.rule(for: entry).map { TableFileName(table: $0.table, label: "mapped " + entry) }
            guard let named = mapped ?? TableFileName.parse(entry), let schema = TableCatalog.schema(named.table) else {
                if ["xlsx", "xls", "xlsm", "xlsb", "et"].contains(PathText.pathExtension(entry).lowercased()),
                   TableFileName.parse(PathText.stem(entry) + ".csv") != nil {
                    errors.append(InputError(
                        bundle: name, file: entry, code: .unknownFile,
                        message: LocalizedText(zh: "Excel 工作簿不能直接读取，未读取：请另存为 CSV（UTF-8 或 GBK）",
                                               en: "an Excel workbook is not read as it is: save it as CSV (UTF-8 or GBK)")))
                } else if Self.looksTabular(entry) {
                    errors.append(InputError(
                        bundle: name, file: entry, code: .unknownFile,
                        message: LocalizedText(
                            zh: "文件名不对应任何表（可用：\(Self.knownStems)），未读取",
                            en: "the file name matches no table (known: \(Self.knownStems)); not read")))
                }
                continue
            }
            // One hospital has one entity row; other tables may come in parts, each part once.
            let clash = schema.table == "entity" ? parts["entity"]?.first : labels[schema.table]?[named.label]
            if let first = clash {
                errors.append(InputError(
                    bundle: name, file: entry, code: .duplicateTable,
                    message: LocalizedText(zh: "与 \(first) 同为\(schema.title.zh)\(named.label.isEmpty ? "" : "（\(named.label)）")，只读取 \(first)",
                                           en: "another \(schema.table) file\(named.label.isEmpty ? "" : " for \(named.label)") besides \(first); only \(first) is read")))
                continue
            }
            labels[schema.table, default: [:]][named.label] = entry
            parts[schema.table, default: []].append(entry)
        }
        for table in parts.keys where parts[table]!.count > 1 { parts[table] = TableFileName.sorted(parts[table]!) }
        if isHospital {
            errors += nestedTables(listing)
            // Archives and databases beside the tables: the books in another form, not read.
            for entry in names where InputError.archives.contains(PathText.pathExtension(entry).lowercased()) {
                errors.append(InputError(
                    bundle: name, file: entry, code: .unknownFile,
                    message: LocalizedText(zh: "医院目录中的压缩包或数据库文件未读取：如是账表，请解压或导出为 CSV 放入目录（压缩包也可与医院目录并列上传）",
                                           en: "an archive or database in the hospital's folder is not read: if it holds tables, unpack or export them as CSV into the folder (an archive may also be uploaded beside the hospitals' folders)")))
            }
        }
        for schema in TableCatalog.all where schema.required && files[schema.table] == nil {
            if schema.table == "entity" && mapping?.entity != nil { continue }
            if schema.table == "entity", let region = folderRegion {
                errors.append(InputError(
                    bundle: name, code: .missingTable,
                    message: LocalizedText(
                        zh: "缺少必需的机构信息文件（\(schema.fileStems.joined(separator: "/")).csv），未审计；目录名 \(region) 是地区代码，但地区定不了医院：请补上机构信息文件，或在 mapping.yaml 的 entity 中写明统一社会信用代码、名称和经营性质（地区可写 region: \(region)，或用 --region \(region)）",
                        en: "the required entity file is missing (\(schema.fileStems.joined(separator: "/")).csv), so the bundle was not audited; its folder \(region) is a region code, but a region does not name the hospital: add the entity file, or give hospital_id, name and ownership under entity: in mapping.yaml (the region as region: \(region), or with --region \(region))")))
                continue
            }
            errors.append(InputError(
                bundle: name, code: .missingTable,
                message: LocalizedText(zh: "缺少必需的\(schema.title.zh)文件（\(schema.fileStems.joined(separator: "/")).csv）",
                                       en: "the required \(schema.table) file is missing (\(schema.fileStems.joined(separator: "/")).csv)")))
        }
    }

    /// Table files in folders inside a hospital's (`补充/序时账2024下半年.csv`): part of its books,
    /// by all appearances, and not read; never passed over in silence.
    private func nestedTables(_ listing: FolderListing) -> [InputError] {
        var found: [InputError] = []
        for folder in listing.entries where folder.isDirectory && !folder.isLink && folder.name != "__MACOSX" {
            let inner = FolderListing((path as NSString).appendingPathComponent(folder.name))
            for item in inner.entries where !item.isHidden && (item.isDirectory ? false : TableFileName.parse(item.name) != nil || Self.looksTabular(item.name)) {
                found.append(InputError(
                    bundle: name, file: folder.name + "/" + item.name, code: .unknownFile,
                    message: LocalizedText(zh: "在医院目录的子目录中，未读取：一家医院的账表应放在同一目录，如属本院请移到上一级",
                                           en: "lies in a folder inside the hospital's and was not read: a hospital's tables belong in one folder; move it up if it is this hospital's")))
            }
            if inner.entries.contains(where: { $0.isDirectory && !$0.isHidden }) && found.isEmpty {
                found.append(InputError(
                    bundle: name, file: folder.name, code: .unknownFile,
                    message: LocalizedText(zh: "医院目录中的子目录里还有目录，未搜索", en: "a folder inside the hospital's holds more folders, which were not searched")))
            }
        }
        return found
    }

    /// The same bundle under another name.
    func renamed(_ newName: String) -> BundleLayout {
        var layout = BundleLayout(path: path, name: newName, mapping: given)
        layout.origin = origin
        return layout
    }

    public var hasAnyTable: Bool { !parts.isEmpty }

    /// The region code the bundle's folders are named by, if any (`330000/330106/医院`).
    public var folderRegion: String? {
        RegionCode.named(by: (origin ?? path).split(separator: "/").map(String.init) + name.split(separator: "/").map(String.init))
    }

    public func filePath(_ table: String) -> String? {
        files[table].map(filePath(of:))
    }

    public func filePath(of file: String) -> String {
        PathText.joined(path, file)
    }

    static func looksTabular(_ name: String) -> Bool {
        ["csv", "tsv", "txt"].contains(PathText.pathExtension(name).lowercased())
    }

    static let knownStems = TableCatalog.all.map { $0.fileStems[0] }.joined(separator: ", ")

    /// The bundles a path names: itself when it holds table files, else the folders under it
    /// that do (a region's folder of hospitals, a province's folder of regions), a few levels
    /// deep. A nested bundle is named by its path below `path` (`330000/杭州明德口腔医院`), so
    /// two hospitals' folders of the same name in different regions stay apart.
    public static func discover(_ path: String, depth: Int = 3, mapping: ImportMapping? = nil) -> [BundleLayout] {
        search(path, depth: depth, mapping: mapping).layouts
    }

    /// What a search found, and what it could not look at: folders it could not read, names
    /// that are not UTF-8, bundles in hidden folders or deeper than `depth`, table files lying
    /// in a folder of bundles. None of them may be lost in silence.
    public struct Search: Sendable {
        public var layouts: [BundleLayout] = []
        public var problems: [InputError] = []
        /// The manifest files read to find the bundles.
        public var manifests: [String] = []
        /// The zip archives unpacked to find them.
        public var archives: [String] = []

        mutating func absorb(_ other: Search) {
            layouts += other.layouts
            problems += other.problems
            manifests += other.manifests
            archives += other.archives
        }

        /// Every file the run reads: no output may be written over one of them.
        public var inputs: [String] {
            var all: [String] = []
            forEachInput { all.append($0) }
            return all
        }

        /// The same, one at a time: a province's run reads tens of thousands of files.
        public func forEachInput(_ body: (String) throws -> Void) rethrows {
            for manifest in manifests + archives { try body(manifest) }
            for thin in layouts {
                let layout = thin.reloaded()
                for file in layout.parts.values.joined() { try body(layout.filePath(of: file)) }
            }
        }
    }

    /// `thin`: keep only each bundle's name and path (`thinned`). `name`: the folder's own
    /// name, and the prefix of the names below it, when its path does not say it (an unpacked
    /// upload).
    public static func search(_ path: String, depth: Int = 3, thin: Bool = false, name: String? = nil,
                              mapping: ImportMapping? = nil) -> Search {
        var search = Search()
        let own = BundleLayout(path: path, name: name, mapping: mapping)
        // A hospital's folder has its entity or ledger; a stray statement in a region's folder
        // does not make the region one hospital.
        if own.isHospital {
            search.layouts = [thin ? own.thinned : own]
            return search
        }
        below(path, prefix: name ?? "", depth: depth, thin: thin, mapping: mapping, into: &search)
        if search.layouts.isEmpty && own.hasAnyTable {
            search.layouts = [thin ? own.thinned : own]
        } else {
            search.problems += own.strayTables(in: name ?? URL(fileURLWithPath: path).lastPathComponent)
        }
        return search
    }

    /// For a folder with table-like files but no table: it, and each file it could not place.
    var unnamedTables: [InputError] {
        let files = errors.filter { $0.code == .unknownFile && $0.file != nil }
        guard !files.isEmpty else { return [] }
        return [InputError(bundle: name, code: .unknownFile, message: LocalizedText(
            zh: "目录中有账表样的文件，但没有一个的文件名对应某张表（可用：\(Self.knownStems)），这家医院未审计；请改名",
            en: "the folder holds table-like files, none named like a table (known: \(Self.knownStems)), so no hospital in it was audited: rename them"))]
            + files
    }

    /// A folder with the entity or the ledger is a hospital's.
    var isHospital: Bool { parts["entity"] != nil || parts["ledger"] != nil }

    /// Table files lying in a folder whose hospitals are below it.
    func strayTables(in folder: String) -> [InputError] {
        parts.flatMap { table, files in files.map { (table, $0) } }.sorted(by: { $0.1 < $1.1 }).map { table, file in
            InputError(
                bundle: folder, file: file, code: .unknownFile,
                message: LocalizedText(zh: "这个\(table)文件在存放多家医院的目录中，不属于任何一家医院，未读取",
                                       en: "this \(table) file lies in a folder of bundles and belongs to no hospital; not read"))
        }
    }

    private static func below(_ path: String, prefix: String, depth: Int, thin: Bool, mapping: ImportMapping?, into search: inout Search) {
        let listing = FolderListing(path)
        let here = prefix.isEmpty ? URL(fileURLWithPath: path).lastPathComponent : prefix
        if let failure = listing.failure {
            search.problems.append(InputError(
                bundle: here, code: .fileUnreadable,
                message: LocalizedText(zh: "无法读取目录，其中的医院未审计：\(failure)",
                                       en: "cannot read the folder, so no hospital in it was audited: \(failure)")))
            return
        }
        for (odd, reason) in listing.unreachable where !odd.hasPrefix(".") {
            search.problems.append(InputError(
                bundle: prefix.isEmpty ? odd : prefix + "/" + odd, code: .fileUnreadable,
                message: LocalizedText(zh: "无法打开，未审计：\(reason)", en: "cannot be opened, so it was not audited: \(reason)")))
        }
        for odd in listing.undecodable {
            search.problems.append(InputError(
                bundle: prefix.isEmpty ? odd : prefix + "/" + odd, code: .unknownFile,
                message: LocalizedText(zh: "目录名不是 UTF-8 编码（可能是解压留下的 GBK 名称），未审计；请改名",
                                       en: "the name is not UTF-8 (a GBK name left by unzip?), so it was not audited: rename it")))
        }
        // Uploads as zip archives lying among the bundles: each is unpacked and searched.
        for entry in listing.entries where !entry.isDirectory && !entry.isHidden && entry.name.lowercased().hasSuffix(".zip") {
            let full = (path as NSString).appendingPathComponent(entry.name)
            let name = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            search.absorb(ZipUpload.search(full, name: name, depth: depth, thin: thin, mapping: mapping))
        }
        for entry in listing.entries where entry.isDirectory {
            let full = (path as NSString).appendingPathComponent(entry.name)
            let name = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            if entry.isLink && !entry.isHidden {
                search.problems.append(InputError(
                    bundle: name, code: .unknownFile,
                    message: LocalizedText(zh: "是指向目录的符号链接，未跟随、未审计；请直接放入目录或在命令行给出它",
                                           en: "is a symbolic link to a folder, not followed nor audited; put the folder here or name it on the command line")))
                continue
            }
            let layout = BundleLayout(path: full, name: name, mapping: mapping)
            if entry.isHidden {
                if layout.hasAnyTable {
                    search.problems.append(InputError(
                        bundle: name, code: .unknownFile,
                        message: LocalizedText(zh: "隐藏目录中有账表文件，未审计（隐藏目录不搜索）；如是医院目录请改名",
                                               en: "a hidden folder holds table files and was not audited (hidden folders are not searched); rename it if it is a hospital's")))
                }
                continue
            }
            if layout.isHospital {
                search.layouts.append(thin ? layout.thinned : layout)
            } else if layout.hasAnyTable {
                // Table files but no entity or ledger: a hospital missing its main files, or a
                // region's folder with a file of its own (benchmarks.csv) above its hospitals.
                var inner = Search()
                if depth > 1 { below(full, prefix: name, depth: depth - 1, thin: thin, mapping: mapping, into: &inner) }
                if inner.layouts.isEmpty {
                    search.layouts.append(thin ? layout.thinned : layout)
                } else {
                    search.layouts += inner.layouts
                    search.problems += layout.strayTables(in: name)
                }
                search.problems += inner.problems
            } else if depth > 1 {
                let before = search.layouts.count
                below(full, prefix: name, depth: depth - 1, thin: thin, mapping: mapping, into: &search)
                // Table-like files none of which is named like a table: a hospital whose exports
                // kept their software's names (总账.csv), never a folder to pass over in silence.
                if search.layouts.count == before { search.problems += layout.unnamedTables }
            } else if !layout.unnamedTables.isEmpty {
                search.problems += layout.unnamedTables
            } else if FolderListing(full).entries.contains(where: { $0.isDirectory && !$0.isHidden }) {
                search.problems.append(InputError(
                    bundle: name, code: .unknownFile,
                    message: LocalizedText(zh: "其下的目录超过搜索的层数，未搜索", en: "folders below this are deeper than the levels searched and were not searched")))
            }
        }
    }
}
