import ArgumentParser
import Foundation
import HospAuditCore

/// Errors that end a run with the exit codes of the output contract.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case input(String)

    var description: String {
        switch self {
        case .usage(let message), .input(let message): return message
        }
    }
}

extension CLIError: CustomNSError {
    var errorCode: Int { 2 }
}

enum JSONOutput {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func print<T: Encodable>(_ value: T) throws {
        var data = try encoder().encode(value)
        data.append(0x0A)
        do {
            try DocumentWriter.writeStandardOutput(data)
        } catch let failure as DocumentWriter.Failure {
            throw CLIError.input(failure.description)
        }
    }
}

/// The bundles named on the command line; a path that names none is a usage error.
/// `thin`: only names and paths, each bundle's files listed when it is audited.
func bundles(_ paths: [String], thin: Bool = false, mapping: ImportMapping? = nil) throws -> BundleLayout.Search {
    do {
        return try BundleSources.find(paths, thin: thin, mapping: mapping)
    } catch let failure as BundleSources.Failure {
        throw CLIError.usage(failure.description)
    }
}
