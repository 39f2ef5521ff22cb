import Testing
@testable import HospAuditCore

/// `PartyName.normalize` compares a name only with the places and suffixes it could start or
/// end with; it must give exactly what trying every place and suffix gives (kept here as the
/// reference), for ordinary names and for awkward ones.
struct PartyNameTests {
    static func reference(_ name: String) -> String {
        var key = String(name.unicodeScalars.filter { scalar in
            !" \u{3000}\t()（）[]【】<>《》·.,，、-_".unicodeScalars.contains(scalar)
        }.map(Character.init))
        var changed = true
        while changed {
            changed = false
            for suffix in PartyName.suffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                changed = true
            }
        }
        changed = true
        while changed {
            changed = false
            for place in PartyName.places where key.hasPrefix(place) && key.count > place.count + 1 {
                key.removeFirst(place.count)
                changed = true
                break
            }
        }
        return key
    }

    @Test func normalizingGivesWhatTryingEveryPlaceAndSuffixGives() {
        var names = ["北京康宁医疗管理有限公司", "北京市北京康宁投资有限责任公司", "（北京）仁和·投资 有限公司", "上海华康医疗科技股份有限公司",
                     "国药控股北京有限公司", "杭州安远控股集团公司", "公司", "北京", "北京市", "有限公司有限公司", "中国工商银行北京分行",
                     "王建国", "患者0012345", "Beijing Kangning Co., Ltd.", "", "【客商】", "内蒙古自治区包头市华康集团",
                     // A combining mark after the last or first character, and a CJK compatibility
                     // ideograph (U+F963, canonically 北) where a place starts.
                     "北京康宁有限公司\u{301}", "北\u{301}京康宁有限公司", "\u{F963}京康宁医疗有限公司", "康宁医疗有限公\u{FA1F}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        let pieces = PartyName.places + PartyName.suffixes + ["康宁", "仁和", "医疗", "（", "）", " ", "-", "·", "\u{301}", "\u{F963}", "a", "司", "团"]
        for _ in 0..<5_000 {
            names.append((0..<(1 + next(5))).map { _ in pieces[next(pieces.count)] }.joined())
        }
        for name in names {
            #expect(PartyName.normalize(name) == Self.reference(name), "\(name)")
        }
    }
}
