#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TranscodingError: Error, CustomStringConvertible {
    public let description: String
}

/// Streams another reader's bytes through glibc iconv into UTF-8, chunk by chunk.
/// An undecodable byte becomes U+FFFD so the line holding it is reported, not the whole file lost.
public final class IconvTranscoder: ByteChunkReader {
    private let source: ByteChunkReader
    private let converter: iconv_t
    private let unitSize: Int
    private var input: [UInt8] = []
    private var carry: [UInt8] = []
    private var finished = false
    private var skipBOM: Int

    /// The encoded size: the UTF-8 it becomes is of the same order.
    public var sizeHint: Int? { source.sizeHint }

    /// `skipping` is the length of a byte-order mark present at the start, if any.
    public init(source: ByteChunkReader, from encoding: TextEncoding, skipping bomLength: Int = 0) throws {
        guard let name = encoding.iconvName else {
            throw TranscodingError(description: "\(encoding.rawValue) needs no conversion")
        }
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) {
            throw TranscodingError(description: "iconv cannot convert from \(name)")
        }
        self.source = source
        self.converter = cd!
        self.skipBOM = bomLength
        switch encoding {
        case .utf16LE, .utf16BE: unitSize = 2
        case .utf32LE, .utf32BE: unitSize = 4
        default: unitSize = 1
        }
    }

    deinit { iconv_close(converter) }

    public func read(into buffer: inout [UInt8]) throws {
        buffer.removeAll(keepingCapacity: true)
        while buffer.isEmpty && !finished {
            try source.read(into: &input)
            if input.isEmpty {
                finished = true
                if !carry.isEmpty {
                    // A truncated multi-byte sequence at the end of the file.
                    buffer.append(contentsOf: Self.replacement)
                    carry = []
                }
                return
            }
            if skipBOM > 0 {
                let drop = min(skipBOM, input.count)
                input.removeFirst(drop)
                skipBOM -= drop
            }
            if !carry.isEmpty {
                input.insert(contentsOf: carry, at: 0)
                carry = []
            }
            convert(&input, into: &buffer)
        }
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    private func convert(_ input: inout [UInt8], into output: inout [UInt8]) {
        var produced = output.count
        // Chinese text grows by at most half going from GB18030 to UTF-8 (2 bytes → 3).
        output.reserveCapacity(produced + input.count * 2 + 16)
        input.withUnsafeMutableBytes { inRaw in
            var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            while inLeft > 0 {
                let room = inLeft * 2 + 16
                if output.count < produced + room {
                    output.append(contentsOf: repeatElement(0, count: produced + room - output.count))
                }
                var outLeft = output.count - produced
                let rc: Int = output.withUnsafeMutableBytes { outRaw in
                    var outPtr: UnsafeMutablePointer<CChar>? = (outRaw.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    let before = outLeft
                    let rc = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                    produced += before - outLeft
                    return rc
                }
                if rc != -1 { break }
                switch errno {
                case E2BIG:
                    continue
                case EINVAL:
                    // An incomplete sequence at the end of this chunk: keep it for the next.
                    carry = Array(UnsafeRawBufferPointer(start: inPtr, count: inLeft))
                    inLeft = 0
                default:
                    // EILSEQ: mark the bad unit and go on.
                    if output.count < produced + 3 { output.append(contentsOf: [0, 0, 0]) }
                    output[produced] = 0xEF; output[produced + 1] = 0xBF; output[produced + 2] = 0xBD
                    produced += 3
                    let skip = min(unitSize, inLeft)
                    inPtr = inPtr! + skip
                    inLeft -= skip
                }
            }
        }
        output.removeSubrange(produced...)
    }
}
