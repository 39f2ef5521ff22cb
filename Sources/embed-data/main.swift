import Foundation

// embed-data OUTPUT ENUM=FILE ...
// Writes one Swift file with, per ENUM, `static let json: [String: String]` mapping each
// file's name without its last extension to its text (JSON, or a report template). Run by
// the EmbedData build plugin.

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-data OUTPUT ENUM=FILE ...\n".utf8))
    exit(2)
}
var entries: [String: [(key: String, text: String)]] = [:]
for argument in arguments.dropFirst() {
    guard let split = argument.firstIndex(of: "=") else {
        FileHandle.standardError.write(Data("embed-data: expected ENUM=FILE, got \(argument)\n".utf8))
        exit(2)
    }
    let name = String(argument[..<split])
    let path = String(argument[argument.index(after: split)...])
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("embed-data: cannot read \(path)\n".utf8))
        exit(1)
    }
    // The text goes into a raw string literal; a file holding its terminator could not.
    guard !text.contains("\"\"\"#") else {
        FileHandle.standardError.write(Data("embed-data: \(path) holds a raw string terminator\n".utf8))
        exit(1)
    }
    let key = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    entries[name, default: []].append((key, text))
}
var lines = ["// Generated at build time by the EmbedData plugin from the JSON files named below.", ""]
for name in entries.keys.sorted() {
    lines.append("enum \(name) {")
    lines.append("    static let json: [String: String] = [")
    for entry in entries[name]! {
        lines.append("        \"\(entry.key)\": #\"\"\"")
        var text = entry.text
        while text.hasSuffix("\n") { text.removeLast() }
        lines.append(text)
        lines.append("\"\"\"#,")
    }
    lines.append("    ]")
    lines.append("}")
    lines.append("")
}
let swift = lines.joined(separator: "\n")
// Rewritten only when it changes, so an unchanged policy does not recompile the core.
if (try? String(contentsOfFile: output, encoding: .utf8)) != swift {
    do {
        try swift.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("embed-data: cannot write \(output): \(error)\n".utf8))
        exit(1)
    }
}
