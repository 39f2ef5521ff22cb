/// What an account is in the balance of things: something owned, something owed, the owners' or
/// the organisation's own, revenue, cost or expense — or a budget account, outside the financial
/// books. A keyword says what an account is about (药品, 租金); its element says whether a line
/// on it is spending, earning or a movement of claims.
public enum AccountElement: Sendable, Equatable {
    case asset, liability, netAssets, revenue, expense, budget, unknown

    /// The classes a line on an account of this element can carry. 提供服务收入-门诊收入-药品收入
    /// is revenue from drugs, never a purchase of drugs; 应收股利 is owed to the hospital, never
    /// a distribution by it; 应付账款-药品款 settles a purchase, it does not make one.
    var allowed: AccountClasses {
        switch self {
        case .unknown: return AccountClasses(rawValue: .max)
        case .revenue: return [.revenue, .assetDisposal]
        case .expense: return [.expense, .fee, .rent, .interest, .compensation, .purchase, .donationOut, .profitDistribution, .assetDisposal]
        case .asset: return [.cash, .receivable, .purchase, .assetDisposal, .fee, .rent, .interest]
        case .liability: return [.payable, .loanIn, .profitDistribution, .compensation]
        case .netAssets: return [.closing, .profitDistribution]
        case .budget: return []
        }
    }
}

/// A chart of accounts, as named by the accounting standard (会计制度) the entity table gives for
/// a fiscal year. The first digit of a code means something only within its chart.
public enum ChartOfAccounts: Sendable, Equatable {
    case nonprofit, enterprise, smallEnterprise, government, unknown

    public init(standard: String?) {
        guard let s = standard else { self = .unknown; return }
        if s.containsText("非营利") { self = .nonprofit }
        else if s.containsText("小企业") { self = .smallEnterprise }
        else if s.containsText("企业会计") { self = .enterprise }
        else if s.containsText("政府会计") || s.containsText("医院会计") { self = .government }
        else { self = .unknown }
    }

    /// The element of an account: from the code's first digits within this chart, else from the
    /// top-level name.
    public func element(code: String, name: String) -> AccountElement {
        let byCode = elementOfCode(Array(code.utf8.prefix(2)))
        return byCode != .unknown ? byCode : Self.elementOfName(name)
    }

    private func elementOfCode(_ digits: [UInt8]) -> AccountElement {
        guard let first = digits.first, first >= 0x31, first <= 0x39 else { return .unknown }
        let d = Int(first - 0x30)
        let second = digits.count > 1 && digits[1] >= 0x30 && digits[1] <= 0x39 ? Int(digits[1] - 0x30) : nil
        switch (self, d) {
        case (_, 1) where self != .unknown: return .asset
        case (_, 2) where self != .unknown: return .liability
        case (.nonprofit, 3), (.smallEnterprise, 3), (.government, 3): return .netAssets
        case (.nonprofit, 4), (.government, 4): return .revenue
        case (.nonprofit, 5), (.government, 5), (.enterprise, 5), (.smallEnterprise, 4): return .expense
        case (.enterprise, 4): return .netAssets
        case (.government, 6), (.government, 7), (.government, 8): return .budget
        case (.enterprise, 6):
            // 6001 主营业务收入 … 6301 营业外收入; 6401 主营业务成本 … 6801 所得税费用.
            switch second {
            case 0, 1, 3: return .revenue
            case 4, 5, 6, 7, 8: return .expense
            default: return .unknown
            }
        case (.smallEnterprise, 5):
            // 5001 主营业务收入, 5111 投资收益, 5301 营业外收入; 5401 主营业务成本 … 5801 所得税费用.
            switch second {
            case 0, 1, 3: return .revenue
            case 4, 6, 7, 8: return .expense
            default: return .unknown
            }
        default: return .unknown
        }
    }

    /// Words of top-level account names, checked in this order: 递延收益 is owed, 长期待摊费用 is
    /// owned, 投资收益 is earned.
    private static let nameWords: [(AccountElement, [String])] = [
        (.liability, ["应付", "预收", "借款", "应交", "应缴", "递延收益", "负债", "代管款项"]),
        (.netAssets, ["净资产", "实收资本", "资本公积", "盈余公积", "本年利润", "利润分配", "所有者权益"]),
        (.asset, ["待摊", "现金", "存款", "货币资金", "应收", "预付", "存货", "库存", "物资", "原材料", "固定资产", "无形资产", "在建工程", "长期股权投资", "短期投资", "长期投资"]),
        (.revenue, ["收入", "收益"]),
        (.expense, ["成本", "费用", "支出", "损失"]),
    ]

    /// The top-level name is the path's first part (提供服务收入-门诊收入-药品收入 → 提供服务收入).
    static func elementOfName(_ name: String) -> AccountElement {
        let top = name.split(whereSeparator: { "-/\\—－:：".contains($0) }).first.map(String.init) ?? name
        for (element, words) in nameWords where words.contains(where: { top.containsText($0) }) { return element }
        return .unknown
    }
}
