import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a run puts each bundle's findings, errors and inputs, already encoded, as soon as the
/// bundle is done: a night's run over thousands of hospitals keeps only a few figures per
/// hospital in memory, and the document is written from the spool at the end. The file is
/// unlinked as soon as it is made, so no run, however it ends, leaves one behind.
public final class BundleSpool: @unchecked Sendable {
    struct Extent: Sendable {
        let offset: Int
        let count: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        case cannotSpool(String)
        public var description: String {
            switch self { case .cannotSpool(let reason): return "cannot keep the run's results in a temporary file: \(reason)" }
        }
    }

    private let lock = NSLock()
    /// In memory, the pieces as they were given, each with its offset: copying them into one
    /// buffer cost a large bundle's findings a copy and a page fault a page.
    private var pieces: [[UInt8]]?
    private var starts: [Int] = []
    private let fd: Int32
    private var end = 0

    /// In memory for a run of one or a few bundles, in a temporary file otherwise.
    init(inMemory: Bool) throws {
        if inMemory {
            pieces = []
            fd = -1
            return
        }
        var template = Array((TemporaryFolder.path as NSString).appendingPathComponent("hospaudit-spool-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else { throw Failure.cannotSpool(String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        fd = made
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Pieces written one after the other, under one lock, so they stay together; where each went.
    func append(_ pieces: [[UInt8]]) throws -> [Extent] {
        lock.lock()
        defer { lock.unlock() }
        return try pieces.map { try write($0) }
    }

    func append(_ bytes: [UInt8]) throws -> Extent {
        lock.lock()
        defer { lock.unlock() }
        return try write(bytes)
    }

    private func write(_ bytes: [UInt8]) throws -> Extent {
        let extent = Extent(offset: end, count: bytes.count)
        if pieces != nil {
            pieces!.append(bytes)
            starts.append(end)
        } else {
            var written = 0
            try bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let n = pwrite(fd, buffer.baseAddress! + written, buffer.count - written, off_t(end + written))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw Failure.cannotSpool(String(cString: strerror(errno)))
                    }
                    written += n
                }
            }
        }
        end += bytes.count
        return extent
    }

    /// In memory, a view of the piece written: a large bundle's findings are not copied again.
    func read(_ extent: Extent) throws -> ArraySlice<UInt8> {
        lock.lock()
        defer { lock.unlock() }
        if let pieces {
            // The last piece starting at or before the extent; what is read is always one piece
            // or part of one (a bundle's sections are written as pieces of their own).
            var low = 0, high = starts.count
            while high - low > 1 {
                let mid = (low + high) / 2
                if starts[mid] <= extent.offset { low = mid } else { high = mid }
            }
            guard extent.count > 0 else { return [] }
            let from = extent.offset - starts[low]
            precondition(from >= 0 && from + extent.count <= pieces[low].count, "a spool read across pieces")
            return pieces[low][from ..< from + extent.count]
        }
        var bytes = [UInt8](repeating: 0, count: extent.count)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < buffer.count {
                let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(extent.offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure.cannotSpool(n < 0 ? String(cString: strerror(errno)) : "the file is shorter than written") }
                done += n
            }
        }
        return bytes[...]
    }
}

/// A spool record: fields one after another, each a length and its bytes.
struct SpoolRecord {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ bytes: Int) { self.bytes.reserveCapacity(bytes) }

    mutating func add(_ field: [UInt8]) {
        addLength(field.count)
        bytes.append(contentsOf: field)
    }

    mutating func add(_ text: String?) {
        guard let text else { return addLength(Int(UInt32.max)) }
        add(Array(text.utf8))
    }

    mutating func add(_ number: Int) { add(String(number)) }

    private mutating func addLength(_ n: Int) {
        let value = UInt32(n)
        bytes.append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
    }
}

/// Reads a spool record's fields back in the order they were added.
struct SpoolReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func field() -> ArraySlice<UInt8>? {
        let n = Int(bytes[position]) | Int(bytes[position + 1]) << 8 | Int(bytes[position + 2]) << 16 | Int(bytes[position + 3]) << 24
        position += 4
        guard n != Int(UInt32.max) else { return nil }
        defer { position += n }
        return bytes[position ..< position + n]
    }

    mutating func bytesField() -> [UInt8] { field().map(Array.init) ?? [] }
    mutating func sliceField() -> ArraySlice<UInt8> { field() ?? [] }
    mutating func text() -> String? { field().map { String(decoding: $0, as: UTF8.self) } }
    mutating func number() -> Int { text().flatMap { Int($0) } ?? 0 }
}
