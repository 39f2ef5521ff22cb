import Foundation

/// An administrative division code (GB/T 2260): two digits of province, two of prefecture, two
/// of county. A hospital is registered in a district or county (110105 朝阳区); policies are
/// issued by its province (110000) or city (220200 吉林市).
public enum RegionCode {
    /// The codes whose policies reach a region, widest first: its province, its prefecture,
    /// itself. A code that is not six digits reaches only itself.
    public static func chain(_ code: String) -> [String] {
        let digits = Array(code.utf8)
        guard digits.count == 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return [code] }
        var chain: [String] = []
        for candidate in [String(code.prefix(2)) + "0000", String(code.prefix(4)) + "00", code] where !chain.contains(candidate) {
            chain.append(candidate)
        }
        return chain
    }

    /// The province a region lies in (330106 → 330000); a code that is not six digits is its own.
    public static func province(_ code: String) -> String {
        chain(code)[0]
    }

    /// The region a bundle's folders name, innermost first (`330000/330106/杭州某医院` → 330106):
    /// six digits whose first two are a province's (11–82).
    public static func named(by folders: [String]) -> String? {
        folders.reversed().first { name in
            let digits = Array(name.utf8)
            guard digits.count == 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let province = Int(name.prefix(2)) else { return false }
            return (11...82).contains(province)
        }
    }
}
