import Testing
@testable import HospAuditCore

struct DateParserTests {
    @Test(arguments: [
        ("2024-03-05", "2024-03-05"), ("2024/3/5", "2024-03-05"), ("2024.03.05", "2024-03-05"),
        ("20240305", "2024-03-05"), ("2024年3月5日", "2024-03-05"), ("2024年03月05日", "2024-03-05"),
        ("2024-03-05 14:30:00", "2024-03-05"), ("2024/3/5 9:05", "2024-03-05"),
        ("45356", "2024-03-05"), ("45356.5", "2024-03-05"), ("10000", "1927-05-18"),
        ("２０２４－０３－０５", "2024-03-05"), ("2024-02-29", "2024-02-29"), (" 2024-12-31 ", "2024-12-31"),
    ])
    func parsesDates(text: String, expected: String) throws {
        #expect(try DateParser.parse(text).get()?.description == expected)
    }

    @Test(arguments: [
        ("2024-02-30", DateProblem.noSuchDay), ("2023-02-29", .noSuchDay), ("2024-13-01", .noSuchDay),
        ("20241301", .noSuchDay), ("明天", .notADate), ("2024", .notADate), ("3/5/2024", .notADate),
        ("60", .notADate), ("9999", .notADate), ("2024-03", .notADate),
        ("0001-01-01", .yearOutOfRange), ("9999-12-31", .yearOutOfRange), ("1899年12月31日", .yearOutOfRange),
    ] as [(String, DateProblem)])
    func rejectsWhatIsNoDate(text: String, problem: DateProblem) {
        #expect(throws: problem) { try DateParser.parse(text).get() }
    }

    @Test func emptyIsNil() throws {
        #expect(try DateParser.parse("").get() == nil)
    }

    @Test func dayArithmeticRoundTrips() {
        let day = Day(year: 2024, month: 2, day: 28)!
        #expect(day.adding(days: 1).description == "2024-02-29")
        #expect(day.adding(days: 2).description == "2024-03-01")
        #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
        #expect(Day(year: 2000, month: 3, day: 1)!.adding(days: -1).description == "2000-02-29")
    }
}
