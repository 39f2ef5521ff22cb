import Foundation

/// `audit --format jsonl`: one JSON object a line, for systems that ingest as a run goes. Each
/// bundle's records (its hospital, findings and errors) are written as soon as it is audited;
/// the cross-hospital rules' findings, any hospital whose score they changed, and the run
/// record (inputs, summary, waivers, resolved) come last. Lines follow `$defs/line` of
/// `schemas/findings.schema.json`.
public final class FindingLines: @unchecked Sendable {
    private let english: Bool
    private let write: (Data) throws -> Void
    private let lock = NSLock()
    private var failure: Error?

    /// `write` gets whole lines, newline included.
    public init(english: Bool, write: @escaping (Data) throws -> Void) {
        self.english = english
        self.write = write
    }

    /// A bundle's records, its findings counted in `tally`. Called by the threads of a batch,
    /// one bundle at a time.
    public func bundle(_ audit: BundleAudit, tally: BundleTally) {
        var lines: [Data] = []
        if audit.hospital != nil {
            lines.append(line("hospital", FindingsDocument.hospitalEntry(audit, tally: tally, english: english)))
        } else {
            lines.append(line("not_audited", FindingsDocument.NotAuditedEntry(
                bundle: audit.bundle, reasons: audit.statusReasons.map { english ? $0.en : $0.zh })))
        }
        lines += findingLines(audit.findings.map { (fingerprint: $0.fingerprint, finding: $0) })
        lines += audit.errors.map { line("error", FindingsDocument.entry($0, english: english)) }
        emit(lines)
    }

    /// After the cross-hospital rules: a hospital's findings from them, and its score now.
    public func peers(_ findings: [(fingerprint: String, finding: Finding)], of audit: BundleAudit, tally: BundleTally) {
        var lines = findingLines(findings)
        if let hospital = audit.hospital {
            let score = tally.score(under: audit.policy)
            lines.append(line("hospital_update", HospitalUpdate(
                hospitalID: hospital.id, bundle: audit.bundle, score: score,
                blacklisted: audit.policy.map { score >= $0.blacklistThreshold } ?? false, findings: tally.standing)))
        }
        emit(lines)
    }

    /// The last line: the run as the document would give it, less what the lines gave already.
    /// Its inputs come from the spool one by one, so the line is written in pieces.
    public func run(_ run: CollectedRun) throws {
        var bytes = Array(#"{"type":"run","resolved":"#.utf8)
        bytes += try CompactJSON.encode(run.resolvedEntries)
        bytes += Array(#","run":{"inputs":["#.utf8)
        var first = true
        try run.forEachInput { input in
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes += input
            // A region's inputs make a long line: it goes out in pieces, after every other line.
            if bytes.count >= 1 << 16 {
                emit([Data(bytes)])
                bytes.removeAll(keepingCapacity: true)
            }
        }
        let policies = run.policyRefs
        bytes += Array(#"],"language":"#.utf8) + (try CompactJSON.encode(english ? "en" : "zh"))
        bytes += Array(#","policies":"#.utf8) + (try CompactJSON.encode(policies.all))
        bytes += Array(#","policy":"#.utf8) + (try CompactJSON.encode(policies.run))
        bytes += Array(#","started_at":"#.utf8) + (try CompactJSON.encode(run.startedAtText))
        bytes += Array(#"},"schema_version":"#.utf8) + (try CompactJSON.encode(FindingsDocument.schemaVersion))
        bytes += Array(#","summary":"#.utf8) + (try CompactJSON.encode(run.summary))
        bytes += Array(#","tool":"#.utf8) + (try CompactJSON.encode(FindingsDocument.tool))
        bytes += Array(#","waivers":"#.utf8) + (try CompactJSON.encode(run.waiverEntries))
        bytes += Array("}\n".utf8)
        emit([Data(bytes)])
        if let failure { throw failure }
    }

    private func findingLines(_ findings: [(fingerprint: String, finding: Finding)]) -> [Data] {
        findings.sorted { ($0.1.rule, $0.1.period, $0.0) < ($1.1.rule, $1.1.period, $1.0) }
            .map { line("finding", FindingsDocument.entry($1, fingerprint: $0, english: english)) }
    }

    private func emit(_ lines: [Data]) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        do {
            for line in lines { try write(line) }
        } catch {
            failure = error
        }
    }

    /// The record's own JSON with its type first.
    private func line<T: Encodable>(_ type: String, _ value: T) -> Data {
        typed(type, (try? CompactJSON.encode(value)) ?? Array("{}".utf8))
    }

    private func line<T: Encodable & JSONLayoutWritable>(_ type: String, _ value: T) -> Data {
        var json = JSONLayout(pretty: false)
        value.write(to: &json)
        return typed(type, json.bytes)
    }

    private func typed(_ type: String, _ object: [UInt8]) -> Data {
        var data = Data(object)
        let head = Data("{\"type\":\"\(type)\"".utf8) + (data.count > 2 ? Data(",".utf8) : Data())
        data.replaceSubrange(0..<1, with: head)
        data.append(0x0A)
        return data
    }

    struct HospitalUpdate: Encodable {
        let hospitalID: String
        let bundle: String
        let score: Int
        let blacklisted: Bool
        let findings: Int
        enum CodingKeys: String, CodingKey {
            case bundle, score, blacklisted, findings
            case hospitalID = "hospital_id"
        }
    }
}
