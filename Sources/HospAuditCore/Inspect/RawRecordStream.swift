import Foundation

/// `inspect --raw --json` as a stream: a JSON array with one record (an array of its cells)
/// per line, written as the file is read, so a file of millions of cells needs no more memory
/// than a megabyte of output.
public enum RawRecordStream {
    public static func write(_ input: DecodedInput, to output: (Data) throws -> Void,
                             onError: (CSVSyntaxError) -> Void) throws {
        var buffer = Data("[".utf8)
        var first = true
        var failure: Error?
        let reader = CSVRecordReader(source: input.reader)
        try reader.read(onRecord: { record in
            guard failure == nil else { return }
            buffer.append(contentsOf: Array((first ? "\n" : ",\n").utf8))
            first = false
            buffer.append(0x5B)  // [
            for (i, cell) in record.strings.enumerated() {
                if i > 0 { buffer.append(0x2C) }
                buffer.append(contentsOf: Array(JSONValue.quoted(cell).utf8))
            }
            buffer.append(0x5D)  // ]
            if buffer.count >= 1 << 20 {
                do { try output(buffer) } catch { failure = error }
                buffer.removeAll(keepingCapacity: true)
            }
        }, onError: onError)
        if let failure { throw failure }
        buffer.append(contentsOf: Array("\n]\n".utf8))
        try output(buffer)
    }
}
