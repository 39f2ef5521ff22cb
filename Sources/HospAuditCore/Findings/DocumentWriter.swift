import CFileSync
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a document where a run is told to, and nowhere else. A run may be root from cron:
/// it writes to standard output, a new file or an existing regular file, never through a
/// symbolic link, over a device, a FIFO or a folder, or over a file the run read. The file is
/// written under a random name in its folder, created exclusively, and renamed into place, so a
/// reader never sees half a document and a planted link cannot redirect it; the temporary file
/// is removed if the run is interrupted.
public enum DocumentWriter {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noFolder(String)
        case notARegularFile(String)
        case symbolicLink(String)
        case input(String)
        case cannotWrite(String, reason: String)

        public var description: String {
            switch self {
            case .noFolder(let path): return "cannot write \(path): its folder does not exist"
            case .notARegularFile(let path): return "refusing to write \(path): it is not a regular file"
            case .symbolicLink(let path): return "refusing to write \(path): it is a symbolic link"
            case .input(let path): return "refusing to write \(path): the run reads it"
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Refuses, before a run starts, an output that is one of the files the run reads
    /// (`forEachInput` names them one at a time), whatever path names it.
    public static func refuseOverwriting(_ path: String, forEachInput: ((String) throws -> Void) throws -> Void) throws {
        guard path != "-" else { return }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        try forEachInput { input in
            var read = stat()
            if stat(input, &read) == 0 && read.st_dev == info.st_dev && read.st_ino == info.st_ino { throw Failure.input(path) }
        }
    }

    /// Refuses, before a run starts, an output it would refuse once the run is done: a path
    /// whose folder does not exist or cannot be written, a symbolic link, or anything but a
    /// regular file. A province's run learns of a mistyped `-o` at once, not hours later; the
    /// write checks again.
    public static func refuseUnwritable(_ path: String) throws {
        guard path != "-" else { return }
        let folder = try existingFolder(of: path)
        // The effective ids, as the write will have them; creating a file needs the folder
        // searchable as well as writable.
        if faccessat(AT_FDCWD, folder, W_OK | X_OK, AT_EACCESS) != 0 {
            throw Failure.cannotWrite(path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if let refusal = refusal(of: info, path: path) { throw refusal }
        // In a sticky folder (/tmp, a shared reports folder) only the file's owner, the
        // folder's or root may replace a file: the rename at the end would be refused.
        var folderInfo = stat()
        let me = geteuid()
        if stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_ISVTX != 0, me != 0, info.st_uid != me, folderInfo.st_uid != me {
            throw Failure.cannotWrite(path, reason: String(cString: strerror(EPERM)))
        }
    }

    private static func existingFolder(of path: String) throws -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.noFolder(path)
        }
        return folder
    }

    /// Why an existing file at the output's path is not replaced, if it is not.
    fileprivate static func refusal(of info: stat, path: String) -> Failure? {
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .symbolicLink(path)
        case S_IFREG: return nil
        default: return .notARegularFile(path)
        }
    }

    /// `-` is standard output.
    public static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
        try stream(to: path, inputs: inputs) { sink in
            sink.write(Array(data))
            try sink.flush()
        }
    }

    /// A document written by `body` a piece at a time, into place only once `body` has
    /// flushed it whole. On standard output the pieces go out as they come.
    public static func stream(to path: String, inputs: [String] = [], _ body: (ByteSink) throws -> Void) throws {
        if path == "-" {
            let sink = ByteSink { bytes in try bytes.withUnsafeBytes { try writeStandardOutput($0) } }
            return try body(sink)
        }
        try pending(path, inputs: inputs) { try body($0.sink) }
    }

    /// A file that a library writes by name (libxlsxwriter): made under the temporary name an
    /// interrupt removes, then moved into place like any document.
    public static func writeFile(to path: String, inputs: [String] = [], _ make: (String) throws -> Void) throws {
        try pending(path, inputs: inputs) { try make($0.temporaryPath) }
    }

    /// `fill` writes the pending document; it is moved into place if that succeeds, removed if not.
    private static func pending(_ path: String, inputs: [String], _ fill: (PendingDocument) throws -> Void) throws {
        let pending = try PendingDocument(path: path, inputs: inputs)
        do {
            try fill(pending)
        } catch {
            pending.abandon()
            throw Failure.cannotWrite(path, reason: describe(error))
        }
        try pending.commit()
    }

    /// A document on its way to a file: written under a random name in the file's folder,
    /// renamed into place by `commit`, removed by `abandon` or by an interrupt.
    public final class PendingDocument: @unchecked Sendable {
        private let path: String
        private var dir: Int32
        private let name: String
        private let temporaryName: String
        /// Where it is written until `commit`.
        public let temporaryPath: String
        private var fd: Int32
        public private(set) var sink: ByteSink!

        public init(path: String, inputs: [String] = []) throws {
            self.path = path
            let url = URL(fileURLWithPath: path)
            let folder = try DocumentWriter.existingFolder(of: path)
            // The folder is opened once: the check, the temporary file and the rename all happen in
            // that folder, even if its path is changed to point elsewhere meanwhile. A folder reached
            // through a symbolic link (a configured /srv/audit/reports) is followed; the file is not.
            dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard dir >= 0 else { throw Failure.cannotWrite(path, reason: String(cString: strerror(errno))) }
            name = url.lastPathComponent
            temporaryName = ".\(name).\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp"
            temporaryPath = (folder as NSString).appendingPathComponent(temporaryName)
            fd = -1
            var info = stat()
            let replaces = fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0
            if replaces {
                var refusal = DocumentWriter.refusal(of: info, path: path)
                // The same file (device and inode) as one the run read, whatever path named it.
                for input in inputs where refusal == nil {
                    var read = stat()
                    if stat(input, &read) == 0 && read.st_dev == info.st_dev && read.st_ino == info.st_ino { refusal = .input(path) }
                }
                if let refusal {
                    close(dir)
                    throw refusal
                }
            }
            // Armed before the file exists, so an interrupt at any point leaves nothing behind.
            InterruptCleanup.remove(temporaryPath)
            fd = openat(dir, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                InterruptCleanup.remove(nil)
                close(dir)
                throw Failure.cannotWrite(path, reason: reason)
            }
            if replaces {
                // The document takes the place of the file it replaces as writing into it would
                // have: its permissions (a report kept from other users stays so) and, where the
                // run may give them, its owner and group (only root gives the owner). A run that
                // may not give the file's group (not root, not a member) leaves its own group
                // only what everybody may: the file's group's permissions are not handed to
                // another group, and the run's group is not locked out of what others can read.
                var mode = info.st_mode & 0o777
                if fchown(fd, info.st_uid, info.st_gid) != 0 && fchown(fd, ~0, info.st_gid) != 0 {
                    mode = mode & ~0o070 | (mode & 0o007) << 3
                }
                _ = fchmod(fd, mode)
            }
            let fd = self.fd
            var writeback = DocumentWriteback { offset, length in _ = hospaudit_start_writeback(fd, Int64(offset), Int64(length)) }
            sink = ByteSink { bytes in
                try bytes.withUnsafeBytes { try DocumentWriter.writeAll($0, to: fd) }
                writeback.wrote(bytes.count)
            }
        }

        /// Flushes, syncs and renames the document into place.
        public func commit() throws {
            do {
                try sink.flush()
                guard fsync(fd) == 0 || errno == EINVAL else { throw SystemError(code: errno) }
            } catch {
                abandon()
                throw Failure.cannotWrite(path, reason: DocumentWriter.describe(error))
            }
            close(fd)
            fd = -1
            defer { finish() }
            if renameat(dir, temporaryName, dir, name) != 0 {
                let reason = String(cString: strerror(errno))
                unlinkat(dir, temporaryName, 0)
                throw Failure.cannotWrite(path, reason: reason)
            }
        }

        /// Removes what was written.
        public func abandon() {
            guard dir >= 0 else { return }
            if fd >= 0 { close(fd) }
            fd = -1
            unlinkat(dir, temporaryName, 0)
            finish()
        }

        private func finish() {
            InterruptCleanup.remove(nil)
            close(dir)
            dir = -1
        }

        deinit { abandon() }
    }

    public static func writeStandardOutput(_ data: Data) throws {
        try data.withUnsafeBytes { try writeStandardOutput($0) }
    }

    static func writeStandardOutput(_ buffer: UnsafeRawBufferPointer) throws {
        do {
            try writeAll(buffer, to: STDOUT_FILENO)
        } catch {
            throw Failure.cannotWrite("standard output", reason: describe(error))
        }
    }

    /// For messages to a person: a stderr that cannot be written to is no reason to fail.
    public static func writeStandardError(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { try? writeAll($0, to: STDERR_FILENO) }
    }

    /// The bytes where they are: the document's buffers go out without a copy into a `Data`.
    fileprivate static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) throws {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError(code: errno)
            }
            offset += n
        }
    }

    fileprivate static func describe(_ error: Error) -> String {
        if let error = error as? SystemError { return String(cString: strerror(error.code)) }
        return "\(error)"
    }
}

/// A failed system call's errno.
private struct SystemError: Error {
    let code: Int32
}

/// Sends a large document on to the disk a MiB at a time as it is written: the fsync before
/// the rename then waits for its last part only (a 6 MB document's fsync took 4–5 ms on the
/// machine measured, about 1 ms so). `start` is given each range written since the last, in
/// order, once it is a MiB or more.
struct DocumentWriteback {
    static let step = 1 << 20
    private var written = 0
    private var started = 0
    private let start: (_ offset: Int, _ length: Int) -> Void

    init(start: @escaping (_ offset: Int, _ length: Int) -> Void) { self.start = start }

    mutating func wrote(_ count: Int) {
        written += count
        guard written - started >= Self.step else { return }
        start(started, written - started)
        started = written
    }
}
