/// Parses annual rates: `4.35%`, `0.0435`, and `4.35`, which is read as per cent because no
/// lending rate is above 100%. A column or policy that means otherwise says so with `convention`.
public enum RateParser {
    public enum Convention: Sendable {
        case auto, percent, fraction
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, convention: Convention = .auto) -> Result<ExactDecimal?, NumberProblem> {
        switch NumberParser.parse(bytes, maxScale: 8) {
        case .empty:
            return .success(nil)
        case .invalid(let problem):
            return .failure(problem)
        case .value(let mantissa, let scale, let percent):
            var value = ExactDecimal(mantissa: mantissa, scale: scale)
            let isPercent: Bool
            switch convention {
            case .percent: isPercent = true
            case .fraction: isPercent = percent
            case .auto: isPercent = percent || mantissa.magnitude > powerOfTen(scale)
            }
            if isPercent { value.scale += 2 }
            return .success(value)
        }
    }

    private static func powerOfTen(_ n: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }
}
