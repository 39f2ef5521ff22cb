#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of raw bytes read in chunks, so a file of any size is never held whole in memory.
public protocol ByteChunkReader: AnyObject {
    /// Replaces `buffer` with the next chunk; an empty buffer means the end of the input.
    func read(into buffer: inout [UInt8]) throws
    /// About how many bytes the input holds, where that is known before reading it.
    var sizeHint: Int? { get }
}

extension ByteChunkReader {
    public var sizeHint: Int? { nil }
}

public struct FileReadError: Error, CustomStringConvertible {
    public let path: String
    /// Why, in both languages: an auditor reading Chinese messages is not handed the system's
    /// English words.
    public let why: LocalizedText
    public var reason: String { why.en }
    public var description: String { "\(path): \(reason)" }

    init(path: String, why: LocalizedText) {
        self.path = path
        self.why = why
    }

    /// A failed system call's errno, in words.
    init(path: String, errno code: Int32) {
        self.init(path: path, why: Self.words(errno: code))
    }

    /// What stopped a reading, in words: the reason of a file that could not be read, or the
    /// error itself.
    static func words(of error: Error) -> LocalizedText {
        if let error = error as? FileReadError { return error.why }
        return LocalizedText(zh: "\(error)", en: "\(error)")
    }

    static func words(errno code: Int32) -> LocalizedText {
        let en = code == ENOENT ? "no such file" : String(cString: strerror(code))
        let zh: String
        switch code {
        case EACCES, EPERM: zh = "没有读取权限"
        case ENOENT: zh = "文件不存在"
        case EISDIR: zh = "这是文件夹，不是文件"
        case EIO: zh = "磁盘读取出错"
        case ENAMETOOLONG: zh = "路径过长"
        case ELOOP: zh = "符号链接层数过多"
        case EMFILE, ENFILE: zh = "同时打开的文件过多"
        case ENOMEM: zh = "内存不足"
        default: zh = "系统错误：\(en)"
        }
        return LocalizedText(zh: zh, en: en)
    }
}

/// Reads a file with read(2) in fixed chunks; the first bytes may be replayed after sniffing.
public final class FileByteReader: ByteChunkReader {
    public static let defaultChunkSize = 1 << 20

    private let fd: Int32
    private let path: String
    private let chunkSize: Int
    private var pending: [UInt8] = []
    /// Bytes read from the file so far.
    private var offset = 0
    /// Every byte read from the file passes through it, so the file is hashed as it is read.
    public let digest: FileDigest?
    /// The file's size when it was opened.
    public let sizeHint: Int?

    /// `followLinks: false` refuses a symbolic link: a bundle's tables are its own files, and a
    /// link in an upload could make another hospital's books, or a file of the system, its own.
    public init(path: String, chunkSize: Int = FileByteReader.defaultChunkSize, followLinks: Bool = true, hashed: Bool = true) throws {
        // Non-blocking, so a FIFO planted as a table does not hang the run before it is refused;
        // only regular files are read (a device such as /dev/zero never ends).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            if !followLinks && errno == ELOOP {
                throw FileReadError(path: path, why: LocalizedText(
                    zh: "这是符号链接（包中的文件只从包内自己的文件读取）", en: "a symbolic link (a bundle is read from its own files only)"))
            }
            throw FileReadError(path: path, errno: errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FileReadError(path: path, why: LocalizedText(zh: "不是普通文件（文件夹、管道或设备不读取）", en: "not a regular file"))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        sizeHint = Int(info.st_size)
        digest = hashed ? FileDigest() : nil
        self.fd = fd
        self.path = path
        self.chunkSize = chunkSize
    }

    deinit {
        digest?.stop()
        close(fd)
    }

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
        // No more than the file holds, and one byte to see its end: a small table's file in a
        // chunk-sized buffer was a megabyte mapped and unmapped for each (the other threads'
        // processors told each time), the largest cost of a region's batch of small bundles.
        // A file that grew past its size while read is read on in whole chunks.
        let size = sizeHint ?? Int.max
        try readFromFile(into: &buffer, max: offset <= size ? min(chunkSize, size - offset + 1) : chunkSize)
    }

    private func readFromFile(into buffer: inout [UInt8], max: Int) throws {
        var result = 0
        var failure: Int32 = 0
        if buffer.count == max {
            // The last chunk was full: read into its memory again, once it is hashed.
            digest?.awaitIdle()
            result = buffer.withUnsafeMutableBytes { fill($0.baseAddress!, max, failure: &failure) }
            buffer.removeSubrange(Swift.max(0, result)...)
        } else {
            // Not zeroed first: zeroing a chunk for each small table cost a batch of small
            // bundles more than reading them.
            buffer = [UInt8](unsafeUninitializedCapacity: max) { raw, count in
                result = fill(raw.baseAddress!, max, failure: &failure)
                count = Swift.max(0, result)
            }
        }
        if result < 0 {
            throw FileReadError(path: path, errno: failure)
        }
        offset += result
        digest?.add(buffer)
    }

    /// Reads up to `max` bytes to `start`: how many, or -1 on an error (`failure` says which).
    private func fill(_ start: UnsafeMutableRawPointer, _ max: Int, failure: inout Int32) -> Int {
        var filled = 0
        while filled < max {
            let n = Glibc.read(fd, start + filled, max - filled)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return -1
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}

/// Bytes already in memory (tests, conformance cases, small inputs), served in chunks.
public final class MemoryByteReader: ByteChunkReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    public var sizeHint: Int? { bytes.count }

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
