"""The core aggregation of an audit, done exactly by the tools a data-minded auditor would reach
for instead: debit and credit summed per voucher (month and number) and per counterparty and
year, as decimals. Run by scripts/bench-speed.py as `python aggregate.py polars|duckdb FILE`;
prints the grand totals so the tools can be checked against each other."""
import sys

tool, path = sys.argv[1], sys.argv[2]
if tool == "polars":
    import polars as pl
    money = pl.Decimal(precision=20, scale=4)
    frame = pl.read_csv(path, infer_schema=False).select(
        pl.col("凭证号").alias("entry"), pl.col("日期").str.slice(0, 7).alias("month"),
        pl.col("日期").str.slice(0, 4).alias("year"), pl.col("往来单位").alias("party"),
        # Amounts as the export writes them, thousands grouped: "1,448,324.65".
        pl.col("借方金额").str.replace_all(",", "").cast(money, strict=True).fill_null(0).alias("debit"),
        pl.col("贷方金额").str.replace_all(",", "").cast(money, strict=True).fill_null(0).alias("credit"))
    vouchers = frame.group_by("month", "entry").agg(pl.col("debit").sum(), pl.col("credit").sum())
    parties = frame.group_by("party", "year").agg(pl.col("debit").sum(), pl.col("credit").sum())
    print(len(vouchers), len(parties), vouchers["debit"].sum(), parties["credit"].sum())
elif tool == "duckdb":
    import duckdb
    con = duckdb.connect()
    quoted = "'" + path.replace("'", "''") + "'"
    con.execute("""CREATE TEMP VIEW lines AS SELECT "凭证号" AS entry, substr("日期", 1, 7) AS month,
        substr("日期", 1, 4) AS year, "往来单位" AS party,
        coalesce(CAST(replace("借方金额", ',', '') AS DECIMAL(18, 4)), 0) AS debit,
        coalesce(CAST(replace("贷方金额", ',', '') AS DECIMAL(18, 4)), 0) AS credit
        FROM read_csv(%s, all_varchar = true, header = true)""" % quoted)
    v = con.execute("SELECT count(*), sum(d) FROM (SELECT sum(debit) d FROM lines GROUP BY month, entry)").fetchone()
    p = con.execute("SELECT count(*), sum(c) FROM (SELECT sum(credit) c FROM lines GROUP BY party, year)").fetchone()
    print(v[0], p[0], v[1], p[1])
else:
    sys.exit("unknown tool " + tool)
