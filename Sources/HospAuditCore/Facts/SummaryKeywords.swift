/// Words looked for in voucher summaries. Summaries repeat (支付药品采购款, 发放工资 …), so
/// each distinct summary is searched once; the cache is keyed by a hash of the summary's bytes
/// (hashing a Chinese String the Swift way normalises it first) and emptied when it grows large.
final class SummaryKeywords {
    private let words: [String]
    private var seen: [UInt64: [(summary: String, found: Bool)]] = [:]
    private var count = 0

    init(_ words: [String]) { self.words = words }

    func isFound(in summary: String) -> Bool {
        guard !words.isEmpty, !summary.isEmpty else { return false }
        let key = summary.bytesHash
        if let hit = seen[key]?.first(where: { $0.summary == summary }) { return hit.found }
        let found = words.contains { summary.containsText($0) }
        if count > 50_000 {
            seen.removeAll()
            count = 0
        }
        seen[key, default: []].append((summary, found))
        count += 1
        return found
    }
}
