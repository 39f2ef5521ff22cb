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

    /// Nil when the name is not that of a table, nor of a part of one.
    public static func parse(_ fileName: String) -> TableFileName? {
        let url = URL(fileURLWithPath: fileName)
        guard ["csv", "tsv", "txt"].contains(url.pathExtension.lowercased()) else { return nil }
        let stem = url.deletingPathExtension().lastPathComponent.lowercased()
        var best: (table: String, stem: String)?
        for schema in TableCatalog.all {
            for candidate in schema.fileStems.map({ $0.lowercased() }) where stem.contains(candidate) {
                if candidate.count > best?.stem.count ?? 0 { best = (schema.table, candidate) }
            }
        }
        guard let best, let range = stem.range(of: best.stem) else { return nil }
        var rest = String(stem[..<range.lowerBound]) + String(stem[range.upperBound...])
        rest = rest.replacingOccurrences(of: "part", with: "")
        guard rest.allSatisfy({ labelCharacters.contains($0) || separators.contains($0) }) else { return nil }
        let words = rest.split(whereSeparator: { separators.contains($0) })
        return TableFileName(table: best.table, label: words.joined(separator: " "))
    }

    /// Parts in the order their names give: numbers by value (序时账_2 before 序时账_10),
    /// Chinese numerals as numbers (一季度 before 二季度), 上半年 before 下半年; the unlabelled
    /// file first.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let ka = sortKey(parse(a)?.label ?? ""), kb = sortKey(parse(b)?.label ?? "")
        if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        return a < b
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
        for ch in label {
            if ch == " " {
                flush()
            } else if ch.isASCII, ch.isNumber {
                if !text.isEmpty { flush() }
                digits.append(ch)
            } else if let n = numerals[ch] {
                flush()
                // 十一, 十二: a ten before a unit adds to it.
                if case .number(let last)? = pieces.last, last == 10, n < 10 {
                    pieces[pieces.count - 1] = .number(10 + n)
                } else {
                    pieces.append(.number(n))
                }
            } else {
                if !digits.isEmpty { flush() }
                text.append(ch)
            }
        }
        flush()
        return pieces
    }
}
