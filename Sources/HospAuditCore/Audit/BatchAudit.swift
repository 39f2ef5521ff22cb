import Foundation

/// Audits the bundles of a run on several threads. The results come back in the bundles' order
/// whatever the number of threads, so the document is the same; each audit keeps only what
/// the document and the cross-hospital rules need (its facts are dropped as soon as it is done).
public enum BatchAudit {
    /// `started` is told each bundle's name as a thread takes it, `finished` each audit as it is
    /// done (in the order they finish). A policy that cannot be built stops the run: no thread
    /// takes a new bundle, and the error is thrown.
    public static func run(_ layouts: [BundleLayout], jobs: Int, auditor: BundleAuditor,
                           keepFacts: Bool = false, started: @escaping @Sendable (String) -> Void = { _ in },
                           finished: @escaping @Sendable (BundleAudit) -> Void = { _ in }) throws -> [BundleAudit] {
        let state = State(count: layouts.count)
        let threads = max(1, min(jobs, layouts.count))
        let work: @Sendable (Int) -> Void = { _ in
            while let index = state.next() {
                started(layouts[index].name)
                do {
                    var audit = try auditor.audit(layouts[index])
                    if !keepFacts { audit.facts = nil }
                    state.finish(index, audit)
                    finished(audit)
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

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var audits: [BundleAudit?]
        private var failure: Error?

        init(count: Int) { audits = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil, nextIndex < audits.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
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
