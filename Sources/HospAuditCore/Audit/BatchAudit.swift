import Foundation

/// Audits the bundles of a run on several threads. Each audit is handed on with its place
/// among the bundles as soon as it is done, so the document is the same whatever the number of
/// threads; its facts are dropped first. The audits are kept and returned only when asked
/// (a shard document holds them all); a night's run hands them to a `RunCollector` instead.
public enum BatchAudit {
    /// `started` is told each bundle's name and place as a thread takes it, `finished` each
    /// audit as it is done (in the order they finish). A policy that cannot be built, or a
    /// `finished` that throws, stops the run: no thread takes a new bundle, and the error is
    /// thrown. `stop` is asked before each bundle: once it says so no new bundle is taken, the
    /// running ones finish, and `Stopped` is thrown.
    public static func run(_ layouts: consuming [BundleLayout], jobs: Int, auditor: BundleAuditor, keep: Bool = true,
                           keepFacts: Bool = false, stop: @escaping @Sendable () -> Bool = { false },
                           started: @escaping @Sendable (Int, String) -> Void = { _, _ in },
                           finished: @escaping @Sendable (Int, BundleAudit) throws -> Void = { _, _ in }) throws -> [BundleAudit] {
        let count = layouts.count
        // Each layout is let go once a thread takes it: a province's run does not keep every
        // bundle's file list to the end.
        let state = State(layouts: (consume layouts).map(Optional.some), keep: keep)
        let threads = max(1, min(jobs, count))
        let work: @Sendable (Int) -> Void = { _ in
            while let (index, layout) = state.next(stop: stop) {
                started(index, layout.name)
                do {
                    var audit = try auditor.audit(layout.reloaded())
                    if !keepFacts { audit.facts = nil }
                    try finished(index, audit)
                    if keep { state.finish(index, audit) }
                } catch {
                    state.fail(error)
                }
            }
        }
        if threads == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: work)
        }
        return try state.results()
    }

    /// The run was told to stop before every bundle was audited.
    public struct Stopped: Error {}

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var audits: [BundleAudit?]
        private var failure: Error?

        private var layouts: [BundleLayout?]

        init(layouts: [BundleLayout?], keep: Bool) {
            self.layouts = layouts
            audits = keep ? Array(repeating: nil, count: layouts.count) : []
        }

        func next(stop: () -> Bool) -> (Int, BundleLayout)? {
            lock.lock()
            defer { lock.unlock() }
            if failure == nil && nextIndex < layouts.count && stop() { failure = Stopped() }
            guard failure == nil, nextIndex < layouts.count else { return nil }
            defer { nextIndex += 1 }
            let layout = layouts[nextIndex]!
            layouts[nextIndex] = nil
            return (nextIndex, layout)
        }

        func finish(_ index: Int, _ audit: BundleAudit) {
            lock.lock()
            audits[index] = audit
            lock.unlock()
        }

        func fail(_ error: Error) {
            lock.lock()
            if failure == nil { failure = error }
            lock.unlock()
        }

        func results() throws -> [BundleAudit] {
            if let failure { throw failure }
            return audits.compactMap { $0 }
        }
    }
}
