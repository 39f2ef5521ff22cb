/// Seeded once a process: texts made to collide under a fixed hash would make every probe of a
/// memo walk all of it, or (where a hash stands for its text) make two purposes one.
private let bytesHashSeed = UInt64.random(in: .min ... .max)

extension String {
    /// A hash of the UTF-8 bytes. Caches key on this rather than on the String itself:
    /// Swift hashes a String after normalising it, which for Chinese text costs more than
    /// the lookup it serves. The same within one run, not from one run to the next.
    var bytesHash: UInt64 {
        withUTF8Bytes { $0.isEmpty ? 0 : StringCache.hash($0, seed: bytesHashSeed) }
    }

    /// The UTF-8 bytes, borrowed: `withUTF8` needs a mutable copy, which retains and releases
    /// the text on every call (millions of calls, for memo keys and keyword searches).
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }

    /// Substring search on UTF-8 bytes. Foundation's `contains` folds character clusters and
    /// costs microseconds a call; rules look for keywords in every voucher's summary.
    @inline(__always)
    func containsText(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        return withUTF8Bytes { h in
            needle.withUTF8Bytes { n in
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

    /// Every occurrence of `needle` replaced, matched on UTF-8 bytes: Foundation's
    /// `replacingOccurrences` compares character clusters, slowly, and is the code path where
    /// fuzzing found Foundation trapping on a counterparty's name.
    func replacingText(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty, containsText(needle) else { return self }
        let h = Array(utf8), n = Array(needle.utf8), r = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(h.count)
        var i = 0
        while i < h.count {
            if i + n.count <= h.count && h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) {
                out += r
                i += n.count
            } else {
                out.append(h[i])
                i += 1
            }
        }
        // Whole scalars were replaced by whole scalars: the bytes are valid UTF-8.
        return String(decoding: out, as: UTF8.self)
    }
}
