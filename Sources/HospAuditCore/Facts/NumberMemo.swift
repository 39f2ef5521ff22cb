/// What was worked out for a key made of text numbers (an account's code and name, a
/// counterparty's name, USCC and bank account), in an open-addressed table: the pass asks it
/// for every line or voucher, and a dictionary would hash every key the slow way (SipHash).
/// Bounded: past `limit` keys it starts over, as the memos by text it stands in front of do.
struct NumberMemo<Value> {
    static var limit: Int { 100_000 }

    private var keys: [UInt64]
    private var values: [Value]
    private let empty: Value
    private var used = 0
    private var mask: Int

    /// `empty` fills the slots no key holds.
    init(empty: Value) {
        self.empty = empty
        keys = [UInt64](repeating: .max, count: 256)
        values = [Value](repeating: empty, count: 256)
        mask = 255
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// `UInt64.max` marks an empty slot: no key of numbers below 2²¹ each makes it.
    subscript(key: UInt64) -> Value? {
        get {
            var slot = home(key)
            while keys[slot] != .max {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            guard let newValue else { return }
            if used >= Self.limit {
                for i in keys.indices {
                    keys[i] = .max
                    values[i] = empty
                }
                used = 0
            }
            if (used + 1) * 2 > keys.count { grow() }
            var slot = home(key)
            while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == .max { used += 1 }
            keys[slot] = key
            values[slot] = newValue
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Value](repeating: empty, count: oldKeys.count * 2)
        mask = keys.count - 1
        for i in oldKeys.indices where oldKeys[i] != .max {
            var slot = home(oldKeys[i])
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[i]
            values[slot] = oldValues[i]
        }
    }
}
