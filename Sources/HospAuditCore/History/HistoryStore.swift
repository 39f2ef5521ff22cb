import Foundation
import GRDB

/// The runs of a scheduled check and their findings, in one SQLite file: what lets a run say
/// which findings are new, which recur (since when) and which were resolved since the last run
/// over the same bundles.
public final class HistoryStore {
    private let db: DatabaseQueue
    public let path: String

    /// A finding as an earlier run recorded it.
    public struct Recorded: Sendable, Equatable {
        public let fingerprint: String
        public let rule: String
        public let hospitalID: String
        public let period: String
        public let counterparty: String?
        public let amount: String?
        public let firstSeen: String
    }

    /// One run as recorded.
    public struct RunRecord: Sendable, Equatable {
        public let id: Int64
        public let scope: String
        public let startedAt: String
        public let finishedAt: String
        public let toolVersion: String
        public let policySHA256: String
        public let hospitals: Int
        public let findings: Int
        public let inputErrors: Int
    }

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        db = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(db)
    }

    /// Versioned: a database made by an older release is brought up to date, never rebuilt.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scope", .text).notNull().indexed()
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text).notNull()
                t.column("arguments", .text).notNull()
                t.column("tool_version", .text).notNull()
                t.column("policy_sha256", .text).notNull()
                t.column("hospitals", .integer).notNull()
                t.column("findings", .integer).notNull()
                t.column("input_errors", .integer).notNull()
            }
            try db.create(table: "run_input") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("bundle", .text).notNull()
                t.column("file", .text).notNull()
                t.column("sha256", .text)
            }
            try db.create(table: "finding") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("fingerprint", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("hospital_id", .text).notNull().indexed()
                t.column("period", .text).notNull()
                t.column("counterparty", .text)
                t.column("amount", .text)
                t.column("severity", .text).notNull()
                t.column("status", .text).notNull()
                t.column("first_seen", .text).notNull()
                t.primaryKey(["run_id", "fingerprint"])
            }
        }
        return migrator
    }

    /// The latest run over the same scope, and its findings.
    public func previous(scope: String) throws -> (run: RunRecord, findings: [String: Recorded])? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE scope = ? ORDER BY id DESC LIMIT 1", arguments: [scope]) else {
                return nil
            }
            let run = Self.run(row)
            var findings: [String: Recorded] = [:]
            for f in try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE run_id = ?", arguments: [run.id]) {
                let recorded = Recorded(fingerprint: f["fingerprint"], rule: f["rule"], hospitalID: f["hospital_id"], period: f["period"],
                                        counterparty: f["counterparty"], amount: f["amount"], firstSeen: f["first_seen"])
                findings[recorded.fingerprint] = recorded
            }
            return (run, findings)
        }
    }

    /// What a run records of itself.
    public struct NewRun: Sendable {
        public var scope: String
        public var startedAt: String
        public var finishedAt: String
        public var arguments: String
        public var policySHA256: String
        public var hospitals: Int
        public var findings: Int
        public var inputErrors: Int

        public init(scope: String, startedAt: String, finishedAt: String, arguments: String, policySHA256: String, hospitals: Int,
                    findings: Int, inputErrors: Int) {
            self.scope = scope
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.arguments = arguments
            self.policySHA256 = policySHA256
            self.hospitals = hospitals
            self.findings = findings
            self.inputErrors = inputErrors
        }
    }

    /// Records a run in one transaction; `rows` hands over each input's digest and each finding.
    public func record(_ run: NewRun, rows: (_ input: (String, String, String?) throws -> Void, _ finding: (HistoryRow) throws -> Void) throws -> Void) throws -> Int64 {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO run (scope, started_at, finished_at, arguments, tool_version, policy_sha256, hospitals, findings, input_errors)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.scope, run.startedAt, run.finishedAt, run.arguments, HospAuditVersion.current,
                                 run.policySHA256, run.hospitals, run.findings, run.inputErrors])
            let id = db.lastInsertedRowID
            let input = try db.makeStatement(sql: "INSERT INTO run_input (run_id, bundle, file, sha256) VALUES (?, ?, ?, ?)")
            let finding = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO finding (run_id, fingerprint, rule, hospital_id, period, counterparty, amount, severity, status, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try rows({ bundle, file, sha256 in
                try input.execute(arguments: [id, bundle, file, sha256])
            }, { f in
                try finding.execute(arguments: [id, f.fingerprint, f.rule, f.hospitalID, f.period, f.counterparty, f.amount, f.severity,
                                                f.status, f.firstSeen])
            })
            return id
        }
    }

    public func runs() throws -> [RunRecord] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map(Self.run) }
    }

    /// A hospital's findings run by run: (run id, started at, fingerprint, rule, period, amount, status).
    public func findings(hospital: String) throws -> [(run: Int64, startedAt: String, fingerprint: String, rule: String, period: String,
                                                        amount: String?, status: String, firstSeen: String)] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, r.started_at FROM finding f JOIN run r ON r.id = f.run_id
                WHERE f.hospital_id = ? ORDER BY r.id, f.rule, f.period, f.fingerprint
                """, arguments: [hospital]).map {
                (run: $0["run_id"], startedAt: $0["started_at"], fingerprint: $0["fingerprint"], rule: $0["rule"], period: $0["period"],
                 amount: $0["amount"], status: $0["status"], firstSeen: $0["first_seen"])
            }
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        RunRecord(id: row["id"], scope: row["scope"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                  toolVersion: row["tool_version"], policySHA256: row["policy_sha256"], hospitals: row["hospitals"],
                  findings: row["findings"], inputErrors: row["input_errors"])
    }
}
