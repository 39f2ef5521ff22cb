/// The cells of the record being parsed, in one byte buffer with an end offset per cell
/// (relative to the record's first byte), after the records of a batch kept before it.
///
/// libcsv's field callback lands here through a raw pointer: a struct behind a pointer,
/// unlike a class, costs no reference counting on each of the millions of calls.
struct RecordBuffer {
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCount = 0
    var byteCapacity = 4096
    var ends: UnsafeMutablePointer<Int>
    var endCount = 0
    var endCapacity = 64
    /// Who to tell when a record ends: an unretained reference, so libcsv's row callback
    /// reaches it without reference counting (a closure here was retained and released per row).
    var owner: UnsafeMutableRawPointer?
    /// Where the record being parsed starts: a batch keeps its finished records in front of it,
    /// so they reach the other thread without being copied again.
    var recordBytes = 0
    var recordEnds = 0

    init() {
        bytes = .allocate(capacity: byteCapacity)
        ends = .allocate(capacity: endCapacity)
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
    }

    /// libcsv's field callback, once for each of a ledger's tens of millions of cells. The
    /// growth is out of line, so the common path needs no saved registers; sizes are those of
    /// memory already allocated, so the sums cannot overflow.
    @inline(__always)
    mutating func append(_ field: UnsafeRawPointer?, _ length: Int) {
        if byteCount &+ length > byteCapacity { growBytes(toHold: byteCount &+ length) }
        if endCount == endCapacity { growEnds() }
        if length > 0, let field {
            let to = UnsafeMutableRawPointer(bytes + byteCount)
            if length <= 16 {
                // Most cells are short: two overlapping word copies (or bytes) instead of a call
                // to memmove.
                if length >= 8 {
                    to.storeBytes(of: field.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    to.storeBytes(of: field.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self), toByteOffset: length &- 8, as: UInt64.self)
                } else if length >= 4 {
                    to.storeBytes(of: field.loadUnaligned(as: UInt32.self), as: UInt32.self)
                    to.storeBytes(of: field.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self), toByteOffset: length &- 4, as: UInt32.self)
                } else {
                    var i = 0
                    while i < length {
                        to.storeBytes(of: field.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                        i &+= 1
                    }
                }
            } else {
                to.copyMemory(from: field, byteCount: length)
            }
            byteCount &+= length
        }
        ends[endCount] = byteCount &- recordBytes
        endCount &+= 1
    }

    @inline(never)
    private mutating func growBytes(toHold needed: Int) {
        var capacity = byteCapacity * 2
        while capacity < needed { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = grown
        byteCapacity = capacity
    }

    @inline(never)
    private mutating func growEnds() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
        grown.update(from: ends, count: endCount)
        ends.deallocate()
        ends = grown
        endCapacity *= 2
    }

    /// Drops the last cell's end so more text can extend it (comment lines arriving in pieces).
    mutating func reopenLastCell() {
        endCount -= 1
    }

    /// Drops the record being parsed; the batch's finished records stay.
    mutating func clear() {
        byteCount = recordBytes
        endCount = recordEnds
    }

    /// Keeps the record just finished and starts the next one after it.
    mutating func keepRecord() {
        recordBytes = byteCount
        recordEnds = endCount
    }

    var cellCount: Int { endCount - recordEnds }

    var record: (bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) {
        (UnsafeBufferPointer(start: bytes + recordBytes, count: byteCount - recordBytes),
         UnsafeBufferPointer(start: ends + recordEnds, count: endCount - recordEnds))
    }

    /// Trades storage with a batch: the batch leaves with every kept record, the buffer goes on
    /// in the batch's old storage, with the cells of the record in progress moved there.
    mutating func handOver(to batch: RecordBatch) {
        let owner = owner
        swap(&self, &batch.storage)
        self.owner = owner
        byteCount = 0
        endCount = 0
        recordBytes = 0
        recordEnds = 0
        let kept = batch.storage
        let partialBytes = kept.byteCount - kept.recordBytes
        let partialEnds = kept.endCount - kept.recordEnds
        guard partialBytes > 0 || partialEnds > 0 else { return }
        reserve(bytes: partialBytes, ends: partialEnds)
        bytes.update(from: kept.bytes + kept.recordBytes, count: partialBytes)
        // Ends are relative to the record's first byte: they move as they are.
        ends.update(from: kept.ends + kept.recordEnds, count: partialEnds)
        byteCount = partialBytes
        endCount = partialEnds
        batch.storage.byteCount = kept.recordBytes
        batch.storage.endCount = kept.recordEnds
    }

    private mutating func reserve(bytes needed: Int, ends neededEnds: Int) {
        if needed > byteCapacity {
            bytes.deallocate()
            byteCapacity = max(needed, byteCapacity * 2)
            bytes = .allocate(capacity: byteCapacity)
        }
        if neededEnds > endCapacity {
            ends.deallocate()
            endCapacity = max(neededEnds, endCapacity * 2)
            ends = .allocate(capacity: endCapacity)
        }
    }
}
