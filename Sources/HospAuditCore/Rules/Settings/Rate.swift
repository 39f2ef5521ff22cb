import Foundation

/// A decimal setting (a factor, share, tolerance or z-score) as the policy writes it: a string,
/// kept with its own text so the policy's hash and its printout do not change when read back.
public struct Rate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let value: Decimal
    public let text: String

    public init?(_ text: String) {
        guard Self.isPlainDecimal(text), let value = Decimal(string: text, locale: Self.posix) else { return nil }
        self.value = value
        self.text = text
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Digits, and at most one point with digits on both sides: `^[0-9]+(\.[0-9]+)?$` as the
    /// policy schema's pattern reads it, where `$` also matches before one line terminator
    /// that ends the text (a YAML block scalar's `0.05\n`). A regular expression here was a
    /// tenth of every start, where each rule's defaults are made.
    static func isPlainDecimal(_ text: String) -> Bool {
        // ICU's line terminators are Swift's newlines, CR LF one Character among them.
        var body = Substring(text)
        if body.last?.isNewline == true { body.removeLast() }
        var digits = 0, point = false
        for byte in body.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == 0x2E && !point && digits > 0 {
                point = true
                digits = 0
            } else {
                return false
            }
        }
        return digits > 0
    }

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
