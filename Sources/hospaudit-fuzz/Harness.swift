import Foundation
import HospAuditCore

/// What one fuzz input is fed to. `HOSPAUDIT_FUZZ` chooses: `reader` (the bytes as an export
/// of any table), `bundle` (the bytes cut into tables and a policy, audited as one hospital) or
/// `policy` (the bytes as a policy file), `text` (the bytes to the parsing threads' text check,
/// which must agree with the cell check) or `json` (the bytes as text to the document's JSON
/// writer, which must give Foundation's encoder's bytes). Any trap, hang or leak is a defect;
/// errors are fine.
enum Harness: String {
    case reader, bundle, policy, text, json

    static let current = Harness(rawValue: ProcessInfo.processInfo.environment["HOSPAUDIT_FUZZ"] ?? "reader") ?? .reader

    /// A folder of its own for the files an input becomes, made with a random name and
    /// removed when the process ends.
    static let scratch: String = {
        var template = Array((NSTemporaryDirectory() + "hospaudit-fuzz-XXXXXX").utf8CString)
        let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!).map { String(cString: $0) } }
            ?? NSTemporaryDirectory() + "hospaudit-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Harness.scratch) }
        return path
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .reader: Self.read(bytes)
        case .bundle: Self.audit(bytes)
        case .policy: Self.loadPolicy(bytes)
        case .text: Self.checkText(bytes)
        case .json:
            let text = String(decoding: bytes, as: UTF8.self)
            precondition(JSONLayoutAgreement.holds(text), "the document's JSON writer and the encoder disagree on \(bytes)")
        }
    }

    /// The first four bytes say where the rest is cut into the pieces the check is fed (two
    /// 16-bit offsets).
    private static func checkText(_ bytes: [UInt8]) {
        guard bytes.count >= 4 else { return }
        let text = Array(bytes[4...])
        let cuts = [Int(bytes[0]) << 8 | Int(bytes[1]), Int(bytes[2]) << 8 | Int(bytes[3])]
        precondition(TextCheckAgreement.holds(text, cuts: cuts), "the segment check and the cell check disagree on \(text)")
    }

    private static func read(_ bytes: [UInt8]) {
        guard let input = try? DecodedInput.open(bytes: bytes, chunkSize: 97) else { return }
        _ = try? RawRecords.read(input)
        for table in TableCatalog.order {
            guard let schema = TableCatalog.schema(table), let again = try? DecodedInput.open(bytes: bytes) else { continue }
            if table == "ledger" {
                _ = try? LedgerReader(bundle: "fuzz", file: "ledger.csv").read(again) { _ in }
            } else {
                _ = try? TableRowReader.read(again, schema: schema, bundle: "fuzz", file: "\(table).csv")
            }
        }
    }

    /// Tables are separated by U+001E (record separator), in this order; the last part, if
    /// any, is a policy file laid over the shipped one.
    static let bundleParts = ["entity", "ledger", "related_parties", "disclosures", "statements", "contracts", "purchases", "benchmarks"]

    private static func audit(_ bytes: [UInt8]) {
        let bundle = scratch + "/bundle"
        try? FileManager.default.removeItem(atPath: bundle)
        try? FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let parts = bytes.split(separator: 0x1E, omittingEmptySubsequences: false)
        var policy: String?
        for (index, part) in parts.enumerated() {
            if index < bundleParts.count {
                FileManager.default.createFile(atPath: bundle + "/\(bundleParts[index]).csv", contents: Data(part))
            } else if index == bundleParts.count {
                policy = scratch + "/policy.yaml"
                FileManager.default.createFile(atPath: policy!, contents: Data(part))
            }
        }
        let auditor = BundleAuditor(policyChoice: PolicyChoice(file: policy))
        guard let audit = try? auditor.audit(BundleLayout(path: bundle)) else { return }
        let started = Date(timeIntervalSince1970: 0)
        guard let collector = try? RunCollector(bundles: 1, english: true, today: Day(started)),
              (try? collector.add(0, audit)) != nil,
              let run = try? collector.finish(searchProblems: [], startedAt: started) else { return }
        _ = try? run.documentData()
        _ = try? run.summaryText(verbose: false)
    }

    private static func loadPolicy(_ bytes: [UInt8]) {
        let path = scratch + "/policy.yaml"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        if let policy = try? PolicyLoader.load(region: nil, file: path) {
            _ = RuleRegistry.catalog.listing(under: policy)
        }
    }
}
