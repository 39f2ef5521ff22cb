/// The text of a file an option names (`--policy`, `--waivers`): a regular file of UTF-8 text,
/// read like a table (`FileByteReader`: opened without blocking and checked on the descriptor,
/// so a FIFO or a device put in its place is never waited on), and what is wrong said plainly.
enum OptionFile {
    /// More than any policy or waivers file holds: a path to something else is not read whole.
    static let limit = 16 << 20

    /// Why the file cannot be read, for a message after its name.
    struct Unreadable: Error {
        let reason: String
    }

    static func text(_ path: String) throws -> String {
        let file: FileByteReader
        do {
            file = try FileByteReader(path: path, hashed: false)
        } catch let error as FileReadError {
            throw Unreadable(reason: error.reason)
        }
        let tooLarge = Unreadable(reason: "larger than \(limit >> 20) MB")
        guard (file.sizeHint ?? 0) <= limit else { throw tooLarge }
        var bytes: [UInt8] = []
        var chunk: [UInt8] = []
        repeat {
            do { try file.read(into: &chunk) } catch let error as FileReadError { throw Unreadable(reason: error.reason) }
            bytes += chunk
            guard bytes.count <= limit else { throw tooLarge }
        } while !chunk.isEmpty
        // Windows editors begin UTF-8 with a byte order mark.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw Unreadable(reason: "not UTF-8 text") }
        return text
    }
}
