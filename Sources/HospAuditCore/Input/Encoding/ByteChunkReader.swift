#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of raw bytes read in chunks, so a file of any size is never held whole in memory.
public protocol ByteChunkReader: AnyObject {
    /// Replaces `buffer` with the next chunk; an empty buffer means the end of the input.
    func read(into buffer: inout [UInt8]) throws
}

public struct FileReadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads a file with read(2) in fixed chunks; the first bytes may be replayed after sniffing.
public final class FileByteReader: ByteChunkReader {
    public static let defaultChunkSize = 1 << 20

    private let fd: Int32
    private let path: String
    private let chunkSize: Int
    private var pending: [UInt8] = []
    /// Every byte read from the file passes through it, so the file is hashed as it is read.
    public let digest = SHA256()

    /// `followLinks: false` refuses a symbolic link: a bundle's tables are its own files, and a
    /// link in an upload could make another hospital's books, or a file of the system, its own.
    public init(path: String, chunkSize: Int = FileByteReader.defaultChunkSize, followLinks: Bool = true) throws {
        // Non-blocking, so a FIFO planted as a table does not hang the run before it is refused;
        // only regular files are read (a device such as /dev/zero never ends).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            let reason = !followLinks && errno == ELOOP ? "a symbolic link (a bundle's tables are read from its own files only)" : String(cString: strerror(errno))
            throw FileReadError(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FileReadError(path: path, reason: "not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
        self.path = path
        self.chunkSize = chunkSize
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes from the start without losing them for the next `read`.
    public func peek(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            var more: [UInt8] = []
            try readFromFile(into: &more, max: count - pending.count)
            if more.isEmpty { break }
            pending.append(contentsOf: more)
        }
        return Array(pending.prefix(count))
    }

    public func read(into buffer: inout [UInt8]) throws {
        if !pending.isEmpty {
            buffer = pending
            pending = []
            return
        }
        try readFromFile(into: &buffer, max: chunkSize)
    }

    private func readFromFile(into buffer: inout [UInt8], max: Int) throws {
        if buffer.count != max { buffer = [UInt8](repeating: 0, count: max) }
        var filled = 0
        let result: Int = buffer.withUnsafeMutableBytes { raw in
            while filled < max {
                let n = Glibc.read(fd, raw.baseAddress! + filled, max - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                if n == 0 { break }
                filled += n
            }
            return filled
        }
        if result < 0 {
            throw FileReadError(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.removeSubrange(filled...)
        buffer.withUnsafeBytes { digest.update($0) }
    }
}

/// Bytes already in memory (tests, conformance cases, small inputs), served in chunks.
public final class MemoryByteReader: ByteChunkReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    public init(_ bytes: [UInt8], chunkSize: Int = FileByteReader.defaultChunkSize) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public func read(into buffer: inout [UInt8]) throws {
        let end = min(bytes.count, offset + chunkSize)
        buffer = Array(bytes[offset..<end])
        offset = end
    }
}
