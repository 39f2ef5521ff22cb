import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A finding against the run before it over the same bundles.
public struct Recurrence: Sendable, Equatable {
    public enum Status: String, Sendable { case new, recurring }
    public let status: Status
    /// The date of the first run that found it.
    public let firstSeen: String
    /// Found before, with another amount.
    public let amountChanged: Bool
}

/// A finding of the previous run that this one no longer finds.
public struct ResolvedFinding: Sendable, Equatable {
    public let fingerprint: String
    public let rule: String
    public let hospitalID: String
    public let period: String
    public let counterparty: String?
    public let firstSeen: String
    /// When the previous run started: the last time it was found.
    public let lastSeen: String
}

/// Compares a run with the previous one of its scope, and records it.
public enum RunHistory {
    /// The scope of a run: the bundles it audits, by path, whatever order they were given in.
    public static func scope(of layouts: [BundleLayout]) -> String {
        let paths = layouts.map { $0.origin ?? URL(fileURLWithPath: $0.path).standardizedFileURL.path }.sorted()
        return SHA256.hex(Array(paths.joined(separator: "\n").utf8))
    }

    /// Marks each finding new or recurring and lists what the previous run found and this one
    /// does not. Hospitals this run could not audit whole do not resolve anything: not seeing a
    /// finding in books that were not read is not its resolution.
    public static func compare(_ audits: inout [BundleAudit], with previous: [String: HistoryStore.Recorded],
                               previousStartedAt: String, today: String) -> [ResolvedFinding] {
        var seen = Set<String>()
        for a in audits.indices {
            for f in audits[a].findings.indices {
                let fingerprint = audits[a].findings[f].fingerprint
                if mark(&audits[a].findings[f], fingerprint: fingerprint, with: previous, today: today) { seen.insert(fingerprint) }
            }
        }
        let whole = Set(audits.filter { $0.status == .audited }.compactMap { $0.hospital?.id })
        return resolved(previous, seen: seen, whole: whole, previousStartedAt: previousStartedAt)
    }

    /// Marks one finding new or recurring; true when the previous run had it.
    @discardableResult
    public static func mark(_ finding: inout Finding, fingerprint: String, with previous: [String: HistoryStore.Recorded], today: String) -> Bool {
        if let before = previous[fingerprint] {
            finding.recurrence = Recurrence(status: .recurring, firstSeen: before.firstSeen, amountChanged: before.amount != finding.amount?.description)
            return true
        }
        finding.recurrence = Recurrence(status: .new, firstSeen: today, amountChanged: false)
        return false
    }

    /// What the previous run found that this one did not see, among the hospitals it audited whole.
    public static func resolved(_ previous: [String: HistoryStore.Recorded], seen: Set<String>, whole: Set<String>,
                                previousStartedAt: String) -> [ResolvedFinding] {
        previous.values.filter { !seen.contains($0.fingerprint) && whole.contains($0.hospitalID) }
            .sorted { ($0.hospitalID, $0.rule, $0.period, $0.fingerprint) < ($1.hospitalID, $1.rule, $1.period, $1.fingerprint) }
            .map { ResolvedFinding(fingerprint: $0.fingerprint, rule: $0.rule, hospitalID: $0.hospitalID, period: $0.period,
                                   counterparty: $0.counterparty, firstSeen: $0.firstSeen, lastSeen: previousStartedAt) }
    }
}

/// Keeps two scheduled runs from writing one history at once: an exclusive lock on a file
/// beside the database, held until the process ends or the lock is dropped.
public final class HistoryLock {
    private let fd: Int32
    public let path: String

    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(String, String)
        case held(String, waited: Int)
        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason): return "cannot open the lock file \(path): \(reason)"
            case .held(let path, let waited):
                return "another run holds \(path)" + (waited > 0 ? " (waited \(waited) s)" : "") + "; try again later or give --wait SECONDS"
            }
        }
    }

    /// Waits up to `seconds` for the lock.
    public init(history: String, wait seconds: Int) throws {
        path = history + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure.cannotOpen(path, String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw Failure.held(path, waited: seconds)
            }
            usleep(200_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
