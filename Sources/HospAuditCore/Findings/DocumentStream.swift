import Foundation

/// Writes the findings document of a collected run, section by section from the spool, in its
/// fixed order: errors by bundle, file and line; findings by hospital, rule, period and
/// fingerprint; hospitals by id; inputs by bundle and file. Memory holds one hospital's findings
/// at a time, never the document.
extension CollectedRun {
    public func writeDocument(to sink: ByteSink) throws {
        let json = PrettyJSON()
        sink.write("{\n  \"errors\" : ")
        var errors = PrettyArray(sink, depth: 1)
        try forEachError(json) { errors.element($0) }
        errors.close()

        sink.write(",\n  \"findings\" : ")
        var findings = PrettyArray(sink, depth: 1)
        try forEachFinding(json) { findings.element($0) }
        findings.close()

        sink.write(",\n  \"hospitals\" : ")
        var hospitals = PrettyArray(sink, depth: 1)
        for i in byHospital() {
            hospitals.element(try json.fragment(FindingsDocument.hospitalEntry(try audit(of: i), tally: bundles[i].tally, english: english), depth: 2))
        }
        hospitals.close()

        sink.write(",\n  \"not_audited\" : ")
        var notAudited = PrettyArray(sink, depth: 1)
        for i in byName where bundles[i].hospitalID == nil {
            let reasons = try review(of: i).statusReasons + bundles[i].extraReasons
            let entry = FindingsDocument.NotAuditedEntry(bundle: bundles[i].bundle, reasons: reasons.map { english ? $0.en : $0.zh })
            notAudited.element(try json.fragment(entry, depth: 2))
        }
        notAudited.close()

        sink.write(",\n  \"resolved\" : ")
        sink.write(try json.fragment(resolvedEntries, depth: 1))

        sink.write(",\n  \"run\" : {\n    \"inputs\" : ")
        var inputs = PrettyArray(sink, depth: 2)
        try forEachInput { inputs.element($0) }
        inputs.close()
        let policies = policyRefs
        sink.write(",\n    \"language\" : ")
        sink.write(try json.fragment(english ? "en" : "zh", depth: 2))
        sink.write(",\n    \"policies\" : ")
        sink.write(try json.fragment(policies.all, depth: 2))
        sink.write(",\n    \"policy\" : ")
        sink.write(try json.fragment(policies.run, depth: 2))
        sink.write(",\n    \"started_at\" : ")
        sink.write(try json.fragment(startedAtText, depth: 2))
        sink.write("\n  },\n  \"schema_version\" : ")
        sink.write(try json.fragment(FindingsDocument.schemaVersion, depth: 1))
        sink.write(",\n  \"summary\" : ")
        sink.write(try json.fragment(summary, depth: 1))
        sink.write(",\n  \"tool\" : ")
        sink.write(try json.fragment(FindingsDocument.tool, depth: 1))
        sink.write(",\n  \"waivers\" : ")
        sink.write(try json.fragment(waiverEntries, depth: 1))
        sink.write("\n}\n")
        try sink.flush()
    }

    /// The whole document in memory, for a run small enough to hold it.
    public func documentData() throws -> Data {
        var data = Data()
        let sink = ByteSink { data.append(contentsOf: $0) }
        try writeDocument(to: sink)
        return data
    }

    /// Audited bundles in the order of the document's hospitals: by hospital id, then bundle.
    private func byHospital() -> [Int] {
        let keyed = audited.map { (id: hospitalID(of: $0)!, index: $0) }
        return keyed.sorted { ($0.id, bundles[$0.index].bundle) < ($1.id, bundles[$1.index].bundle) }.map(\.index)
    }

    /// Each input file's record, as spooled (laid out for the document, or on one line for JSONL).
    func forEachInput(_ body: ([UInt8]) throws -> Void) throws {
        for i in byName {
            var reader = try section(.inputs, of: i)
            for _ in 0 ..< reader.number() { try body(reader.bytesField()) }
        }
    }

    /// Errors of one bundle name at a time: a bundle's own come sorted from the spool; the run's
    /// problems about it and its withheld findings are sorted in among them.
    private func forEachError(_ json: PrettyJSON, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        let extra = Dictionary(grouping: runErrors, by: \.bundle)
        let members = Dictionary(grouping: bundles.indices, by: { bundles[$0].bundle })
        for name in Set(members.keys).union(extra.keys).sorted() {
            let group = members[name] ?? []
            let own = extra[name] ?? []
            if own.isEmpty && group.count == 1 && bundles[group[0]].withheld == 0 {
                var reader = try section(.errors, of: group[0])
                for _ in 0 ..< reader.number() {
                    _ = ErrorKey(from: &reader)
                    try body(reader.sliceField())
                }
                continue
            }
            var keyed: [(key: ErrorKey, fragment: [UInt8])] = own.map {
                (ErrorKey($0), json.fragment(FindingsDocument.entry($0, english: english), depth: 2))
            }
            for b in group {
                var reader = try section(.errors, of: b)
                for _ in 0 ..< reader.number() { keyed.append((ErrorKey(from: &reader), reader.bytesField())) }
                if bundles[b].withheld > 0 {
                    let withheld = OverflowedFindings.error(bundles[b].withheld, bundle: bundles[b].bundle)
                    keyed.append((ErrorKey(withheld), json.fragment(FindingsDocument.entry(withheld, english: english), depth: 2)))
                }
            }
            for item in keyed.sorted(by: { $0.key < $1.key }) { try body(item.fragment[...]) }
        }
    }

    /// Findings one hospital at a time: a bundle's own come sorted from the spool; the
    /// cross-hospital ones, and those of another bundle of the same hospital, are sorted in.
    private func forEachFinding(_ json: PrettyJSON, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        let members = Dictionary(grouping: audited, by: { hospitalID(of: $0)! })
        for id in members.keys.sorted() {
            let group = members[id]!
            if group.count == 1 && bundles[group[0]].peerFindings.isEmpty {
                var reader = try section(.findings, of: group[0])
                for _ in 0 ..< reader.number() {
                    _ = FindingKey(from: &reader)
                    // The spool's bytes as they are: a large bundle's findings are not copied again.
                    try body(reader.sliceField())
                }
                continue
            }
            var keyed: [(key: FindingKey, fragment: [UInt8])] = []
            for b in group {
                var reader = try section(.findings, of: b)
                for _ in 0 ..< reader.number() { keyed.append((FindingKey(from: &reader), reader.bytesField())) }
                for (fingerprint, f) in bundles[b].peerFindings {
                    keyed.append((FindingKey(hospitalID: f.hospitalID, rule: f.rule, period: f.period, fingerprint: fingerprint),
                                  json.fragment(FindingsDocument.entry(f, fingerprint: fingerprint, english: english), depth: 2)))
                }
            }
            for item in keyed.sorted(by: { $0.key < $1.key }) { try body(item.fragment[...]) }
        }
    }
}
