import Testing
@testable import HospAuditCore

struct USCCTests {
    @Test(arguments: ["52110000MJ0012345X", "91110105MA01ABCD39", "91310115MA1K3Y2P5M", "12110000400012345U", "91330106MA28GH4Q70"])
    func acceptsValidCodes(code: String) {
        #expect(USCC.problem(in: code) == nil)
    }

    @Test func reportsTheExpectedCheckCharacter() {
        #expect(USCC.problem(in: "52110000MJ00123456") == .wrongCheckCharacter(expected: "X", found: "6"))
    }

    @Test func reportsLengthAndAlphabet() {
        #expect(USCC.problem(in: "5211000MJ0012345X") == .wrongLength(17))
        #expect(USCC.problem(in: "52110000MJ0O12345X") == .invalidCharacter(position: 12, character: "O"))
    }

    @Test func normalizesCaseAndSpaces() {
        #expect(USCC.normalize(" 91110105ma01abcd39 ") == "91110105MA01ABCD39")
        #expect(USCC.checkCharacter(for: "91110105MA01ABCD3") == "9")
    }
}
