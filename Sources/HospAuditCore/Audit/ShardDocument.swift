import Foundation

/// What `audit --shard I/N` writes: the audits of one shard of a run's bundles, with everything
/// the findings document and the cross-hospital rules need, so `hospaudit merge` can finish the
/// run as one process would have (the same document, byte for byte, but for `started_at`).
public struct ShardDocument: Codable, Sendable {
    public static let kind = "hospaudit-shard"
    public var kind = ShardDocument.kind
    public var schemaVersion = FindingsDocument.schemaVersion
    public var toolVersion = HospAuditVersion.current
    public var shard: Int
    public var shards: Int
    /// The run's PATH arguments, as given: every shard of a run must have the same.
    public var paths: [String]
    /// How many bundles the whole run has.
    public var bundles: Int
    /// The run's scope for the history: all its bundles, whichever shard.
    public var scope: String
    /// Problems finding the bundles (the same in every shard; the merge takes shard 0's).
    public var searchProblems: [InputError]
    public var audits: [Audit]

    public struct Audit: Codable, Sendable {
        /// The bundle's place among all the run's bundles: the merge keeps their order.
        public var index: Int
        public var bundle: String
        public var status: AuditStatus
        public var statusReasons: [LocalizedText]
        public var hospital: Hospital?
        public var findings: [Finding]
        public var files: [File]
        public var digests: [String: String]
        public var errors: [InputError]
        public var figures: ResultFigures?
    }

    /// A file's account as the document gives it.
    public struct File: Codable, Sendable {
        public var file: String
        public var table: String?
        public var encoding: String?
        public var used: Int
        public var skipped: Int
        public var errors: Int
    }

    /// Which shard a bundle falls in: its name (its path under the run's root) hashed, so the
    /// split does not move when bundles are added or listed in another order.
    public static func shard(of bundle: String, among shards: Int) -> Int {
        let digest = SHA256.hex(Array(bundle.utf8))
        return Int(UInt64(digest.prefix(15), radix: 16)! % UInt64(shards))
    }

    public init(shard: Int, shards: Int, paths: [String], bundles: Int, scope: String, searchProblems: [InputError],
                audits: [(Int, BundleAudit)]) {
        self.shard = shard
        self.shards = shards
        self.paths = paths
        self.bundles = bundles
        self.scope = scope
        self.searchProblems = searchProblems
        self.audits = audits.map { index, a in
            Audit(index: index, bundle: a.bundle, status: a.status, statusReasons: a.statusReasons, hospital: a.hospital,
                  findings: a.findings, files: a.files.map {
                      File(file: $0.file, table: $0.table, encoding: $0.encoding, used: $0.used, skipped: $0.skippedTotal, errors: $0.errorCount)
                  }, digests: a.digests, errors: a.errors, figures: a.figures)
        }
    }

    public func jsonData() throws -> Data {
        try Data(CompactJSON.encode(self)) + Data([0x0A])
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notAShard(String)
        case unreadable(String, reason: String)
        case mismatch(String)

        public var description: String {
            switch self {
            case .notAShard(let file): return "\(file) is not a shard document of this version of hospaudit"
            case .unreadable(let file, let reason): return "cannot read \(file): \(reason)"
            case .mismatch(let message): return message
            }
        }
    }

    public static func read(_ path: String) throws -> ShardDocument {
        let data: Data
        do {
            data = try WholeFile.data(path, limit: nil)
        } catch let error as FileReadError {
            throw Failure.unreadable(path, reason: error.reason)
        }
        guard let shard = try? JSONDecoder().decode(ShardDocument.self, from: data),
              shard.kind == kind, shard.schemaVersion == FindingsDocument.schemaVersion, shard.toolVersion == HospAuditVersion.current else {
            throw Failure.notAShard(path)
        }
        return shard
    }

    /// The run's audits from all its shards, in the order one process would have them, with
    /// each hospital's policy built again as the run built it. Every shard of 0..<N must be
    /// there once, all of one run.
    public static func merge(_ shards: [ShardDocument], policyChoice: PolicyChoice) throws -> (audits: [BundleAudit], searchProblems: [InputError]) {
        guard let first = shards.first else { throw Failure.mismatch("no shard documents given") }
        let numbers = shards.map(\.shard).sorted()
        guard shards.allSatisfy({ $0.shards == first.shards && $0.paths == first.paths && $0.bundles == first.bundles && $0.scope == first.scope }),
              numbers == Array(0..<first.shards) else {
            throw Failure.mismatch("the shards are not one run's \(first.shards) shards (have \(numbers.map(String.init).joined(separator: ", ")) of \(first.paths.joined(separator: " ")))")
        }
        var audits: [(Int, BundleAudit)] = []
        for shard in shards {
            for a in shard.audits {
                var audit = BundleAudit(bundle: a.bundle)
                audit.status = a.status
                audit.statusReasons = a.statusReasons
                audit.hospital = a.hospital
                audit.findings = a.findings
                audit.files = a.files.map { f in
                    var report = FileReport(bundle: a.bundle, file: f.file, table: f.table)
                    report.encoding = f.encoding
                    report.used = f.used
                    if f.skipped > 0 { report.skipped[.blank] = f.skipped }
                    report.errorCount = f.errors
                    return report
                }
                audit.digests = a.digests
                audit.errors = a.errors
                audit.figures = a.figures
                if let hospital = a.hospital { audit.policy = try policyChoice.policy(for: hospital) }
                audits.append((a.index, audit))
            }
        }
        guard audits.count == first.bundles, Set(audits.map(\.0)).count == audits.count else {
            throw Failure.mismatch("the shards hold \(audits.count) bundles of a run of \(first.bundles)")
        }
        return (audits.sorted { $0.0 < $1.0 }.map(\.1), shards.first { $0.shard == 0 }!.searchProblems)
    }
}
