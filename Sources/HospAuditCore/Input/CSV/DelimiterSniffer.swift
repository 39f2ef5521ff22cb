/// Picks the field delimiter of an export from its first lines.
///
/// A delimiter that splits many lines into the same number of fields wins; title rows
/// (no delimiter) and amounts with thousands separators (a varying number of commas)
/// do not fool it because only the most common per-line count scores.
public enum DelimiterSniffer {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]

    public static func sniff(_ sample: ArraySlice<UInt8>, maxLines: Int = 50) -> UInt8 {
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lines = 0
        var lineHasText = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D {
                if lineHasText {
                    for i in candidates.indices { counts[i].append(current[i]) }
                    lines += 1
                    if lines >= maxLines { break }
                }
                current = [Int](repeating: 0, count: candidates.count)
                lineHasText = false
                continue
            }
            lineHasText = true
            if let i = candidates.firstIndex(of: byte) { current[i] += 1 }
        }
        if lineHasText && lines < maxLines {
            for i in candidates.indices { counts[i].append(current[i]) }
        }
        var best = 0
        var bestScore = 0
        for i in candidates.indices {
            let score = modalScore(counts[i])
            if score > bestScore {
                best = i
                bestScore = score
            }
        }
        return candidates[best]
    }

    /// Frequency of the most common non-zero count times that count.
    private static func modalScore(_ counts: [Int]) -> Int {
        var frequency: [Int: Int] = [:]
        for c in counts where c > 0 { frequency[c, default: 0] += 1 }
        return frequency.map { $0.key * $0.value }.max() ?? 0
    }
}
