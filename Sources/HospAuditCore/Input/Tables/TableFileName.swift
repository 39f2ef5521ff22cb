import Foundation

/// What a file's name says: which table it holds, and which part of it when the books come in
/// several files (序时账2023.csv, 2024年01月凭证.csv, 序时账_2.csv, 报表2024.csv).
public struct TableFileName: Sendable, Equatable {
    public let table: String
    /// The part's label as the name gives it, each run of separators one space ("2024年01月",
    /// "2", "2024 2"); empty for the file of a table that is not cut into parts.
    public let label: String

    /// Around the table's name, a part label may only hold dates, numbers and the words that
    /// count parts: anything else (记账凭证, 序时账 - 副本) is another file, not a part.
    static let labelCharacters: Set<Character> = Set("0123456789年月日季度上下半全第部分期份至到HhQq一二三四五六七八九十零〇")
    static let separators: Set<Character> = Set(" _-.~()[]（）【】－—　")

    /// Every table's stems, lower-cased, as bytes: names are matched thousands of times in a
    /// region's run, so without Foundation's string search.
    static let stems: [(table: String, stem: String, bytes: [UInt8])] = TableCatalog.all.flatMap { schema in
        schema.fileStems.map { (schema.table, $0.lowercased(), Array($0.lowercased().utf8)) }
    }
    static let exactStems: [String: String] = Dictionary(stems.map { ($0.stem, $0.table) }, uniquingKeysWith: { a, _ in a })

    /// Nil when the name is not that of a table, nor of a part of one.
    public static func parse(_ fileName: String) -> TableFileName? {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        guard ["csv", "tsv", "txt"].contains(ext) else { return nil }
        let stem = PathText.lastComponent(String(fileName[..<dot])).lowercased()
        if let table = exactStems[stem] { return TableFileName(table: table, label: "") }
        let bytes = Array(stem.utf8)
        var best: (table: String, at: Int, count: Int)?
        for candidate in stems where candidate.bytes.count > best?.count ?? 0 {
            if let at = Self.find(candidate.bytes, in: bytes) { best = (candidate.table, at, candidate.bytes.count) }
        }
        guard let best else { return nil }
        var rest = String(decoding: bytes[..<best.at] + bytes[(best.at + best.count)...], as: UTF8.self)
        if find(Array("part".utf8), in: Array(rest.utf8)) != nil { rest = rest.replacingOccurrences(of: "part", with: "") }
        guard rest.allSatisfy({ labelCharacters.contains($0) || separators.contains($0) }) else { return nil }
        let words = rest.split(whereSeparator: { separators.contains($0) })
        return TableFileName(table: best.table, label: words.joined(separator: " "))
    }

    /// Where `needle` first begins in `hay`, as UTF-8 (a match begins on a character: UTF-8
    /// never matches in the middle of one).
    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        outer: for start in 0...(hay.count - needle.count) {
            for k in needle.indices where hay[start + k] != needle[k] { continue outer }
            return start
        }
        return nil
    }

    /// Names in the order they give: numbers by value (序时账_2 before 序时账_10), Chinese
    /// numerals as numbers (一季度 before 二季度), 上半年 before 下半年, the unlabelled file first; a
    /// name that is no table's (one an import mapping places) by its whole stem. Each name's key
    /// is worked out once.
    public static func sorted(_ names: [String]) -> [String] {
        names.map { (key: sortKey(label($0)), name: $0) }
            .sorted { $0.key != $1.key ? $0.key.lexicographicallyPrecedes($1.key) : $0.name < $1.name }
            .map(\.name)
    }

    static func label(_ name: String) -> String {
        if let parsed = parse(name) { return parsed.label }
        let stem = PathText.stem(name).lowercased()
        return stem.split(whereSeparator: { separators.contains($0) }).joined(separator: " ")
    }

    enum KeyPiece: Comparable {
        case number(Int)
        case text(String)
    }

    static let numerals: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                                             "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]

    static func sortKey(_ label: String) -> [KeyPiece] {
        var pieces: [KeyPiece] = []
        var digits = "", text = ""
        func flush() {
            if !digits.isEmpty { pieces.append(.number(Int(digits.prefix(18)) ?? 0)); digits = "" }
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
        }
        // A run of Chinese numerals is one number: 二十四 is 24, 十二 12, 十 10.
        var tens = 0, unit = -1
        func flushNumeral() {
            guard tens > 0 || unit >= 0 else { return }
            pieces.append(.number(tens + max(unit, 0)))
            tens = 0
            unit = -1
        }
        for ch in label {
            if let n = numerals[ch] {
                if !digits.isEmpty || !text.isEmpty { flush() }
                if n == 10 {
                    tens += (unit > 0 ? unit : 1) * 10
                    unit = -1
                } else {
                    if unit >= 0 { flushNumeral() }
                    unit = n
                }
                continue
            }
            flushNumeral()
            if ch == " " {
                flush()
            } else if ch.isASCII, ch.isNumber {
                if !text.isEmpty { flush() }
                digits.append(ch)
            } else {
                if !digits.isEmpty { flush() }
                text.append(ch)
            }
        }
        flushNumeral()
        flush()
        return pieces
    }
}
