import CLibCrypto

/// Streaming SHA-256 through OpenSSL, for input files and policies: the findings document
/// names exactly which bytes it was computed from.
public final class SHA256 {
    private let context: OpaquePointer
    private var finished: String?

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard finished == nil, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Lower-case hex; the hash is fixed once asked for.
    public func hexDigest() -> String {
        if let finished { return finished }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        let hex = Self.hex(digits: digest.prefix(Int(length)))
        finished = hex
        return hex
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex from a table: one fingerprint a finding, thousands a run.
    static func hex<Bytes: Collection>(digits bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }
}
