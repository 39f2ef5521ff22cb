import Foundation

/// RP-001: dealings with a related party that the hospital did not disclose, or disclosed at
/// a different amount.
public struct UndisclosedRelatedPartyRule: AuditRule {
    public static let description = RuleDescription(
        id: "RP-001",
        title: LocalizedText(zh: "关联交易未披露或披露不实", en: "Related-party transactions undisclosed or misstated"),
        catches: LocalizedText(
            zh: "某关联方本期在账上的交易额达到重要性水平，却不在信息公开中，或与公开金额相差超过容差（默认 5%）。只计关联关系有效期内的交易；支付已入账的应付款不重复计算；关键管理人员的薪酬以“主要管理人员收入”具名披露的，也算已披露。",
            en: "A related party whose dealings in the ledger for the period reach materiality but which is absent from the disclosures, or whose disclosed amount differs by more than the tolerance (5% by default). Only dealings inside the relation's validity window count; paying a payable already booked is not counted again; a key manager's pay disclosed by name as key-management income counts as disclosed."),
        whyItMatters: LocalizedText(
            zh: "关联交易是转移结余的主要通道；非营利性医疗机构应公开关联交易（北京市促进社会办医健康发展若干政策措施 十七），关联方及其交易应按企业会计准则第36号披露。",
            en: "Related-party dealings are the main channel for moving surplus out; non-profit hospitals must disclose them (Beijing measures, clause 17), and CAS 36 requires related parties and their transactions to be disclosed."),
        summary: "a related party's dealings at or above materiality absent from the disclosures (high) or more than 5% off the disclosed amount (medium); a key manager's pay disclosed by name as 主要管理人员收入 counts as disclosed",
        severities: "high / medium",
        triggering: [
            RuleExample("向举办者控制的企业采购药品且无信息公开文件", "Drugs bought from the sponsor's company, no disclosures at all", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"486,250.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"486,250.00",杭州安远医药贸易有限公司,支付药品采购款

                    """,
            ], expected: [.high]),
            RuleExample("披露金额比账面少 10%", "Disclosed 10% below the books", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远医药贸易有限公司,\"450,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"500,000.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"500,000.00",杭州安远医药贸易有限公司,支付药品采购款

                    """,
            ], expected: [.medium]),
            RuleExample("向举办者借款只披露利息", "A loan from the sponsor disclosed as its interest only", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远控股有限公司,\"72,500.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0013,2024-03-01,1002,银行存款,"2,000,000.00",,杭州安远控股有限公司,收到举办者借款
                    记-0013,2024-03-01,2206,其他应付款-借款,,"2,000,000.00",杭州安远控股有限公司,收到举办者借款
                    记-0121,2024-12-20,5401,财务费用-利息支出,"72,500.00",,杭州安远控股有限公司,支付举办者借款利息
                    记-0121,2024-12-20,1002,银行存款,,"72,500.00",杭州安远控股有限公司,支付举办者借款利息

                    """,
            ], expected: [.medium]),
            RuleExample("院长薪酬已披露，向院长租房未披露", "The director's pay disclosed, the rent paid to him not", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "陈志远,,关键管理人员,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,主要管理人员收入,陈志远,\"960,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0021,2024-12-10,5201,管理费用-人员经费-工资,"960,000.00",,陈志远,发放院长年度薪酬
                    记-0021,2024-12-10,1002,银行存款,,"960,000.00",陈志远,发放院长年度薪酬
                    记-0035,2024-06-28,5201,管理费用-租赁费,"240,000.00",,陈志远,支付职工宿舍房租
                    记-0035,2024-06-28,1002,银行存款,,"240,000.00",陈志远,支付职工宿舍房租

                    """,
            ], expected: [.high]),
            RuleExample("上年按名挂过一小笔，不掩盖今年不按名挂账后付给它的款", "A small booking by name last year does not hide this year's payments of what was booked without its name", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2023,关联交易,杭州安远医药贸易有限公司,\"20,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0010,2023-03-10,5101,业务活动成本-药品费,"20,000.00",,,药品入库挂账
                    记-0010,2023-03-10,2202,应付账款,,"20,000.00",杭州安远医药贸易有限公司,药品入库挂账
                    记-0011,2023-04-10,2202,应付账款,"20,000.00",,杭州安远医药贸易有限公司,支付药品款
                    记-0011,2023-04-10,1002,银行存款,,"20,000.00",杭州安远医药贸易有限公司,支付药品款
                    记-0050,2024-05-06,5101,业务活动成本-药品费,"5,000,000.00",,,药品入库挂账
                    记-0050,2024-05-06,2202,应付账款,,"5,000,000.00",,药品入库挂账
                    记-0055,2024-05-28,2202,应付账款,"5,000,000.00",,杭州安远医药贸易有限公司,支付药品款
                    记-0055,2024-05-28,1002,银行存款,,"5,000,000.00",杭州安远医药贸易有限公司,支付药品款

                    """,
            ], expected: [.high]),
            RuleExample("收到供应商一小笔保证金，不掩盖不按名挂账后付给它的货款", "A small deposit received from the supplier does not hide purchases booked without its name and paid to it", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0005,2024-01-08,1002,银行存款,"50,000.00",,杭州安远医药贸易有限公司,收到履约保证金
                    记-0005,2024-01-08,2241,其他应付款-履约保证金,,"50,000.00",杭州安远医药贸易有限公司,收到履约保证金
                    记-0050,2024-05-06,5101,业务活动成本-药品费,"5,000,000.00",,,药品入库挂账
                    记-0050,2024-05-06,2202,应付账款,,"5,000,000.00",,药品入库挂账
                    记-0055,2024-05-28,2202,应付账款,"5,000,000.00",,杭州安远医药贸易有限公司,支付药品款
                    记-0055,2024-05-28,1002,银行存款,,"5,000,000.00",杭州安远医药贸易有限公司,支付药品款

                    """,
            ], expected: [.high]),
            RuleExample("院长薪酬已披露，向院长借款未披露", "The director's pay disclosed, a loan from him not", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "陈志远,,关键管理人员,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,主要管理人员收入,陈志远,\"960,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0021,2024-12-10,5201,管理费用-人员经费-工资,"960,000.00",,陈志远,发放院长年度薪酬
                    记-0021,2024-12-10,1002,银行存款,,"960,000.00",陈志远,发放院长年度薪酬
                    记-0033,2024-06-03,1002,银行存款,"500,000.00",,陈志远,收到院长借款
                    记-0033,2024-06-03,2241,其他应付款-借款,,"500,000.00",陈志远,收到院长借款

                    """,
            ], expected: [.high]),
            RuleExample("经其他应付款按月付举办者管理费，账上从未挂账", "A monthly fee paid to the sponsor out of 其他应付款, never booked", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + (1...12).map { m in
                    "记-00\(m + 20),2024-\(m < 10 ? "0" : "")\(m)-25,2241,其他应付款,\"400,000.00\",,杭州安远控股有限公司,支付举办者管理费\n"
                        + "记-00\(m + 20),2024-\(m < 10 ? "0" : "")\(m)-25,1002,银行存款,,\"400,000.00\",杭州安远控股有限公司,支付举办者管理费\n"
                }.joined(),
            ], expected: [.high]),
        ],
        nonTriggering: [
            RuleExample("营利性医院宣告并支付股利，不是关联交易", "A for-profit declaring and paying a dividend: no related dealing", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "related_parties": ExampleTables.relatedHeader + "天津和谐医疗投资集团有限公司,91120116MA06HX3K7U,举办者,2017-09-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-06-28,4104,利润分配-应付现金股利,"1,500,000.00",,天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0090,2024-06-28,2232,应付股利,,"1,500,000.00",天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0105,2024-07-15,2232,应付股利,"1,500,000.00",,天津和谐医疗投资集团有限公司,支付股利
                    记-0105,2024-07-15,1002,银行存款,,"1,500,000.00",天津和谐医疗投资集团有限公司,支付股利

                    """,
            ]),
            RuleExample("向举办者借款连本带息披露，还本不再算一笔", "A loan from the sponsor disclosed with its interest; repaying it is no second dealing", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远控股有限公司,\"2,072,500.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0013,2024-03-01,1002,银行存款,"2,000,000.00",,杭州安远控股有限公司,收到举办者借款
                    记-0013,2024-03-01,2206,其他应付款-借款,,"2,000,000.00",杭州安远控股有限公司,收到举办者借款
                    记-0121,2024-12-20,5401,财务费用-利息支出,"72,500.00",,杭州安远控股有限公司,支付举办者借款利息
                    记-0121,2024-12-20,1002,银行存款,,"72,500.00",杭州安远控股有限公司,支付举办者借款利息
                    记-0122,2024-12-20,2206,其他应付款-借款,"2,000,000.00",,杭州安远控股有限公司,归还举办者借款
                    记-0122,2024-12-20,1002,银行存款,,"2,000,000.00",杭州安远控股有限公司,归还举办者借款

                    """,
            ]),
            RuleExample("到期一笔凭证还本付息，本金不再算一笔", "A loan repaid with its interest in one voucher: the principal is no second dealing", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远控股有限公司,91330106MA2AX8RK5L,举办者,2015-03-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远控股有限公司,\"2,072,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0002,2024-01-02,1002,银行存款,"2,000,000.00",,杭州安远控股有限公司,收到举办者借款
                    记-0002,2024-01-02,2001,短期借款,,"2,000,000.00",杭州安远控股有限公司,收到举办者借款
                    记-0166,2024-12-31,2001,短期借款,"2,000,000.00",,杭州安远控股有限公司,归还举办者借款本息
                    记-0166,2024-12-31,5401,财务费用-利息支出,"72,000.00",,杭州安远控股有限公司,归还举办者借款本息
                    记-0166,2024-12-31,1002,银行存款,,"2,072,000.00",,归还举办者借款本息

                    """,
            ]),
            RuleExample("上年宣告的股利次年支付，不是关联交易", "A dividend declared one year and paid the next: no related dealing", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "related_parties": ExampleTables.relatedHeader + "天津和谐医疗投资集团有限公司,91120116MA06HX3K7U,举办者,2017-09-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0148,2023-12-28,4104,利润分配-应付现金股利,"1,500,000.00",,天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0148,2023-12-28,2232,应付股利,,"1,500,000.00",天津和谐医疗投资集团有限公司,宣告2023年度股利
                    记-0011,2024-01-15,2232,应付股利,"1,500,000.00",,天津和谐医疗投资集团有限公司,支付股利
                    记-0011,2024-01-15,1002,银行存款,,"1,500,000.00",天津和谐医疗投资集团有限公司,支付股利

                    """,
            ]),
            RuleExample("12月按名挂账、次年1月付款：付款不再算一笔", "Booked to the party by name in December, paid in January: the payment is no second dealing", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2023,关联交易,杭州安远医药贸易有限公司,\"500,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0150,2023-12-22,5101,业务活动成本-药品费,"500,000.00",,,药品入库挂账
                    记-0150,2023-12-22,2202,应付账款,,"500,000.00",杭州安远医药贸易有限公司,药品入库挂账
                    记-0006,2024-01-10,2202,应付账款,"500,000.00",,杭州安远医药贸易有限公司,支付药品款
                    记-0006,2024-01-10,1002,银行存款,,"500,000.00",杭州安远医药贸易有限公司,支付药品款

                    """,
            ]),
            RuleExample("银行贷款受托支付给关联供应商：不是向供应商借款", "A bank loan paid by the bank straight to a related supplier: no loan from the supplier", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远医药贸易有限公司,\"1,000,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0030,2024-04-08,5101,业务活动成本-药品费,"1,000,000.00",,杭州安远医药贸易有限公司,药品入库挂账
                    记-0030,2024-04-08,2202,应付账款,,"1,000,000.00",杭州安远医药贸易有限公司,药品入库挂账
                    记-0041,2024-04-20,2202,应付账款,"1,000,000.00",,杭州安远医药贸易有限公司,杭州银行贷款受托支付药品款
                    记-0041,2024-04-20,2001,短期借款,,"1,000,000.00",,杭州银行贷款受托支付药品款

                    """,
            ]),
            RuleExample("2022年收到的押金2024年退还，不是关联交易", "A deposit received in 2022 and refunded in 2024: no dealing", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0015,2022-03-15,1002,银行存款,"500,000.00",,杭州安远医药贸易有限公司,收到投标保证金
                    记-0015,2022-03-15,2241,其他应付款-保证金,,"500,000.00",杭州安远医药贸易有限公司,收到投标保证金
                    记-0040,2024-04-20,2241,其他应付款-保证金,"500,000.00",,杭州安远医药贸易有限公司,退还投标保证金
                    记-0040,2024-04-20,1002,银行存款,,"500,000.00",杭州安远医药贸易有限公司,退还投标保证金

                    """,
            ]),
            RuleExample("营利年度把利润分配记入其他应付款-股东往来，不是关联交易", "A for-profit's distribution credited to the shareholder's current account: no dealing", tables: [
                "entity": ExampleTables.tianjinForprofit,
                "related_parties": ExampleTables.relatedHeader + "天津和谐医疗投资集团有限公司,91120116MA06HX3K7U,举办者,2017-09-01,\n",
                "disclosures": ExampleTables.disclosureHeader,
                "ledger": ExampleTables.ledgerHeader + """
                    记-0090,2024-12-28,4104,利润分配-应付现金股利,"3,000,000.00",,,分配2024年度利润
                    记-0090,2024-12-28,2241,其他应付款-股东往来,,"3,000,000.00",天津和谐医疗投资集团有限公司,分配2024年度利润

                    """,
            ]),
            RuleExample("一张凭证为两家关联方计提费用，次月分别付款", "One voucher accruing for two related parties, each paid the next month", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远物业管理有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n"
                    + "杭州安远置业有限公司,91330106MA2AX8RK5L,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远物业管理有限公司,\"300,000.00\"\n"
                    + "2024,关联交易,杭州安远置业有限公司,\"500,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0061,2024-06-30,5201,管理费用-物业管理费,"300,000.00",,杭州安远物业管理有限公司,计提物业费和房租
                    记-0061,2024-06-30,5201,管理费用-租赁费,"500,000.00",,杭州安远置业有限公司,计提物业费和房租
                    记-0061,2024-06-30,2241,其他应付款,,"800,000.00",,计提物业费和房租
                    记-0070,2024-07-10,2241,其他应付款,"300,000.00",,杭州安远物业管理有限公司,支付物业费
                    记-0070,2024-07-10,1002,银行存款,,"300,000.00",杭州安远物业管理有限公司,支付物业费
                    记-0071,2024-07-10,2241,其他应付款,"500,000.00",,杭州安远置业有限公司,支付房租
                    记-0071,2024-07-10,1002,银行存款,,"500,000.00",杭州安远置业有限公司,支付房租

                    """,
            ]),
            RuleExample("披露金额在 5% 以内", "Disclosed within 5%", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,关联交易,杭州安远医药贸易（有限公司）,\"480,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"500,000.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"500,000.00",杭州安远医药贸易有限公司,支付药品采购款

                    """,
            ]),
            RuleExample("关联关系在交易前已终止", "The relation ended before the transaction", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,2023-12-31\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"486,250.00",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"486,250.00",杭州安远医药贸易有限公司,支付药品采购款

                    """,
            ]),
            RuleExample("院长薪酬已作为主要管理人员收入具名披露", "The director's pay disclosed by name as key-management income", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "陈志远,,关键管理人员,2016-05-01,\n",
                "disclosures": ExampleTables.disclosureHeader + "2024,主要管理人员收入,陈志远,\"960,000.00\"\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0021,2024-12-10,5201,管理费用-人员经费-工资,"960,000.00",,陈志远,发放院长年度薪酬
                    记-0021,2024-12-10,1002,银行存款,,"960,000.00",陈志远,发放院长年度薪酬

                    """,
            ]),
            RuleExample("金额低于重要性水平", "Below materiality", tables: [
                "entity": ExampleTables.zhejiangNonprofit,
                "related_parties": ExampleTables.relatedHeader + "杭州安远医药贸易有限公司,91330106MA2AY7TB1,举办者控制的企业,2016-05-01,\n",
                "ledger": ExampleTables.ledgerHeader + """
                    记-0058,2024-05-18,5101,业务活动成本-药品费,"9,999.99",,杭州安远医药贸易有限公司,支付药品采购款
                    记-0058,2024-05-18,1002,银行存款,,"9,999.99",杭州安远医药贸易有限公司,支付药品采购款

                    """,
            ]),
        ])

    public init() {}

    public struct Settings: RuleConfiguration {
        /// Dealings may differ from the disclosed amount by this share before it is reported.
        public var tolerance: Rate = "0.05"
        /// Disclosed, but at an amount that differs.
        public var severityDiffers = Severity.medium
        public init() {}
    }

    static let disclosedItems: Set<String> = ["related_party_transaction", "key_management_compensation"]
    /// The spend classes of business done with a person, which their income disclosed does not cover.
    static let businessClasses = ["fee", "rent", "interest", "purchase"]

    public func evaluate(facts: Facts, context: AuditContext, settings: RuleSettings<Settings>) -> [Finding] {
        let hospital = context.hospital
        let materiality = context.policy.materiality
        let tolerance = settings.tolerance.value
        let differsSeverity = settings.severityDiffers
        var findings: [Finding] = []
        for year in facts.periods {
            guard let y = facts.years[year] else { continue }
            for party in y.related.keys.sorted() {
                let dealt = y.related[party]!
                guard dealt.amount >= materiality else { continue }
                let key = PartyName.normalize(party)
                // Dealings booked under other names (hidden companies) are named as the books have them.
                let through = RuleText.bookedUnder(party, in: y)
                let disclosed = (context.disclosures ?? []).filter {
                    // A key manager's pay is disclosed as key-management income under their name.
                    $0.period.year == year && Self.disclosedItems.contains($0.item)
                        && $0.counterparty.map(PartyName.normalize) == key
                }
                if disclosed.isEmpty {
                    let none = context.disclosures == nil ? "（未提供信息公开文件）" : ""
                    let noneEn = context.disclosures == nil ? " (no disclosures file was provided)" : ""
                    findings.append(Finding(
                        rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                        counterparty: party, amount: dealt.amount,
                        message: LocalizedText(
                            zh: "\(hospital.name)\(year)年与关联方\(party)\(through.0)交易 \(RuleText.yuan(dealt.amount)) 元，未在信息公开中披露\(none)。",
                            en: "\(hospital.name) dealt \(RuleText.yuan(dealt.amount)) yuan with the related party \(party)\(through.1) in \(year) and did not disclose it\(noneEn)."),
                        basis: settings.basis, evidence: dealt.evidence, evidenceCount: dealt.evidenceCount,
                        details: ["disclosed": "none"], subject: key))
                    continue
                }
                // Key-management income disclosed by name covers what the person is paid (salary,
                // 劳务费), not the business the hospital does with them: fees, rent, interest,
                // purchases from their company and loans need a related-party disclosure of their own.
                let business = Self.businessClasses.reduce((y.paidForBusiness[party] ?? .zero) + (y.relatedFunds[party] ?? .zero)) {
                    $0 + (y.relatedByClass[party]?[$1]?.amount ?? .zero)
                }
                let others = min(business, dealt.amount)
                let rest = dealt.amount - others
                if !disclosed.contains(where: { $0.item == "related_party_transaction" }) && others >= materiality {
                    // The rest (pay, loans) is still held to the income disclosed: a gap there is
                    // said in the same finding, not lost behind the undisclosed business.
                    var income = Money.zero
                    for d in disclosed { income += d.amount }
                    let gap = (rest - income).magnitude
                    let restText = rest.units > 0 && gap.decimal > tolerance * rest.decimal && gap >= materiality
                        ? ("；其余往来 \(RuleText.yuan(rest)) 元与披露的主要管理人员收入 \(RuleText.yuan(income)) 元相差 \(RuleText.yuan(gap)) 元",
                           "; its other dealings of \(RuleText.yuan(rest)) yuan are \(RuleText.yuan(gap)) yuan apart from the \(RuleText.yuan(income)) yuan of key-management income disclosed")
                        : ("", "")
                    findings.append(Finding(
                        rule: Self.description.id, severity: settings.severity, hospitalID: hospital.id, period: String(year),
                        counterparty: party, amount: others,
                        message: LocalizedText(
                            zh: "\(hospital.name)\(year)年与关联方\(party)\(through.0)发生费用、租金、利息、采购或资金拆借等交易 \(RuleText.yuan(others)) 元，未在信息公开中披露：信息公开只以主要管理人员收入列出其个人收入\(restText.0)。",
                            en: "\(hospital.name) dealt \(RuleText.yuan(others)) yuan of fees, rent, interest, purchases or loans with the related party \(party)\(through.1) in \(year) and did not disclose it: the disclosures list only their income, as key-management income\(restText.1)."),
                        basis: settings.basis, evidence: dealt.evidence, evidenceCount: dealt.evidenceCount,
                        details: ["disclosed": "key_management_compensation only", "key_management_compensation": income.description,
                                  "other_dealings": rest.description], subject: key))
                    continue
                }
                var total = Money.zero
                for d in disclosed { total += d.amount }
                let difference = (dealt.amount - total).magnitude
                guard difference.decimal > tolerance * dealt.amount.decimal else { continue }
                findings.append(Finding(
                    rule: Self.description.id, severity: differsSeverity, hospitalID: hospital.id, period: String(year),
                    counterparty: party, amount: dealt.amount,
                    message: LocalizedText(
                        zh: "\(hospital.name)\(year)年与关联方\(party)\(through.0)账面交易 \(RuleText.yuan(dealt.amount)) 元，公开披露 \(RuleText.yuan(total)) 元，相差 \(RuleText.yuan(difference)) 元，超过 \(RuleText.percent(tolerance)) 的容差。",
                        en: "\(hospital.name) dealt \(RuleText.yuan(dealt.amount)) yuan with the related party \(party)\(through.1) in \(year) but disclosed \(RuleText.yuan(total)) yuan, \(RuleText.yuan(difference)) yuan apart, beyond the \(RuleText.percent(tolerance)) tolerance."),
                    basis: settings.basis,
                    evidence: dealt.evidence + disclosed.map { Evidence(file: context.file("disclosures"), line: $0.line, summary: "披露关联交易 \($0.amount)") },
                    evidenceCount: dealt.evidenceCount + disclosed.count,
                    details: ["disclosed": total.description, "difference": difference.description], subject: key))
            }
        }
        return findings
    }
}
