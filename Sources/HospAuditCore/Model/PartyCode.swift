/// What kind of identifier a listed party's code is, for saying it in a finding: the related
/// parties table's 统一社会信用代码 column also takes a person's identity-card number or a
/// counterparty code of the accounting software, and a letter must neither call an
/// identity-card number a USCC nor print it whole.
enum PartyCode: Equatable {
    case uscc(String)
    /// A resident identity-card number (GB 11643), masked but for its first and last four.
    case identityCard(masked: String)
    case other(String)

    init(_ text: String) {
        let code = USCC.normalize(text)
        if Self.isIdentityCard(code) {
            let chars = Array(code)
            self = .identityCard(masked: Self.masked(chars, hidden: String(repeating: "*", count: chars.count - 8)))
        } else if USCC.problem(in: code) == nil {
            self = .uscc(code)
        } else {
            self = .other(text)
        }
    }

    /// The name of the kind, and the code as a finding may show it.
    var words: (zh: String, en: String, shown: String) {
        switch self {
        case .uscc(let code): return ("统一社会信用代码", "USCC", code)
        case .identityCard(let masked): return ("身份证件号码", "identity-card number", masked)
        case .other(let code): return ("编码", "code", code)
        }
    }

    /// The first and last four characters around what stands for the hidden rest.
    static func masked(_ chars: [Character], hidden: String) -> String {
        String(chars.prefix(4)) + hidden + String(chars.suffix(4))
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// Eighteen characters (or the first generation's fifteen digits): seventeen digits, the 7th
    /// to 14th a birth date, and a last digit or
    /// X. One whose ISO 7064 MOD 11-2 check fails is still taken for one (mistyped, it is still a
    /// person's), unless it is a valid USCC.
    static func isIdentityCard(_ code: String) -> Bool {
        let chars = Array(code)
        // The first generation's fifteen digits, born 19YYMMDD in the 7th to 12th.
        if chars.count == 15, chars.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let d = chars.compactMap(\.wholeNumberValue)
            return Day(year: 1900 + d[6] * 10 + d[7], month: d[8] * 10 + d[9], day: d[10] * 10 + d[11]) != nil
        }
        guard chars.count == 18 else { return false }
        var digits: [Int] = []
        for ch in chars.prefix(17) {
            guard let d = ch.wholeNumberValue, ch.isASCII else { return false }
            digits.append(d)
        }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11], day = digits[12] * 10 + digits[13]
        guard (1900...2100).contains(year), Day(year: year, month: month, day: day) != nil else { return false }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber) else { return false }
        return chars[17] == Array("10X98765432")[sum % 11] || USCC.problem(in: code) != nil
    }
}

extension RelatedParty {
    /// A person rather than a business: a key manager or their family, one listed by an
    /// identity-card number, or a sponsor whose name is two to four Chinese characters and who
    /// has no USCC. A person's bank card is personal information a letter does not print whole.
    var isPerson: Bool {
        if relation == "key_manager" || relation == "key_manager_family" { return true }
        if let id = partyID, !id.isEmpty {
            if case .identityCard = PartyCode(id) { return true }
            if case .uscc = PartyCode(id) { return false }
        }
        // Names of two to four characters, or longer ones joined by a middle dot (买买提·艾力).
        let scalars = name.unicodeScalars
        let dotted = scalars.contains("·") || scalars.contains("•")
        return (2...(dotted ? 16 : 4)).contains(scalars.count)
            && scalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || $0 == "·" || $0 == "•" }
    }

    /// The bank account as a finding may show it: whole for a business, a person's with only its
    /// first and last four digits.
    var shownBankAccount: String? {
        guard let account = bankAccount else { return nil }
        guard isPerson else { return account }
        let digits = Array(account.filter(\.isNumber))
        guard digits.count > 8 else { return "****" + String(digits.suffix(4)) }
        return PartyCode.masked(digits, hidden: " **** ")
    }
}
