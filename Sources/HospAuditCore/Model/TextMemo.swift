/// A bounded memo of what was worked out from text (an account's classes, a counterparty's
/// related party, whether a summary holds a keyword). Keyed by a hash of the text's bytes,
/// not by the String: Swift hashes a String after normalising it, which for Chinese text costs
/// more than the lookup it serves. Hits are confirmed by comparing the keys; the memo is
/// emptied when it reaches its limit, so an endless variety of texts cannot fill memory.
struct TextMemo<Key: Equatable, Value> {
    private var buckets: [UInt64: [(key: Key, value: Value)]] = [:]
    private var count = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The value remembered for `key`, if any. With `remember`, a memo owned by a struct is
    /// used without a closure capturing its owner.
    func lookup(_ key: Key, hash: UInt64) -> Value? {
        buckets[hash]?.first(where: { $0.key == key })?.value
    }

    mutating func remember(_ key: Key, hash: UInt64, _ value: Value) {
        if count >= limit {
            buckets.removeAll()
            count = 0
        }
        buckets[hash, default: []].append((key, value))
        count += 1
    }

    /// The value remembered for `key`, or the one `compute` gives, remembered from now on.
    mutating func value(for key: Key, hash: UInt64, compute: () -> Value) -> Value {
        if let hit = buckets[hash]?.first(where: { $0.key == key }) { return hit.value }
        let value = compute()
        if count >= limit {
            buckets.removeAll()
            count = 0
        }
        buckets[hash, default: []].append((key, value))
        count += 1
        return value
    }
}
