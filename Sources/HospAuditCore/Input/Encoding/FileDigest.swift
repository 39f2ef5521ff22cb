import Foundation

/// The SHA-256 of a file's bytes as they are read. A large file is hashed on a thread of its
/// own, chunk by chunk beside the parse: on the thread that runs libcsv the hash was a tenth
/// of the time, and that thread is what a ledger's reading waits for.
///
/// The chunk being hashed is the one the reader just returned, shared, not copied: libcsv only
/// reads it, and the reader waits for the hash before it reads the file into that memory again.
public final class FileDigest: @unchecked Sendable {
    private let sha = SHA256()
    private let condition = NSCondition()
    /// The chunk the hashing thread is to hash or is hashing; nil when it is idle.
    private var pending: [UInt8]?
    private var stopped = false
    private var started = false
    private var chunksSeen = 0

    /// Chunks hashed on the reader's thread before a thread is started: a region's many small
    /// tables never start one.
    static let chunksBeforeThread = 4

    deinit { stop() }

    /// Hashes `chunk`, on the hashing thread once the file has shown its length. The caller
    /// must call `awaitIdle()` before it writes into the chunk's memory again.
    func add(_ chunk: [UInt8]) {
        chunksSeen += 1
        condition.lock()
        while pending != nil { condition.wait() }
        // In order: a chunk hashed here follows every chunk the thread has hashed.
        let here = chunksSeen <= Self.chunksBeforeThread || stopped
        if !here {
            if !started { start() }
            pending = chunk
            condition.broadcast()
        }
        condition.unlock()
        if here { chunk.withUnsafeBytes { sha.update($0) } }
    }

    /// Returns once no chunk is being hashed, and the hashing thread holds none.
    func awaitIdle() {
        condition.lock()
        while pending != nil { condition.wait() }
        condition.unlock()
    }

    /// Lower-case hex of every byte added; fixed once asked for.
    public func hexDigest() -> String {
        awaitIdle()
        stop()
        return sha.hexDigest()
    }

    private func start() {
        started = true
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while pending == nil && !stopped { condition.wait() }
                if pending == nil {
                    condition.unlock()
                    return
                }
                condition.unlock()
                // Only this thread clears `pending`, and the reader sets it only when clear: it
                // is read here without the lock, and no copy of it outlives the hash, so the
                // reader owns the chunk's memory alone once told and reads into it in place.
                pending!.withUnsafeBytes { sha.update($0) }
                condition.lock()
                pending = nil
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Ends the hashing thread once it has hashed what it holds; later chunks are hashed on
    /// the reader's thread.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
