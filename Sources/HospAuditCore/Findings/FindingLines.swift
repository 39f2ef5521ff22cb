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
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `write` gets whole lines, newline included.
    public init(english: Bool, write: @escaping (Data) throws -> Void) {
        self.english = english
        self.write = write
    }

    /// A bundle's records. Called by the threads of a batch, one bundle at a time.
    public func bundle(_ audit: BundleAudit) {
        var lines: [Data] = []
        if audit.hospital != nil {
            lines.append(line("hospital", FindingsDocument.hospitalEntry(audit, english: english)))
        } else {
            lines.append(line("not_audited", FindingsDocument.NotAuditedEntry(
                bundle: audit.bundle, reasons: audit.statusReasons.map { english ? $0.en : $0.zh })))
        }
        lines += findingLines(audit.findings)
        lines += audit.errors.map { line("error", FindingsDocument.entry($0, english: english)) }
        emit(lines)
    }

    /// After the cross-hospital rules: their findings, and the hospitals whose score they changed.
    public func peers(before: [BundleAudit], after: [BundleAudit]) {
        var lines: [Data] = []
        for (old, new) in zip(before, after) where new.findings.count > old.findings.count {
            lines += findingLines(Array(new.findings[old.findings.count...]))
            if let hospital = new.hospital {
                lines.append(line("hospital_update", HospitalUpdate(
                    hospitalID: hospital.id, bundle: new.bundle, score: new.score, blacklisted: new.blacklisted,
                    findings: new.findings.filter { !$0.isSuppressed }.count)))
            }
        }
        emit(lines)
    }

    /// The last line: the run as the document would give it, less what the lines gave already.
    public func run(_ document: FindingsDocument) throws {
        emit([line("run", RunRecord(schemaVersion: document.schemaVersion, tool: document.tool, run: document.run,
                                    summary: document.summary, waivers: document.waivers, resolved: document.resolved))])
        if let failure { throw failure }
    }

    private func findingLines(_ findings: [Finding]) -> [Data] {
        findings.map { ($0.fingerprint, $0) }.sorted { ($0.1.rule, $0.1.period, $0.0) < ($1.1.rule, $1.1.period, $1.0) }
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
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
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

    struct RunRecord: Encodable {
        let schemaVersion: String
        let tool: FindingsDocument.Tool
        let run: FindingsDocument.Run
        let summary: FindingsDocument.Summary
        let waivers: [FindingsDocument.WaiverOutcomeEntry]
        let resolved: [FindingsDocument.ResolvedEntry]
        enum CodingKeys: String, CodingKey {
            case tool, run, summary, waivers, resolved
            case schemaVersion = "schema_version"
        }
    }
}
