/// Words looked for in voucher summaries. Summaries repeat (支付药品采购款, 发放工资 …), so
/// each distinct summary is searched once.
struct SummaryKeywords {
    private let words: [String]
    private var memo = TextMemo<String, Bool>(limit: 50_000)

    init(_ words: [String]) { self.words = words }

    mutating func isFound(in summary: String) -> Bool {
        guard !words.isEmpty, !summary.isEmpty else { return false }
        let words = self.words
        return memo.value(for: summary, hash: summary.bytesHash) { words.contains { summary.containsText($0) } }
    }
}
