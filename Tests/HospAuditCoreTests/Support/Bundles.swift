import Foundation
@testable import HospAuditCore

/// Writes tables (CSV text) into a fresh bundle folder, as a hospital's export would be.
func makeBundle(_ tables: [String: String], name: String = "测试医院") throws -> BundleLayout {
    let dir = Scratch.folder + "/hospaudit-\(UUID().uuidString)/\(name)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (table, text) in tables {
        try text.write(toFile: dir + "/\(table).csv", atomically: true, encoding: .utf8)
    }
    return BundleLayout(path: dir)
}

/// Checks a findings document with a real JSON Schema validator (Python's jsonschema,
/// draft 2020-12) and returns its complaints.
func schemaViolations(_ document: Data, schema: String = "findings.schema.json") throws -> [String] {
    let path = Scratch.folder + "/hospaudit-doc-\(UUID().uuidString).json"
    try document.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
        jsonschema.Draft202012Validator.check_schema(schema)
        for e in jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc):
            print(e.json_path, e.message[:300])
        """
    let result = try CLI.python(script, [Paths.schemas.appendingPathComponent(schema).path, path])
    guard result.status == 0 else { return ["validator failed: \(result.stderr)"] }
    return result.text.split(separator: "\n").map(String.init)
}

/// Every file and folder the tests make lies in one folder of the test process, removed when the
/// process exits, so runs do not pile up in the system's temporary folder.
enum Scratch {
    static let folder: String = {
        let root = NSTemporaryDirectory() + "hospaudit-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.folder) }
        return root
    }()
}

/// Checks every line of `audit --format jsonl` against `$defs/line` of the findings schema.
func lineViolations(_ jsonl: Data) throws -> [String] {
    let path = Scratch.folder + "/lines-\(UUID().uuidString).jsonl"
    try jsonl.write(to: URL(fileURLWithPath: path))
    let script = """
        import json, sys, jsonschema
        doc = json.load(open(sys.argv[1]))
        schema = {"$schema": doc["$schema"], "$defs": doc["$defs"], "$ref": "#/$defs/line"}
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for number, text in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
            for e in validator.iter_errors(json.loads(text)):
                print(number, e.json_path, e.message[:200])
        """
    let result = try CLI.python(script, [Paths.schemas.appendingPathComponent("findings.schema.json").path, path])
    guard result.status == 0 else { return ["validator failed: \(result.stderr)"] }
    return result.text.split(separator: "\n").map(String.init)
}

/// Checks a SARIF log against the official SARIF 2.1.0 schema (draft-04), kept in Tests/Reference.
func sarifViolations(_ log: Data) throws -> [String] {
    let path = Scratch.folder + "/log-\(UUID().uuidString).sarif"
    try log.write(to: URL(fileURLWithPath: path))
    let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
        jsonschema.Draft4Validator.check_schema(schema)
        for e in jsonschema.Draft4Validator(schema).iter_errors(log):
            print(e.json_path, e.message[:300])
        """
    let schema = Paths.packageRoot.appendingPathComponent("Tests/Reference/sarif/sarif-schema-2.1.0.json").path
    let result = try CLI.python(script, [schema, path])
    guard result.status == 0 else { return ["validator failed: \(result.stderr)"] }
    return result.text.split(separator: "\n").map(String.init)
}
