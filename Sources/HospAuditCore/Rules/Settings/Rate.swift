import Foundation

/// A decimal setting (a factor, share, tolerance or z-score) as the policy writes it: a string,
/// kept with its own text so the policy's hash and its printout do not change when read back.
public struct Rate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let value: Decimal
    public let text: String

    public init?(_ text: String) {
        guard JSONValue.isPlainDecimal(text, signed: false), let value = Decimal(string: text, locale: Self.posix) else { return nil }
        self.value = value
        self.text = text
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Defaults written in a rule's file; a malformed literal is a programming error the rule tests catch.
    public init(stringLiteral text: String) {
        guard let rate = Rate(text) else { preconditionFailure("not a decimal: \(text)") }
        self = rate
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let rate = Rate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "“\(text)” is not a decimal")
        }
        self = rate
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// As a `Decimal` prints: what findings have always said (1.2, 0.1).
    public var description: String { value.description }

    public static func < (a: Rate, b: Rate) -> Bool { a.value < b.value }
}

extension Money: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        // What was encoded is read back whole: a sum may be beyond any one cell's amount.
        if text == "overflow" {
            self = .overflow
            return
        }
        guard case .success(let money?) = NumberParser.money(text, largest: Money(units: .max)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "“\(text)” is not an amount")
        }
        self = money
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
