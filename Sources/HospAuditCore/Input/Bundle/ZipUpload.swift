import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// A hospital's upload as a zip archive, as Windows makes them: names in GBK without the UTF-8
/// flag, folders inside. It is unpacked into a private temporary folder (removed when the run
/// ends) after every entry has been checked, and a hostile archive is refused whole: an entry
/// with `..` or an absolute path, a symbolic link, an encrypted entry, more entries or more bytes
/// than a hospital's books need, or a compression ratio only a zip bomb has. The limits hold
/// while unpacking too, whatever the archive declares.
public enum ZipUpload {
    public struct Limits: Sendable {
        public var totalBytes: UInt64 = 8 << 30
        public var entries = 10_000
        /// Uncompressed to compressed, for an entry larger than 1 MiB.
        public var ratio: UInt64 = 200
        public init() {}
    }

    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case unreadable(String)
        case unsafePath(String)
        case symbolicLink(String)
        case encrypted(String)
        case tooManyEntries(Int)
        case tooLarge(UInt64)
        case bomb(String, ratio: UInt64)

        public var description: String {
            switch self {
            case .unreadable(let reason): return "the archive cannot be read: \(reason)"
            case .unsafePath(let entry): return "the entry \(entry) would be unpacked outside the archive's folder (.. or an absolute path)"
            case .symbolicLink(let entry): return "the entry \(entry) is a symbolic link"
            case .encrypted(let entry): return "the entry \(entry) is encrypted: unpack it with its password and give the files"
            case .tooManyEntries(let n): return "the archive holds \(n) entries, more than a hospital's books need"
            case .tooLarge(let bytes): return "the archive unpacks to \(bytes) bytes, more than the limit"
            case .bomb(let entry, let ratio): return "the entry \(entry) is compressed \(ratio) to 1: a zip bomb"
            }
        }

        public var chinese: String {
            switch self {
            case .unreadable(let reason): return "压缩包无法读取：\(reason)"
            case .unsafePath(let entry): return "条目 \(entry) 会解压到压缩包目录之外（含 .. 或绝对路径）"
            case .symbolicLink(let entry): return "条目 \(entry) 是符号链接"
            case .encrypted(let entry): return "条目 \(entry) 已加密：请用密码解压后提交文件"
            case .tooManyEntries(let n): return "压缩包有 \(n) 个条目，超出一家医院账表所需"
            case .tooLarge(let bytes): return "压缩包解压后有 \(bytes) 字节，超出上限"
            case .bomb(let entry, let ratio): return "条目 \(entry) 的压缩比为 \(ratio):1，疑为压缩炸弹"
            }
        }
    }

    /// An entry as the central directory states it.
    struct Listed {
        let name: String
        let compressed: UInt64
        let uncompressed: UInt64
        let isDirectory: Bool
    }

    /// Whether a file is a zip archive: by its first bytes, whatever its name.
    public static func isArchive(_ path: String) -> Bool {
        // Only a regular file is opened: a FIFO would block the run, a device is never read.
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data([0x50, 0x4B, 0x03, 0x04]) || head == Data([0x50, 0x4B, 0x05, 0x06])
    }

    /// The bundles of an upload, named below `name` (the archive's name, or its path under the
    /// run's folder), each with its origin inside the archive; a refused archive is a problem
    /// of the run, and the other bundles are audited.
    public static func search(_ path: String, name: String, depth: Int = 3, thin: Bool = false,
                              mapping: ImportMapping? = nil) -> BundleLayout.Search {
        var result = BundleLayout.Search()
        result.archives.append(path)
        do {
            let folder = try unpack(path)
            var found = BundleLayout.search(folder, depth: depth, thin: thin, name: name, mapping: mapping)
            let real = URL(fileURLWithPath: path).standardizedFileURL.path
            found.layouts = found.layouts.map { layout in
                var kept = layout
                let inner = layout.path.hasPrefix(folder) ? String(layout.path.dropFirst(folder.count)) : ""
                kept.origin = real + "!" + (inner.isEmpty ? "/" : inner)
                return kept
            }
            if found.layouts.isEmpty && found.problems.isEmpty {
                found.problems.append(InputError(bundle: name, code: .missingTable, message: LocalizedText(
                    zh: "压缩包中没有医院的账表（没有序时账或机构信息文件）", en: "the archive holds no hospital's tables (no ledger or entity file)")))
            }
            result.absorb(found)
        } catch let refusal as Refusal {
            result.problems.append(InputError(bundle: name, code: .unsafeArchive, message: LocalizedText(
                zh: "压缩包已拒绝，其中的医院未审计：" + refusal.chinese,
                en: "archive refused, so no hospital in it was audited: " + refusal.description)))
        } catch {
            result.problems.append(InputError(bundle: name, code: .fileUnreadable, message: LocalizedText(
                zh: "压缩包无法解压，未审计：\(error)", en: "the archive could not be unpacked, so nothing in it was audited: \(error)")))
        }
        return result
    }

    /// Unpacks `path` into a new private folder and gives it; refuses a hostile archive.
    public static func unpack(_ path: String, limits: Limits = Limits()) throws -> String {
        let listed = try list(path, limits: limits)
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Refusal.unreadable("\(error)")
        }
        let entries = Array(archive)
        guard entries.count == listed.count else { throw Refusal.unreadable("its central directory and its entries disagree") }
        let folder = try UnpackedFolders.make()
        var written: UInt64 = 0
        for (entry, item) in zip(entries, listed) {
            let target = (folder as NSString).appendingPathComponent(item.name)
            if item.isDirectory {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                continue
            }
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Refusal.unreadable("cannot unpack \(item.name): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var entryBytes: UInt64 = 0
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data in
                    entryBytes += UInt64(data.count)
                    written += UInt64(data.count)
                    // What the archive declared is not trusted: the bytes are counted as they come.
                    if written > limits.totalBytes { throw Refusal.tooLarge(written) }
                    if entryBytes > (1 << 20), entryBytes / max(1, item.compressed) > limits.ratio {
                        throw Refusal.bomb(item.name, ratio: entryBytes / max(1, item.compressed))
                    }
                    try data.withUnsafeBytes { raw in
                        var done = 0
                        while done < raw.count {
                            let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                            if n < 0 {
                                if errno == EINTR { continue }
                                throw Refusal.unreadable("cannot unpack \(item.name): \(String(cString: strerror(errno)))")
                            }
                            done += n
                        }
                    }
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal.unreadable("\(item.name): \(error)")
            }
        }
        return folder
    }

    /// The entries from the archive's central directory, each checked before anything is unpacked.
    static func list(_ path: String, limits: Limits) throws -> [Listed] {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw Refusal.unreadable("not a regular file") }
        // Only the end of the archive is read: its central directory, not its data.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Refusal.unreadable("cannot open it") }
        defer { try? handle.close() }
        let size = UInt64(info.st_size)
        let tailLength = min(size, 65_557)
        try handle.seek(toOffset: size - tailLength)
        let tail = [UInt8](try handle.read(upToCount: Int(tailLength)) ?? Data())
        func le16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        func le32(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(le16(b, at)) | UInt64(le16(b, at + 2)) << 16 }
        // The end of central directory record: within the last 64 KiB + 22 bytes.
        var end = -1
        var at = tail.count - 22
        while at >= 0 {
            if tail[at] == 0x50 && tail[at + 1] == 0x4B && tail[at + 2] == 0x05 && tail[at + 3] == 0x06 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw Refusal.unreadable("no central directory (not a zip archive, or cut short)") }
        let directorySize = le32(tail, end + 12), directoryOffset = le32(tail, end + 16)
        guard directoryOffset + directorySize <= size, directorySize <= 64 << 20 else { throw Refusal.unreadable("a damaged central directory") }
        try handle.seek(toOffset: directoryOffset)
        let bytes = [UInt8](try handle.read(upToCount: Int(directorySize)) ?? Data())
        func u16(_ at: Int) -> Int { le16(bytes, at) }
        func u32(_ at: Int) -> UInt64 { le32(bytes, at) }
        let count = le16(tail, end + 10)
        guard count <= limits.entries else { throw Refusal.tooManyEntries(count) }
        var offset = 0
        var listed: [Listed] = []
        var total: UInt64 = 0
        for _ in 0 ..< count {
            guard offset + 46 <= bytes.count, u32(offset) == 0x0201_4B50 else { throw Refusal.unreadable("a damaged central directory") }
            let flags = u16(offset + 8)
            var compressed = u32(offset + 20), uncompressed = u32(offset + 24)
            let nameLength = u16(offset + 28), extraLength = u16(offset + 30), commentLength = u16(offset + 32)
            let attributes = u32(offset + 38)
            let madeBy = u16(offset + 4) >> 8
            guard offset + 46 + nameLength + extraLength <= bytes.count else { throw Refusal.unreadable("a damaged central directory") }
            let rawName = Array(bytes[offset + 46 ..< offset + 46 + nameLength])
            // ZIP64 sizes, when the 32-bit fields say so.
            var extra = offset + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra), size = u16(extra + 2)
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { uncompressed = u32(field) | u32(field + 4) << 32; field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extraEnd { compressed = u32(field) | u32(field + 4) << 32 }
                }
                extra += 4 + size
            }
            // Some Windows tools write `\` between folders; read once decoded, a backslash is one
            // (a GBK trail byte 0x5C inside a character is no longer a byte of its own).
            let name = decodeName(rawName, utf8Flag: flags & (1 << 11) != 0).replacingOccurrences(of: "\\", with: "/")
            if flags & 1 != 0 { throw Refusal.encrypted(name) }
            let mode = (attributes >> 16) & UInt64(S_IFMT)
            if (madeBy == 3 || madeBy == 19) && mode == UInt64(S_IFLNK) { throw Refusal.symbolicLink(name) }
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if name.hasPrefix("/") || name.contains(":") || parts.contains("..") || name.utf8.contains(0) {
                throw Refusal.unsafePath(name)
            }
            total += uncompressed
            if total > limits.totalBytes { throw Refusal.tooLarge(total) }
            if uncompressed > (1 << 20), uncompressed / max(1, compressed) > limits.ratio {
                throw Refusal.bomb(name, ratio: uncompressed / max(1, compressed))
            }
            listed.append(Listed(name: name, compressed: compressed, uncompressed: uncompressed, isDirectory: name.hasSuffix("/")))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return listed
    }

    /// A name as stored: UTF-8 when flagged or valid as such, else GB18030 (what Windows wrote).
    static func decodeName(_ raw: [UInt8], utf8Flag: Bool) -> String {
        if let text = String(validating: raw, as: UTF8.self) { return text }
        if !utf8Flag, let text = gb18030(raw) { return text }
        return String(decoding: raw, as: UTF8.self)
    }

    static func gb18030(_ raw: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = raw.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: raw.count * 4 + 4)
        var inLeft = input.count, outLeft = output.count
        let ok = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
            output.withUnsafeMutableBufferPointer { outBuf -> Bool in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1
            }
        }
        guard ok, inLeft == 0 else { return nil }
        let bytes = output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// The private folders archives are unpacked into: one for the run, made at the first archive,
/// with a folder of its own for each, removed when the process exits, or by the signal handler
/// when a signal ends it (`InterruptCleanup`).
enum UnpackedFolders {
    private nonisolated(unsafe) static var parent: String?
    private static let lock = NSLock()

    static func make() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if parent == nil {
            // Armed before the folder exists, as a document's temporary file is: from the moment
            // it does, a signal removes it (mkdtemp would make it first and name it after).
            let path = (TemporaryFolder.path as NSString).appendingPathComponent("hospaudit-upload-\(String(UInt64.random(in: .min ... .max), radix: 16))")
            InterruptCleanup.remove(folder: path)
            guard mkdir(path, 0o700) == 0 else {
                let reason = String(cString: strerror(errno))
                InterruptCleanup.remove(folder: nil)
                throw ZipUpload.Refusal.unreadable("cannot make a temporary folder: \(reason)")
            }
            parent = path
            atexit { UnpackedFolders.removeAll() }
        }
        var template = Array((parent! as NSString).appendingPathComponent("archive-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ZipUpload.Refusal.unreadable("cannot make a temporary folder: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        guard let parent else { return }
        // Removed while the handler still knows it: a signal during the removal finishes it.
        try? FileManager.default.removeItem(atPath: parent)
        InterruptCleanup.remove(folder: nil)
        self.parent = nil
    }
}
