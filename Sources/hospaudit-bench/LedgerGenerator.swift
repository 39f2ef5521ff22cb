import Foundation
import HospAuditCore

/// Writes a plausible hospital ledger: balanced two-line vouchers of daily business with
/// recurring suppliers, payroll, utilities, patient revenue, Chinese summaries, amounts with
/// thousands separators, some quoted cells.
enum LedgerGenerator {
    static let header = "凭证号,分录号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,对方统一社会信用代码,摘要,制单人,审核人\n"

    static let expenses: [(code: String, name: String, summary: String, counterparty: String)] = [
        ("5001", "业务活动成本-药品费", "采购药品", "国药控股北京有限公司"),
        ("5001", "业务活动成本-卫生材料费", "采购一次性耗材", "华润医药商业集团有限公司"),
        ("5201", "管理费用-咨询费", "支付管理咨询费", "北京康宁医疗管理有限公司"),
        ("5201", "管理费用-水电费", "支付本月水电费", "北京市电力公司"),
        ("5201", "管理费用-租赁费", "支付门诊楼房租", "北京瑞和置业有限公司"),
        ("5001", "业务活动成本-人员经费", "发放本月工资", ""),
        ("5201", "管理费用-办公费", "购买办公用品", "北京晨光文具有限公司"),
        ("5001", "业务活动成本-维修费", "医疗设备维修", "北京迈瑞医疗设备服务有限公司"),
    ]
    static let people = ["张丽", "王强", "李娜", "刘洋", "陈静"]
    /// Each supplier its own USCC (check characters valid), the consultant's the one the
    /// bundle lists as related.
    static let ids: [String: String] = [
        "国药控股北京有限公司": "91110000100012345L", "华润医药商业集团有限公司": "91110113MA04RH6T18",
        "北京康宁医疗管理有限公司": "91110105MA01ABCD39", "北京市电力公司": "91110108MA02KX8N4L",
        "北京瑞和置业有限公司": "91310115MA1K3Y2P5M", "北京晨光文具有限公司": "91330106MA28GH4Q70",
        "北京迈瑞医疗设备服务有限公司": "91120116MA05TQ8E2N",
    ]

    static func write(lines: Int, to path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer = header
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        var written = 0
        var voucher = 0
        while written < lines {
            voucher += 1
            // Vouchers in date order, as exports list them.
            let day = Day(year: 2024, month: 1, day: 1)!.adding(days: written * 366 / max(lines, 1))
            let (y, m, d) = day.components
            let date = "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
            let entry = "记-\(String(format: "%06d", voucher))"
            let preparer = people[Int(next() % UInt64(people.count))]
            let approver = people[Int(next() % UInt64(people.count))]
            let yuan = Int(next() % 2_000_000) + 100
            let fen = Int(next() % 100)
            let amount = "\(grouped(yuan)).\(fen < 10 ? "0" : "")\(fen)"
            let quoted = amount.contains(",") ? "\"\(amount)\"" : amount
            if next() % 4 == 0 {
                buffer += "\(entry),1,\(date),1002,银行存款,\(quoted),,,,收到门诊医疗收入,\(preparer),\(approver)\n"
                buffer += "\(entry),2,\(date),4301,提供服务收入-门诊收入,,\(quoted),,,收到门诊医疗收入,\(preparer),\(approver)\n"
            } else {
                let e = expenses[Int(next() % UInt64(expenses.count))]
                let id = e.counterparty.isEmpty ? "" : ids[e.counterparty, default: ""]
                buffer += "\(entry),1,\(date),\(e.code),\(e.name),\(quoted),,\(e.counterparty),\(id),\(e.summary)\(voucher % 97),\(preparer),\(approver)\n"
                buffer += "\(entry),2,\(date),1002,银行存款,,\(quoted),\(e.counterparty),\(id),\(e.summary)\(voucher % 97),\(preparer),\(approver)\n"
            }
            written += 2
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// A non-profit in Beijing whose consultant is its sponsor's company, so the related-party
    /// path of the audit is exercised on every fee voucher.
    static func writeBundle(lines: Int, to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者
            52110105MJ00234564,北京康宁医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京康宁投资管理有限公司

            """.write(toFile: dir + "/entity.csv", atomically: true, encoding: .utf8)
        try """
            关联方名称,统一社会信用代码,关联关系,起始日期,终止日期
            北京康宁医疗管理有限公司,91110105MA01ABCD39,举办者控制的企业,2016-03-01,

            """.write(toFile: dir + "/related_parties.csv", atomically: true, encoding: .utf8)
        try write(lines: lines, to: dir + "/ledger.csv")
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
