/// Account classes by a pair of text numbers, in an open-addressed table: a ledger's lines ask
/// it once each, and a dictionary would hash every key the slow way. Bounded: past `limit`
/// pairs it starts over, as the memo by text it stands in front of does.
struct NumberPairMemo {
    static let limit = 100_000

    private var keys: [UInt64]
    private var values: [AccountClasses]
    private var used = 0
    private var mask: Int

    init() {
        keys = [UInt64](repeating: .max, count: 256)
        values = [AccountClasses](repeating: [], count: 256)
        mask = 255
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// `UInt64.max` marks an empty slot: no pair of numbers below 2³² makes it.
    subscript(key: UInt64) -> AccountClasses? {
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
                for i in keys.indices { keys[i] = .max }
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
        values = [AccountClasses](repeating: [], count: oldKeys.count * 2)
        mask = keys.count - 1
        for i in oldKeys.indices where oldKeys[i] != .max {
            var slot = home(oldKeys[i])
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[i]
            values[slot] = oldValues[i]
        }
    }
}
