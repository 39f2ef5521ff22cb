import Foundation

/// File-name arithmetic on the text alone. `URL(fileURLWithPath:)` resolves a relative name
/// against the working directory and asks the file system whether it is a folder: for every
/// name of every bundle of a region's run, a getcwd and a failed stat each time.
enum PathText {
    static func lastComponent(_ path: String) -> String { (path as NSString).lastPathComponent }

    /// What follows the last dot of the last component, "" when there is none.
    static func pathExtension(_ path: String) -> String { (path as NSString).pathExtension }

    /// The path less its extension; a name ending in a dot keeps it, as URL keeps it.
    static func deletingExtension(_ path: String) -> String {
        pathExtension(path).isEmpty ? path : (path as NSString).deletingPathExtension
    }

    static func joined(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}
