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
///
/// GB18030's ASCII and two-byte characters (all of GBK: nearly every byte of a Chinese export)
/// are looked up in a table iconv itself filled (`GB18030Pairs`); from any other byte to the end
/// of its line, iconv converts as before. iconv alone made GB18030 a third slower than UTF-8.
public final class IconvTranscoder: ByteChunkReader {
    private let source: ByteChunkReader
    private let converter: iconv_t
    private let unitSize: Int
    private let pairs: GB18030Pairs?
    private var input: [UInt8] = []
    private var carry: [UInt8] = []
    private var finished = false
    private var skipBOM: Int

    /// The encoded size: the UTF-8 it becomes is of the same order.
    public var sizeHint: Int? { source.sizeHint }

    /// `skipping` is the length of a byte-order mark present at the start, if any.
    /// `byTable: false` converts everything through iconv (tests compare the two).
    public init(source: ByteChunkReader, from encoding: TextEncoding, skipping bomLength: Int = 0, byTable: Bool = true) throws {
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
        pairs = encoding == .gb18030 && byTable ? GB18030Pairs.shared : nil
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
            convert(input, into: &buffer)
        }
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// With the GB18030 table, ASCII and pairs are written straight out, and any other byte
    /// starts a stretch, to the end of its line, that iconv converts: LF and CR are single bytes
    /// in GB18030 and never part of another character, so iconv sees each stretch as it would
    /// have seen it in the whole chunk. Without the table the whole chunk is one stretch.
    private func convert(_ input: [UInt8], into output: inout [UInt8]) {
        var produced = output.count
        let count = input.count
        // Read only (iconv takes its input through a mutable pointer but never writes it): the
        // chunk may still be shared with the thread hashing the file, and asking for it
        // mutably would copy it.
        input.withUnsafeBytes { readOnly in
            let inRaw = UnsafeMutableRawBufferPointer(mutating: readOnly)
            guard let from = inRaw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var i = 0
            while i < count {
                if let pairs {
                    // Room for the worst case of what is left (iconv's own `inLeft * 2 + 16`).
                    if output.count < produced + (count - i) * 2 + 16 {
                        output.append(contentsOf: repeatElement(0, count: produced + (count - i) * 2 + 16 - output.count))
                    }
                    produced = output.withUnsafeMutableBufferPointer { out in
                        pairs.decode(from, count: count, at: &i, into: out.baseAddress!, at: produced)
                    }
                    guard i < count else { break }
                }
                var end = pairs == nil ? count : i + 1
                while end < count && from[end - 1] != 0x0A && from[end - 1] != 0x0D { end += 1 }
                convert(UnsafeMutableRawBufferPointer(rebasing: inRaw[i..<end]), isEnd: end == count, into: &output, produced: &produced)
                i = end
            }
        }
        output.removeSubrange(produced...)
    }

    /// iconv over `inRaw`; an incomplete sequence at its end is carried to the next chunk when
    /// it is the chunk's end, and marked as undecodable otherwise.
    private func convert(_ inRaw: UnsafeMutableRawBufferPointer, isEnd: Bool, into output: inout [UInt8], produced: inout Int) {
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
            case EINVAL where isEnd:
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
}

/// What iconv makes of every two-byte GB18030 character (lead 81–FE, trail 40–7E or 80–FE), as
/// up to three UTF-8 bytes and their count; zero where iconv does not decode the pair alone.
final class GB18030Pairs: @unchecked Sendable {
    static let shared = GB18030Pairs()
    /// Filled once, in `init`; only read after.
    private let table: UnsafeMutablePointer<UInt32>

    private init() {
        table = .allocate(capacity: 128 * 256)
        table.initialize(repeating: 0, count: 128 * 256)
        guard let cd = iconv_open("UTF-8", "GB18030"), cd != iconv_t(bitPattern: -1) else { return }
        defer { iconv_close(cd) }
        var pair: [UInt8] = [0, 0]
        var utf8: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        for lead in 0x81 ... 0xFE {
            for trail in 0x40 ... 0xFE where trail != 0x7F {
                pair[0] = UInt8(lead)
                pair[1] = UInt8(trail)
                let made: Int = pair.withUnsafeMutableBytes { inRaw in
                    utf8.withUnsafeMutableBytes { outRaw in
                        var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                        var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                        var inLeft = 2, outLeft = 8
                        guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return 0 }
                        return 8 - outLeft
                    }
                }
                // Reset after a failure, so the next pair starts clean.
                if made == 0 { _ = iconv(cd, nil, nil, nil, nil) }
                guard (1 ... 3).contains(made) else { continue }
                var packed = UInt32(made) << 24
                for k in 0 ..< made { packed |= UInt32(utf8[k]) << (8 * UInt32(k)) }
                table[(lead - 0x80) << 8 | trail] = packed
            }
        }
    }

    deinit { table.deallocate() }

    /// Decodes ASCII and table pairs from `i` on, writing at `produced`; stops at the first byte
    /// it cannot decode alone (or at the end) and returns where the output ends.
    @inline(__always)
    func decode(_ from: UnsafePointer<UInt8>, count: Int, at i: inout Int, into out: UnsafeMutablePointer<UInt8>, at produced: Int) -> Int {
        var o = produced
        var k = i
        while k < count {
            let b = from[k]
            if b < 0x80 {
                out[o] = b
                o += 1
                k += 1
                continue
            }
            guard k + 1 < count, b != 0x80, b != 0xFF else { break }
            let packed = table[Int(b - 0x80) << 8 | Int(from[k + 1])]
            guard packed != 0 else { break }
            out[o] = UInt8(truncatingIfNeeded: packed)
            out[o + 1] = UInt8(truncatingIfNeeded: packed >> 8)
            out[o + 2] = UInt8(truncatingIfNeeded: packed >> 16)
            o += Int(packed >> 24)
            k += 2
        }
        i = k
        return o
    }
}
