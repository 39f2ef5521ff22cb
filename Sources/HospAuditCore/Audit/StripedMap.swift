import Foundation

/// Independent work over the items of one bundle, shared among the cores in stripes: what is
/// left after a large ledger's pass (laying out hundreds of findings with their evidence) runs
/// on one thread while the others are idle. Results come back in the items' order, so the
/// bytes do not depend on how the work was shared.
enum StripedMap {
    /// Below `smallest` items a stripe, on the calling thread alone.
    static func map<T>(_ count: Int, smallest: Int = 32, _ transform: (Int) -> T) -> [T] {
        let cores = Machine.cores
        let stripes = max(1, min(cores, count / max(1, smallest)))
        if stripes == 1 { return (0 ..< count).map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            let shared = Shared(transform: transform, count: count)
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                let start = count * stripe / stripes, end = count * (stripe + 1) / stripes
                for i in start ..< end { (shared.results + i).initialize(to: shared.transform(i)) }
            }
            return shared.take()
        }
    }

    /// The transform and the results, written by each stripe at its own indices only.
    private final class Shared<T>: @unchecked Sendable {
        let transform: (Int) -> T
        let results: UnsafeMutablePointer<T>
        let count: Int

        init(transform: @escaping (Int) -> T, count: Int) {
            self.transform = transform
            self.count = count
            results = .allocate(capacity: count)
        }

        func take() -> [T] {
            defer {
                results.deinitialize(count: count)
                results.deallocate()
            }
            return Array(UnsafeBufferPointer(start: results, count: count))
        }
    }
}
