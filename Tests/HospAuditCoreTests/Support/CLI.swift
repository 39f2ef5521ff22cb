import Foundation

/// Runs the built `hospaudit` executable, as a user or a cron job would.
struct CLIResult {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

enum CLI {
    /// The executable sits beside the test bundle in the build folder, whichever it is.
    static let executable: URL = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("hospaudit"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hospaudit"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hospaudit"),
            Paths.packageRoot.appendingPathComponent(".build/debug/hospaudit"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// `stdin`: a file the child reads as its standard input.
    static func run(_ arguments: [String], executable: URL = CLI.executable, stdin: String? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let stdin { process.standardInput = FileHandle(forReadingAtPath: stdin) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large document cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The CLI started as cron starts it, with SIGTERM at its default: the test runner may ignore
    /// or block SIGTERM, and a child inherits that.
    static func processWithDefaultSigterm(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.execv(sys.argv[1], sys.argv[1:])
            """, executable.path] + arguments
        return process
    }

    static func python(_ script: String, _ arguments: [String]) throws -> CLIResult {
        try run(["python3", "-c", script] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }
}
