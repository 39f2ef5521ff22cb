import Foundation
import HospAuditCore

/// A year of a large non-profit hospital's books as its export lists them, day by day: patient
/// revenue by department and channel, medical-insurance settlements, stock bought on credit from
/// hundreds of suppliers and paid for once a month, stock issued to departments, small purchases
/// and staff expenses paid at once, payroll accrued and paid, utilities, rent, loan interest, and
/// the sponsor's management company paid a consultancy fee every month.
///
/// A bigger ledger is a bigger hospital: its suppliers, vendors and staff grow with its lines,
/// so each is paid about as often as in a real hospital's books, and the findings stay the ones
/// such books give (the fee to the sponsor's company and what follows from it), not hundreds of
/// runs of payments to seven payees.
struct HospitalLedger {
    static let header = LedgerGenerator.header

    let lines: Int
    private var state: UInt64 = 0x2545_F491_4F6C_DD1D
    private var voucher = 0
    private var written = 0
    private var buffer = ""
    private let suppliers: [Party]
    private let vendors: [Party]
    private let staff: [String]
    /// The hospital's size against a 1 M-line year, for the amounts that grow with it.
    private let scale: Int

    struct Party {
        let name: String
        let id: String
    }

    typealias Line = (code: String, account: String, debit: Int, credit: Int, party: Party?)

    static let sponsorCompany = Party(name: "北京康宁医疗管理有限公司", id: "91110105MA01ABCD39")
    static let landlord = Party(name: "北京瑞和置业有限公司", id: "91310115MA1K3Y2P5M")
    static let bank = Party(name: "中国工商银行股份有限公司北京分行", id: "91110000802100129E")
    static let insurer = "北京市医疗保险事务管理中心"
    static let utilities = [
        (Party(name: "国网北京市电力公司", id: "91110000101124558K"), "管理费用-水电费", "电费", 1_300_000),
        (Party(name: "北京市自来水集团有限责任公司", id: "91110000101135798J"), "管理费用-水电费", "水费", 260_000),
        (Party(name: "北京市燃气集团有限责任公司", id: "91110000101119966T"), "管理费用-水电费", "燃气费", 410_000),
        (Party(name: "北京京城物业管理有限公司", id: "91110105MA00PQ7R3X"), "管理费用-物业管理费", "物业管理费", 520_000),
    ]
    static let departments = [
        "心血管内科", "呼吸内科", "消化内科", "神经内科", "内分泌科", "肾内科", "普外科", "骨科", "泌尿外科",
        "神经外科", "心胸外科", "妇产科", "儿科", "眼科", "耳鼻喉科", "口腔科", "皮肤科", "中医科", "康复医学科",
        "急诊科", "重症医学科", "肿瘤科", "感染科", "麻醉科", "体检中心", "检验科", "放射科", "超声科",
    ]
    static let channels = ["微信", "支付宝", "银联POS", "现金", "银行转账"]
    static let revenue = [("提供服务收入-门诊收入", "门诊收入"), ("提供服务收入-住院收入", "住院收入"), ("提供服务收入-药品收入", "药品收入")]
    static let stock = [("存货-药品", "购入药品"), ("存货-卫生材料", "购入卫生材料"), ("存货-检验试剂", "购入检验试剂")]
    static let issues = [("业务活动成本-药品费", "存货-药品", "领用药品"), ("业务活动成本-卫生材料费", "存货-卫生材料", "领用卫生材料"),
                         ("业务活动成本-检验试剂费", "存货-检验试剂", "领用检验试剂")]
    static let purchases = [("5201", "管理费用-办公费", "购买办公用品"), ("5101", "业务活动成本-维修费", "医疗设备维修"),
                            ("5201", "管理费用-印刷费", "印制病历及票据"), ("5201", "管理费用-邮电费", "支付通讯费"),
                            ("5101", "业务活动成本-维修费", "病房维修"), ("5201", "管理费用-会议费", "支付会议场地费")]
    static let staffExpenses = [("管理费用-差旅费", "报销差旅费"), ("管理费用-培训费", "报销进修培训费"), ("业务活动成本-其他费用", "报销科室零星支出")]
    static let regions = [("北京", "110105"), ("天津", "120116"), ("河北", "130100"), ("上海", "310115"), ("江苏", "320500"),
                          ("浙江", "330100"), ("山东", "370200"), ("湖北", "420100"), ("广东", "440300"), ("四川", "510100")]
    static let cores = [
        "康华", "瑞达", "恒信", "国瑞", "安泰", "华源", "同仁", "康泰", "永安", "德信", "博润", "仁济", "长青", "天元", "中科",
        "华康", "嘉禾", "明德", "睿诚", "协和", "正大", "鸿运", "金城", "宏达", "汇通", "信诚", "海鑫", "新华", "百川", "盛世",
        "禾信", "万邦", "九洲", "东方", "润泽", "康宁达", "益民", "仁和堂", "福瑞", "泰和",
    ]
    static let supplierTrades = ["医药", "药业", "医疗器械", "生物科技", "医用材料", "医药科技", "卫生材料", "检验试剂"]
    static let vendorTrades = ["文具", "办公设备", "印务", "通信技术", "电梯工程", "信息技术", "家具", "保洁服务", "建筑装饰", "机电设备"]
    static let suffixes = ["有限公司", "股份有限公司", "有限责任公司"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
    static let givenNames = ["丽", "强", "娜", "洋", "静", "伟", "敏", "磊", "军", "芳", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华", "志强",
                             "海燕", "晓东", "文博", "雪梅", "国庆", "春燕", "玉兰", "子涵", "宇轩", "佳怡"]

    init(lines: Int) {
        self.lines = lines
        scale = max(1, lines / 1_000_000)
        suppliers = Self.parties(max(60, lines / 2_500), trades: Self.supplierTrades, salt: 0)
        vendors = Self.parties(max(40, lines / 2_500), trades: Self.vendorTrades, salt: 7)
        staff = (0..<max(50, lines / 1_000)).map { i in
            "\(Self.surnames[i % Self.surnames.count])\(Self.givenNames[(i / Self.surnames.count + i) % Self.givenNames.count])"
        }
    }

    /// Distinct company names with valid codes: the index is spread over every combination of
    /// region, name, trade and suffix, so neighbours do not share a stem.
    static func parties(_ count: Int, trades: [String], salt: Int) -> [Party] {
        let combinations = regions.count * cores.count * trades.count * suffixes.count
        precondition(count <= combinations, "more parties than names")
        return (0..<count).map { i in
            var k = (i * 7_919 + salt) % combinations
            let region = regions[k % regions.count]; k /= regions.count
            let core = cores[k % cores.count]; k /= cores.count
            let trade = trades[k % trades.count]; k /= trades.count
            let suffix = suffixes[k % suffixes.count]
            let body = "91\(region.1)MA\(String(format: "%07d", (i * 104_729 + salt * 31 + 1_234_567) % 10_000_000))"
            return Party(name: "\(region.0)\(core)\(trade)\(suffix)", id: body + String(USCC.checkCharacter(for: body)!))
        }
    }

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
        var ledger = HospitalLedger(lines: lines)
        try ledger.write(to: dir + "/ledger.csv")
    }

    mutating func write(to path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        buffer = Self.header
        let first = Day(year: 2024, month: 1, day: 1)!
        for d in 0..<366 {
            let day = first.adding(days: d)
            scheduled(on: day)
            // Each day's share of the year's lines, the scheduled ones included.
            while written < lines * (d + 1) / 366 { daily(on: day) }
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    private mutating func next(_ bound: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(bound))
    }

    /// An amount in fen between `low` and `high` yuan, most of them near the low end as a
    /// ledger's are (spread evenly over the digits' count, not over the range).
    private mutating func amount(_ low: Int, _ high: Int) -> Int {
        let lowFen = Double(low * 100), highFen = Double(high * 100)
        let u = Double(next(1_000_000)) / 1_000_000
        return Int(lowFen * pow(highFen / lowFen, u))
    }

    /// Vouchers every hospital books on fixed days.
    private mutating func scheduled(on day: Day) {
        let (_, month, date) = day.components
        // Each supplier is paid once a month for what it delivered, on its own day.
        for (i, supplier) in suppliers.enumerated() where i % 28 + 1 == date {
            let fen = i % 5 == 0 ? amount(20_000, 95_000) : amount(80_000, 1_800_000)
            entry(day, [("2101", "应付账款", fen, 0, supplier), ("1002", "银行存款", 0, fen, supplier)], summary: "支付\(month)月货款")
        }
        if date == 1 {
            let fen = 420_000_00 * scale
            entry(day, [("5201", "管理费用-租赁费", fen, 0, Self.landlord), ("1002", "银行存款", 0, fen, Self.landlord)], summary: "支付\(month)月门诊楼房租")
        }
        if date == 5 {
            for (party, account, what, yuan) in Self.utilities {
                let fen = amount(yuan * 8 / 10, yuan * 12 / 10) * scale
                entry(day, [("5201", account, fen, 0, party), ("1002", "银行存款", 0, fen, party)], summary: "支付\(month)月\(what)")
            }
        }
        if date == 10 {
            let fen = 118_000_000_00 * scale + amount(1, 2_000_000)
            entry(day, [("2204", "应付工资", fen, 0, nil), ("1002", "银行存款", 0, fen, nil)], summary: "发放\(month)月工资")
        }
        if date == 15 {
            entry(day, [("5201", "管理费用-咨询费", 250_000_00, 0, Self.sponsorCompany), ("1002", "银行存款", 0, 250_000_00, Self.sponsorCompany)],
                  summary: "支付\(month)月管理咨询服务费")
        }
        if date == 21 && month % 3 == 0 {
            let fen = 1_725_000_00 * scale
            entry(day, [("5301", "筹资费用-利息支出", fen, 0, Self.bank), ("1002", "银行存款", 0, fen, Self.bank)], summary: "支付第\(month / 3)季度借款利息")
        }
        if date == 28 {
            // The month's pay, accrued by department.
            var accrual: [Line] = []
            var total = 0
            for department in Self.departments {
                let fen = amount(2_500_000, 5_500_000) * scale
                total += fen
                accrual.append(("5101", "业务活动成本-人员经费-\(department)", fen, 0, nil))
            }
            let office = amount(9_000_000, 12_000_000) * scale
            accrual.append(("5201", "管理费用-人员经费", office, 0, nil))
            accrual.append(("2204", "应付工资", 0, total + office, nil))
            entry(day, accrual, summary: "计提\(month)月工资")
        }
        let cash = amount(20_000, 200_000)
        entry(day, [("1002", "银行存款", cash, 0, nil), ("1001", "现金", 0, cash, nil)], summary: "现金送存银行")
    }

    /// One of the day's many vouchers of routine business.
    private mutating func daily(on day: Day) {
        let kind = next(100)
        if kind < 50 {
            let department = Self.departments[next(Self.departments.count)]
            let (account, what) = Self.revenue[next(Self.revenue.count)]
            let channel = Self.channels[next(Self.channels.count)]
            let fen = amount(500, 120_000)
            let debit = channel == "现金" ? ("1001", "现金") : ("1002", "银行存款")
            entry(day, [(debit.0, debit.1, fen, 0, nil), ("4301", account, 0, fen, nil)], summary: "\(department)\(what)（\(channel)）")
        } else if kind < 55 {
            let fen = amount(100_000, 3_000_000)
            let insurer = Party(name: Self.insurer, id: "")
            entry(day, [("1002", "银行存款", fen, 0, insurer), ("1122", "应收账款-医保结算", 0, fen, insurer)], summary: "收到医保结算款")
        } else if kind < 59 {
            let department = Self.departments[next(Self.departments.count)]
            let fen = amount(5_000, 400_000)
            let insurer = Party(name: Self.insurer, id: "")
            entry(day, [("1122", "应收账款-医保结算", fen, 0, insurer), ("4301", "提供服务收入-住院收入", 0, fen, nil)],
                  summary: "\(department)医保记账收入")
        } else if kind < 84 {
            let supplier = suppliers[next(suppliers.count)]
            let (account, what) = Self.stock[next(Self.stock.count)]
            let fen = amount(800, 260_000)
            entry(day, [("1201", account, fen, 0, supplier), ("2101", "应付账款", 0, fen, supplier)],
                  summary: "\(what) 发票号\(String(format: "%08d", 10_000_000 + next(89_999_999)))")
        } else if kind < 93 {
            let department = Self.departments[next(Self.departments.count)]
            let (expense, stock, what) = Self.issues[next(Self.issues.count)]
            let fen = amount(1_000, 80_000)
            entry(day, [("5101", expense, fen, 0, nil), ("1201", stock, 0, fen, nil)], summary: "\(department)\(what)")
        } else if kind < 97 {
            let vendor = vendors[next(vendors.count)]
            let (code, account, what) = Self.purchases[next(Self.purchases.count)]
            let fen = amount(300, 48_000)
            entry(day, [(code, account, fen, 0, vendor), ("1002", "银行存款", 0, fen, vendor)], summary: what)
        } else {
            let person = Party(name: staff[next(staff.count)], id: "")
            let (account, what) = Self.staffExpenses[next(Self.staffExpenses.count)]
            let fen = amount(200, 9_000)
            entry(day, [(account.hasPrefix("管理") ? "5201" : "5101", account, fen, 0, person), ("1001", "现金", 0, fen, person)], summary: what)
        }
    }

    private mutating func entry(_ day: Day, _ entryLines: [Line], summary: String) {
        voucher += 1
        let (y, m, d) = day.components
        let date = "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
        let number = "记-\(String(format: "%06d", voucher))"
        let preparer = staff[next(20)]
        let approver = staff[20 + next(10)]
        for (n, line) in entryLines.enumerated() {
            buffer += "\(number),\(n + 1),\(date),\(line.code),\(line.account),\(Self.money(line.debit)),\(Self.money(line.credit)),"
            buffer += "\(line.party?.name ?? ""),\(line.party?.id ?? ""),\(summary),\(preparer),\(approver)\n"
        }
        written += entryLines.count
    }

    /// Fen as the export writes yuan: grouped, quoted when grouped, empty for nothing.
    static func money(_ fen: Int) -> String {
        if fen == 0 { return "" }
        let fraction = fen % 100
        let text = "\(LedgerGenerator.grouped(fen / 100)).\(fraction < 10 ? "0" : "")\(fraction)"
        return text.contains(",") ? "\"\(text)\"" : text
    }
}
