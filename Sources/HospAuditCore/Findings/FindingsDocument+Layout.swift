/// The records a run has many of, written directly: the bytes of their `Encodable` conformances,
/// keys in sorted order, optionals written as `null` where those write them and left out where
/// they are `encodeIfPresent` (or synthesized).
extension FindingsDocument.FindingEntry: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("amount"); o.string(amount)
            if let amountChanged { o.key("amount_changed"); o.bool(amountChanged) }
            o.key("basis"); o.array { a in for citation in basis { citation.write(to: &a) } }
            o.key("consequences"); o.strings(consequences)
            o.key("counterparty"); o.string(counterparty)
            o.key("currency"); o.string(currency)
            o.key("details"); o.object(details)
            o.key("evidence"); o.array { a in for line in evidence { line.write(to: &a) } }
            o.key("evidence_count"); o.int(evidenceCount)
            o.key("fingerprint"); o.string(fingerprint)
            if let firstSeen { o.key("first_seen"); o.string(firstSeen) }
            o.key("hospital_id"); o.string(hospitalID)
            o.key("message"); o.string(message)
            o.key("period"); o.string(period)
            o.key("rule"); o.string(rule)
            o.key("severity"); o.string(severity)
            o.key("status"); o.string(status)
            o.key("title"); title.write(to: &o)
            if let waiver { o.key("waiver"); waiver.write(to: &o) }
        }
    }
}

extension FindingsDocument.WaiverEntry: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("accepted_by"); o.string(acceptedBy)
            o.key("expires"); o.string(expires)
            o.key("reason"); o.string(reason)
        }
    }
}

extension FindingsDocument.ErrorEntry: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("bundle"); o.string(bundle)
            o.key("code"); o.string(code)
            o.key("column"); o.string(column)
            if let endLine { o.key("end_line"); o.int(endLine) }
            o.key("file"); o.string(file)
            o.key("line"); o.int(line)
            o.key("message"); o.string(message)
        }
    }
}

extension FindingsDocument.Input: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("bundle"); o.string(bundle)
            if let encoding { o.key("encoding"); o.string(encoding) }
            o.key("errors"); o.int(errors)
            o.key("file"); o.string(file)
            o.key("rows"); o.int(rows)
            if let sha256 { o.key("sha256"); o.string(sha256) }
            o.key("skipped"); o.int(skipped)
            if let table { o.key("table"); o.string(table) }
        }
    }
}

extension Evidence: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("account"); o.string(account)
            o.key("counterparty"); o.string(counterparty)
            o.key("credit"); o.string(credit)
            o.key("date"); o.string(date)
            o.key("debit"); o.string(debit)
            o.key("entry_id"); o.string(entryID)
            o.key("file"); o.string(file)
            o.key("line"); o.int(line)
            o.key("summary"); o.string(summary)
        }
    }
}

extension Citation: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("clause"); o.string(clause)
            o.key("document"); o.string(document)
        }
    }
}

extension LocalizedText: JSONLayoutWritable {
    func write(to json: inout JSONLayout) {
        json.object { o in
            o.key("en"); o.string(en)
            o.key("zh"); o.string(zh)
        }
    }
}
