/// A text a ledger line names something by (an account's code or name, a counterparty, its
/// USCC or bank account), as the bundle's `LedgerTexts` numbers it. Lines carry these numbers,
/// not Strings, so a line is plain data: copying, handing over and dropping one counts no
/// references, and comparing two names is comparing integers.
///
/// Two numbers: `id` is the exact text (the same bytes, the same id), read back for evidence;
/// `key` is what equality and hashing use, the same for texts Swift's `==` finds equal (a name
/// written once with a CJK compatibility ideograph, once with the unified one), as comparing
/// the Strings did.
public struct LedgerText: Hashable, Sendable {
    let id: UInt32
    let key: UInt32

    init(id: UInt32, key: UInt32) {
        self.id = id
        self.key = key
    }

    /// The empty text, in every table.
    public static let empty = LedgerText(id: 0, key: 0)

    public var isEmpty: Bool { id == 0 }

    public static func == (a: LedgerText, b: LedgerText) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
