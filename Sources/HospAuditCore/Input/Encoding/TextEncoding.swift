import Foundation

/// The encodings hospital exports come in. GBK files are read as GB18030, its superset.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case utf32LE = "utf-32le"
    case utf32BE = "utf-32be"
    case gb18030 = "gb18030"

    /// Parses a user's `--encoding` value; accepts the usual spellings.
    public init?(userName: String) {
        let key = userName.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig", "utf8bom": self = .utf8BOM
        case "utf-16le", "utf16le", "utf-16", "utf16", "unicode": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "utf-32le", "utf32le": self = .utf32LE
        case "utf-32be", "utf32be": self = .utf32BE
        case "gb18030", "gbk", "gb2312", "cp936", "ansi": self = .gb18030
        default: return nil
        }
    }

    /// The name glibc iconv knows, or nil when bytes are already UTF-8.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: return nil
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .utf32LE: return "UTF-32LE"
        case .utf32BE: return "UTF-32BE"
        case .gb18030: return "GB18030"
        }
    }

    /// The byte-order mark files in this encoding may start with.
    var byteOrderMark: [UInt8] {
        switch self {
        case .utf8, .gb18030: return []
        case .utf8BOM: return [0xEF, 0xBB, 0xBF]
        case .utf16LE: return [0xFF, 0xFE]
        case .utf16BE: return [0xFE, 0xFF]
        case .utf32LE: return [0xFF, 0xFE, 0x00, 0x00]
        case .utf32BE: return [0x00, 0x00, 0xFE, 0xFF]
        }
    }
}

/// Guesses the encoding of an export from its first bytes: a BOM decides; otherwise
/// text that is valid UTF-8 is UTF-8 and anything else that is valid GB18030 is GB18030.
public enum EncodingDetector {
    public static let sampleSize = 64 * 1024

    public static func detect(_ sample: [UInt8], isWholeFile: Bool) -> TextEncoding? {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if sample.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .utf32LE }
        if sample.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .utf32BE }
        if sample.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if sample.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        // Most exports are well-formed UTF-8, which the segment check tells 32 bytes at a step
        // (a region's batch detects thousands of small files); anything else is counted.
        if TextCheck.isDecodedText(sample) { return .utf8 }
        let utf8 = utf8Sequences(sample, allowTruncatedTail: !isWholeFile)
        if utf8.invalid == 0 { return .utf8 }
        if isValidGB18030(sample, allowTruncatedTail: !isWholeFile) { return .gb18030 }
        // Mostly UTF-8 with a few stray bytes (a GBK name pasted into a UTF-8 export): read it
        // as UTF-8 and let the lines holding the bad bytes be reported, not the whole file.
        if utf8.valid >= 20 && utf8.invalid * 100 <= utf8.valid { return .utf8 }
        return nil
    }

    /// Counts well-formed multi-byte sequences and bytes that start none.
    static func utf8Sequences(_ bytes: [UInt8], allowTruncatedTail: Bool) -> (valid: Int, invalid: Int) {
        var i = 0
        let n = bytes.count
        var valid = 0
        var invalid = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default:
                invalid += 1
                i += 1
                continue
            }
            if i + length > n {
                if !allowTruncatedTail { invalid += 1 }
                break
            }
            if (1..<length).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    static func isValidGB18030(_ bytes: [UInt8], allowTruncatedTail: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(b) else { return false }
            guard i + 1 < n else { return allowTruncatedTail }
            let b2 = bytes[i + 1]
            if (0x40...0x7E).contains(b2) || (0x80...0xFE).contains(b2) {
                i += 2
            } else if (0x30...0x39).contains(b2) {
                guard i + 3 < n else { return allowTruncatedTail }
                guard (0x81...0xFE).contains(bytes[i + 2]), (0x30...0x39).contains(bytes[i + 3]) else { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
