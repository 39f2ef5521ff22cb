import Foundation

/// The document's JSON layout, one piece at a time: Foundation's pretty printing (two-space
/// indents, `"key" : value`, sorted keys, slashes unescaped). A piece is encoded on its own and
/// indented to where it sits, so a run of thousands of hospitals never holds its document whole
/// and the bytes are those of encoding it in one go. JSON strings hold no raw newline, so every
/// newline in a piece is layout.
struct PrettyJSON {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as it is written `depth` levels in: each line after the first gets two spaces a
    /// level, but for an empty container's blank line, which Foundation leaves blank.
    func fragment<T: Encodable>(_ value: T, depth: Int) throws -> [UInt8] {
        try encoded(value, depth: depth)
    }

    /// Through Foundation's encoder, whatever the value.
    func encoded<T: Encodable>(_ value: T, depth: Int) throws -> [UInt8] {
        let flat = try encoder.encode(value)
        return flat.withUnsafeBytes { Self.indented($0.bindMemory(to: UInt8.self), depth: depth) }
    }

    /// The records a run has many of, written without the generic encoder, in the same bytes.
    func fragment<T: Encodable & JSONLayoutWritable>(_ value: T, depth: Int) -> [UInt8] {
        var json = JSONLayout(depth: depth)
        value.write(to: &json)
        return json.bytes
    }

    static func indented(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) -> [UInt8] {
        guard depth > 0 else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var newline = false
        for byte in bytes {
            if newline && byte != 0x0A { out.append(contentsOf: repeatElement(0x20, count: 2 * depth)) }
            out.append(byte)
            newline = byte == 0x0A
        }
        return out
    }

    static func indent(_ depth: Int) -> [UInt8] { [UInt8](repeating: 0x20, count: 2 * depth) }
}

/// An array written element by element, as Foundation lays it out: `[`, each element on its
/// own line one level in, `]` back at the array's level; an empty one as `[`, a blank line, `]`.
struct PrettyArray {
    private let sink: ByteSink
    private let depth: Int
    private var count = 0

    /// Opens the array at `depth`, the level of the line it starts on.
    init(_ sink: ByteSink, depth: Int) {
        self.sink = sink
        self.depth = depth
        sink.write(UInt8(ascii: "["))
    }

    /// An element already laid out at `depth + 1`.
    mutating func element(_ fragment: [UInt8]) { element(fragment[...]) }

    mutating func element(_ fragment: ArraySlice<UInt8>) {
        sink.write(count == 0 ? [0x0A] : [0x2C, 0x0A])
        sink.write(PrettyJSON.indent(depth + 1))
        sink.write(fragment)
        count += 1
    }

    func close() {
        sink.write(count == 0 ? [0x0A, 0x0A] : [0x0A])
        sink.write(PrettyJSON.indent(depth))
        sink.write(UInt8(ascii: "]"))
    }
}

/// Bytes on their way to a file descriptor or into memory, in buffers of 64 KiB.
public final class ByteSink {
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16
    private let drain: ([UInt8]) throws -> Void
    private var failure: Error?

    /// `drain` gets each full buffer and the rest at `flush`.
    public init(drain: @escaping ([UInt8]) throws -> Void) {
        self.drain = drain
        buffer.reserveCapacity(capacity)
    }

    public func write(_ bytes: [UInt8]) { write(bytes[...]) }

    func write(_ bytes: ArraySlice<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { drainBuffer() }
    }

    public func write(_ byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= capacity { drainBuffer() }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Sends what is buffered on, and throws the first failure to drain.
    public func flush() throws {
        drainBuffer()
        if let failure { throw failure }
    }

    private func drainBuffer() {
        guard !buffer.isEmpty else { return }
        if failure == nil {
            do { try drain(buffer) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
