import Foundation
import CSignalSafe
#if canImport(Glibc)
import Glibc
#endif

/// What SIGINT, SIGTERM and SIGHUP do. While a document is being written its temporary file is
/// removed before the process exits, and so is the folder archives were unpacked into (which
/// `atexit` removes otherwise: a handler's `_exit` runs no `atexit` handler). While a run's
/// bundles are being audited (`StopRequest`) the first signal is only noted, so no new bundle is
/// started and the run can end saying so; a second one ends the process at once. The handler
/// touches only static memory and calls what a signal handler may call (`CSignalSafe`: unlink,
/// the folder's removal, `_exit`); the paths it removes are published there whole, so a
/// handler on one thread never reads a path another thread is still writing. A signal the
/// process was told to ignore (SIGHUP under nohup) stays ignored.
enum InterruptCleanup {
    private nonisolated(unsafe) static var installed = false
    private static let lock = NSLock()

    fileprivate static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(sig, hospaudit_signal_handler)
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
    }

    /// The file to remove if the run is interrupted, or nil once it is in place.
    static func remove(_ path: String?) {
        install()
        // One writer at a time: the handler reads a whole path or none, not a mix of two.
        lock.lock()
        defer { lock.unlock() }
        _ = hospaudit_cleanup_set_file(path)
    }

    /// The folder to remove with everything in it if the run is interrupted, or nil once it is gone.
    static func remove(folder path: String?) {
        install()
        lock.lock()
        defer { lock.unlock() }
        _ = hospaudit_cleanup_set_folder(path)
    }
}

/// A run's wish to be stopped by SIGINT, SIGTERM or SIGHUP while it audits: the signal is
/// noted instead of ending the process, and the run asks before each bundle.
public enum StopRequest {
    /// From now on a first signal is only noted.
    public static func begin() {
        InterruptCleanup.install()
        hospaudit_set_graceful(1)
    }

    /// From now on a signal ends the process at once (removing a document being written).
    public static func end() {
        hospaudit_set_graceful(0)
    }

    /// The signal received since `begin`, if any.
    @inline(never)
    public static var signal: Int32? {
        let sig = hospaudit_requested_signal()
        return sig == 0 ? nil : sig
    }
}
