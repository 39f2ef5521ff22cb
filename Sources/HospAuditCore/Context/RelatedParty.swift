import Foundation

/// A party the hospital lists as related, with the window in which it is related.
public struct RelatedParty: Sendable, Equatable {
    public let name: String
    public let partyID: String?
    public let relation: String?
    public let since: Day?
    public let until: Day?
    /// The party's bank account, when the list gives one: the same account under another
    /// name is the same party (RP-002).
    public var bankAccount: String? = nil
    public let line: Int

    /// A key manager (关键管理人员): their pay is measured against the cap (DD-005).
    public var isKeyManager: Bool { relation == "key_manager" }

    public func isRelated(on day: Day) -> Bool {
        if let since, day < since { return false }
        if let until, until < day { return false }
        return true
    }

    /// Whether the relation's window meets the year at all.
    public func isRelated(during year: Int) -> Bool {
        if let since, since.year > year { return false }
        if let until, until.year < year { return false }
        return true
    }
}

extension RelatedParty {
    static func from(rows: [TableRow]) -> [RelatedParty] {
        rows.compactMap { row in
            guard let name = row["name"]?.text else { return nil }
            var since: Day?, until: Day?
            if case .date(let d)? = row["since"] { since = d }
            if case .date(let d)? = row["until"] { until = d }
            return RelatedParty(name: name, partyID: row["party_id"]?.text, relation: row["relation"]?.text,
                                since: since, until: until, bankAccount: row["bank_account"]?.text, line: row.line)
        }
    }
}

/// Names as they differ between a register and a ledger, folded to one key: no company-form
/// suffixes, brackets, spaces or leading province and city names.
public enum PartyName {
    static let suffixes = ["股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司"]
    static let places = [
        "北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆",
        "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
        "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
        "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
        "河北", "山西", "辽宁", "吉林市", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北",
        "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆",
        "杭州市", "杭州", "宁波市", "宁波", "温州市", "温州", "南京市", "南京", "广州市", "广州", "深圳市", "深圳",
        "长春市", "长春", "成都市", "成都", "武汉市", "武汉", "西安市", "西安", "沈阳市", "沈阳",
    ]

    /// Words any hospital business may use: a shared stem must be more than these.
    static let genericWords = ["医疗", "医院", "管理", "咨询", "投资", "科技", "服务", "健康", "集团", "有限公司", "控股",
                               "医药", "贸易", "发展", "实业", "信息", "技术", "商业", "产业", "中心"]
    public static let minimumStem = 4

    /// What is left of a name without company forms, places and generic words (RP-002).
    public static func stem(_ name: String) -> String {
        stem(normalized: normalize(name))
    }

    static func stem(normalized: String) -> String {
        var key = normalized
        for word in genericWords { key = key.replacingText(word, with: "") }
        return key
    }

    /// Separators and brackets a name is written with or without.
    private static let dropped = Set(" \u{3000}\t()（）[]【】<>《》·.,，、-_".unicodeScalars)
    /// The places by their first character: a name is compared only with the places it could
    /// start with (a ledger naming each patient asks this for hundreds of thousands of names).
    private static let placesByFirst: [Unicode.Scalar: [String]] = Dictionary(grouping: places) { $0.unicodeScalars.first! }
    /// Every suffix ends in one of these.
    private static let suffixEnds: Set<Unicode.Scalar> = Set(suffixes.map { $0.unicodeScalars.last! })

    /// A CJK compatibility ideograph is canonically another character, as `hasPrefix` and
    /// `hasSuffix` compare: for such a first or last character every place and suffix is tried.
    private static func isCompatibilityIdeograph(_ s: Unicode.Scalar) -> Bool {
        (0xF900...0xFAFF).contains(s.value) || (0x2F800...0x2FA1F).contains(s.value)
    }

    public static func normalize(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where !dropped.contains(scalar) { scalars.append(scalar) }
        var key = String(scalars)
        var changed = true
        while changed {
            changed = false
            guard let last = key.unicodeScalars.last, suffixEnds.contains(last) || isCompatibilityIdeograph(last) else { break }
            for suffix in suffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                changed = true
            }
        }
        changed = true
        while changed {
            changed = false
            guard let first = key.unicodeScalars.first else { break }
            for place in isCompatibilityIdeograph(first) ? places : placesByFirst[first] ?? [] where key.hasPrefix(place) && key.count > place.count + 1 {
                key.removeFirst(place.count)
                changed = true
                break
            }
        }
        return key
    }
}

/// Who a counterparty is: the listed related parties, indexed by USCC, bank account, name and
/// distinctive name stem. A value: the same question always gets the same answer, whoever asks
/// first, and it is safe to share between threads.
public struct RelatedPartyBook: Sendable {
    /// How a counterparty was recognised as a listed party.
    public enum Match: String, Sendable {
        case uscc, bankAccount = "bank_account", name, nameStem = "name_stem"
    }

    /// The listed parties a counterparty can be (any day), and how it was recognised.
    public struct Candidates: Sendable {
        public let parties: [RelatedParty]
        public let match: Match
        /// The counterparty is not on the list under its own name: the same USCC or bank
        /// account under another name, or a shared name stem (RP-002).
        public let isHidden: Bool

        static let none = Candidates(parties: [], match: .name, isHidden: false)
    }

    /// The party a counterparty is on one day, and how it was recognised.
    public struct Resolution: Sendable {
        public let party: RelatedParty
        public let match: Match
        public let isHidden: Bool
    }

    public let parties: [RelatedParty]
    private var byID: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var byAccount: [String: [Int]] = [:]
    private var stems: [(stem: String, party: Int)] = []

    public init(_ parties: [RelatedParty]) {
        self.parties = parties
        for (i, party) in parties.enumerated() {
            if let id = party.partyID.map(USCC.normalize), !id.isEmpty { byID[id, default: []].append(i) }
            byName[PartyName.normalize(party.name), default: []].append(i)
            if let account = party.bankAccount.map(Self.normalizeAccount), !account.isEmpty { byAccount[account, default: []].append(i) }
            let stem = PartyName.stem(party.name)
            if stem.count >= PartyName.minimumStem { stems.append((stem, i)) }
        }
    }

    /// Whether any listed party has a bank account to be recognised by.
    public var knowsAccounts: Bool { !byAccount.isEmpty }

    /// The listed party a counterparty is on `day`, if any: by USCC, then bank account, then
    /// normalised name, then distinctive name stem.
    public func resolve(name: String, uscc: String = "", account: String = "", on day: Day) -> Resolution? {
        resolve(candidates(name: name, uscc: uscc, account: account), on: day)
    }

    public func resolve(_ candidates: Candidates, on day: Day) -> Resolution? {
        guard let party = candidates.parties.first(where: { $0.isRelated(on: day) }) else { return nil }
        return Resolution(party: party, match: candidates.match, isHidden: candidates.isHidden)
    }

    public func candidates(name: String, uscc: String = "", account: String = "") -> Candidates {
        let normalized = PartyName.normalize(name)
        let byKey: [([Int]?, Match)] = [
            (uscc.isEmpty ? nil : byID[USCC.normalize(uscc)], .uscc),
            (account.isEmpty || byAccount.isEmpty ? nil : byAccount[Self.normalizeAccount(account)], .bankAccount),
        ]
        for case let (hits?, how) in byKey {
            let hidden = !name.isEmpty && !hits.contains { PartyName.normalize(parties[$0].name) == normalized }
            return Candidates(parties: hits.map { parties[$0] }, match: how, isHidden: hidden)
        }
        guard !name.isEmpty else { return .none }
        if let hits = byName[normalized] { return Candidates(parties: hits.map { parties[$0] }, match: .name, isHidden: false) }
        // A distinctive stem shared with a listed party: the same business under another name.
        let stem = PartyName.stem(normalized: normalized)
        guard stem.count >= PartyName.minimumStem else { return .none }
        // Byte search: Foundation's String.contains traps on some inputs (found by fuzzing).
        let found = stems.filter { $0.stem.containsText(stem) || stem.containsText($0.stem) }.map { parties[$0.party] }
        return Candidates(parties: found, match: .nameStem, isHidden: !found.isEmpty)
    }

    /// Bank accounts are written with spaces or dashes every few digits: only the digits count.
    static func normalizeAccount(_ account: String) -> String {
        String(account.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    }
}

/// A memo of counterparties already resolved, for whoever reads a whole ledger: it names the
/// same few hundred counterparties again and again. A value, owned by its user, never shared.
public struct PartyLookup {
    public let book: RelatedPartyBook
    private struct Key: Equatable {
        let name: String
        let id: String
        let account: String
    }

    private var memo = TextMemo<Key, RelatedPartyBook.Candidates>(limit: 100_000)
    /// The same by the numbers of a ledger line's name, USCC and bank account, packed in one key;
    /// bounded like the memo by text.
    private var byNumbers = NumberMemo(empty: RelatedPartyBook.Candidates.none)
    private static let numberBits = 21

    public init(_ book: RelatedPartyBook) {
        precondition(LedgerTexts.limit <= 1 << Self.numberBits, "three text numbers must fit one key")
        self.book = book
    }

    /// The party a ledger line's counterparty, USCC and bank account stand for on `day`.
    public mutating func resolve(name: LedgerText, uscc: LedgerText, account: LedgerText, texts: LedgerTexts,
                                 on day: Day) -> RelatedPartyBook.Resolution? {
        guard !name.isEmpty || !uscc.isEmpty || !account.isEmpty else { return nil }
        let key = UInt64(name.id) | UInt64(uscc.id) << Self.numberBits | UInt64(account.id) << (2 * Self.numberBits)
        if let known = byNumbers[key] { return book.resolve(known, on: day) }
        let candidates = book.candidates(name: texts[name], uscc: texts[uscc], account: texts[account])
        byNumbers[key] = candidates
        return book.resolve(candidates, on: day)
    }

    /// By a hash of the name's bytes: hashing a Chinese String the Swift way normalises it
    /// first, which costs more than the whole lookup.
    public mutating func resolve(name: String, uscc: String, account: String, on day: Day) -> RelatedPartyBook.Resolution? {
        guard !name.isEmpty || !uscc.isEmpty || !account.isEmpty else { return nil }
        let key = Key(name: name, id: uscc, account: account)
        let hash = name.bytesHash &+ uscc.bytesHash &* 31 &+ account.bytesHash &* 961
        if let known = memo.lookup(key, hash: hash) { return book.resolve(known, on: day) }
        let candidates = book.candidates(name: name, uscc: uscc, account: account)
        memo.remember(key, hash: hash, candidates)
        return book.resolve(candidates, on: day)
    }

    /// The related party a ledger line names on `day` (its voucher's): as counterparty, or
    /// (with `accountLeaf`) as the last part of the account path (其他应收款-北京仁和投资有限公司).
    public mutating func relatedParty(of line: LedgerLine, on day: Day, accountLeaf: Bool = true, texts: LedgerTexts) -> RelatedParty? {
        if !line.counterparty.isEmpty {
            return resolve(name: line.counterparty, uscc: line.counterpartyID, account: line.counterpartyAccount, texts: texts, on: day)?.party
        }
        guard accountLeaf, let leaf = texts[line.accountName].split(whereSeparator: { "-/_\\".contains($0) }).last, leaf.count >= 4 else {
            return nil
        }
        return resolve(name: String(leaf), uscc: texts[line.counterpartyID], account: texts[line.counterpartyAccount], on: day)?.party
    }
}
