/// Why a record was passed over without being data. Every such record is counted.
public enum SkipReason: String, Codable, Sendable, CaseIterable, Comparable {
    case title            // text above the header (`科目余额表 2024年度`)
    case header
    case blank
    case subtotal         // 合计, 本月合计, 本年累计, 期初余额 …
    case repeatedHeader = "repeated_header"   // the header again, at a page break
    case note             // a lone cell in the body: a page title or a remark
    case repeated         // a line an earlier file of the same table already gave (a month exported twice)

    public static func < (a: SkipReason, b: SkipReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var label: LocalizedText {
        switch self {
        case .title: LocalizedText(zh: "表头上方的标题行", en: "title row above the header")
        case .header: LocalizedText(zh: "表头", en: "header")
        case .blank: LocalizedText(zh: "空行", en: "blank line")
        case .subtotal: LocalizedText(zh: "合计/小计/余额行", en: "subtotal or balance row")
        case .repeatedHeader: LocalizedText(zh: "分页重复的表头", en: "header repeated at a page break")
        case .note: LocalizedText(zh: "单格说明行", en: "single-cell note or page title")
        case .repeated: LocalizedText(zh: "与先读的同表文件重复的行", en: "line an earlier file of the table already gave")
        }
    }
}
