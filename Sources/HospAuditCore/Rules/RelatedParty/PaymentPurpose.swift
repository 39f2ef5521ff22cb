/// What a payment's summary says it is for, with the marks that tell one instalment from
/// another taken out, and the references (contract, invoice numbers) it cites.
///
/// Both are worked out once per distinct summary, and a ledger's payment summaries are mostly
/// distinct (支付北京康宁医疗器械有限公司3月耗材款): splitting a String into Characters cost tens of
/// thousands of instructions a summary. A summary whose every character is one Unicode scalar no
/// normalisation or grapheme rule joins to another (`ByteText.isOwnNormalForm`: ASCII, Chinese,
/// CJK and full-width punctuation, Latin-1) is read scalar by scalar, which gives the same
/// result: each of its scalars is a Character of its own (CR LF aside, which both ways drop).
/// Any other summary is read by Characters.
enum PaymentPurpose {
    private static let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "两",
                                                   "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾"]
    private static let opening: Set<Character> = ["(", "（", "[", "【", "〔", "<", "《"]
    private static let closing: Set<Character> = [")", "）", "]", "】", "〕", ">", "》"]
    private static let instalmentWords: Set<Character> = ["笔", "批", "期", "次", "部", "号"]
    private static let dateWords: Set<Character> = ["年", "月", "日", "号"]

    private static let scalarNumerals = Set(numerals.map { $0.unicodeScalars.first! })
    private static let scalarOpening = Set(opening.map { $0.unicodeScalars.first! })
    private static let scalarClosing = Set(closing.map { $0.unicodeScalars.first! })
    private static let scalarInstalmentWords = Set(instalmentWords.map { $0.unicodeScalars.first! })
    private static let scalarDateWords = Set(dateWords.map { $0.unicodeScalars.first! })

    /// 门诊楼维修（一） and 门诊楼维修（二） → 门诊楼维修; 9月电费 and 10月电费 → 电费; 第2批耗材款 → 耗材款.
    static func key(_ summary: String) -> String {
        isSimple(summary) ? scalarKey(summary) : characterKey(summary)
    }

    /// Runs of ASCII letters and digits that look like a contract or invoice number: five or
    /// more characters with a letter and a digit (HT2024-018), or eight or more digits.
    static func references(_ summary: String) -> [String] {
        isSimple(summary) ? byteReferences(summary) : characterReferences(summary)
    }

    static func isSimple(_ summary: String) -> Bool { ByteText.isOwnNormalForm(summary) }

    // MARK: Scalar by scalar

    private static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("０"..."９").contains(c)
    }

    private static func isCount(_ c: Unicode.Scalar) -> Bool { isDigit(c) || scalarNumerals.contains(c) }

    /// What `Character.isPunctuation`, `isWhitespace` and `isSymbol` say of a Character that is
    /// this one scalar.
    private static func isDropped(_ c: Unicode.Scalar) -> Bool {
        let properties = c.properties
        if properties.isWhitespace { return true }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func scalarKey(_ summary: String) -> String {
        let chars = Array(summary.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if scalarOpening.contains(c) {
                var j = i + 1
                while j < chars.count && isCount(chars[j]) { j += 1 }
                if j > i + 1 && j < chars.count && scalarClosing.contains(chars[j]) { i = j + 1; continue }
            }
            if c == "第" {
                var j = i + 1
                while j < chars.count && isCount(chars[j]) { j += 1 }
                if j > i + 1 && j < chars.count && scalarInstalmentWords.contains(chars[j]) { i = j + 1; continue }
            }
            if isDigit(c) {
                var j = i + 1
                while j < chars.count && (isDigit(chars[j]) || chars[j] == "." || chars[j] == "-" || chars[j] == "/") { j += 1 }
                if j < chars.count && scalarDateWords.contains(chars[j]) { j += 1 }
                i = j
                continue
            }
            if !isDropped(c) { out.append(c) }
            i += 1
        }
        return String(out)
    }

    /// Tokens are runs of ASCII letters, digits and hyphens: any other byte, a non-ASCII one
    /// included, ends one.
    static func byteReferences(_ summary: String) -> [String] {
        var found: [String] = []
        let bytes = Array(summary.utf8)
        var start = 0
        func token(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b && bytes[a] == UInt8(ascii: "-") { a += 1 }
            while b > a && bytes[b - 1] == UInt8(ascii: "-") { b -= 1 }
            var digits = 0, letters = 0, hyphen = false
            for c in bytes[a..<b] {
                if c >= 0x30 && c <= 0x39 { digits += 1 } else if c == UInt8(ascii: "-") { hyphen = true } else { letters += 1 }
            }
            if (b - a >= 5 && digits > 0 && letters > 0) || (letters == 0 && digits >= 8 && !hyphen) {
                found.append(String(decoding: bytes[a..<b].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self))
            }
        }
        for (i, c) in bytes.enumerated() {
            let inToken = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "-")
            if !inToken {
                if i > start { token(start, i) }
                start = i + 1
            }
        }
        if bytes.count > start { token(start, bytes.count) }
        return found
    }

    // MARK: By Characters, for any other summary

    private static func isDigit(_ c: Character) -> Bool {
        ("0"..."9").contains(c) || ("０"..."９").contains(c)
    }

    private static func isCount(_ c: Character) -> Bool { isDigit(c) || numerals.contains(c) }

    static func characterKey(_ summary: String) -> String {
        let chars = Array(summary)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if opening.contains(c) {
                var j = i + 1
                while j < chars.count && isCount(chars[j]) { j += 1 }
                if j > i + 1 && j < chars.count && closing.contains(chars[j]) { i = j + 1; continue }
            }
            if c == "第" {
                var j = i + 1
                while j < chars.count && isCount(chars[j]) { j += 1 }
                if j > i + 1 && j < chars.count && instalmentWords.contains(chars[j]) { i = j + 1; continue }
            }
            if isDigit(c) {
                var j = i + 1
                while j < chars.count && (isDigit(chars[j]) || chars[j] == "." || chars[j] == "-" || chars[j] == "/") { j += 1 }
                if j < chars.count && dateWords.contains(chars[j]) { j += 1 }
                i = j
                continue
            }
            if !(c.isPunctuation || c.isWhitespace || c.isSymbol) { out.append(c) }
            i += 1
        }
        return out
    }

    static func characterReferences(_ summary: String) -> [String] {
        var found: [String] = []
        for token in summary.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            var t = Substring(token)
            while t.first == "-" { t = t.dropFirst() }
            while t.last == "-" { t = t.dropLast() }
            let digits = t.filter(\.isNumber).count
            let letters = t.filter(\.isLetter).count
            if (t.count >= 5 && digits > 0 && letters > 0) || (letters == 0 && digits >= 8 && !t.contains("-")) {
                found.append(String(t).uppercased())
            }
        }
        return found
    }
}
