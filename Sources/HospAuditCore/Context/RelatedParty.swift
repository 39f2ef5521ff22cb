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
        var key = normalize(name)
        for word in genericWords { key = key.replacingOccurrences(of: word, with: "") }
        return key
    }

    public static func normalize(_ name: String) -> String {
        var key = String(name.unicodeScalars.filter { scalar in
            !" \u{3000}\t()（）[]【】<>《》·.,，、-_".unicodeScalars.contains(scalar)
        }.map(Character.init))
        var changed = true
        while changed {
            changed = false
            for suffix in suffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                changed = true
            }
        }
        changed = true
        while changed {
            changed = false
            for place in places where key.hasPrefix(place) && key.count > place.count + 1 {
                key.removeFirst(place.count)
                changed = true
                break
            }
        }
        return key
    }
}

/// Answers "is this counterparty related, and on that day?" by USCC or normalised name.
public final class RelatedPartyMatcher: @unchecked Sendable {
    /// How an unlisted counterparty was recognised as a listed party under another name (RP-002).
    public enum HiddenMatch: String, Sendable {
        case uscc, bankAccount = "bank_account", nameStem = "name_stem"
    }

    public let parties: [RelatedParty]
    private var byID: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var byAccount: [String: [Int]] = [:]
    private var stems: [(stem: String, party: Int)] = []
    private var hidden: [String: HiddenMatch] = [:]
    /// By a hash of the name's bytes: hashing a Chinese String the Swift way normalises it
    /// first, which costs more than the whole lookup.
    private struct Counterparty: Equatable {
        let name: String
        let id: String
        let account: String
    }

    private var memo = TextMemo<Counterparty, [Int]>(limit: 100_000)

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

    /// Whether `name` is an unlisted counterparty matched to a listed party under another name.
    public func hiddenMatch(name: String) -> HiddenMatch? { hidden[name] }

    /// The listed parties a counterparty can be (any day).
    public func candidates(name: String, id: String, account: String = "") -> [RelatedParty] {
        let key = Counterparty(name: name, id: id, account: account)
        return memo.value(for: key, hash: name.bytesHash &+ id.bytesHash &* 31 &+ account.bytesHash &* 961) {
            find(key)
        }.map { parties[$0] }
    }

    private func find(_ key: Counterparty) -> [Int] {
        let name = key.name
        let normalized = PartyName.normalize(name)
        // The same USCC or bank account under a name the list does not have: hidden (RP-002).
        let byKey: [([Int]?, HiddenMatch)] = [
            (key.id.isEmpty ? nil : byID[USCC.normalize(key.id)], .uscc),
            (key.account.isEmpty || byAccount.isEmpty ? nil : byAccount[Self.normalizeAccount(key.account)], .bankAccount),
        ]
        for case let (hits?, how) in byKey {
            if !name.isEmpty && !hits.contains(where: { PartyName.normalize(parties[$0].name) == normalized }) {
                hidden[name] = how
            }
            return hits
        }
        guard !name.isEmpty else { return [] }
        if let hits = byName[normalized] { return hits }
        // A distinctive stem shared with a listed party: the same business under another name.
        let stem = PartyName.stem(name)
        guard stem.count >= PartyName.minimumStem else { return [] }
        let found = stems.filter { $0.stem.contains(stem) || stem.contains($0.stem) }.map(\.party)
        if !found.isEmpty { hidden[name] = .nameStem }
        return found
    }

    /// The listed party a counterparty is on `day`, if any.
    public func match(name: String, id: String, account: String = "", on day: Day) -> RelatedParty? {
        candidates(name: name, id: id, account: account).first { $0.isRelated(on: day) }
    }

    /// Bank accounts are written with spaces or dashes every few digits: only the digits count.
    static func normalizeAccount(_ account: String) -> String {
        String(account.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    }
}
