/// Building blocks for rule examples: the same hospitals and headers in every example, so an
/// example shows only what matters to its rule.
enum ExampleTables {
    static let entityHeader = "统一社会信用代码,机构名称,经营性质,行政区划代码,机构类别,免税资格,执行会计制度,会计年度,举办者\n"
    static let beijingNonprofit = entityHeader
        + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2024,北京仁和投资有限公司\n"
    static let zhejiangNonprofit = entityHeader
        + "52330100MJ9876543M,浙江安远医院,非营利性,330000,综合医院,是,民间非营利组织会计制度,2024,杭州安远控股有限公司\n"
    static let tianjinForprofit = entityHeader
        + "91120116MA05TQ8E2N,天津和谐医院,营利性,120000,专科医院,否,企业会计准则,2024,天津和谐医疗投资集团有限公司\n"
    /// Non-profit under the non-profit chart in 2023, for-profit under the enterprise chart from 2024.
    static let tianjinConverted = entityHeader
        + "91120116MA05TQ8E2N,天津和谐医院,非营利性,120116,专科医院,是,民间非营利组织会计制度,2023,天津和谐医疗投资集团有限公司\n"
        + "91120116MA05TQ8E2N,天津和谐医院,营利性,120116,专科医院,否,企业会计准则,2024,天津和谐医疗投资集团有限公司\n"
    /// For-profit under the enterprise chart in 2023, non-profit under the non-profit chart from 2024.
    static let tianjinBecameNonprofit = entityHeader
        + "91120116MA05TQ8E2N,天津和谐医院,营利性,120116,专科医院,否,企业会计准则,2023,天津和谐医疗投资集团有限公司\n"
        + "91120116MA05TQ8E2N,天津和谐医院,非营利性,120116,专科医院,是,民间非营利组织会计制度,2024,天津和谐医疗投资集团有限公司\n"
    /// Non-profit in 2023, for-profit from 2024.
    static let beijingConverted = entityHeader
        + "52110000MJ0012345X,北京仁和医院,非营利性,110000,综合医院,是,民间非营利组织会计制度,2023,北京仁和投资有限公司\n"
        + "52110000MJ0012345X,北京仁和医院,营利性,110000,综合医院,否,企业会计准则,2024,北京仁和投资有限公司\n"
    static let ledgerHeader = "凭证号,日期,科目编码,科目名称,借方金额,贷方金额,往来单位,摘要\n"
    static let relatedHeader = "关联方名称,统一社会信用代码,关联关系,起始日期,终止日期\n"
    static let disclosureHeader = "期间,披露项目,关联方,金额\n"
    static let contractHeader = "合同编号,对方单位,合同类型,本金,年利率,面积,月租金,开始日期,结束日期\n"
    static let benchmarkHeader = "品目编码,品名,基准价,单位,来源,地区\n"
    static let purchaseHeader = "采购日期,供应商,药品编码,品名,数量,单价\n"
    static let statementHeader = "期间,报表名称,项目名称,本年累计数\n"

    /// A for-profit's year: revenue and costs giving the stated net profit.
    static func forprofitLedger(revenue: String, cost: String) -> String {
        ledgerHeader + """
            记-0001,2024-06-30,1002,银行存款,\(revenue),,,医疗收入
            记-0001,2024-06-30,6001,主营业务收入-医疗收入,,\(revenue),,医疗收入
            记-0002,2024-06-30,6401,主营业务成本,\(cost),,国药控股天津有限公司,药品及人工成本
            记-0002,2024-06-30,1002,银行存款,,\(cost),国药控股天津有限公司,药品及人工成本

            """
    }
}
