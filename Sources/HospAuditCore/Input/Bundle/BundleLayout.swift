import Foundation

/// The files of one hospital's bundle, matched to tables by file stem.
public struct BundleLayout: Sendable {
    /// The bundle's folder name (its path below the folder a run was given, when nested), used
    /// to label its errors and findings.
    public let name: String
    public let path: String
    /// Table → the file read for it.
    public var files: [String: String] = [:]
    /// Problems with the folder as a whole: missing required tables, two files for one table,
    /// files that belong to no table.
    public var errors: [InputError] = []

    /// Files in `path` whose names are not those of a table: not read, but reported.
    public init(path: String, name bundleName: String? = nil) {
        let url = URL(fileURLWithPath: path)
        name = bundleName ?? url.lastPathComponent
        self.path = url.path
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        for entry in entries {
            var isDirectory: ObjCBool = false
            let full = url.appendingPathComponent(entry).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !entry.hasPrefix(".") else { continue }
            guard let schema = TableCatalog.table(forFileName: entry) else {
                if Self.looksTabular(entry) {
                    errors.append(InputError(
                        bundle: name, file: entry, code: .unknownFile,
                        message: LocalizedText(
                            zh: "文件名不对应任何表（可用：\(Self.knownStems)），未读取",
                            en: "the file name matches no table (known: \(Self.knownStems)); not read")))
                }
                continue
            }
            if let first = files[schema.table] {
                errors.append(InputError(
                    bundle: name, file: entry, code: .duplicateTable,
                    message: LocalizedText(zh: "与 \(first) 同为\(schema.title.zh)，只读取 \(first)",
                                           en: "another \(schema.table) file besides \(first); only \(first) is read")))
                continue
            }
            files[schema.table] = entry
        }
        for schema in TableCatalog.all where schema.required && files[schema.table] == nil {
            errors.append(InputError(
                bundle: name, code: .missingTable,
                message: LocalizedText(zh: "缺少必需的\(schema.title.zh)文件（\(schema.fileStems.joined(separator: "/")).csv）",
                                       en: "the required \(schema.table) file is missing (\(schema.fileStems.joined(separator: "/")).csv)")))
        }
    }

    public var hasAnyTable: Bool { !files.isEmpty }

    public func filePath(_ table: String) -> String? {
        files[table].map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    static func looksTabular(_ name: String) -> Bool {
        ["csv", "tsv", "txt"].contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }

    static let knownStems = TableCatalog.all.map { $0.fileStems[0] }.joined(separator: ", ")

    /// The bundles a path names: itself when it holds table files, else the folders under it
    /// that do (a region's folder of hospitals, a province's folder of regions), a few levels
    /// deep. A nested bundle is named by its path below `path` (`330000/杭州明德口腔医院`), so
    /// two hospitals' folders of the same name in different regions stay apart.
    public static func discover(_ path: String, depth: Int = 3) -> [BundleLayout] {
        let own = BundleLayout(path: path)
        if own.hasAnyTable { return [own] }
        return below(path, prefix: "", depth: depth)
    }

    private static func below(_ path: String, prefix: String, depth: Int) -> [BundleLayout] {
        guard depth > 0 else { return [] }
        let url = URL(fileURLWithPath: path)
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        return entries.flatMap { entry -> [BundleLayout] in
            var isDirectory: ObjCBool = false
            let full = url.appendingPathComponent(entry).path
            guard !entry.hasPrefix("."), FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return [] }
            let name = prefix.isEmpty ? entry : prefix + "/" + entry
            let layout = BundleLayout(path: full, name: name)
            return layout.hasAnyTable ? [layout] : below(full, prefix: name, depth: depth - 1)
        }
    }
}
