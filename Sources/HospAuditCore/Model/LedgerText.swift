/// A text a ledger line names something by (an account's code or name, a counterparty, its
/// USCC or bank account), as the bundle's `LedgerTexts` numbers it: the same bytes, the same
/// number. Lines carry these numbers, not Strings, so a line is plain data: copying, handing
/// over and dropping one counts no references, and comparing two names is comparing integers.
public struct LedgerText: Hashable, Sendable {
    let id: UInt32

    /// The empty text, in every table.
    public static let empty = LedgerText(id: 0)

    public var isEmpty: Bool { id == 0 }
}
