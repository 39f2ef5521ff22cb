import Foundation
import Testing
@testable import HospAuditCore

/// Who a counterparty is has one answer, whoever asks and in whatever order.
struct RelatedPartyBookTests {
    static let sponsor = RelatedParty(name: "杭州瑞康恒泰控股有限公司", partyID: "91330104MA2KR6T83X", relation: "sponsor",
                                      since: Day(year: 2015, month: 10, day: 1), until: nil, bankAccount: "6222 0212 0300 1234 567", line: 2)
    static let pharma = RelatedParty(name: "杭州瑞康恒泰医药有限公司", partyID: nil, relation: "controlled_entity",
                                     since: Day(year: 2016, month: 4, day: 1), until: Day(year: 2024, month: 6, day: 30), line: 3)
    static let book = RelatedPartyBook([sponsor, pharma])
    static let day = Day(year: 2024, month: 5, day: 8)!

    @Test func eachWayOfRecognisingAPartySaysHowAndWhetherTheNameIsHidden() throws {
        let byName = try #require(Self.book.resolve(name: "杭州瑞康恒泰控股有限公司", on: Self.day))
        #expect(byName.party.name == Self.sponsor.name && byName.match == .name && !byName.isHidden)
        let byUSCC = try #require(Self.book.resolve(name: "浙江某某贸易有限公司", uscc: "91330104MA2KR6T83X", on: Self.day))
        #expect(byUSCC.party.name == Self.sponsor.name && byUSCC.match == .uscc && byUSCC.isHidden)
        let byAccount = try #require(Self.book.resolve(name: "某某商行", account: "6222-0212-0300-1234-567", on: Self.day))
        #expect(byAccount.match == .bankAccount && byAccount.isHidden)
        let byStem = try #require(Self.book.resolve(name: "宁波瑞康恒泰医疗器械有限公司", on: Self.day))
        #expect(byStem.match == .nameStem && byStem.isHidden)
        // Its own USCC under its own name is not hidden.
        #expect(Self.book.resolve(name: "杭州瑞康恒泰控股有限公司", uscc: "91330104MA2KR6T83X", on: Self.day)?.isHidden == false)
        #expect(Self.book.resolve(name: "国药控股浙江有限公司", on: Self.day) == nil)
    }

    @Test func outsideItsWindowAPartyIsNotRelated() {
        #expect(Self.book.resolve(name: "杭州瑞康恒泰医药有限公司", on: Day(year: 2024, month: 7, day: 1)!) == nil)
        #expect(Self.book.resolve(name: "杭州瑞康恒泰医药有限公司", on: Self.day)?.party.name == Self.pharma.name)
    }

    /// A name once seen with another party's USCC is not hidden the next time it comes by name:
    /// each answer stands on its own question, memo or not.
    @Test func answersDoNotDependOnWhatWasAskedBefore() {
        var lookup = PartyLookup(Self.book)
        let first = lookup.resolve(name: "杭州瑞康恒泰医药有限公司", uscc: "91330104MA2KR6T83X", account: "", on: Self.day)
        let second = lookup.resolve(name: "杭州瑞康恒泰医药有限公司", uscc: "", account: "", on: Self.day)
        #expect(first?.isHidden == true && first?.party.name == Self.sponsor.name)
        #expect(second?.isHidden == false && second?.party.name == Self.pharma.name)
        var fresh = PartyLookup(Self.book)
        #expect(fresh.resolve(name: "杭州瑞康恒泰医药有限公司", uscc: "", account: "", on: Self.day)?.match == second?.match)
        #expect(Self.book.resolve(name: "杭州瑞康恒泰医药有限公司", on: Self.day)?.isHidden == false)
    }
}
