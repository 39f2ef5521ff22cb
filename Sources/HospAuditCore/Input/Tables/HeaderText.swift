/// Header cells as vendors write them, folded to one comparable form.
public enum HeaderText {
    /// Trims spaces, full-width spaces and a BOM, folds full-width ASCII, lower-cases, drops
    /// a leading `*` (required-field marker) and a trailing unit such as `(元)` or `（元）`.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFEFF, 0x3000, 0x00A0, 0x20, 0x09, 0x0D, 0x0A:
                continue
            case 0xFF01...0xFF5E:
                scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            default:
                scalars.append(s)
            }
        }
        var result = String(scalars).lowercased()
        while result.hasPrefix("*") { result.removeFirst() }
        if result.hasSuffix(")"), let open = result.lastIndex(of: "("), open != result.startIndex {
            result = String(result[..<open])
        }
        return result
    }
}
