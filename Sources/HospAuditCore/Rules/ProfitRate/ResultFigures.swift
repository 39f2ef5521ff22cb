import Foundation

/// A year's revenue and net result, from the statements when they report them, else from the
/// ledger: the figures PR rules compare.
public struct ResultFigures: Sendable, Codable {
    public enum Source: String, Sendable, Codable { case statements, ledger }

    public let year: Int
    public let revenue: Money
    public let netResult: Money
    public let source: Source
    public let evidence: [Evidence]
    public let evidenceCount: Int

    static func statementFigure(_ item: String, year: Int, in context: AuditContext) -> StatementFigure? {
        context.statements?.first { $0.period.year == year && $0.period.month == nil && $0.item == item }
    }

    static func reportedResult(year: Int, in context: AuditContext) -> StatementFigure? {
        statementFigure("net_profit", year: year, in: context) ?? statementFigure("surplus", year: year, in: context)
    }

    public static func of(year: Int, facts: Facts, context: AuditContext) -> ResultFigures? {
        let file = context.file("statements")
        if let revenue = statementFigure("total_revenue", year: year, in: context),
           let result = reportedResult(year: year, in: context) {
            return ResultFigures(
                year: year, revenue: revenue.amount, netResult: result.amount, source: .statements,
                evidence: [Evidence(file: file, line: revenue.line, summary: "收入合计 \(revenue.amount)"),
                           Evidence(file: file, line: result.line, summary: "净利润/结余 \(result.amount)")],
                evidenceCount: 2)
        }
        return fromLedger(year: year, facts: facts, context: context)
    }

    /// The ledger's own figures, whatever the statements say.
    public static func fromLedger(year: Int, facts: Facts, context: AuditContext) -> ResultFigures? {
        guard let y = facts.years[year] else { return nil }
        return ResultFigures(year: year, revenue: y.revenue, netResult: y.netProfit, source: .ledger,
                             evidence: y.result.evidence, evidenceCount: y.result.evidenceCount)
    }

    /// The figures with their evidence placed in the files it was read from.
    func placed(in parts: TableParts) -> ResultFigures {
        ResultFigures(year: year, revenue: revenue, netResult: netResult, source: source,
                      evidence: evidence.map { $0.placed(in: parts) }, evidenceCount: evidenceCount)
    }

    public var margin: Decimal? {
        guard revenue.units > 0, !revenue.isOverflow, !netResult.isOverflow else { return nil }
        return netResult.decimal / revenue.decimal
    }
}
