import Foundation

/// A market reference price: a volume-based procurement award, a price survey, a rent survey.
public struct Benchmark: Sendable {
    public let itemCode: String?
    public let itemName: String?
    public let unitPrice: Money
    public let unit: String?
    public let source: String?
    public let region: String?
    public let line: Int

    public var item: String { [itemCode, itemName].compactMap { $0 }.joined(separator: " ") }

    /// How closely the benchmark's region fits a hospital's: nil when it is another region's,
    /// higher for a closer one (a city's price beats its province's, which beats a national one).
    func fit(region hospitalRegion: String?) -> Int? {
        guard let region, !region.isEmpty else { return 0 }
        guard let hospitalRegion else { return nil }
        var prefix = Substring(region)
        while prefix.hasSuffix("00") { prefix = prefix.dropLast(2) }
        guard hospitalRegion.hasPrefix(prefix) else { return nil }
        return prefix.count
    }
}

/// The benchmarks of a bundle, looked up by item code, then by item name.
public struct BenchmarkBook: Sendable {
    public let benchmarks: [Benchmark]
    /// Words in a benchmark's name or unit that make it a rent per square metre per month.
    static let rentWords = ["租金", "房租", "租赁", "rent"]

    public init(_ benchmarks: [Benchmark]) { self.benchmarks = benchmarks }

    public var isEmpty: Bool { benchmarks.isEmpty }

    /// The benchmark for an item that fits the hospital's region best; an item code decides
    /// when both sides have one, else the item name must be the same.
    public func price(code: String?, name: String?, region: String?) -> Benchmark? {
        best(region: region) { b in
            if let code, !code.isEmpty, let other = b.itemCode, !other.isEmpty { return code == other }
            guard let name, let other = b.itemName else { return false }
            return PartyName.normalize(name) == PartyName.normalize(other)
        }
    }

    /// The market rent per square metre per month for the hospital's region.
    public func rent(region: String?) -> Benchmark? {
        best(region: region) { b in
            let text = [b.itemCode, b.itemName].compactMap { $0 }.joined()
            return Self.rentWords.contains { text.containsText($0) }
        }
    }

    private func best(region: String?, where matches: (Benchmark) -> Bool) -> Benchmark? {
        var found: (Benchmark, Int)?
        for b in benchmarks where matches(b) {
            guard let fit = b.fit(region: region) else { continue }
            if found == nil || fit > found!.1 { found = (b, fit) }
        }
        return found?.0
    }
}

extension Benchmark {
    static func from(rows: [TableRow]) -> [Benchmark] {
        rows.compactMap { row in
            guard let price = row["unit_price"]?.money else { return nil }
            return Benchmark(itemCode: row["item_code"]?.text, itemName: row["item_name"]?.text, unitPrice: price,
                             unit: row["unit"]?.text, source: row["source"]?.text, region: row["region"]?.text, line: row.line)
        }
    }
}
