import Foundation

/// Feeds the ledger pass on a thread of its own, so a ledger is read in three stages on the
/// machine's cores: libcsv (`RecordPipeline`), typing the records (the caller), and the pass
/// (here). What the reader says reaches the pass in the reader's order, in batches; memory is a
/// few batches whatever the ledger's size. A ledger smaller than one batch never starts the
/// thread: its lines are handed over when the pass is finished.
final class PassFeed: @unchecked Sendable {
    enum Event {
        case line(LedgerLine)
        case rejected(entryID: String, date: Day?)
        case lost
    }

    static let eventsPerBatch = 4096
    static let batchesInFlight = 3

    private var pass: LedgerPass
    private var batch: [Event] = []
    private let condition = NSCondition()
    private var full: [[Event]] = []
    private var inFlight = 0
    private var finished = false
    private var done = false
    private var thread: Thread?

    init(_ pass: LedgerPass) {
        self.pass = pass
        batch.reserveCapacity(Self.eventsPerBatch)
    }

    func add(_ line: LedgerLine) { append(.line(line)) }
    func markIncomplete(entryID: String, date: Day?) { append(.rejected(entryID: entryID, date: date)) }
    func markLostLine() { append(.lost) }

    /// The pass, once everything handed over has been applied to it.
    func finish() -> Facts {
        if thread == nil {
            apply(batch)
        } else {
            hand(batch)
            condition.lock()
            finished = true
            condition.broadcast()
            while !done { condition.wait() }
            condition.unlock()
        }
        batch = []
        return pass.finish()
    }

    private func append(_ event: Event) {
        batch.append(event)
        guard batch.count >= Self.eventsPerBatch else { return }
        if thread == nil { start() }
        hand(batch)
        batch = []
        batch.reserveCapacity(Self.eventsPerBatch)
    }

    private func hand(_ events: [Event]) {
        condition.lock()
        while inFlight >= Self.batchesInFlight { condition.wait() }
        full.append(events)
        inFlight += 1
        condition.broadcast()
        condition.unlock()
    }

    private func start() {
        let consumer = Thread { [self] in
            while true {
                condition.lock()
                while full.isEmpty && !finished { condition.wait() }
                if full.isEmpty {
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let events = full.removeFirst()
                condition.unlock()
                apply(events)
                condition.lock()
                inFlight -= 1
                condition.broadcast()
                condition.unlock()
            }
        }
        consumer.stackSize = 4 << 20
        thread = consumer
        consumer.start()
    }

    private func apply(_ events: [Event]) {
        for event in events {
            switch event {
            case .line(let line): pass.add(line)
            case .rejected(let entryID, let date): pass.markIncomplete(entryID: entryID, date: date)
            case .lost: pass.markLostLine()
            }
        }
    }
}
