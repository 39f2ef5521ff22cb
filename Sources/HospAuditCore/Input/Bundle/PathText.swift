import Foundation

/// File-name arithmetic as URL does it, without asking the file system. `URL(fileURLWithPath:)`
/// of a bare name resolves it against the working directory and stats it to learn whether it
/// is a folder: for every name of every bundle of a region's run, a getcwd and a failed stat.
/// Given a base and `isDirectory`, URL splits the same names the same way and asks nothing.
enum PathText {
    private static let root = URL(fileURLWithPath: "/", isDirectory: true)

    private static func url(_ name: String) -> URL { URL(fileURLWithPath: name, isDirectory: false, relativeTo: root) }

    static func lastComponent(_ name: String) -> String { url(name).lastPathComponent }

    /// "" when there is none, or when URL does not take it for one (a space or a direction mark in it).
    static func pathExtension(_ name: String) -> String { url(name).pathExtension }

    /// The last component less its extension, as URL removes it.
    static func stem(_ name: String) -> String { url(name).deletingPathExtension().lastPathComponent }

    static func joined(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}
