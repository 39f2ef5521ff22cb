extension String {
    /// A hash of the UTF-8 bytes. Caches key on this rather than on the String itself:
    /// Swift hashes a String after normalising it, which for Chinese text costs more than
    /// the lookup it serves.
    var bytesHash: UInt64 {
        var copy = self
        return copy.withUTF8 { $0.isEmpty ? 0 : StringCache.hash($0) }
    }

    /// Substring search on UTF-8 bytes. Foundation's `contains` folds character clusters and
    /// costs microseconds a call; rules look for keywords in every voucher's summary.
    @inline(__always)
    func containsText(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = self
        var pattern = needle
        return haystack.withUTF8 { h in
            pattern.withUTF8 { n in
                guard h.count >= n.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first && ByteText.equal(h.baseAddress! + i, n.baseAddress!, count: n.count) { return true }
                    i += 1
                }
                return false
            }
        }
    }
}
