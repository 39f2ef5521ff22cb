import Foundation

/// Feeds the ledger pass on a thread of its own, so a ledger is read in three stages on the
/// machine's cores: libcsv (`RecordPipeline`), typing the records (the caller), and the pass
/// (here). What the reader says reaches the pass in the reader's order, in batches; memory is a
/// few batches whatever the ledger's size. A ledger of a few batches never starts the thread:
/// its lines are applied on the reader's thread.
final class PassFeed: @unchecked Sendable {
    enum Event {
        case line(LedgerLine)
        case rejected(entryID: String, date: Day?)
        case lost
    }

    /// About 200 KB a batch: with 4,096 events (800 KB) the audit of a 10 M-line ledger peaked
    /// 5 MB higher once feeds were freed (measured), and small batches are no slower.
    static let eventsPerBatch = 1024
    /// Lines with very long texts fill a batch first: the batches in flight stay a few MiB.
    static let textBytesPerBatch = 1 << 20
    /// About 3 MB between the reader and the pass: with three batches the two threads waited on
    /// each other whenever the scheduler gave a core to the parsing thread (two cores, three
    /// threads), and the audit took 5% longer (measured).
    static let batchesInFlight = 16
    /// Batches applied on the reader's thread before the pass gets its own.
    static let batchesBeforeThread = 4

    /// Events in memory the feed manages itself: a line is moved from the reader into the pass,
    /// never copied, so its texts are not retained and released again on the way (that
    /// reference counting, on two threads, cost more than the pass's own work on a line).
    private struct Batch {
        let events: UnsafeMutablePointer<Event>
        var count = 0
        var textBytes = 0

        init() { events = .allocate(capacity: PassFeed.eventsPerBatch) }

        var isFull: Bool { count == PassFeed.eventsPerBatch || textBytes >= PassFeed.textBytesPerBatch }

        mutating func append(_ event: consuming Event, textBytes bytes: Int) {
            (events + count).initialize(to: consume event)
            count += 1
            textBytes += bytes
        }
    }

    private var pass: LedgerPass
    private var batch = Batch()
    private let condition = NSCondition()
    private var full: [Batch] = []
    /// Applied batches' memory, for the reader to fill again.
    private var spare: [Batch] = []
    private var inFlight = 0
    private var finished = false
    private var done = false
    /// Whether the consumer thread runs. The feed keeps no reference to it: the thread's block
    /// holds the feed, and a reference back would keep both (and the batches' memory) for good.
    private var started = false
    private var inlineBatches = 0
    var runsOnItsOwnThread: Bool { started }

    init(_ pass: LedgerPass) {
        self.pass = pass
    }

    deinit {
        batch.events.deallocate()
        for b in spare { b.events.deallocate() }
    }

    /// The most text a batch handed to the pass's thread held (tests check the bound).
    private(set) var largestHandedTextBytes = 0

    func add(_ line: consuming LedgerLine) {
        let bytes = line.textBytes
        append(.line(consume line), textBytes: bytes)
    }
    func markIncomplete(entryID: String, date: Day?) { append(.rejected(entryID: entryID, date: date), textBytes: entryID.utf8.count) }
    func markLostLine() { append(.lost, textBytes: 0) }

    /// The pass, once everything handed over has been applied to it.
    func finish() -> Facts {
        if !started {
            apply(&batch)
        } else {
            hand(batch)
            batch = Batch()
            condition.lock()
            finished = true
            condition.broadcast()
            while !done { condition.wait() }
            condition.unlock()
        }
        return pass.finish()
    }

    private func append(_ event: consuming Event, textBytes: Int) {
        batch.append(consume event, textBytes: textBytes)
        guard batch.isFull else { return }
        if !started {
            // The first batches go to the pass here: a region's small ledgers never start a
            // thread, and a long one starts it once it has shown its length.
            if inlineBatches < Self.batchesBeforeThread {
                apply(&batch)
                inlineBatches += 1
                return
            }
            start()
        }
        hand(batch)
        condition.lock()
        let reused = spare.popLast()
        condition.unlock()
        batch = reused ?? Batch()
    }

    private func hand(_ events: Batch) {
        largestHandedTextBytes = max(largestHandedTextBytes, events.textBytes)
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
                var events = full.removeFirst()
                condition.unlock()
                apply(&events)
                condition.lock()
                spare.append(events)
                inFlight -= 1
                condition.broadcast()
                condition.unlock()
            }
        }
        consumer.stackSize = 4 << 20
        started = true
        consumer.start()
    }

    /// Moves every event out of `events` into the pass, leaving the batch empty.
    private func apply(_ events: inout Batch) {
        for i in 0 ..< events.count {
            switch (events.events + i).move() {
            case .line(let line): pass.add(line)
            case .rejected(let entryID, let date): pass.markIncomplete(entryID: entryID, date: date)
            case .lost: pass.markLostLine()
            }
        }
        events.count = 0
        events.textBytes = 0
    }
}
