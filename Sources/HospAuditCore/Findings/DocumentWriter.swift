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

    /// `-` is standard output.
    public static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
        if path == "-" { return try writeStandardOutput(data) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.noFolder(path)
        }
        // The folder is opened once: the check, the temporary file and the rename all happen in
        // that folder, even if its path is changed to point elsewhere meanwhile. A folder reached
        // through a symbolic link (a configured /srv/audit/reports) is followed; the file is not.
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw Failure.cannotWrite(path, reason: String(cString: strerror(errno))) }
        defer { close(dir) }
        let name = url.lastPathComponent
        var info = stat()
        if fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK { throw Failure.symbolicLink(path) }
            if (info.st_mode & S_IFMT) != S_IFREG { throw Failure.notARegularFile(path) }
            // The same file (device and inode) as one the run read, whatever path named it.
            for input in inputs {
                var read = stat()
                if stat(input, &read) == 0 && read.st_dev == info.st_dev && read.st_ino == info.st_ino { throw Failure.input(path) }
            }
        }
        let temporaryName = ".\(name).\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp"
        let temporary = (folder as NSString).appendingPathComponent(temporaryName)
        // Armed before the file exists, so an interrupt at any point leaves nothing behind.
        InterruptCleanup.remove(temporary)
        defer { InterruptCleanup.remove(nil) }
        let fd = openat(dir, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.cannotWrite(path, reason: String(cString: strerror(errno))) }
        do {
            try writeAll(data, to: fd)
            guard fsync(fd) == 0 || errno == EINVAL else { throw SystemError(code: errno) }
        } catch {
            close(fd)
            unlinkat(dir, temporaryName, 0)
            throw Failure.cannotWrite(path, reason: describe(error))
        }
        close(fd)
        if renameat(dir, temporaryName, dir, name) != 0 {
            let reason = String(cString: strerror(errno))
            unlinkat(dir, temporaryName, 0)
            throw Failure.cannotWrite(path, reason: reason)
        }
    }

    public static func writeStandardOutput(_ data: Data) throws {
        do {
            try writeAll(data, to: STDOUT_FILENO)
        } catch {
            throw Failure.cannotWrite("standard output", reason: describe(error))
        }
    }

    /// For messages to a person: a stderr that cannot be written to is no reason to fail.
    public static func writeStandardError(_ text: String) {
        try? writeAll(Data(text.utf8), to: STDERR_FILENO)
    }

    private static func writeAll(_ data: Data, to fd: Int32) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
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
    }

    private static func describe(_ error: Error) -> String {
        if let error = error as? SystemError { return String(cString: strerror(error.code)) }
        return "\(error)"
    }
}

/// A failed system call's errno.
private struct SystemError: Error {
    let code: Int32
}

/// The temporary file being written, removed by SIGINT, SIGTERM or SIGHUP before the process
/// exits. The handler only reads a fixed buffer and calls unlink and _exit, which is what a
/// signal handler may do; the buffer is filled with those signals blocked. A signal the process
/// was told to ignore (SIGHUP under nohup) stays ignored.
enum InterruptCleanup {
    private static let capacity = Int(PATH_MAX) + 1
    private nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()
    private nonisolated(unsafe) static var installed = false

    private static func install() {
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(sig) { sig in
                if InterruptCleanup.buffer[0] != 0 { unlink(InterruptCleanup.buffer) }
                _exit(128 + sig)
            }
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
    }

    /// The file to remove if the run is interrupted, or nil once it is in place.
    static func remove(_ path: String?) {
        if !installed { install() }
        var all = sigset_t(), old = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let bytes = Array((path ?? "").utf8.prefix(capacity - 1))
        for (i, byte) in bytes.enumerated() { buffer[i] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
    }
}
