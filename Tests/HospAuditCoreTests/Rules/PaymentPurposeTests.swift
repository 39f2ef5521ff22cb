import Testing
@testable import HospAuditCore

/// RP-005 groups payments by what their summaries say they are for. A summary of plain
/// characters is read scalar by scalar, any other by Characters; the two readings must agree.
struct PaymentPurposeTests {
    @Test func instalmentMarksAndReferencesAreTakenOut() {
        #expect(PaymentPurpose.key("门诊楼维修（一）") == "门诊楼维修")
        #expect(PaymentPurpose.key("门诊楼维修（二）") == "门诊楼维修")
        #expect(PaymentPurpose.key("9月电费") == "电费")
        #expect(PaymentPurpose.key("2024年10月电费") == "电费")
        #expect(PaymentPurpose.key("第2批耗材款") == "耗材款")
        #expect(PaymentPurpose.key("支付北京康宁医疗器械有限公司3月耗材款") == "支付北京康宁医疗器械有限公司耗材款")
        #expect(PaymentPurpose.references("支付设备款 合同HT2024-018 发票12345678") == ["HT2024-018", "12345678"])
        #expect(PaymentPurpose.references("支付设备款 合同ht2024-018") == ["HT2024-018"])
        #expect(PaymentPurpose.references("第3期 2024-05") == [])
    }

    /// Random summaries of the characters ledgers write: ASCII, Chinese, the numerals and marks
    /// the key takes out, brackets of both widths, full-width digits and punctuation, Latin-1,
    /// the ideographic space, tabs and CR LF.
    @Test func theScalarReadingAgreesWithTheCharacterReading() {
        let alphabet: [String] = ["门", "诊", "楼", "维", "修", "电", "费", "耗", "材", "款", "支", "付", "第", "批", "期", "次", "号",
                                  "年", "月", "日", "部", "笔", "一", "二", "十", "两", "壹", "拾", "〇", "零",
                                  "(", ")", "（", "）", "[", "]", "【", "】", "〔", "〕", "<", ">", "《", "》",
                                  "0", "1", "2", "9", "０", "５", "９", ".", "-", "/", ",", "，", "、", "：", ":", "－",
                                  "a", "H", "T", "x", "Z", " ", "\u{3000}", "\t", "\r\n", "\n", "￥", "¥", "%", "+", "=", "|",
                                  "\u{E9}", "\u{D7}", "\u{B7}", "\u{B0}", "\u{AD}", "\u{A0}", "#", "_", "~", "@", "！", "？"]
        var generator = SplitMix(seed: 20_241_231)
        for _ in 0..<4_000 {
            let length = Int(generator.next() % 24)
            let summary = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            #expect(PaymentPurpose.isSimple(summary), "\(summary.unicodeScalars.map(\.value))")
            #expect(PaymentPurpose.scalarKey(summary) == PaymentPurpose.characterKey(summary), "\(summary.unicodeScalars.map(\.value))")
            #expect(PaymentPurpose.byteReferences(summary) == PaymentPurpose.characterReferences(summary), "\(summary.unicodeScalars.map(\.value))")
        }
    }

    /// A combining mark makes one Character of two scalars: such a summary is read by
    /// Characters, as is one with a character outside the plain ranges (an em dash).
    @Test func aSummaryWithCombiningMarksIsReadByCharacters() {
        let summary = "Cafe\u{301}维修（一）"
        #expect(!PaymentPurpose.isSimple(summary))
        #expect(!PaymentPurpose.isSimple("电费—9月"))
        #expect(PaymentPurpose.key("电费—9月") == "电费")
        #expect(PaymentPurpose.key(summary) == PaymentPurpose.characterKey(summary))
        #expect(PaymentPurpose.references("HT2024e\u{301}018") == PaymentPurpose.characterReferences("HT2024e\u{301}018"))
    }
}
