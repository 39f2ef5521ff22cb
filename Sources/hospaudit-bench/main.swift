import CLibCSV
import Foundation
import HospAuditCore

// Reader benchmark: one mode per process so each reports its own peak memory.
//   hospaudit-bench generate LINES FILE        a realistic UTF-8 ledger of LINES lines
//   hospaudit-bench libcsv FILE                bare libcsv, counting fields (the baseline)
//   hospaudit-bench records FILE               the record stage alone: decoding, the file's digest,
//                                              libcsv with line numbers on every core, records
//                                              handed back in order; nothing typed
//   hospaudit-bench reader FILE                the full reader, producing typed ledger lines
//   hospaudit-bench bundle LINES DIR           a hospital's bundle (entity, related parties, a year's
//                                              ledger) for timing `hospaudit audit DIR` end to end
//   hospaudit-bench few-payees-bundle LINES DIR
//                                              the same hospital paying seven payees all its money,
//                                              hundreds of times a day (hundreds of RP-005 findings)
// Convert the generated file with `iconv -f UTF-8 -t GB18030` for the GB18030 figure.

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func fileSizeMB(_ path: String) -> Double {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    return Double(size) / 1_048_576
}

func report(_ mode: String, _ path: String, start: Date, detail: String) {
    let seconds = Date().timeIntervalSince(start)
    let mb = fileSizeMB(path)
    print(String(format: "%@\t%.1f MB\t%.2f s\t%.1f MB/s\tpeak %.1f MB\t%@",
                 mode, mb, seconds, mb / seconds, peakMemoryMB(), detail))
}

func countFieldsWithLibcsv(_ path: String) throws {
    final class Counts { var fields = 0; var rows = 0 }
    let counts = Counts()
    var parser = csv_parser()
    csv_init(&parser, 0)
    let file = try FileByteReader(path: path)
    var chunk: [UInt8] = []
    let context = Unmanaged.passUnretained(counts).toOpaque()
    let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { _, _, data in
        Unmanaged<Counts>.fromOpaque(data!).takeUnretainedValue().fields += 1
    }
    let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, data in
        Unmanaged<Counts>.fromOpaque(data!).takeUnretainedValue().rows += 1
    }
    while true {
        try file.read(into: &chunk)
        if chunk.isEmpty { break }
        _ = chunk.withUnsafeBytes { csv_parse(&parser, $0.baseAddress, $0.count, onField, onRow, context) }
    }
    csv_fini(&parser, onField, onRow, context)
    csv_free(&parser)
    print("rows \(counts.rows) fields \(counts.fields)", to: &standardError)
}

func readRecords(_ path: String) throws -> String {
    let input = try DecodedInput.open(path: path)
    var records = 0
    var cells = 0
    try RecordPipeline.read(CSVRecordReader(source: input.reader, preserveSpaces: false), onRecord: { record in
        records += 1
        cells += record.count
    }, onError: { _ in })
    return "\(input.encoding.rawValue) records \(records) cells \(cells) sha256 \(input.digest?.hexDigest().prefix(12) ?? "-")"
}

func readLedger(_ path: String) throws -> String {
    let input = try DecodedInput.open(path: path)
    var lines = 0
    var debit = Money.zero
    let report = try LedgerReader(bundle: "bench", file: (path as NSString).lastPathComponent).read(input) { line in
        lines += 1
        debit += line.debit
    }
    return "\(input.encoding.rawValue) lines \(lines) rejected \(report.rejected) skipped \(report.skippedTotal) debit \(debit)"
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
nonisolated(unsafe) var standardError = StandardError()

let args = CommandLine.arguments
func usage(_ problem: String? = nil) -> Never {
    if let problem { print(problem, to: &standardError) }
    print("usage: hospaudit-bench generate LINES FILE | bundle LINES DIR | few-payees-bundle LINES DIR | libcsv FILE | records FILE | reader FILE", to: &standardError)
    exit(2)
}
guard args.count >= 3 else { usage() }
do {
    switch args[1] {
    case "generate":
        guard args.count == 4, let lines = Int(args[2]) else { usage() }
        try LedgerGenerator.write(lines: lines, to: args[3])
    case "bundle":
        guard args.count == 4, let lines = Int(args[2]) else { usage() }
        try HospitalLedger.writeBundle(lines: lines, to: args[3])
    case "few-payees-bundle":
        guard args.count == 4, let lines = Int(args[2]) else { usage() }
        try LedgerGenerator.writeBundle(lines: lines, to: args[3])
    case "libcsv":
        let start = Date()
        try countFieldsWithLibcsv(args[2])
        report("libcsv", args[2], start: start, detail: "")
    case "records":
        let start = Date()
        let detail = try readRecords(args[2])
        report("records", args[2], start: start, detail: detail)
    case "reader":
        let start = Date()
        let detail = try readLedger(args[2])
        report("reader", args[2], start: start, detail: detail)
    default:
        usage("unknown mode \(args[1])")
    }
} catch {
    print("error: \(error)", to: &standardError)
    exit(1)
}
