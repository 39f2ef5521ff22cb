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

    /// Whether `bytes`, whole, are text a cell may hold.
    static func isDecodedText(_ bytes: [UInt8]) -> Bool {
        var check = TextCheck()
        bytes.withUnsafeBufferPointer { check.feed($0) }
        return check.finish()
    }
}

/// The check held to the cell check, for the fuzz harness, which feeds it any bytes.
public enum TextCheckAgreement {
    /// Whether the segment check, fed `bytes` cut at `cuts`, 32 bytes at a step and a byte at
    /// a time, gives `ByteText.isDecodedText`'s verdict on the whole.
    public static func holds(_ bytes: [UInt8], cuts: [Int]) -> Bool {
        let expected = bytes.withUnsafeBufferPointer { ByteText.isDecodedText($0) }
        let ends = cuts.map { min(max(0, $0), bytes.count) }.sorted() + [bytes.count]
        for wide in [true, false] {
            var check = TextCheck(wide: wide)
            var start = 0
            bytes.withUnsafeBufferPointer { all in
                for end in ends {
                    check.feed(UnsafeBufferPointer(rebasing: all[start ..< end]))
                    start = end
                }
            }
            if check.finish() != expected { return false }
        }
        return true
    }
}
