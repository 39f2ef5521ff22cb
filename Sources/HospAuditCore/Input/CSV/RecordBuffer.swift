import CCells

/// The cells of the record being parsed, in one byte buffer with an end offset per cell
/// (relative to the record's first byte), after the records of a batch kept before it.
///
/// The storage is a C struct (`hospaudit_cells`): libcsv's field callback, once for each of a
/// ledger's tens of millions of cells, appends to it in C (`hospaudit_cells_field`) and asks
/// Swift for room only when the memory here runs out. It lands here through a raw pointer: a
/// struct behind a pointer, unlike a class, costs no reference counting on each call.
struct RecordBuffer {
    var cells: hospaudit_cells

    var bytes: UnsafeMutablePointer<UInt8> { cells.bytes }
    var byteCount: Int { cells.byte_count }
    var ends: UnsafeMutablePointer<Int> { cells.ends }
    var endCount: Int { cells.end_count }
    /// Who to tell when a record ends: an unretained reference, so libcsv's row callback
    /// reaches it without reference counting (a closure here was retained and released per row).
    var owner: UnsafeMutableRawPointer? {
        get { cells.owner }
        set { cells.owner = newValue }
    }
    /// Where the record being parsed starts: a batch keeps its finished records in front of it,
    /// so they reach the other thread without being copied again.
    var recordBytes: Int { cells.record_bytes }
    var recordEnds: Int { cells.record_ends }

    init() {
        cells = hospaudit_cells(
            bytes: .allocate(capacity: 4096), byte_count: 0, byte_capacity: 4096,
            ends: .allocate(capacity: 64), end_count: 0, end_capacity: 64,
            owner: nil, record_bytes: 0, record_ends: 0, grow: growCells)
    }

    func deallocate() {
        cells.bytes.deallocate()
        cells.ends.deallocate()
    }

    /// A cell, as libcsv's field callback appends it.
    mutating func append(_ field: UnsafeRawPointer?, _ length: Int) {
        withUnsafeMutablePointer(to: &cells) { hospaudit_cells_field(UnsafeMutableRawPointer(mutating: field), length, $0) }
    }

    /// Drops the last cell's end so more text can extend it (comment lines arriving in pieces).
    mutating func reopenLastCell() {
        cells.end_count -= 1
    }

    /// Drops the record being parsed; the batch's finished records stay.
    mutating func clear() {
        cells.byte_count = cells.record_bytes
        cells.end_count = cells.record_ends
    }

    /// Keeps the record just finished and starts the next one after it.
    mutating func keepRecord() {
        cells.record_bytes = cells.byte_count
        cells.record_ends = cells.end_count
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
        cells.byte_count = 0
        cells.end_count = 0
        cells.record_bytes = 0
        cells.record_ends = 0
        let kept = batch.storage
        let partialBytes = kept.byteCount - kept.recordBytes
        let partialEnds = kept.endCount - kept.recordEnds
        guard partialBytes > 0 || partialEnds > 0 else { return }
        reserve(bytes: partialBytes, ends: partialEnds)
        cells.bytes.update(from: kept.bytes + kept.recordBytes, count: partialBytes)
        // Ends are relative to the record's first byte: they move as they are.
        cells.ends.update(from: kept.ends + kept.recordEnds, count: partialEnds)
        cells.byte_count = partialBytes
        cells.end_count = partialEnds
        batch.storage.cells.byte_count = kept.recordBytes
        batch.storage.cells.end_count = kept.recordEnds
    }

    private mutating func reserve(bytes needed: Int, ends neededEnds: Int) {
        if needed > cells.byte_capacity {
            cells.bytes.deallocate()
            cells.byte_capacity = max(needed, cells.byte_capacity * 2)
            cells.bytes = .allocate(capacity: cells.byte_capacity)
        }
        if neededEnds > cells.end_capacity {
            cells.ends.deallocate()
            cells.end_capacity = max(neededEnds, cells.end_capacity * 2)
            cells.ends = .allocate(capacity: cells.end_capacity)
        }
    }
}

/// Room for `length` more bytes and one more end, in memory Swift allocated; called from C only
/// when the buffer is full. Sizes are those of memory already allocated, so the sums cannot
/// overflow.
private let growCells: @convention(c) (UnsafeMutablePointer<hospaudit_cells>?, Int) -> Void = { pointer, length in
    let cells = pointer!
    let needed = cells.pointee.byte_count + length
    if needed > cells.pointee.byte_capacity {
        var capacity = cells.pointee.byte_capacity * 2
        while capacity < needed { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: cells.pointee.bytes, count: cells.pointee.byte_count)
        cells.pointee.bytes.deallocate()
        cells.pointee.bytes = grown
        cells.pointee.byte_capacity = capacity
    }
    if cells.pointee.end_count == cells.pointee.end_capacity {
        let capacity = cells.pointee.end_capacity * 2
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        grown.update(from: cells.pointee.ends, count: cells.pointee.end_count)
        cells.pointee.ends.deallocate()
        cells.pointee.ends = grown
        cells.pointee.end_capacity = capacity
    }
}
