import Testing
@testable import HospAuditCore

/// An account's element (owned, owed, own, earned, spent) from its code within its chart, else
/// from its top-level name; keyword classes never contradict it.
struct AccountElementTests {
    @Test func theFirstDigitMeansWhatItsChartSays() {
        let nonprofit = ChartOfAccounts(standard: "民间非营利组织会计制度")
        let enterprise = ChartOfAccounts(standard: "企业会计准则")
        let small = ChartOfAccounts(standard: "小企业会计准则")
        let government = ChartOfAccounts(standard: "政府会计制度")
        #expect(nonprofit == .nonprofit && enterprise == .enterprise && small == .smallEnterprise && government == .government)
        #expect(nonprofit.element(code: "4301", name: "提供服务收入") == .revenue)
        #expect(enterprise.element(code: "4104", name: "利润分配") == .netAssets)
        #expect(nonprofit.element(code: "5201", name: "管理费用") == .expense)
        #expect(enterprise.element(code: "6001", name: "主营业务收入") == .revenue)
        #expect(enterprise.element(code: "6111", name: "投资收益") == .revenue)
        #expect(enterprise.element(code: "6602", name: "管理费用") == .expense)
        #expect(enterprise.element(code: "6801", name: "所得税费用") == .expense)
        #expect(small.element(code: "5001", name: "主营业务收入") == .revenue)
        #expect(small.element(code: "5602", name: "管理费用") == .expense)
        #expect(small.element(code: "4001", name: "生产成本") == .expense)
        #expect(government.element(code: "7101", name: "行政支出") == .budget)
        #expect(enterprise.element(code: "2241", name: "其他应付款") == .liability)
    }

    @Test func withoutAKnownChartTheTopLevelNameDecides() {
        let unknown = ChartOfAccounts(standard: nil)
        #expect(unknown.element(code: "4301", name: "提供服务收入-门诊收入-药品收入") == .revenue)
        #expect(unknown.element(code: "", name: "递延收益-政府补助") == .liability)
        #expect(unknown.element(code: "", name: "长期待摊费用-装修") == .asset)
        #expect(unknown.element(code: "", name: "应收股利") == .asset)
        #expect(unknown.element(code: "", name: "库存物资/药品") == .asset)
        #expect(unknown.element(code: "", name: "管理费用-劳务费") == .expense)
        #expect(unknown.element(code: "", name: "往来") == .unknown)
        // A code the chart does not give a meaning to falls back to the name.
        #expect(ChartOfAccounts(standard: "企业会计准则").element(code: "3001", name: "清算资金往来") == .unknown)
    }

    @Test func aKeywordClassStopsAtTheAccountsElement() throws {
        let policy = try PolicyLoader.load(region: nil)
        var nonprofit = AccountClassifier(policy: policy, standard: "民间非营利组织会计制度", year: 2024)
        // Drug revenue is revenue, not a purchase of drugs.
        #expect(nonprofit.classes(code: "4301", name: "提供服务收入-门诊收入-药品收入") == .revenue)
        #expect(nonprofit.classes(code: "5101", name: "业务活动成本-药品费").contains(.purchase))
        // A payable for drugs settles a purchase; a dividend receivable is not a distribution.
        #expect(!nonprofit.classes(code: "2101", name: "应付账款-药品款").contains(.purchase))
        #expect(!nonprofit.classes(code: "1121", name: "应收股利").contains(.profitDistribution))
        var unknown = AccountClassifier(policy: policy, standard: nil, year: nil)
        #expect(unknown.classes(code: "", name: "主营业务收入-药品收入") == .revenue)
        #expect(unknown.classes(code: "", name: "库存商品-药品").contains(.purchase))
    }
}

/// Text replaced on UTF-8 bytes, as name stems and ignored account words are.
struct ReplacingTextTests {
    @Test func replacesEveryOccurrenceOnBytes() {
        #expect("管理费用-管理费".replacingText("管理费用", with: "|") == "|-管理费")
        #expect("北京仁和医疗投资有限公司".replacingText("投资", with: "") == "北京仁和医疗有限公司")
        #expect("abcabc".replacingText("bc", with: "X") == "aXaX")
        #expect("无".replacingText("", with: "X") == "无")
        // Combining marks and emoji pass through untouched.
        #expect("e\u{301}仁和👨‍👩‍👧".replacingText("仁和", with: "") == "e\u{301}👨‍👩‍👧")
    }
}
