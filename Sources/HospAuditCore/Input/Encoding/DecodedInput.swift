/// Drops a byte-order mark so header matching sees the first header's own text.
final class PrefixDroppingReader: ByteChunkReader {
    private let source: ByteChunkReader
    private var toDrop: Int

    init(source: ByteChunkReader, dropping count: Int) {
        self.source = source
        self.toDrop = count
    }

    var sizeHint: Int? { source.sizeHint }

    func read(into buffer: inout [UInt8]) throws {
        try source.read(into: &buffer)
        while toDrop > 0 && !buffer.isEmpty {
            let n = min(toDrop, buffer.count)
            buffer.removeFirst(n)
            toDrop -= n
            if buffer.isEmpty { try source.read(into: &buffer) }
        }
    }
}

/// A file opened as a stream of UTF-8 bytes, whatever it was encoded in.
public struct DecodedInput {
    public let encoding: TextEncoding
    /// True when the encoding was detected rather than given by the user.
    public let detected: Bool
    public let reader: ByteChunkReader
    /// SHA-256 of the file's bytes, complete once the reader has reached the end; nil for bytes
    /// in memory and a file opened without it.
    public var digest: FileDigest? = nil

    public enum OpenError: Error {
        case unreadable(LocalizedText)
        case undetectableEncoding
    }

    /// Opens `path`, detecting the encoding from its first bytes unless one is given.
    public static func open(path: String, encoding forced: TextEncoding? = nil, followLinks: Bool = true, hashed: Bool = true) throws -> DecodedInput {
        let file: FileByteReader
        do {
            file = try FileByteReader(path: path, followLinks: followLinks, hashed: hashed)
        } catch let error as FileReadError {
            throw OpenError.unreadable(error.why)
        }
        let sample = try file.peek(EncodingDetector.sampleSize)
        var input = try wrap(file, sample: sample, isWholeFile: sample.count < EncodingDetector.sampleSize, forced: forced)
        input.digest = file.digest
        return input
    }

    /// The same for bytes in memory; a small `chunkSize` exercises chunk boundaries in tests.
    public static func open(bytes: [UInt8], encoding forced: TextEncoding? = nil,
                            chunkSize: Int = FileByteReader.defaultChunkSize) throws -> DecodedInput {
        let sample = Array(bytes.prefix(EncodingDetector.sampleSize))
        return try wrap(MemoryByteReader(bytes, chunkSize: chunkSize), sample: sample,
                        isWholeFile: sample.count == bytes.count, forced: forced)
    }

    private static func wrap(_ raw: ByteChunkReader, sample: [UInt8], isWholeFile: Bool, forced: TextEncoding?) throws -> DecodedInput {
        var encoding: TextEncoding
        if let forced {
            encoding = forced
            // A BOM still wins over a plain "utf-8" so it never leaks into the first header.
            if forced == .utf8 && sample.starts(with: [0xEF, 0xBB, 0xBF]) { encoding = .utf8BOM }
        } else {
            guard let guess = EncodingDetector.detect(sample, isWholeFile: isWholeFile) else {
                throw OpenError.undetectableEncoding
            }
            encoding = guess
        }
        let bom = encoding.byteOrderMark
        let bomLength = !bom.isEmpty && sample.starts(with: bom) ? bom.count : 0
        let reader: ByteChunkReader
        switch encoding {
        case .utf8: reader = raw
        case .utf8BOM: reader = PrefixDroppingReader(source: raw, dropping: bomLength)
        default: reader = try IconvTranscoder(source: raw, from: encoding, skipping: bomLength)
        }
        return DecodedInput(encoding: encoding, detected: forced == nil, reader: reader)
    }
}
