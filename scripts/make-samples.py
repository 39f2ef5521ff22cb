#!/usr/bin/env python3
"""Writes the sample bundles in samples/ (deterministic: same output every run).

Each bundle is one hospital's exports for fiscal 2024, as its finance software would write
them. The expected findings beside each bundle are produced by the tool and reviewed by hand;
this script only writes the inputs."""
import datetime as dt
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent / "samples"
YEAR = 2024
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(prefix17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(prefix17, WEIGHTS))
    return prefix17 + ALPHABET[(31 - total % 31) % 31]


def fen(yuan):
    return int(round(yuan * 100))


def money(f):
    sign = "-" if f < 0 else ""
    f = abs(f)
    return f"{sign}{f // 100}.{f % 100:02d}"


def grouped(f):
    whole, cents = divmod(abs(f), 100)
    return ("-" if f < 0 else "") + f"{whole:,}.{cents:02d}"


def days(year=YEAR):
    d = dt.date(year, 1, 1)
    while d.year == year:
        yield d
        d += dt.timedelta(days=1)


class Ledger:
    """Balanced vouchers, numbered per month as 用友 and 金蝶 number them (记-0001 each month)."""

    def __init__(self):
        self.vouchers = []  # (date, [(code, name, debit, credit, counterparty, summary)])
        # Counterparties' bank accounts, shown on the bank lines (a 对方账号 column) when any is set.
        self.accounts = {}
        self.preparers = ["张丽", "王晓燕", "李娜"]
        self.approvers = ["刘建华", "陈静"]

    def add(self, date, lines):
        self.vouchers.append((date, lines))

    def pay(self, date, code, name, amount, counterparty, summary, cash=("1002", "银行存款")):
        self.add(date, [(code, name, amount, 0, counterparty, summary),
                        (cash[0], cash[1], 0, amount, counterparty, summary)])

    def receive(self, date, code, name, amount, summary, counterparty=""):
        self.add(date, [("1002", "银行存款", amount, 0, counterparty, summary),
                        (code, name, 0, amount, counterparty, summary)])

    def rows(self):
        out = []
        per_month = {}
        for date, lines in sorted(self.vouchers, key=lambda v: v[0]):
            month = (date.year, date.month)
            per_month[month] = per_month.get(month, 0) + 1
            entry = f"记-{per_month[month]:04d}"
            who = self.preparers[len(out) % 3], self.approvers[len(out) % 2]
            for n, (code, name, debit, credit, cp, summary) in enumerate(lines, 1):
                out.append((entry, n, date, code, name, debit, credit, cp, summary, who[0], who[1]))
        return out

    def total(self, prefixes, side):
        t = 0
        for _, lines in self.vouchers:
            for code, _, debit, credit, _, _ in lines:
                if any(code.startswith(p) for p in prefixes):
                    t += debit - credit if side == "debit" else credit - debit
        return t


def write(path, header, rows, encoding="utf-8", newline="\n", bom=False):
    path.parent.mkdir(parents=True, exist_ok=True)

    def cell(v):
        s = str(v)
        return f'"{s}"' if ("," in s or '"' in s or "\n" in s) else s

    text = newline.join([",".join(header)] + [",".join(cell(v) for v in r) for r in rows]) + newline
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_ledger(path, ledger, **kw):
    header = ["凭证号", "分录号", "日期", "科目编码", "科目名称", "借方金额", "贷方金额", "往来单位", "摘要", "制单人", "审核人"]
    rows = [(e, n, d.isoformat(), c, name, money(dr) if dr else "", money(cr) if cr else "", cp, s, p, a)
            for e, n, d, c, name, dr, cr, cp, s, p, a in ledger.rows()]
    if ledger.accounts:
        header = header[:8] + ["对方账号"] + header[8:]
        rows = [r[:8] + ((ledger.accounts.get(r[7], "") if r[3] == "1002" else ""),) + r[8:] for r in rows]
    write(path, header, rows, **kw)


BEIJING_SUPPLIERS = {
    "drugs": ["国药控股北京有限公司", "华润医药商业集团有限公司", "九州通医药集团股份有限公司"],
    "materials": ["上药控股有限公司", "北京迈瑞医疗器械销售有限公司"],
    "power": "国网北京市电力公司", "water": "北京市自来水集团", "office": "北京晨光办公用品有限公司",
}


def nonprofit_year(rng, ledger, scale=1.0, consultant=None, consultant_monthly=0, lessor=None, monthly_rent=0,
                   suppliers=BEIJING_SUPPLIERS, year=YEAR, drug_revenue=False):
    """A year of a non-profit hospital's ordinary business (民间非营利组织会计制度 accounts).
    With drug_revenue, drugs dispensed to outpatients are booked apart, as 药品收入."""
    drug_suppliers = suppliers["drugs"]
    material_suppliers = suppliers["materials"]
    for d in days(year):
        ledger.receive(d, "4301", "提供服务收入-门诊收入", fen(rng.uniform(160_000, 320_000) * scale), "门诊收入日结")
        if drug_revenue:
            ledger.receive(d, "4301", "提供服务收入-门诊收入-药品收入", fen(rng.uniform(120_000, 180_000) * scale),
                           "门诊药品收入日结")
        if d.weekday() == 4:
            ledger.receive(d, "4301", "提供服务收入-住院收入", fen(rng.uniform(700_000, 1_100_000) * scale), "住院结算收入")
            if drug_revenue:
                ledger.receive(d, "4301", "提供服务收入-住院收入-药品收入", fen(rng.uniform(300_000, 450_000) * scale),
                               "住院药品收入结算")
        if d.weekday() == 1:
            ledger.pay(d, "5101", "业务活动成本-药品费", fen(rng.uniform(1_000_000, 1_300_000) * scale),
                       rng.choice(drug_suppliers), "支付药品采购款")
        if d.weekday() == 3 and d.day <= 21:
            ledger.pay(d, "5101", "业务活动成本-卫生材料费", fen(rng.uniform(300_000, 450_000) * scale),
                       rng.choice(material_suppliers), "支付卫生材料采购款")
        if d.day == 10:
            ledger.pay(d, "5101", "业务活动成本-人员经费-工资", fen(rng.uniform(3_400_000, 3_600_000) * scale), "",
                       f"发放{d.month}月工资")
            ledger.pay(d, "5201", "管理费用-人员经费-工资", fen(rng.uniform(420_000, 460_000) * scale), "",
                       f"发放{d.month}月行政人员工资")
        if d.day == 15:
            ledger.pay(d, "5201", "管理费用-水电费", fen(rng.uniform(130_000, 190_000) * scale), suppliers["power"],
                       f"支付{d.month}月电费")
            ledger.pay(d, "5201", "管理费用-水电费", fen(rng.uniform(25_000, 40_000) * scale), suppliers["water"],
                       f"支付{d.month}月水费")
            ledger.pay(d, "5201", "管理费用-办公费", fen(rng.uniform(8_000, 22_000) * scale), suppliers["office"],
                       "购买办公用品")
        if lessor and d.day == 5:
            ledger.pay(d, "5201", "管理费用-租赁费", monthly_rent, lessor, f"支付{d.month}月门诊楼租金")
        if consultant and d.day == 25:
            ledger.pay(d, "5201", "管理费用-咨询费", consultant_monthly, consultant, f"支付{d.month}月医院管理咨询费")


def statements(ledger, revenue_prefixes, expense_prefixes, assets, profit_item):
    revenue = ledger.total(revenue_prefixes, "credit")
    expense = ledger.total(expense_prefixes, "debit")
    return revenue, expense, revenue - expense


def write_activity_statement(dir_, ledger):
    """A non-profit's 业务活动表 that agrees with its ledger."""
    revenue, expense, surplus = statements(ledger, ["4"], ["5"], 0, "surplus")
    write(dir_ / "statements.csv", STATEMENT_HEADER, [
        (YEAR, "业务活动表", "收入合计", money(revenue)),
        (YEAR, "业务活动表", "费用合计", money(expense)),
        (YEAR, "业务活动表", "本年结余", money(surplus)),
    ])


def entity_rows(id_, name, ownership, region, category, tax_exempt, standard, sponsor, year=YEAR, approval=""):
    return [(id_, name, ownership, region, category, tax_exempt, standard, year, sponsor, approval)]


ENTITY_HEADER = ["统一社会信用代码", "机构名称", "经营性质", "行政区划代码", "机构类别", "免税资格", "执行会计制度", "会计年度", "举办者", "批准文号"]
RP_HEADER = ["关联方名称", "统一社会信用代码", "关联关系", "起始日期", "终止日期"]
DISCLOSURE_HEADER = ["期间", "披露项目", "关联方", "金额"]
STATEMENT_HEADER = ["期间", "报表名称", "项目名称", "本年累计数"]


def clean_nonprofit():
    """北京康宁医院: a Beijing non-profit that buys drugs from its sponsor's pharmacy company at
    ordinary prices and discloses every yuan of it."""
    rng = random.Random(20240101)
    dir_ = ROOT / "bj-kangning-clean"
    sponsor = "北京康宁投资管理有限公司"
    pharmacy = "北京康宁医药有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, lessor="北京华远置业有限公司", monthly_rent=fen(285_000))
    related = 0
    for month in range(1, 13):
        amount = fen(rng.uniform(160_000, 210_000))
        related += amount
        ledger.pay(dt.date(YEAR, month, 22), "5101", "业务活动成本-药品费", amount, pharmacy, "采购中成药")
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52110105MJ0023456"), "北京康宁医院", "非营利性", "110105", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        (sponsor, uscc("91110105MA01KN2X3"), "举办者", "2016-03-01", ""),
        (pharmacy, uscc("91110105MA03PH7Y2"), "举办者控制的企业", "2016-03-01", ""),
        ("周卫东", "", "关键管理人员", "2016-03-01", ""),
    ])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", pharmacy, money(related)),
        (YEAR, "主要管理人员收入", "", money(fen(1_180_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(31_560_000))),
    ])
    write_activity_statement(dir_, ledger)
    write_ledger(dir_ / "ledger.csv", ledger)


def fees_to_sponsor():
    """浙江华信医院: a Zhejiang non-profit that pays its sponsor's management company a monthly
    fee and a December lump sum, rents its building from the sponsor, and pays a contractor in
    slices below the 100,000 approval limit. It discloses the related amounts, so RP-001 is quiet."""
    rng = random.Random(20240606)
    dir_ = ROOT / "zj-huaxin-fees"
    sponsor = "杭州华信投资集团有限公司"
    manager = "杭州华信医院管理有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.7)
    fees = 0
    for month in range(1, 13):
        amount = fen(120_000) if month < 12 else fen(2_400_000)
        fees += amount
        ledger.pay(dt.date(YEAR, month, 26), "5201", "管理费用-管理费", amount, manager,
                   f"支付{month}月医院托管管理费" if month < 12 else "支付年度托管管理费及绩效奖励")
    rent = 0
    for month in range(1, 13):
        rent += fen(210_000)
        ledger.pay(dt.date(YEAR, month, 3), "5201", "管理费用-租赁费", fen(210_000), sponsor, f"支付{month}月院区租金")
    for day, amount in ((9, 68_000), (11, 59_500), (13, 47_800)):
        ledger.pay(dt.date(YEAR, 9, day), "5201", "管理费用-维修费", fen(amount), "杭州宏远建筑装饰有限公司", "住院楼外立面维修")
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52330106MJ5566778"), "浙江华信医院", "非营利性", "330106", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        (sponsor, uscc("91330106MA2H8X6Q4"), "举办者", "2012-08-01", ""),
        (manager, uscc("91330106MA2J3K5W9"), "举办者控制的企业", "2015-03-01", ""),
    ])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", manager, money(fees)),
        (YEAR, "关联交易", sponsor, money(rent)),
        (YEAR, "主要管理人员收入", "", money(fen(860_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(22_400_000))),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def dividend_nonprofit():
    """北京仁和医院: a tax-exempt Beijing non-profit that pays its sponsor a "dividend", books a
    distribution at year end, and pays out surplus appropriated to a payable."""
    rng = random.Random(20240202)
    dir_ = ROOT / "bj-renhe-dividend"
    sponsor = "北京仁和投资有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.8)
    ledger.add(dt.date(YEAR, 6, 28), [
        ("5201", "管理费用-其他", fen(3_000_000), 0, sponsor, "举办者2023年度分红"),
        ("1002", "银行存款", 0, fen(3_000_000), sponsor, "举办者2023年度分红"),
    ])
    # Surplus appropriated to a payable owed to the sponsor, then paid as a current-account transfer.
    ledger.add(dt.date(YEAR, 11, 30), [
        ("3101", "非限定性净资产", fen(1_200_000), 0, "", "提取结余分配款"),
        ("2209", "其他应付款", 0, fen(1_200_000), sponsor, "提取结余分配款"),
    ])
    ledger.pay(dt.date(YEAR, 12, 6), "2209", "其他应付款", fen(1_200_000), sponsor, "支付往来款")
    ledger.add(dt.date(YEAR, 12, 30), [
        ("3101", "利润分配-应付股利", fen(2_000_000), 0, sponsor, "分配2024年结余"),
        ("2204", "应付利润", 0, fen(2_000_000), sponsor, "分配2024年结余"),
    ])
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52110108MJ0034567"), "北京仁和医院", "非营利性", "110108", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [(sponsor, uscc("91110108MA02KX8N4"), "举办者", "2015-06-01", "")])
    # Beijing asks for three disclosures; the hospital published two.
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "主要管理人员收入", "", money(fen(960_000))),
        (YEAR, "关联交易", sponsor, money(fen(3_000_000))),
    ])
    # The activity statement leaves the 3,000,000 "dividend" out of expenses.
    revenue, expense, surplus = statements(ledger, ["4"], ["5"], 0, "surplus")
    write(dir_ / "statements.csv", STATEMENT_HEADER, [
        (YEAR, "业务活动表", "收入合计", money(revenue)),
        (YEAR, "业务活动表", "费用合计", money(expense - fen(3_000_000))),
        (YEAR, "业务活动表", "本年结余", money(surplus + fen(3_000_000))),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def forprofit_margin():
    """天津和谐医院: a Tianjin for-profit whose net margin is far above the policy's cap."""
    rng = random.Random(20240303)
    dir_ = ROOT / "tj-hexie-forprofit-margin"
    ledger = Ledger()
    for d in days():
        ledger.receive(d, "6001", "主营业务收入-医疗收入", fen(rng.uniform(200_000, 300_000)), "医疗收入日结")
        if d.weekday() == 1:
            ledger.pay(d, "6401", "主营业务成本-药品", fen(rng.uniform(500_000, 700_000)), "国药控股天津有限公司", "支付药品款")
        if d.day == 10:
            ledger.pay(d, "6401", "主营业务成本-人工", fen(rng.uniform(2_600_000, 2_800_000)), "", f"发放{d.month}月工资")
            ledger.pay(d, "6602", "管理费用-办公室租金", fen(160_000), "天津泰达置业有限公司", f"支付{d.month}月租金")
        if d.day == 20:
            ledger.pay(d, "6602", "管理费用-水电费", fen(rng.uniform(60_000, 90_000)), "国网天津市电力公司", f"支付{d.month}月电费")
        if d.month in (3, 6, 9, 12) and d.day == 25:
            ledger.pay(d, "6801", "所得税费用", fen(1_250_000), "国家税务总局天津市滨海新区税务局", "预缴企业所得税")
    sponsor = "天津和谐医疗投资集团有限公司"
    # 2023, still a non-profit: its books under 民间非营利组织会计制度, its 业务活动表 agreeing.
    earlier = Ledger()
    nonprofit_year(rng, earlier, scale=0.4, year=YEAR - 1, suppliers={
        "drugs": ["国药控股天津有限公司", "天津医药集团太平医药有限公司"], "materials": ["上药控股天津有限公司"],
        "power": "国网天津市电力公司", "water": "天津水务集团有限公司", "office": "天津文苑办公用品有限公司"})
    earlier_revenue, earlier_expense, earlier_surplus = statements(earlier, ["4"], ["5"], 0, "surplus")
    ledger.vouchers = earlier.vouchers + ledger.vouchers
    ledger.add(dt.date(YEAR, 12, 28), [
        ("4104", "利润分配-应付现金股利", fen(5_000_000), 0, sponsor, "向股东分配利润"),
        ("2232", "应付股利", 0, fen(5_000_000), sponsor, "向股东分配利润"),
    ])
    # Registered non-profit in 2023 and for-profit in 2024, with no approval on record.
    write(dir_ / "entity.csv", ENTITY_HEADER,
          entity_rows(uscc("91120116MA05TQ8E2"), "天津和谐医院", "非营利性", "120116", "专科医院", "是", "民间非营利组织会计制度", sponsor, year=2023)
          + entity_rows(uscc("91120116MA05TQ8E2"), "天津和谐医院", "营利性", "120116", "专科医院", "否", "企业会计准则", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [(sponsor, uscc("91120116MA06HX3K7"), "举办者", "2017-09-01", "")])
    revenue = ledger.total(["6001"], "credit")
    expense = ledger.total(["6401", "6602", "6801"], "debit")
    write(dir_ / "statements.csv", STATEMENT_HEADER, [
        (YEAR - 1, "业务活动表", "收入合计", money(earlier_revenue)),
        (YEAR - 1, "业务活动表", "费用合计", money(earlier_expense)),
        (YEAR - 1, "业务活动表", "本年结余", money(earlier_surplus)),
        (YEAR, "利润表", "营业收入", money(revenue)),
        (YEAR, "利润表", "营业总成本", money(expense)),
        (YEAR, "利润表", "净利润", money(revenue - expense)),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def undisclosed_purchases():
    """浙江安远医院: a Zhejiang non-profit that buys drugs from its sponsor's trading company and
    publishes nothing."""
    rng = random.Random(20240404)
    dir_ = ROOT / "zj-anyuan-undisclosed"
    trader = "杭州安远医药贸易有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.9, drug_revenue=True)
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 18), "5101", "业务活动成本-药品费", fen(rng.uniform(420_000, 560_000)), trader,
                   "支付药品采购款")
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52330100MJ9876543"), "浙江安远医院", "非营利性", "330102", "综合医院", "是", "民间非营利组织会计制度", "杭州安远控股有限公司"))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        ("杭州安远控股有限公司", uscc("91330106MA28GH4Q7"), "举办者", "2014-01-01", ""),
        (trader, uscc("91330106MA2AY7TB1"), "举办者控制的企业", "2016-05-01", ""),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def messy_yonyou():
    """吉林市松花医院: a GB18030 用友 export with title rows, monthly subtotals, page breaks
    and one voucher that does not balance."""
    rng = random.Random(20240505)
    dir_ = ROOT / "jl-songhua-messy"
    ledger = Ledger()
    for d in days():
        if d.weekday() < 5:
            ledger.receive(d, "4301", "提供服务收入-门诊收入", fen(rng.uniform(40_000, 90_000)), "门诊收入")
        if d.day == 12:
            ledger.pay(d, "5101", "业务活动成本-人员经费-工资", fen(rng.uniform(820_000, 880_000)), "", f"发放{d.month}月工资")
            ledger.pay(d, "5201", "管理费用-水电费", fen(rng.uniform(40_000, 60_000)), "国网吉林省电力有限公司吉林供电公司", "支付电费")
        if d.weekday() == 2 and d.day <= 14:
            ledger.pay(d, "5101", "业务活动成本-药品费", fen(rng.uniform(200_000, 260_000)), "吉林省医药集团有限公司", "支付药品款")
    # A voucher keyed in with a typo: the credit is 100 yuan short.
    ledger.add(dt.date(YEAR, 8, 16), [
        ("5201", "管理费用-维修费", fen(23_560), 0, "吉林市宏达电梯维修有限公司", "电梯年度维保"),
        ("1002", "银行存款", 0, fen(23_460), "吉林市宏达电梯维修有限公司", "电梯年度维保"),
    ])
    rows = ledger.rows()
    header = ["凭证字号", "分录号", "制单日期", "科目编码", "科目全名", "借方金额", "贷方金额", "辅助核算", "摘要", "制单人", "审核人"]
    lines = ["序时账", "编制单位：吉林市松花医院,,,,2024年度,,,,,,", ""]
    month = None
    totals = [0, 0]
    year_totals = [0, 0]

    def subtotal(label, t):
        return f",,,,{label},\"{grouped(t[0])}\",\"{grouped(t[1])}\",,,,"

    for i, (e, n, d, c, name, dr, cr, cp, s, p, a) in enumerate(rows):
        if d.month != month:
            if month is not None:
                lines.append(subtotal("本月合计", totals))
                lines.append("")
                lines.append("序时账")
            lines.append(",".join(header))
            month = d.month
            totals = [0, 0]
        totals[0] += dr
        totals[1] += cr
        year_totals[0] += dr
        year_totals[1] += cr
        aux = f"【客商：{cp}】" if cp else ""
        lines.append(",".join([e, str(n), d.isoformat(), c, name,
                               f'"{grouped(dr)}"' if dr else "", f'"{grouped(cr)}"' if cr else "", aux, s, p, a]))
    lines.append(subtotal("本月合计", totals))
    lines.append(subtotal("本年累计", year_totals))
    (dir_).mkdir(parents=True, exist_ok=True)
    (dir_ / "序时账.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    write(dir_ / "机构信息.csv", ENTITY_HEADER, entity_rows(
        uscc("52220200MJ2233445"), "吉林市松花医院", "非营利性", "220202", "综合医院", "否", "民间非营利组织会计制度",
        "吉林市松花医疗投资有限公司"), encoding="gb18030", newline="\r\n")


CONTRACT_HEADER = ["合同编号", "对方单位", "合同类型", "本金", "年利率", "面积", "月租金", "开始日期", "结束日期"]
PURCHASE_HEADER = ["采购日期", "供应商", "药品编码", "品名", "规格", "单位", "数量", "单价", "金额"]
BENCHMARK_HEADER = ["品目编码", "品名", "基准价", "单位", "来源", "地区"]

# Drugs and consumables with their volume-based procurement award (or provincial platform) prices.
FORMULARY = [
    ("XC10AAA013A001", "阿托伐他汀钙片", "20mg*7片", "盒", fen(3.20), "国家组织药品集中采购中选价"),
    ("XC09CAC039A001", "缬沙坦胶囊", "80mg*14粒", "盒", fen(6.30), "国家组织药品集中采购中选价"),
    ("XA10BAA064A001", "盐酸二甲双胍片", "0.5g*20片", "盒", fen(1.95), "国家组织药品集中采购中选价"),
    ("XJ01DDA039A001", "头孢曲松钠注射剂", "1g", "支", fen(2.53), "国家组织药品集中采购中选价"),
    ("XA02BCA061A001", "奥美拉唑肠溶胶囊", "20mg*14粒", "盒", fen(4.41), "国家组织药品集中采购中选价"),
    ("HC0301001", "一次性使用无菌注射器", "5ml", "支", fen(0.35), "省医用耗材阳光采购平台"),
]


def purchase_rows(rng, supplier, months, markups, volume=1.0):
    """Monthly purchase lines of the formulary from one supplier; markups[code] scales the price."""
    rows, total = [], 0
    for month in months:
        for code, name, spec, unit, price, _ in FORMULARY:
            qty = int(rng.uniform(800, 2400) * volume) * (10 if unit == "支" else 1)
            unit_price = int(round(price * markups.get(code, 1.0)))
            amount = qty * unit_price
            total += amount
            rows.append((dt.date(YEAR, month, 6).isoformat(), supplier, code, name, spec, unit, qty,
                         money(unit_price), money(amount)))
    return rows, total


def pay_purchases(ledger, rows, supplier, summary):
    """One payment per purchase day, for the lines bought that day."""
    by_day = {}
    for r in rows:
        by_day[r[0]] = by_day.get(r[0], 0) + int(r[8].replace(".", ""))
    for day, amount in sorted(by_day.items()):
        ledger.pay(dt.date.fromisoformat(day), "5101", "业务活动成本-药品费", amount, supplier, summary)


def benchmark_rows(region):
    return [(code, name, money(price), unit, source, "" if "国家" in source else region)
            for code, name, _, unit, price, source in FORMULARY]


def related_totals(ledger, parties):
    """What the tool counts as each party's dealings: per voucher, the larger side of its lines."""
    settlement = ("1002", "1001", "2202", "2204", "2241", "1122", "1221", "2121")
    totals = {p: 0 for p in parties}
    for _, lines in ledger.vouchers:
        if all(code.startswith(settlement) for code, *_ in lines):
            continue
        for p in parties:
            mine = [(dr, cr) for _, _, dr, cr, cp, _ in lines if cp == p]
            if mine:
                totals[p] += max(sum(d for d, _ in mine), sum(c for _, c in mine))
    return totals


def rent_and_loan_nonprofit():
    """北京颐康医院: a tax-exempt Beijing non-profit that rents its building from the sponsor's
    property company at nearly twice the district's market rent, borrows from the sponsor at
    9.6% when the LPR was 3.70%, lends the sponsor 3,000,000 that is still owed at year end, and
    pays its director 1,896,000 a year, above the policy's cap on key managers' pay, and its deputy
    director 360,000 of salary and 1,176,000 of 劳务费.
    It discloses all of it: being open about a transfer does not make it lawful."""
    rng = random.Random(20240707)
    dir_ = ROOT / "bj-yikang-rent-loan"
    sponsor = "北京颐康投资有限公司"
    landlord = "北京颐康置业有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.85)
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 5), "5201", "管理费用-租赁费", fen(612_000), landlord, f"支付{month}月门诊住院综合楼租金")
    for quarter_end in (3, 6, 9, 12):
        ledger.pay(dt.date(YEAR, quarter_end, 21), "5401", "财务费用-利息支出", fen(192_000), sponsor,
                   f"支付举办者借款{quarter_end // 3}季度利息")
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 10), "5201", "管理费用-人员经费-工资", fen(158_000), "郑国平", f"发放院长{month}月薪酬")
        # The deputy director: salary accrued without a name and paid to him, and 劳务费 on top.
        ledger.add(dt.date(YEAR, month, 10), [
            ("5201", "管理费用-人员经费-工资", fen(30_000), 0, "", f"计提副院长{month}月工资"),
            ("2204", "应付工资", 0, fen(30_000), "", f"计提副院长{month}月工资")])
        ledger.pay(dt.date(YEAR, month, 12), "2204", "应付工资", fen(30_000), "孙志强", f"发放副院长{month}月工资")
        ledger.pay(dt.date(YEAR, month, 26), "5201", "管理费用-劳务费", fen(98_000), "孙志强", f"支付{month}月专家劳务费")
    ledger.add(dt.date(YEAR, 3, 18), [
        ("1122", "其他应收款", fen(3_000_000), 0, sponsor, "举办者借款周转"),
        ("1002", "银行存款", 0, fen(3_000_000), sponsor, "举办者借款周转"),
    ])
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52110106MJ0045678"), "北京颐康医院", "非营利性", "110106", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        (sponsor, uscc("91110106MA04YK3D5"), "举办者", "2014-09-01", ""),
        (landlord, uscc("91110106MA05XY8H2"), "举办者控制的企业", "2014-09-01", ""),
        ("郑国平", "", "关键管理人员", "2014-09-01", ""),
        ("孙志强", "", "关键管理人员", "2020-07-01", ""),
    ])
    write(dir_ / "contracts.csv", CONTRACT_HEADER, [
        ("YK-ZL-2020-001", landlord, "租赁", "", "", "3600", grouped(fen(612_000)), "2020-01-01", "2029-12-31"),
        ("YK-JK-2022-003", sponsor, "借款", grouped(fen(8_000_000)), "9.60%", "", "", "2022-03-01", "2027-02-28"),
    ])
    write(dir_ / "benchmarks.csv", BENCHMARK_HEADER, [
        ("", "医疗用房租金", "95.00", "元/平方米/月", "丰台区非住宅租金监测（2024）", "110000"),
    ])
    totals = related_totals(ledger, [sponsor, landlord])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", landlord, money(totals[landlord])),
        (YEAR, "关联交易", sponsor, money(totals[sponsor])),
        (YEAR, "主要管理人员收入", "郑国平", money(fen(1_896_000))),
        (YEAR, "主要管理人员收入", "孙志强", money(fen(360_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(27_300_000))),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def assets_to_sponsor():
    """天津泰和医院: a Tianjin non-profit that sells a two-year-old colour ultrasound to its
    sponsor's clinic company for a fraction of its book value, hands an ambulance to the
    sponsor's elderly-care company for nothing, and whose sponsor has owed it 2,600,000 since March."""
    rng = random.Random(20240808)
    dir_ = ROOT / "tj-taihe-assets"
    sponsor = "天津泰和医疗投资有限公司"
    clinic = "天津泰和门诊部有限公司"
    care = "天津泰和康养服务有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.6)
    ledger.add(dt.date(YEAR, 3, 12), [
        ("1122", "其他应收款-天津泰和医疗投资有限公司", fen(2_600_000), 0, "", "举办者借款"),
        ("1002", "银行存款", 0, fen(2_600_000), "", "举办者借款"),
    ])
    # The ultrasound leaves through 固定资产清理: book value in, price received, loss out.
    ledger.add(dt.date(YEAR, 7, 8), [
        ("1509", "固定资产清理", fen(1_260_000), 0, clinic, "彩色多普勒超声诊断仪转入清理"),
        ("1502", "累计折旧", fen(540_000), 0, "", "彩色多普勒超声诊断仪转入清理"),
        ("1501", "固定资产-医疗设备", 0, fen(1_800_000), "", "彩色多普勒超声诊断仪转入清理"),
    ])
    ledger.add(dt.date(YEAR, 7, 9), [
        ("1002", "银行存款", fen(200_000), 0, clinic, "出售彩超给泰和门诊部"),
        ("1509", "固定资产清理", 0, fen(200_000), clinic, "出售彩超给泰和门诊部"),
    ])
    ledger.add(dt.date(YEAR, 7, 31), [
        ("5301", "其他费用-资产处置损失", fen(1_060_000), 0, "", "结转彩超处置净损失"),
        ("1509", "固定资产清理", 0, fen(1_060_000), "", "结转彩超处置净损失"),
    ])
    ledger.add(dt.date(YEAR, 11, 20), [
        ("5301", "其他费用-捐赠支出", fen(385_000), 0, care, "救护车无偿转给泰和康养"),
        ("1502", "累计折旧", fen(95_000), 0, "", "救护车无偿转给泰和康养"),
        ("1501", "固定资产-运输设备", 0, fen(480_000), care, "救护车无偿转给泰和康养"),
    ])
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52120104MJ0067890"), "天津泰和医院", "非营利性", "120104", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        (sponsor, uscc("91120104MA07TH2K6"), "举办者", "2013-05-01", ""),
        (clinic, uscc("91120104MA07TM5P3"), "举办者控制的企业", "2017-01-01", ""),
        (care, uscc("91120104MA07TK9C1"), "举办者控制的企业", "2019-06-01", ""),
    ])
    totals = related_totals(ledger, [clinic, care])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", sponsor, money(fen(2_600_000))),
        (YEAR, "关联交易", clinic, money(totals[clinic])),
        (YEAR, "关联交易", care, money(totals[care])),
    ])
    write_ledger(dir_ / "ledger.csv", ledger)


def pricing_and_hidden():
    """浙江瑞康医院: a Zhejiang non-profit that buys drugs from its sponsor's pharmaceutical
    company, two of them far above the procurement award; buys equipment from a Ningbo company
    that shares the sponsor's distinctive name but is on no list; and sends 1,500,000 to the
    sponsor that comes back three weeks later through that Ningbo company; and rents its inpatient
    building from a property company on no list, paid into the sponsor's bank account."""
    rng = random.Random(20240909)
    dir_ = ROOT / "zj-ruikang-pricing"
    sponsor = "杭州瑞康恒泰控股有限公司"
    pharma = "杭州瑞康恒泰医药有限公司"
    hidden = "宁波瑞康恒泰医疗器械有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.75)
    rows, _ = purchase_rows(rng, pharma, range(1, 13), {"XC10AAA013A001": 1.75, "HC0301001": 1.2})
    pay_purchases(ledger, rows, pharma, "支付药品采购款")
    ledger.pay(dt.date(YEAR, 4, 16), "1601", "固定资产-医疗设备", fen(680_000), hidden, "购置全自动生化分析仪")
    # The inpatient building is leased from a property company on no list, whose rent goes into
    # the sponsor's own bank account, at 1.75 times the district's rent.
    lessor = "杭州恒泰物业管理有限公司"
    sponsor_account = "3301 0400 0000 2468 135"
    ledger.accounts[lessor] = sponsor_account.replace(" ", "")
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 5), "5201", "管理费用-租赁费", fen(336_000), lessor, f"支付{month}月住院楼租金")
    ledger.add(dt.date(YEAR, 5, 8), [
        ("1122", "其他应收款-杭州瑞康恒泰控股有限公司", fen(1_500_000), 0, "", "往来款"),
        ("1002", "银行存款", 0, fen(1_500_000), sponsor, "往来款"),
    ])
    ledger.add(dt.date(YEAR, 5, 29), [
        ("1002", "银行存款", fen(1_500_000), 0, hidden, "收回往来款"),
        ("1122", "其他应收款-杭州瑞康恒泰控股有限公司", 0, fen(1_500_000), "", "收回往来款"),
    ])
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52330104MJ7788990"), "浙江瑞康医院", "非营利性", "330105", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER + ["银行账号"], [
        (sponsor, uscc("91330104MA2KR6T83"), "举办者", "2015-10-01", "", sponsor_account),
        (pharma, uscc("91330104MA2KR9N5X"), "举办者控制的企业", "2016-04-01", "", ""),
    ])
    write(dir_ / "contracts.csv", CONTRACT_HEADER, [
        ("RK-ZL-2021-003", lessor, "租赁", "", "", "2400", money(fen(336_000)), "2021-07-01", "2031-06-30")])
    write(dir_ / "purchases.csv", PURCHASE_HEADER, rows)
    write(dir_ / "benchmarks.csv", BENCHMARK_HEADER, benchmark_rows("330000")
          + [("", "医疗用房租金", "80.00", "元/平方米/月", "杭州市拱墅区非住宅租金监测（2024）", "330100")])
    totals = related_totals(ledger, [pharma])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [(YEAR, "关联交易", pharma, money(totals[pharma]))])
    write_ledger(dir_ / "ledger.csv", ledger)


def forprofit_year(rng, ledger, margin, scale=1.0, city="杭州", landlord=None, monthly_rent=0):
    """A for-profit's year (企业会计准则) built to a net margin: revenue by the day, materials by
    the week, rent and utilities by the month, and pay sized so the year ends at the margin."""
    for d in days():
        ledger.receive(d, "6001", "主营业务收入-医疗服务收入", fen(rng.uniform(38_000, 62_000) * scale), "诊疗收入日结")
        if d.weekday() == 2:
            ledger.pay(d, "6401", "主营业务成本-口腔材料", fen(rng.uniform(48_000, 66_000) * scale),
                       "登士柏西诺德牙科医疗器材（天津）有限公司" if d.day <= 14 else "士卓曼（北京）医疗器械贸易有限公司", "支付种植体及耗材款")
        if d.day == 18:
            ledger.pay(d, "6602", "管理费用-水电费", fen(rng.uniform(18_000, 26_000) * scale), f"国网浙江省电力有限公司{city}供电公司",
                       f"支付{d.month}月电费")
        if landlord and d.day == 3:
            ledger.pay(d, "6602", "管理费用-租赁费", monthly_rent, landlord, f"支付{d.month}月诊所用房租金")
    revenue = ledger.total(["6001"], "credit")
    costs = ledger.total(["64", "66"], "debit")
    payroll = revenue - int(round(revenue * margin)) - costs
    monthly = payroll // 12
    for month in range(1, 13):
        amount = monthly if month < 12 else payroll - monthly * 11
        ledger.pay(dt.date(YEAR, month, 10), "6401", "主营业务成本-人工成本", amount, "", f"发放{month}月工资及绩效")


def dental_peers():
    """Six for-profit dental hospitals in Zhejiang audited in one run. Five earn 4–7% on
    revenue; 金华婺城口腔医院 reports 13.5%: under the 15% cap, but far out of line with its peers."""
    peers = [
        ("hz-mingde", "杭州西湖明德口腔医院", "杭州", "91330106MA2GC4L1", 0.052, 1.3),
        ("nb-yongjiang", "宁波甬江口腔医院", "宁波", "91330203MA2H7D3Q", 0.047, 1.1),
        ("wz-ouyue", "温州瓯越口腔医院", "温州", "91330302MA2J2E6R", 0.061, 1.0),
        ("sx-yuecheng", "绍兴越城口腔医院", "绍兴", "91330602MA2K8F1T", 0.055, 0.9),
        ("jx-nanhu", "嘉兴南湖口腔医院", "嘉兴", "91330402MA2L4G7U", 0.041, 0.8),
        ("jh-wucheng", "金华婺城口腔医院", "金华", "91330702MA2M9H2W", 0.135, 1.0),
    ]
    for n, (folder, name, city, id16, margin, scale) in enumerate(peers):
        rng = random.Random(20241000 + n)
        dir_ = ROOT / "zj-dental-peers" / folder
        ledger = Ledger()
        forprofit_year(rng, ledger, margin, scale=scale, city=city, landlord=f"{city}市国有资产经营有限公司", monthly_rent=fen(90_000 * scale))
        write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
            uscc(id16 + "0"), name, "营利性", id16[2:8], "口腔医院", "否", "企业会计准则", f"{city}齿康医疗管理有限公司"))
        revenue = ledger.total(["6001"], "credit")
        expense = ledger.total(["64", "66"], "debit")
        write(dir_ / "statements.csv", STATEMENT_HEADER, [
            (YEAR, "利润表", "营业收入", money(revenue)),
            (YEAR, "利润表", "营业总成本", money(expense)),
            (YEAR, "利润表", "净利润", money(revenue - expense)),
        ])
        write_ledger(dir_ / "ledger.csv", ledger)


def clean_with_contracts():
    """天津康泰医院: a Tianjin non-profit with every kind of related dealing done fairly: a
    small ward leased from the sponsor at the market rent, a loan from the sponsor at 4.20%,
    drugs bought from the sponsor's pharmaceutical company at the procurement award prices,
    all of it disclosed; the main building leased from an unrelated landlord."""
    rng = random.Random(20241111)
    dir_ = ROOT / "tj-kangtai-clean"
    sponsor = "天津康泰医疗投资有限公司"
    pharma = "天津康泰医药有限公司"
    landlord = "天津市河西区国有资产经营有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.9, lessor=landlord, monthly_rent=fen(420_000))
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 5), "5201", "管理费用-租赁费", fen(72_000), sponsor, f"支付{month}月康复病区租金")
    ledger.add(dt.date(YEAR, 2, 1), [
        ("1002", "银行存款", fen(5_000_000), 0, sponsor, "收到举办者借款"),
        ("2101", "短期借款", 0, fen(5_000_000), sponsor, "收到举办者借款"),
    ])
    for month in range(2, 13):
        ledger.pay(dt.date(YEAR, month, 28), "5401", "财务费用-利息支出", fen(17_500), sponsor, f"支付{month}月借款利息")
    rows, _ = purchase_rows(rng, pharma, range(1, 13), {}, volume=1.2)
    pay_purchases(ledger, rows, pharma, "支付集采药品款")
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52120103MJ0078901"), "天津康泰医院", "非营利性", "120103", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [
        (sponsor, uscc("91120103MA06KT4R8"), "举办者", "2012-11-01", ""),
        (pharma, uscc("91120103MA06KY7N2"), "举办者控制的企业", "2015-02-01", ""),
        ("孙立新", "", "关键管理人员", "2012-11-01", ""),
    ])
    write(dir_ / "contracts.csv", CONTRACT_HEADER, [
        ("KT-ZL-2019-002", landlord, "租赁", "", "", "5200", grouped(fen(420_000)), "2019-07-01", "2029-06-30"),
        ("KT-ZL-2021-005", sponsor, "租赁", "", "", "900", grouped(fen(72_000)), "2021-01-01", "2025-12-31"),
        ("KT-JK-2024-001", sponsor, "借款", grouped(fen(5_000_000)), "4.20%", "", "", "2024-02-01", "2026-01-31"),
    ])
    write(dir_ / "purchases.csv", PURCHASE_HEADER, rows)
    write(dir_ / "benchmarks.csv", BENCHMARK_HEADER,
          [("", "医疗用房租金", "76.00", "元/平方米/月", "河西区非住宅租金监测（2024）", "120000")] + benchmark_rows("120000"))
    totals = related_totals(ledger, [sponsor, pharma])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", sponsor, money(totals[sponsor])),
        (YEAR, "关联交易", pharma, money(totals[pharma])),
        (YEAR, "主要管理人员收入", "", money(fen(890_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(24_100_000))),
    ])
    write_activity_statement(dir_, ledger)
    write_ledger(dir_ / "ledger.csv", ledger)



def clean_jilin_gb18030():
    """吉林市江城医院: a Jilin City non-profit exporting from 用友 in GB18030 with CRLF, which
    buys reagents from its sponsor's company, discloses it, and rents from an unrelated landlord."""
    rng = random.Random(20241212)
    dir_ = ROOT / "jl-jiangcheng-clean"
    sponsor = "吉林市江城医疗管理有限公司"
    lab = "吉林市江城检验试剂有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.5, lessor="吉林市船营区国有资产经营有限公司", monthly_rent=fen(150_000), suppliers={
        "drugs": ["国药控股吉林有限公司", "吉林省医药集团有限公司", "九州通医药集团股份有限公司"],
        "materials": ["吉林省迈瑞医疗器械有限公司", "长春威高医疗器械有限公司"],
        "power": "国网吉林省电力有限公司吉林供电公司", "water": "吉林市水务集团有限公司", "office": "吉林市文华办公用品有限公司",
    })
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 19), "5101", "业务活动成本-卫生材料费-检验试剂", fen(rng.uniform(105_000, 135_000)), lab,
                   "支付检验试剂款")
    write(dir_ / "机构信息.csv", ENTITY_HEADER, entity_rows(
        uscc("52220204MJ3344556"), "吉林市江城医院", "非营利性", "220204", "综合医院", "是", "民间非营利组织会计制度", sponsor),
        encoding="gb18030", newline="\r\n")
    write(dir_ / "关联方清单.csv", RP_HEADER, [
        (sponsor, uscc("91220204MA14JC6K2"), "举办者", "2011-04-01", ""),
        (lab, uscc("91220204MA14JK3R7"), "举办者控制的企业", "2013-09-01", ""),
    ], encoding="gb18030", newline="\r\n")
    totals = related_totals(ledger, [lab])
    write(dir_ / "信息公开.csv", DISCLOSURE_HEADER, [
        (YEAR, "关联交易", lab, money(totals[lab])),
        (YEAR, "主要管理人员收入", "", money(fen(640_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(14_200_000))),
    ], encoding="gb18030", newline="\r\n")
    write_ledger(dir_ / "序时账.csv", ledger, encoding="gb18030", newline="\r\n")


if __name__ == "__main__":
    clean_nonprofit()
    fees_to_sponsor()
    dividend_nonprofit()
    forprofit_margin()
    undisclosed_purchases()
    messy_yonyou()
    rent_and_loan_nonprofit()
    assets_to_sponsor()
    pricing_and_hidden()
    dental_peers()
    clean_with_contracts()
    clean_jilin_gb18030()
    for d in sorted(ROOT.iterdir()):
        print(d.name, sorted(p.name for p in d.iterdir()))
