/// The line numbers of a table read from several files. A line keeps its part's index in the
/// high bits, so everything that keeps a line number (an accumulator's evidence, a row) keeps
/// its file too, lines sort in reading order, and the first file's numbers are unchanged.
public enum PartLine {
    static let shift = 32
    static let mask = (1 << shift) - 1

    public static func join(part: Int, line: Int) -> Int { part << shift | (line & mask) }

    public static func split(_ line: Int) -> (part: Int, line: Int) { (line >> shift, line & mask) }
}

/// The files of each table of a bundle, by the name of its first file: what evidence is
/// labelled with until it is placed.
public struct TableParts: Sendable {
    public let byFirstFile: [String: [String]]

    public init(_ parts: [String: [String]]) {
        var byFirst: [String: [String]] = [:]
        for files in parts.values where files.count > 1 { byFirst[files[0]] = files }
        byFirstFile = byFirst
    }

    public var isEmpty: Bool { byFirstFile.isEmpty }
}
