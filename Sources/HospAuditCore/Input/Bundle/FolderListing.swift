import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder's entries as the file system has them. Foundation's listing drops or mangles names
/// that are not UTF-8 (a GBK name left by unzip), and a bundle lost that way is lost in silence;
/// this keeps them apart so they can be reported.
struct FolderListing {
    struct Entry {
        let name: String
        let isDirectory: Bool
        let isHidden: Bool
        /// A symbolic link: a folder behind one is not searched (an upload's link could lead
        /// anywhere on the machine), a file behind one is refused when read.
        let isLink: Bool
    }

    var entries: [Entry] = []
    /// Names that are not valid UTF-8, shown with their bytes escaped (`\xB1\xB1`): folders,
    /// and files named like tables (`.csv`, `.tsv`, `.txt`); other files are no concern.
    var undecodable: [String] = []
    var undecodableTables: [String] = []
    /// Entries whose target cannot be reached (a dangling or looping link), with why.
    var unreachable: [(name: String, reason: String)] = []
    /// Why the folder could not be listed, if it could not.
    var failure: String?

    init(_ path: String) {
        guard let dir = opendir(path) else {
            failure = String(cString: strerror(errno))
            return
        }
        defer { closedir(dir) }
        // A folder that can be listed but not entered gives types its entries cannot be opened
        // by: those are asked, and reported unreachable as they were.
        let searchable = access(path, X_OK) == 0
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let shown = bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true) }.joined()
                let lower = shown.lowercased()
                if entry.pointee.d_type == UInt8(DT_DIR) {
                    undecodable.append(shown)
                } else if [".csv", ".tsv", ".txt"].contains(where: lower.hasSuffix) {
                    undecodableTables.append(shown)
                }
                continue
            }
            // The entry's type as the folder gives it spares two stats a file; links, and file
            // systems that do not say, are asked.
            let type = entry.pointee.d_type
            if searchable && (type == UInt8(DT_REG) || type == UInt8(DT_DIR)) {
                entries.append(Entry(name: name, isDirectory: type == UInt8(DT_DIR), isHidden: name.hasPrefix("."), isLink: false))
                continue
            }
            var isDirectory: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                var info = stat()
                let reason = stat(full, &info) == 0 ? "cannot be opened" : String(cString: strerror(errno))
                unreachable.append((name, reason))
                continue
            }
            var info = stat()
            let isLink = lstat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
            entries.append(Entry(name: name, isDirectory: isDirectory.boolValue, isHidden: name.hasPrefix("."), isLink: isLink))
        }
        entries.sort { $0.name < $1.name }
        undecodable.sort()
        undecodableTables.sort()
    }
}
