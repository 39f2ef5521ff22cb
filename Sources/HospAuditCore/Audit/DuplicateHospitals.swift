/// Two bundles of one run for the same hospital (one USCC) are two uploads of one hospital or
/// an entity file copied into the wrong folder: either way the auditor must know.
public enum DuplicateHospitals {
    public static func problems(in audits: [BundleAudit]) -> [InputError] {
        problems(in: audits.map { a in (a.bundle, a.hospital?.id, a.files.first { $0.table == "entity" }?.file) })
    }

    /// Each bundle as its name, its hospital's USCC and its entity file.
    static func problems(in all: [(bundle: String, hospitalID: String?, entityFile: String?)]) -> [InputError] {
        var byID: [String: [String]] = [:]
        for b in all {
            guard let id = b.hospitalID else { continue }
            if !(byID[id]?.contains(b.bundle) ?? false) { byID[id, default: []].append(b.bundle) }
        }
        var problems: [InputError] = []
        for (id, bundles) in byID.sorted(by: { $0.key < $1.key }) where bundles.count > 1 {
            let sorted = bundles.sorted()
            for bundle in sorted {
                let others = sorted.filter { $0 != bundle }.joined(separator: ", ")
                problems.append(InputError(
                    bundle: bundle, file: all.first { $0.bundle == bundle }?.entityFile,
                    code: .duplicateHospital,
                    message: LocalizedText(
                        zh: "统一社会信用代码 \(id) 也见于 \(others)：同一家医院有两个目录，或机构信息文件放错了目录",
                        en: "the USCC \(id) is also that of \(others): two bundles for one hospital, or an entity file in the wrong folder")))
            }
        }
        return problems
    }
}
