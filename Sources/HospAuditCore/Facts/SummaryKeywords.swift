/// Words looked for in voucher summaries. Summaries repeat (支付药品采购款, 发放工资 …), so
/// each distinct summary is searched once.
struct SummaryKeywords {
    private let words: [String]
    private var memo = TextMemo<String, Bool>(limit: 50_000)

    init(_ words: [String]) { self.words = words }

    mutating func isFound(in summary: String) -> Bool {
        guard !words.isEmpty, !summary.isEmpty else { return false }
        let hash = summary.bytesHash
        if let known = memo.lookup(summary, hash: hash) { return known }
        let found = words.contains { summary.containsText($0) }
        memo.remember(summary, hash: hash, found)
        return found
    }
}
