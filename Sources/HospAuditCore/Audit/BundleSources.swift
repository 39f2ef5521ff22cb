import Foundation

/// The bundles a run is given: bundle folders, folders of bundles (searched three levels
/// deep), and manifest files listing bundle folders one per line (`#` starts a comment;
/// relative paths are from the manifest's folder).
public enum BundleSources {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case missing(String)
        case noBundle(String)
        case notAManifest(String)

        public var description: String {
            switch self {
            case .missing(let path): return "no such bundle or folder: \(path)"
            case .noBundle(let path): return "no bundle found in \(path) (no file named like ledger.csv or 序时账.csv)"
            case .notAManifest(let path): return "\(path) is neither a folder nor a manifest of bundle folders"
            }
        }
    }

    public static func resolve(_ paths: [String]) throws -> [BundleLayout] {
        var layouts: [BundleLayout] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw Failure.missing(path) }
            if isDirectory.boolValue {
                let found = BundleLayout.discover(path)
                if found.isEmpty { throw Failure.noBundle(path) }
                layouts += found
            } else {
                let base = (path as NSString).deletingLastPathComponent
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                let entries = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
                guard !entries.isEmpty else { throw Failure.notAManifest(path) }
                layouts += try resolve(entries.map { $0.hasPrefix("/") ? $0 : (base as NSString).appendingPathComponent($0) })
            }
        }
        return layouts
    }
}
