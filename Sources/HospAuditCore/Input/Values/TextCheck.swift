import CCells

/// Whether bytes fed in pieces are, read as one, text a cell may hold: the verdict of
/// `ByteText.isDecodedText`, for a whole segment of the input at once, 32 bytes at a step
/// where the processor has AVX2 (`CCells/decoded_text.c`). A parsing thread checks its segment
/// so that the thread typing the records skips the check of each cell: a cell is the input's
/// bytes with ASCII bytes (delimiters, quotes, spaces) taken out or cut at, so when the input
/// passes, every cell parsed from it passes.
struct TextCheck {
    private var state = hospaudit_text_check()

    /// `wide: false` takes a byte at a time, as a processor without AVX2 does (for the tests).
    init(wide: Bool = true) {
        hospaudit_text_check_start(&state, wide ? 1 : 0)
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        hospaudit_text_check_feed(&state, bytes.baseAddress, bytes.count)
    }

    /// Whether everything fed passes.
    mutating func finish() -> Bool {
        hospaudit_text_check_finish(&state) != 0
    }

    static var processorIsWide: Bool { hospaudit_text_check_is_wide() != 0 }

    /// Whether `bytes` are text a cell may hold, fed in the pieces the offsets `cuts` make
    /// (any order; out of range ones clamped), 32 bytes at a step unless `wide` is false.
    static func isDecodedText(_ bytes: [UInt8], cutAt cuts: [Int] = [], wide: Bool = true) -> Bool {
        var check = TextCheck(wide: wide)
        var start = 0
        bytes.withUnsafeBufferPointer { all in
            for end in cuts.map({ min(max(0, $0), bytes.count) }).sorted() + [bytes.count] {
                check.feed(UnsafeBufferPointer(rebasing: all[start ..< end]))
                start = end
            }
        }
        return check.finish()
    }
}

/// The check held to the cell check, for the fuzz harness, which feeds it any bytes.
public enum TextCheckAgreement {
    /// Whether the segment check, fed `bytes` cut at `cuts`, 32 bytes at a step and a byte at
    /// a time, gives `ByteText.isDecodedText`'s verdict on the whole.
    public static func holds(_ bytes: [UInt8], cuts: [Int]) -> Bool {
        let expected = bytes.withUnsafeBufferPointer { ByteText.isDecodedText($0) }
        return [true, false].allSatisfy { TextCheck.isDecodedText(bytes, cutAt: cuts, wide: $0) == expected }
    }
}
