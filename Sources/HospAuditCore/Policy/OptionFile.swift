import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text of a file an option names (`--policy`, `--waivers`): a regular file of UTF-8 text.
/// Opened without blocking and checked on the open descriptor, so a FIFO or a device put in
/// its place is never waited on, and what is wrong is said plainly.
enum OptionFile {
    /// More than any policy or waivers file holds: a path to something else is not read whole.
    static let limit = 16 << 20

    /// Why the file cannot be read, for a message after its name.
    struct Unreadable: Error {
        let reason: String
    }

    static func text(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw Unreadable(reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Unreadable(reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Unreadable(reason: "not a regular file (a folder, FIFO or device is not read)")
        }
        guard info.st_size <= limit else { throw Unreadable(reason: "larger than \(limit >> 20) MB") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Unreadable(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes += chunk[..<n]
            guard bytes.count <= limit else { throw Unreadable(reason: "larger than \(limit >> 20) MB") }
        }
        // Windows editors begin UTF-8 with a byte order mark.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw Unreadable(reason: "not UTF-8 text") }
        return text
    }
}
