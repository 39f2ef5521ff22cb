import Foundation

/// The report's two charts laid out as SVG shapes: positions in pixels worked out here, so the
/// template only draws them. Layout may use floating point; every figure shown is the
/// document's own text.
enum ReportCharts {
    static let colors = ["critical": "#9b1c1c", "high": "#d64545", "medium": "#de911d", "low": "#2680c2", "info": "#829ab1"]
    static let labelWidth = 220.0
    static let barArea = 480.0
    static let row = 22.0
    static let barHeight = 16.0

    /// One bar a rule, split by severity, of the findings that stand.
    static func findingsByRule(_ document: ReportDocument, words: ReportWords) -> [String: Any]? {
        let standing = document.findings.filter { $0.status != "suppressed" }
        guard !standing.isEmpty else { return nil }
        let byRule = Dictionary(grouping: standing, by: \.rule)
        let rules = byRule.keys.sorted()
        let most = Double(byRule.values.map(\.count).max() ?? 1)
        let bars: [[String: Any]] = rules.enumerated().map { i, rule in
            let y = Double(i) * row
            var x = 70.0
            var segments: [[String: Any]] = []
            for severity in Severity.allCases {
                let count = byRule[rule]!.filter { $0.severity == severity.rawValue }.count
                guard count > 0 else { continue }
                let w = barArea * Double(count) / most
                segments.append(["x": px(x), "y": px(y + 3), "w": px(w), "h": px(barHeight), "severity": severity.rawValue,
                                 "color": colors[severity.rawValue]!, "label": words.severity(severity.rawValue), "count": count, "rule": rule])
                x += w
            }
            return ["rule": rule, "textY": px(y + 16), "segments": segments, "total": byRule[rule]!.count, "totalX": px(x + 6)]
        }
        return ["width": Int(70 + barArea + 40), "height": Int(Double(rules.count) * row + 6), "bars": bars,
                "legend": Severity.allCases.map { ["severity": $0.rawValue, "label": words.severity($0.rawValue)] }]
    }

    /// One bar a for-profit hospital with a stated margin, with the cap of its region's shipped
    /// policy and the median of the hospitals shown.
    static func margins(_ document: ReportDocument, words: ReportWords) -> [String: Any]? {
        let shown = document.hospitals.compactMap { h -> (ReportDocument.Hospital, Decimal)? in
            guard h.ownership == "forprofit", let text = h.margin, let margin = Decimal(string: text) else { return nil }
            return (h, margin)
        }.sorted { $0.1 > $1.1 }
        guard !shown.isEmpty else { return nil }
        var caps: Set<Decimal> = []
        for (h, _) in shown {
            if let policy = try? PolicyLoader.load(region: h.region) { caps.insert(policy.settings(for: MarginAboveCapRule.self).marginCap.value) }
        }
        let values = shown.map(\.1).sorted()
        let median = values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        let top = max((values.last ?? 0), caps.max() ?? 0, median, Decimal(string: "0.01")!) * Decimal(string: "1.1")!
        func x(_ value: Decimal) -> Double { labelWidth + barArea * max(0, NSDecimalNumber(decimal: value / top).doubleValue) }
        let bars: [[String: Any]] = shown.enumerated().map { i, item in
            let (h, margin) = item
            let y = Double(i) * row
            let over = caps.contains { margin > $0 }
            return ["name": h.name, "margin": AmountText.percent(h.margin), "x": px(labelWidth), "y": px(y + 3),
                    "w": px(x(margin) - labelWidth), "h": px(barHeight), "textY": px(y + 16), "valueX": px(x(margin) + 6),
                    "color": over ? colors["high"]! : "#486581"]
        }
        let bottom = Double(shown.count) * row + 4
        var lines: [[String: Any]] = caps.sorted().map { cap in
            ["kind": "cap", "x": px(x(cap)), "bottom": px(bottom), "color": colors["critical"]!, "dash": "6 3",
             "label": words.capLabel(AmountText.percent("\(cap)")), "labelX": px(x(cap) + 4), "labelY": px(bottom + 14)]
        }
        lines.append(["kind": "median", "x": px(x(median)), "bottom": px(bottom), "color": "#2680c2", "dash": "2 2",
                      "label": words.medianLabel(AmountText.percent("\(median)")), "labelX": px(x(median) + 4), "labelY": px(bottom + 28)])
        return ["width": Int(labelWidth + barArea + 90), "height": Int(bottom + 34), "bars": bars, "lines": lines]
    }

    static func px(_ value: Double) -> String { String(format: "%.1f", value) }
}
