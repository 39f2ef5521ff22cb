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


def days():
    d = dt.date(YEAR, 1, 1)
    while d.year == YEAR:
        yield d
        d += dt.timedelta(days=1)


class Ledger:
    """Balanced vouchers, numbered per month as 用友 and 金蝶 number them (记-0001 each month)."""

    def __init__(self):
        self.vouchers = []  # (date, [(code, name, debit, credit, counterparty, summary)])
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
            per_month[date.month] = per_month.get(date.month, 0) + 1
            entry = f"记-{per_month[date.month]:04d}"
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
    write(path, header, rows, **kw)


def nonprofit_year(rng, ledger, scale=1.0, consultant=None, consultant_monthly=0, lessor=None, monthly_rent=0):
    """A year of a non-profit hospital's ordinary business (民间非营利组织会计制度 accounts)."""
    drug_suppliers = ["国药控股北京有限公司", "华润医药商业集团有限公司", "九州通医药集团股份有限公司"]
    material_suppliers = ["上药控股有限公司", "北京迈瑞医疗器械销售有限公司"]
    for d in days():
        ledger.receive(d, "4301", "提供服务收入-门诊收入", fen(rng.uniform(160_000, 320_000) * scale), "门诊收入日结")
        if d.weekday() == 4:
            ledger.receive(d, "4301", "提供服务收入-住院收入", fen(rng.uniform(700_000, 1_100_000) * scale), "住院结算收入")
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
            ledger.pay(d, "5201", "管理费用-水电费", fen(rng.uniform(130_000, 190_000) * scale), "国网北京市电力公司",
                       f"支付{d.month}月电费")
            ledger.pay(d, "5201", "管理费用-水电费", fen(rng.uniform(25_000, 40_000) * scale), "北京市自来水集团",
                       f"支付{d.month}月水费")
            ledger.pay(d, "5201", "管理费用-办公费", fen(rng.uniform(8_000, 22_000) * scale), "北京晨光办公用品有限公司",
                       "购买办公用品")
        if lessor and d.day == 5:
            ledger.pay(d, "5201", "管理费用-租赁费", monthly_rent, lessor, f"支付{d.month}月门诊楼租金")
        if consultant and d.day == 25:
            ledger.pay(d, "5201", "管理费用-咨询费", consultant_monthly, consultant, f"支付{d.month}月医院管理咨询费")


def statements(ledger, revenue_prefixes, expense_prefixes, assets, profit_item):
    revenue = ledger.total(revenue_prefixes, "credit")
    expense = ledger.total(expense_prefixes, "debit")
    return revenue, expense, revenue - expense


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
        uscc("52110105MJ0023456"), "北京康宁医院", "非营利性", "110000", "综合医院", "是", "民间非营利组织会计制度", sponsor))
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
    revenue, expense, surplus = statements(ledger, ["4"], ["5"], 0, "surplus")
    write(dir_ / "statements.csv", STATEMENT_HEADER, [
        (YEAR, "业务活动表", "收入合计", money(revenue)),
        (YEAR, "业务活动表", "费用合计", money(expense)),
        (YEAR, "业务活动表", "本年结余", money(surplus)),
    ])
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
        uscc("52330106MJ5566778"), "浙江华信医院", "非营利性", "330000", "综合医院", "是", "民间非营利组织会计制度", sponsor))
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
    """北京仁和医院: a tax-exempt Beijing non-profit that pays its sponsor a "dividend"."""
    rng = random.Random(20240202)
    dir_ = ROOT / "bj-renhe-dividend"
    sponsor = "北京仁和投资有限公司"
    ledger = Ledger()
    nonprofit_year(rng, ledger, scale=0.8)
    ledger.add(dt.date(YEAR, 6, 28), [
        ("5201", "管理费用-其他", fen(3_000_000), 0, sponsor, "举办者2023年度分红"),
        ("1002", "银行存款", 0, fen(3_000_000), sponsor, "举办者2023年度分红"),
    ])
    ledger.add(dt.date(YEAR, 12, 30), [
        ("3101", "利润分配-应付股利", fen(2_000_000), 0, sponsor, "分配2024年结余"),
        ("2204", "应付利润", 0, fen(2_000_000), sponsor, "分配2024年结余"),
    ])
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52110108MJ0034567"), "北京仁和医院", "非营利性", "110000", "综合医院", "是", "民间非营利组织会计制度", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [(sponsor, uscc("91110108MA02KX8N4"), "举办者", "2015-06-01", "")])
    write(dir_ / "disclosures.csv", DISCLOSURE_HEADER, [
        (YEAR, "主要管理人员收入", "", money(fen(960_000))),
        (YEAR, "卫生技术人员收入总额", "", money(fen(25_880_000))),
        (YEAR, "关联交易", sponsor, money(fen(3_000_000))),
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
    ledger.add(dt.date(YEAR, 12, 28), [
        ("4104", "利润分配-应付现金股利", fen(5_000_000), 0, sponsor, "向股东分配利润"),
        ("2232", "应付股利", 0, fen(5_000_000), sponsor, "向股东分配利润"),
    ])
    # Registered non-profit in 2023 and for-profit in 2024, with no approval on record.
    write(dir_ / "entity.csv", ENTITY_HEADER,
          entity_rows(uscc("91120116MA05TQ8E2"), "天津和谐医院", "非营利性", "120000", "专科医院", "是", "民间非营利组织会计制度", sponsor, year=2023)
          + entity_rows(uscc("91120116MA05TQ8E2"), "天津和谐医院", "营利性", "120000", "专科医院", "否", "企业会计准则", sponsor))
    write(dir_ / "related_parties.csv", RP_HEADER, [(sponsor, uscc("91120116MA06HX3K7"), "举办者", "2017-09-01", "")])
    revenue = ledger.total(["6001"], "credit")
    expense = ledger.total(["6401", "6602", "6801"], "debit")
    write(dir_ / "statements.csv", STATEMENT_HEADER, [
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
    nonprofit_year(rng, ledger, scale=0.9)
    for month in range(1, 13):
        ledger.pay(dt.date(YEAR, month, 18), "5101", "业务活动成本-药品费", fen(rng.uniform(420_000, 560_000)), trader,
                   "支付药品采购款")
    write(dir_ / "entity.csv", ENTITY_HEADER, entity_rows(
        uscc("52330100MJ9876543"), "浙江安远医院", "非营利性", "330000", "综合医院", "是", "民间非营利组织会计制度", "杭州安远控股有限公司"))
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
        uscc("52220200MJ2233445"), "吉林市松花医院", "非营利性", "220200", "综合医院", "否", "民间非营利组织会计制度",
        "吉林市松花医疗投资有限公司"), encoding="gb18030", newline="\r\n")


if __name__ == "__main__":
    clean_nonprofit()
    fees_to_sponsor()
    dividend_nonprofit()
    forprofit_margin()
    undisclosed_purchases()
    messy_yonyou()
    for d in sorted(ROOT.iterdir()):
        print(d.name, sorted(p.name for p in d.iterdir()))
