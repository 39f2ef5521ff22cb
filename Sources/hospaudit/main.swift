import ArgumentParser
import Foundation
import HospAuditCore

// A reader that goes away (`hospaudit audit … | head`) is an error to report, not a signal to die of.
signal(SIGPIPE, SIG_IGN)

// An audit's policy is loaded after its arguments and bundles are read; the runtime's first-use
// costs of loading one are paid meanwhile on the other core. Every way out waits for it.
let warmUp = CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "audit" ? PolicyLoader.warmUp() : nil

func finish(_ code: Int32) -> Never {
    warmUp?.wait()
    Foundation.exit(code)
}

// Exit codes are a contract with cron jobs and CI (0 clean, 1 findings, 2 usage or input,
// 3 internal), so parsing and running are told apart instead of left to ArgumentParser.
do {
    var command = try HospAuditCommand.parseAsRoot()
    do {
        try command.run()
        // Text written with print() is buffered: a full disk or a reader gone shows only here.
        if fflush(nil) != 0 {
            throw CLIError.input("cannot write standard output: \(String(cString: strerror(errno)))")
        }
    } catch let code as ExitCode {
        finish(code.rawValue)
    } catch let error as CLIError {
        DocumentWriter.writeStandardError("hospaudit: \(TerminalText.safe(error.description))\n")
        finish(2)
    } catch let error as ValidationError {
        DocumentWriter.writeStandardError("hospaudit: \(TerminalText.safe(error.message))\n")
        finish(2)
    } catch {
        // Help asked for once parsing is done (`hospaudit`, `hospaudit --help`) arrives here as
        // an error of ArgumentParser's; it prints and exits 0, a parse failure exits 2.
        switch HospAuditCommand.exitCode(for: error) {
        case .success:
            warmUp?.wait()
            HospAuditCommand.exit(withError: error)
        case .validationFailure:
            DocumentWriter.writeStandardError(HospAuditCommand.fullMessage(for: error) + "\n")
            finish(2)
        default:
            DocumentWriter.writeStandardError("hospaudit: internal error: \(error)\n")
            finish(3)
        }
    }
} catch {
    // Help and --version exit 0 through here; every other parse failure is a usage error.
    if HospAuditCommand.exitCode(for: error) == .success {
        warmUp?.wait()
        HospAuditCommand.exit(withError: error)
    }
    DocumentWriter.writeStandardError(HospAuditCommand.fullMessage(for: error) + "\n")
    finish(2)
}
warmUp?.wait()
