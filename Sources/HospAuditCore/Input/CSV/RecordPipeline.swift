import Foundation

/// Parses CSV on a second thread while the caller types records on its own, so reading a
/// ledger uses both cores: libcsv (and any transcoding) on one, typing and the consumer on the
/// other. Records arrive in the caller's thread, in file order, exactly as `CSVRecordReader`
/// gives them; memory is a few batches, whatever the file's size.
public enum RecordPipeline {
    static let recordsPerBatch = 2048
    /// Cells of very long rows fill a batch first: the batches in flight stay a few MiB.
    static let bytesPerBatch = 1 << 20
    /// Enough for the parsing thread to run ahead while the others have both cores: with three
    /// it stopped, waiting, whenever the typing thread was not scheduled.
    static let batchesInFlight = 8
    /// Inputs up to this size are parsed on the caller's thread: one chunk gives a second
    /// thread nothing to overlap, and a region's batch reads thousands of small tables, each of
    /// which would start a thread and hand over its records.
    public static let inlineLimit = FileByteReader.defaultChunkSize

    public static func read(_ reader: CSVRecordReader, inlineLimit: Int = RecordPipeline.inlineLimit,
                            onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) throws {
        if let size = reader.sizeHint, size <= inlineLimit {
            try reader.read(onRecord: onRecord, onError: onError)
            return
        }
        let channel = BatchChannel(count: batchesInFlight)
        let producer = Thread { [channel, reader] in
            do {
                try reader.read(batchesOf: recordsPerBatch, bytes: bytesPerBatch, first: channel.takeEmpty()) { full, isLast in
                    channel.putFull(full)
                    return isLast ? nil : channel.takeEmpty()
                }
                channel.finish(error: nil)
            } catch {
                channel.finish(error: error)
            }
        }
        producer.stackSize = 1 << 20
        producer.start()
        while let batch = channel.takeFull() {
            batch.replay(onRecord: onRecord, onError: onError)
            channel.putEmpty(batch)
        }
        if let error = channel.failure { throw error }
    }
}

/// Records as the parser's buffer kept them, with the syntax errors met between them. The
/// storage changes hands with the parser's buffer (`RecordBuffer.handOver`): a record's bytes
/// are written once, by libcsv's field callback.
final class RecordBatch: @unchecked Sendable {
    struct Entry {
        var line: Int
        var endLine: Int
        var byteStart: Int
        var byteCount: Int
        var endStart: Int
        var cellCount: Int
        var isBlankLine: Bool
    }

    /// The cells, each end relative to its record's first byte, as `CSVRecord` reads them.
    var storage = RecordBuffer()
    var records: [Entry] = []
    /// Each error comes before the record at its index.
    var errors: [(Int, CSVSyntaxError)] = []

    deinit { storage.deallocate() }

    func clear() {
        records.removeAll(keepingCapacity: true)
        errors.removeAll(keepingCapacity: true)
    }

    func replay(onRecord: (CSVRecord) -> Void, onError: (CSVSyntaxError) -> Void) {
        var nextError = 0
        for index in records.indices {
            let entry = records[index]
            while nextError < errors.count && errors[nextError].0 <= index {
                onError(errors[nextError].1)
                nextError += 1
            }
            onRecord(CSVRecord(
                line: entry.line, endLine: entry.endLine, isBlankLine: entry.isBlankLine,
                bytes: UnsafeBufferPointer(start: storage.bytes + entry.byteStart, count: entry.byteCount),
                ends: UnsafeBufferPointer(start: storage.ends + entry.endStart, count: entry.cellCount)))
        }
        while nextError < errors.count {
            onError(errors[nextError].1)
            nextError += 1
        }
    }
}

/// A bounded hand-over of batches between the two threads; recycled batches keep their memory.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var empty: [RecordBatch]
    private var full: [RecordBatch] = []
    private var finished = false
    private(set) var failure: Error?

    init(count: Int) {
        empty = (0..<count).map { _ in RecordBatch() }
    }

    func takeEmpty() -> RecordBatch {
        condition.lock()
        defer { condition.unlock() }
        while empty.isEmpty { condition.wait() }
        let batch = empty.removeLast()
        batch.clear()
        return batch
    }

    func putFull(_ batch: RecordBatch) {
        condition.lock()
        full.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func putEmpty(_ batch: RecordBatch) {
        condition.lock()
        empty.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Nil once the producer has finished and every batch has been taken.
    func takeFull() -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while full.isEmpty && !finished { condition.wait() }
        return full.isEmpty ? nil : full.removeFirst()
    }
}
