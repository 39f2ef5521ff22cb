import CSignalSafe
#if canImport(Glibc)
import Glibc
#endif

/// What SIGINT, SIGTERM and SIGHUP do. While a document is being written its temporary file is
/// removed before the process exits, and so is the folder archives were unpacked into (which
/// `atexit` removes otherwise: a handler's `_exit` runs no `atexit` handler). While a run's bundles are being audited (`StopRequest`)
/// the first signal is only noted, so no new bundle is started and the run can end saying so;
/// a second one ends the process at once. The handler only reads and writes fixed memory and
/// calls unlink and _exit, which is what a signal handler may do; the buffer is filled with
/// those signals blocked. A signal the process was told to ignore (SIGHUP under nohup) stays
/// ignored.
enum InterruptCleanup {
    private static let capacity = Int(PATH_MAX) + 1
    private nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()
    /// The folder every archive of the run is unpacked under.
    private nonisolated(unsafe) static let uploads: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()
    private nonisolated(unsafe) static var installed = false
    fileprivate nonisolated(unsafe) static var graceful: Int32 = 0
    fileprivate nonisolated(unsafe) static var requested: Int32 = 0

    fileprivate static func install() {
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(sig) { sig in
                if InterruptCleanup.graceful != 0 && InterruptCleanup.requested == 0 {
                    InterruptCleanup.requested = sig
                    return
                }
                if InterruptCleanup.buffer[0] != 0 { unlink(InterruptCleanup.buffer) }
                if InterruptCleanup.uploads[0] != 0 { _ = hospaudit_remove_tree(InterruptCleanup.uploads) }
                _exit(128 + sig)
            }
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
    }

    /// The file to remove if the run is interrupted, or nil once it is in place.
    static func remove(_ path: String?) {
        set(buffer, to: path)
    }

    /// Makes the folder archives are unpacked under, from `template` (ending in `XXXXXX`), in the
    /// memory the handler reads, with the handler installed first: from the moment the folder
    /// exists a signal removes it. Nil, with `errno`, when it cannot be made.
    static func makeUploadsFolder(_ template: String) -> String? {
        set(uploads, to: template)
        guard mkdtemp(uploads) != nil else {
            set(uploads, to: nil)
            return nil
        }
        return String(cString: uploads)
    }

    /// The folder of unpacked archives is gone: nothing for the handler to remove.
    static func forgetUploadsFolder() {
        set(uploads, to: nil)
    }

    /// Written with every signal blocked, so the handler never reads half a path.
    private static func set(_ target: UnsafeMutablePointer<CChar>, to path: String?) {
        install()
        var all = sigset_t(), old = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let bytes = Array((path ?? "").utf8.prefix(capacity - 1))
        for (i, byte) in bytes.enumerated() { target[i] = CChar(bitPattern: byte) }
        target[bytes.count] = 0
    }
}

/// A run's wish to be stopped by SIGINT, SIGTERM or SIGHUP while it audits: the signal is
/// noted instead of ending the process, and the run asks before each bundle.
public enum StopRequest {
    /// From now on a first signal is only noted.
    public static func begin() {
        InterruptCleanup.install()
        InterruptCleanup.graceful = 1
    }

    /// From now on a signal ends the process at once (removing a document being written).
    public static func end() {
        InterruptCleanup.graceful = 0
    }

    /// The signal received since `begin`, if any.
    @inline(never)
    public static var signal: Int32? {
        let sig = InterruptCleanup.requested
        return sig == 0 ? nil : sig
    }
}
