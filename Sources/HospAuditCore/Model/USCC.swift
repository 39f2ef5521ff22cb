/// The Unified Social Credit Code (统一社会信用代码) of GB 32100-2015: 18 characters from a
/// 31-character alphabet, the last a check character over the first 17.
public enum USCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public enum Problem: Equatable, Sendable {
        case wrongLength(Int)
        case invalidCharacter(position: Int, character: Character)
        case wrongCheckCharacter(expected: Character, found: Character)
    }

    /// Upper-cases and strips spaces; the code itself is what gets validated.
    public static func normalize(_ text: String) -> String {
        String(text.uppercased().filter { !$0.isWhitespace })
    }

    /// Nil when `code` (already normalized) is a valid USCC.
    public static func problem(in code: String) -> Problem? {
        let chars = Array(code)
        guard chars.count == 18 else { return .wrongLength(chars.count) }
        var sum = 0
        for (i, ch) in chars.enumerated() {
            guard let value = alphabet.firstIndex(of: ch) else {
                return .invalidCharacter(position: i + 1, character: ch)
            }
            if i < 17 { sum += value * weights[i] }
        }
        let expected = alphabet[(31 - sum % 31) % 31]
        return expected == chars[17] ? nil : .wrongCheckCharacter(expected: expected, found: chars[17])
    }

    /// The check character for the first 17 characters of a code, for building test data.
    public static func checkCharacter(for prefix: String) -> Character? {
        let chars = Array(prefix)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (i, ch) in chars.enumerated() {
            guard let value = alphabet.firstIndex(of: ch) else { return nil }
            sum += value * weights[i]
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
