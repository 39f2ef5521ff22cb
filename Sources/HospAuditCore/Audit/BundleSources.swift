import Foundation

/// The bundles a run is given: bundle folders, folders of bundles (searched three levels
/// deep), and manifest files listing bundle folders one per line (`#` starts a comment;
/// relative paths are from the manifest's folder).
public enum BundleSources {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case missing(String)
        case noBundle(String)
        case notAManifest(String)
        case manifestLoop(String)
        case manifestEntry(manifest: String, line: Int)
        case unreadableManifest(String, reason: String)

        public var description: String {
            switch self {
            case .missing(let path): return "no such bundle or folder: \(path)"
            case .manifestLoop(let path): return "the manifest \(path) lists itself, directly or through another manifest"
            // The entry's text is not repeated: a file taken for a manifest may hold secrets.
            case .manifestEntry(let manifest, let line): return "\(manifest) line \(line) names no bundle, folder or manifest"
            case .noBundle(let path): return "no bundle found in \(path) (no file named like ledger.csv or 序时账.csv)"
            case .notAManifest(let path): return "\(path) is neither a folder nor a manifest of bundle folders"
            case .unreadableManifest(let path, let reason): return "\(path) is not a folder and cannot be read as a manifest of bundle folders: \(reason)"
            }
        }
    }

    public static func resolve(_ paths: [String], mapping: ImportMapping? = nil) throws -> [BundleLayout] {
        try find(paths, mapping: mapping).layouts
    }

    /// The bundles, and what the search could not look at (`BundleLayout.Search`).
    /// `thin`: keep only each bundle's name and path, for a run that lists a bundle's files
    /// when it audits it.
    /// `mapping`: the run's import mapping, for bundles without a `mapping.yaml` of their own.
    public static func find(_ paths: [String], thin: Bool = false, mapping: ImportMapping? = nil) throws -> BundleLayout.Search {
        var found = BundleLayout.Search()
        try resolve(paths, manifests: [], thin: thin, mapping: mapping, into: &found)
        // A bundle named twice is audited once.
        var seen: Set<String> = []
        found.layouts = found.layouts.filter { seen.insert(URL(fileURLWithPath: $0.path).standardizedFileURL.path).inserted }
        found.layouts = distinctlyNamed(found.layouts).map { thin && !$0.isThin ? $0.thinned : $0 }
        return found
    }

    /// Bundles from different paths can share a name (h1/医院 and h2/医院 are both 医院): such
    /// bundles are named by their whole path, so the document, the duplicate-hospital check and
    /// the shard keys tell them apart.
    static func distinctlyNamed(_ layouts: [BundleLayout]) -> [BundleLayout] {
        let counts = Dictionary(grouping: layouts, by: \.name).mapValues(\.count)
        guard counts.values.contains(where: { $0 > 1 }) else { return layouts }
        return layouts.map { layout in
            guard counts[layout.name, default: 0] > 1 else { return layout }
            return layout.renamed(URL(fileURLWithPath: layout.path).standardizedFileURL.path)
        }
    }

    /// `manifests`: the real paths of the manifests being read, to stop a loop.
    private static func resolve(_ paths: [String], manifests: Set<String>, from manifest: (path: String, lines: [Int])? = nil,
                                thin: Bool, mapping: ImportMapping?, into found: inout BundleLayout.Search) throws {
        for (index, path) in paths.enumerated() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if let manifest { throw Failure.manifestEntry(manifest: manifest.path, line: manifest.lines[index]) }
                throw Failure.missing(path)
            }
            if isDirectory.boolValue {
                let search = BundleLayout.search(path, thin: thin, mapping: mapping)
                if search.layouts.isEmpty && search.problems.isEmpty { throw Failure.noBundle(path) }
                found.layouts += search.layouts
                found.problems += search.problems
            } else if ZipUpload.isArchive(path) {
                found.absorb(ZipUpload.search(path, name: URL(fileURLWithPath: path).lastPathComponent, thin: thin, mapping: mapping))
            } else {
                let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
                guard !manifests.contains(real) else { throw Failure.manifestLoop(path) }
                // A manifest named twice (two manifests listing a third) is read once: listings
                // that fan out cannot multiply the work.
                if found.manifests.contains(where: { URL(fileURLWithPath: $0).resolvingSymlinksInPath().standardizedFileURL.path == real }) { continue }
                let base = (path as NSString).deletingLastPathComponent
                // A manifest is a small regular file of text: a FIFO or a device is never read.
                let text: String
                do {
                    text = try WholeFile.text(path, limit: 4 << 20)
                } catch let error as FileReadError {
                    throw Failure.unreadableManifest(path, reason: error.reason)
                }
                found.manifests.append(path)
                var entries: [String] = []
                var lines: [Int] = []
                for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                    let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !entry.isEmpty, !entry.hasPrefix("#") else { continue }
                    entries.append(entry.hasPrefix("/") ? entry : (base as NSString).appendingPathComponent(entry))
                    lines.append(number + 1)
                }
                guard !entries.isEmpty else { throw Failure.notAManifest(path) }
                try resolve(entries, manifests: manifests.union([real]), from: (path, lines), thin: thin, mapping: mapping, into: &found)
            }
        }
    }
}
