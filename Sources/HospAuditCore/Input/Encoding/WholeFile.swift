import Foundation

/// A file read whole: an option's file (`--policy`, `--waivers`, `--mapping`), a manifest of
/// bundles, a shard or findings document. Read like a table (`FileByteReader`: opened without
/// blocking and checked on the descriptor, so a FIFO or a device put in its place is never
/// waited on), only up to a limit, and what is wrong said plainly in both languages.
enum WholeFile {
    /// The bytes of the file; `limit` in bytes, nil for none (a document the tool wrote).
    static func data(_ path: String, limit: Int?, followLinks: Bool = true) throws -> Data {
        let file = try FileByteReader(path: path, followLinks: followLinks, hashed: false)
        let tooLarge = FileReadError(path: path, why: LocalizedText(
            zh: "大于 \((limit ?? 0) >> 20) MB", en: "larger than \((limit ?? 0) >> 20) MB"))
        if let limit, (file.sizeHint ?? 0) > limit { throw tooLarge }
        var data = Data()
        var chunk: [UInt8] = []
        repeat {
            try file.read(into: &chunk)
            data.append(contentsOf: chunk)
            if let limit, data.count > limit { throw tooLarge }
        } while !chunk.isEmpty
        return data
    }

    /// The file as UTF-8 text; a leading byte order mark (Windows editors write one) passed over.
    static func text(_ path: String, limit: Int, followLinks: Bool = true) throws -> String {
        try text(of: data(path, limit: limit, followLinks: followLinks), path: path)
    }

    static func text(of data: Data, path: String) throws -> String {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            throw FileReadError(path: path, why: LocalizedText(zh: "不是 UTF-8 文本", en: "not UTF-8 text"))
        }
        return text
    }

    /// More than any policy or waivers file holds: a path to something else is not read whole.
    static let optionLimit = 16 << 20
}
