import Foundation

/// A findings document read back, for the reports made from it (`hospaudit report`): any
/// document of this schema version, whether this run wrote it or another did long ago.
public struct ReportDocument: Decodable, Sendable {
    public struct Tool: Decodable, Sendable { public let name: String; public let version: String }
    public struct PolicyRef: Decodable, Sendable { public let name: String; public let sha256: String }
    public struct Input: Decodable, Sendable {
        public let bundle: String
        public let file: String
        public let table: String?
        public let rows: Int
        public let errors: Int
    }
    public struct Run: Decodable, Sendable {
        public let startedAt: String
        public let language: String?
        public let policy: PolicyRef?
        public let inputs: [Input]
    }
    public struct Summary: Decodable, Sendable {
        public let hospitals: Int
        public let findings: Int
        public let bySeverity: [String: Int]
        public let byRule: [String: Int]
        public let inputErrors: Int
        public let suppressed: Int?
    }
    public struct Hospital: Decodable, Sendable {
        public let hospitalId: String
        public let name: String
        public let ownership: String
        public let region: String?
        public let bundle: String
        public let policy: String
        public let score: Int
        public let blacklisted: Bool
        public let margin: String?
        public let findings: Int
        public let status: String?
        public let statusReasons: [String]?
    }
    public struct NotAudited: Decodable, Sendable {
        public let bundle: String
        public let reasons: [String]
    }
    public struct Title: Decodable, Sendable { public let zh: String; public let en: String }
    public struct Citation: Decodable, Sendable { public let document: String; public let clause: String }
    public struct Evidence: Decodable, Sendable {
        public let file: String
        public let line: Int
        public let entryId: String
        public let date: String
        public let account: String
        public let debit: String
        public let credit: String
        public let counterparty: String?
        public let summary: String
    }
    public struct Waiver: Decodable, Sendable {
        public let reason: String
        public let acceptedBy: String
        public let expires: String
    }
    public struct Finding: Decodable, Sendable {
        public let fingerprint: String
        public let rule: String
        public let title: Title
        public let severity: String
        public let hospitalId: String
        public let period: String
        public let counterparty: String?
        public let amount: String?
        public let currency: String
        public let message: String
        public let basis: [Citation]
        public let evidence: [Evidence]
        public let evidenceCount: Int
        public let consequences: [String]
        public let status: String?
        public let waiver: Waiver?
        public let firstSeen: String?
        public let amountChanged: Bool?
    }
    public struct InputProblem: Decodable, Sendable {
        public let bundle: String
        public let file: String?
        public let line: Int?
        public let column: String?
        public let code: String
        public let message: String
    }
    public struct WaiverOutcome: Decodable, Sendable {
        public let position: Int
        public let names: String
        public let state: String
        public let findings: Int
        public let reason: String
        public let acceptedBy: String
        public let expires: String
    }
    public struct Resolved: Decodable, Sendable {
        public let fingerprint: String
        public let rule: String
        public let hospitalId: String
        public let period: String
        public let counterparty: String?
        public let firstSeen: String
        public let lastSeen: String
    }

    public let schemaVersion: String
    public let tool: Tool
    public let run: Run
    public let summary: Summary
    public let hospitals: [Hospital]
    public let notAudited: [NotAudited]?
    public let findings: [Finding]
    public let errors: [InputProblem]
    public let resolved: [Resolved]?
    public let waivers: [WaiverOutcome]?
    /// Each hospital's bundle by id (the first, for a hospital in two bundles).
    public private(set) var bundles: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, run, summary, hospitals, notAudited, findings, errors, resolved, waivers
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String, reason: String)
        case notADocument(String, reason: String)
        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
            case .notADocument(let path, let reason): return "\(path) is not a hospaudit findings document: \(reason)"
            }
        }
    }

    /// `-` is standard input: `audit -o - | report - --html …` needs no file in between.
    public static func read(_ path: String) throws -> ReportDocument {
        if path == "-" {
            let data: Data
            do {
                data = try FileHandle.standardInput.readToEnd() ?? Data()
            } catch {
                throw Failure.unreadable("standard input", reason: "\(error)")
            }
            return try decode(data, path: "standard input")
        }
        let data: Data
        do {
            data = try WholeFile.data(path, limit: nil)
        } catch let error as FileReadError {
            throw Failure.unreadable(path, reason: error.reason)
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String = "the document") throws -> ReportDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var document: ReportDocument
        do {
            document = try decoder.decode(ReportDocument.self, from: data)
        } catch let error as DecodingError {
            throw Failure.notADocument(path, reason: Self.describe(error))
        }
        guard document.tool.name == "hospaudit", document.schemaVersion.hasPrefix("1.") else {
            throw Failure.notADocument(path, reason: "schema \(document.schemaVersion) of \(document.tool.name)")
        }
        document.bundles = Dictionary(document.hospitals.map { ($0.hospitalId, $0.bundle) }, uniquingKeysWith: { first, _ in first })
        return document
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): return "no \(key.stringValue) at \(Self.path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(Self.path(context))"
        @unknown default: return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "the top" : context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// A hospital's bundle, for the location of its evidence.
    public func bundle(of hospitalID: String) -> String? { bundles[hospitalID] }

    public var english: Bool { run.language == "en" }

    /// Whether the run kept a history: findings then carry their first-seen date.
    public var hasHistory: Bool { findings.contains { $0.firstSeen != nil } || !(resolved ?? []).isEmpty }
}
