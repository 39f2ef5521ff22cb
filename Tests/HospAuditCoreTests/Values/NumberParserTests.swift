import Testing
@testable import HospAuditCore

struct NumberParserTests {
    /// Every amount format of the input contract, with the exact value in ten-thousandths.
    @Test(arguments: [
        ("1234.56", 12_345_600), ("1,234.56", 12_345_600), ("1 234.56", 12_345_600),
        ("¥1,234.56", 12_345_600), ("￥1,234.56", 12_345_600), ("(1,234.56)", -12_345_600),
        ("-1,234.56", -12_345_600), ("１２３４．５６", 12_345_600), ("（１，２３４．５６）", -12_345_600),
        ("－１２３４．５６", -12_345_600), ("-", 0), ("—", 0), ("  88.5 ", 885_000), ("0.0125", 125),
        ("1234.560000", 12_345_600), ("100元", 1_000_000), ("+42", 420_000), ("　12.30　", 123_000),
        ("−5.00", -50_000), ("999999999999.99", 9_999_999_999_999_900),
    ] as [(String, Int64)])
    func parsesAmounts(text: String, units: Int64) throws {
        let money = try NumberParser.money(text).get()
        #expect(money == Money(units: units))
    }

    @Test func emptyIsNil() throws {
        #expect(try NumberParser.money("").get() == nil)
        #expect(try NumberParser.money("   ").get() == nil)
    }

    @Test(arguments: [
        ("12.345678", NumberProblem.tooManyDecimals(6)), ("1.23E+05", .scientificNotation), ("abc", .notANumber),
        ("1,2,", .notANumber), ("12-3", .notANumber), ("(12", .notANumber), ("1.2.3", .notANumber),
        ("12%", .notANumber), ("12345678901234567890", .tooLarge), (",123", .notANumber),
    ] as [(String, NumberProblem)])
    func rejectsWhatItCannotTakeExactly(text: String, problem: NumberProblem) {
        #expect(throws: problem) { try NumberParser.money(text).get() }
    }

    @Test func moneyPrintsAsDecimalString() {
        #expect(Money(units: 12_345_600).description == "1234.56")
        #expect(Money(units: -50_000).description == "-5.00")
        #expect(Money(units: 125).description == "0.0125")
        #expect(Money(units: 0).description == "0.00")
        #expect(Money(yuan: 120_698).description == "120698.00")
    }

    @Test(arguments: [("4.35%", "0.0435"), ("0.0435", "0.0435"), ("4.35", "0.0435"), ("３．１％", "0.031"), ("24", "0.24")])
    func parsesRates(text: String, expected: String) throws {
        let rate = try text.withUTF8Bytes { RateParser.parse($0) }.get()
        #expect(rate?.description == expected)
    }
}
