/// A finding as a run records it in the history (`HistoryStore.Recorded` is what a later run
/// reads back), and as the run's spool keeps it until then.
public struct HistoryRow: Sendable {
    public let fingerprint: String
    public let rule: String
    public let hospitalID: String
    public let period: String
    public let counterparty: String?
    public let amount: String?
    public let severity: String
    public let status: String
    public let firstSeen: String

    init(_ f: Finding, fingerprint: String, today: Day) {
        self.fingerprint = fingerprint
        rule = f.rule
        hospitalID = f.hospitalID
        period = f.period
        counterparty = f.counterparty
        amount = f.amount?.description
        severity = f.severity.rawValue
        status = f.isSuppressed ? "suppressed" : (f.recurrence?.status.rawValue ?? "new")
        firstSeen = f.recurrence?.firstSeen ?? today.description
    }

    func add(to record: inout SpoolRecord) {
        for field in [fingerprint, rule, hospitalID, period, counterparty, amount, severity, status, firstSeen] { record.add(field) }
    }

    init(from reader: inout SpoolReader) {
        fingerprint = reader.text() ?? ""
        rule = reader.text() ?? ""
        hospitalID = reader.text() ?? ""
        period = reader.text() ?? ""
        counterparty = reader.text()
        amount = reader.text()
        severity = reader.text() ?? ""
        status = reader.text() ?? ""
        firstSeen = reader.text() ?? ""
    }
}

