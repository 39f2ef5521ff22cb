#!/usr/bin/env python3
"""Speed benchmark: `hospaudit audit` and `inspect` on generated 1 M, 4 M and 10 M-line bundles,
against the floor (libcsv counting fields, a small C program compiled here) and against polars
and DuckDB doing only the core aggregation exactly (installed from PyPI into a virtual
environment here). Also GB18030 against UTF-8, and a batch of 1,000 small bundles against the
single-bundle rate. Every command is a whole process; the runs of one size are interleaved so a
noisy moment costs them all alike, and the ratios come from the medians of one run of this script.
Not a test: run it by hand on a quiet machine.

The bundles are a year of a large hospital's books (`hospaudit-bench bundle`: its suppliers and
staff grow with its lines); at the first size the same hospital paying seven payees all its money
(`hospaudit-bench few-payees-bundle`, the benchmark bundle before 2026-12-05) is audited too, for
a document of hundreds of findings. The findings each audit gave are printed by rule.

    python3 scripts/bench-speed.py [--runs 3] [--sizes 1,4,10] [--no-python-tools]
"""
import argparse
import collections
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench-data", "speed")
HERE = os.path.join(ROOT, "scripts", "bench")


def run(command, **kw):
    return subprocess.run(command, check=True, **kw)


def measure(command, allowed=(0,)):
    """Wall seconds and peak RSS (MB) of one process; an exit status not allowed stops the run."""
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) not in allowed:
        sys.exit("failed (%d): %s" % (os.waitstatus_to_exitcode(status), " ".join(command)))
    return wall, usage.ru_maxrss / 1024


def bundle(bench, millions, encoding="utf-8", kind="hospital"):
    """kind: "hospital" (`hospaudit-bench bundle`) or "few-payees"."""
    folder = os.path.join(DATA, "%s-%dm%s" % (kind, millions, "" if encoding == "utf-8" else "-" + encoding))
    ledger = os.path.join(folder, "ledger.csv")
    if os.path.exists(ledger):
        return folder
    if encoding == "utf-8":
        mode = "bundle" if kind == "hospital" else kind + "-bundle"
        run([bench, mode, str(millions * 1_000_000), folder], stdout=subprocess.DEVNULL)
    else:
        source = bundle(bench, millions, kind=kind)
        shutil.copytree(source, folder)
        with open(ledger, "wb") as out:
            run(["iconv", "-f", "UTF-8", "-t", "GB18030", os.path.join(source, "ledger.csv")], stdout=out)
    return folder


def python_tools():
    """A virtual environment with polars and DuckDB, or None when PyPI cannot be reached."""
    venv = os.path.join(ROOT, "bench-data", "venv")
    python = os.path.join(venv, "bin", "python")
    try:
        if not os.path.exists(python):
            run([sys.executable, "-m", "venv", venv])
        check = subprocess.run([python, "-c", "import polars, duckdb"], stderr=subprocess.DEVNULL)
        if check.returncode != 0:
            run([python, "-m", "pip", "install", "-q", "polars", "duckdb"])
        return python
    except (subprocess.CalledProcessError, OSError) as error:
        print("polars and DuckDB left out: %s" % error, file=sys.stderr)
        return None


def small_batch(count):
    spec = importlib.util.spec_from_file_location("bench_batch", os.path.join(ROOT, "scripts", "bench-batch.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = module.make_batch(count)
    lines = 0
    for name in os.listdir(folder):
        with open(os.path.join(folder, name, "ledger.csv"), "rb") as f:
            lines += sum(1 for _ in f) - 1
    return folder, lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,4,10", help="ledger sizes in millions of lines")
    parser.add_argument("--no-python-tools", action="store_true")
    args = parser.parse_args()
    os.makedirs(DATA, exist_ok=True)
    run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "hospaudit"], cwd=ROOT, stdout=subprocess.DEVNULL)
    run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "hospaudit-bench"], cwd=ROOT, stdout=subprocess.DEVNULL)
    tool = os.path.join(ROOT, ".build", "release", "hospaudit")
    bench = os.path.join(ROOT, ".build", "release", "hospaudit-bench")
    counter = os.path.join(DATA, "csvcount")
    run(["cc", "-O2", "-o", counter, os.path.join(HERE, "csvcount.c"), "-lcsv"])
    python = None if args.no_python_tools else python_tools()
    out = tempfile.mkdtemp(prefix="hospaudit-speed-")
    rows = []
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
        for millions in sizes:
            folder = bundle(bench, millions)
            ledger = os.path.join(folder, "ledger.csv")
            commands = {
                "libcsv field count": [counter, ledger],
                # What every command here reads through before typing a cell: decoding, the
                # file's digest, libcsv with line numbers on every core, records handed back in order.
                "record stage alone": [bench, "records", ledger],
                "hospaudit audit": [tool, "audit", folder, "--jobs", "2", "-o", os.path.join(out, "f.json")],
                "hospaudit inspect": [tool, "inspect", ledger, "--rows", "0"],
            }
            if millions == sizes[0]:
                gb = bundle(bench, millions, "gb18030")
                commands["hospaudit audit, GB18030"] = [tool, "audit", gb, "--jobs", "2", "-o", os.path.join(out, "g.json")]
                few = bundle(bench, millions, kind="few-payees")
                commands["libcsv, seven payees"] = [counter, os.path.join(few, "ledger.csv")]
                commands["hospaudit audit, seven payees"] = [tool, "audit", few, "--jobs", "2", "-o", os.path.join(out, "p.json")]
            if python:
                commands["polars aggregation"] = [python, os.path.join(HERE, "aggregate.py"), "polars", ledger]
                commands["DuckDB aggregation"] = [python, os.path.join(HERE, "aggregate.py"), "duckdb", ledger]
            results = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    # An audit that finds something exits 1.
                    results[name].append(measure(command, (0, 1) if name.startswith("hospaudit audit") else (0,)))
            floor = statistics.median(r[0] for r in results["libcsv field count"])
            for name, values in results.items():
                wall = statistics.median(v[0] for v in values)
                peak = statistics.median(v[1] for v in values)
                # Each ledger against the floor of its own bytes.
                own = floor if "seven payees" not in name else statistics.median(r[0] for r in results["libcsv, seven payees"])
                rows.append((millions, name, wall, wall / own, peak))
            for name, document in (("hospaudit audit", "f.json"), ("hospaudit audit, seven payees", "p.json")):
                if os.path.exists(os.path.join(out, document)):
                    with open(os.path.join(out, document), encoding="utf-8") as f:
                        found = collections.Counter(finding["rule"] for finding in json.load(f)["findings"])
                    print("%dM %s: %s" % (millions, name, ", ".join("%s %d" % kv for kv in sorted(found.items()))))
                    os.remove(os.path.join(out, document))
        print("%-6s %-30s %9s %9s %9s" % ("lines", "command", "wall s", "ratio", "peak MB"))
        for millions, name, wall, ratio, peak in rows:
            print("%-6s %-30s %9.2f %8.2fx %9.1f" % ("%dM" % millions, name, wall, ratio, peak))
        figure = {(m, n): (w, r, p) for m, n, w, r, p in rows}
        first, last = sizes[0], sizes[-1]
        print()
        print("audit / libcsv at %dM: %.2fx (goal 1.5x)" % (first, figure[(first, "hospaudit audit")][1]))
        print("inspect / libcsv at %dM: %.2fx (goal 1.0x)" % (first, figure[(first, "hospaudit inspect")][1]))
        print("audit of seven payees / libcsv at %dM: %.2fx" % (first, figure[(first, "hospaudit audit, seven payees")][1]))
        print("GB18030 / UTF-8 audit at %dM: %.2fx (goal 1.2x)" % (
            first, figure[(first, "hospaudit audit, GB18030")][0] / figure[(first, "hospaudit audit")][0]))
        print("audit peak memory %dM vs %dM: %.1f vs %.1f MB (%+.1f%%; goal under 100 MB, within 10%%)" % (
            last, first, figure[(last, "hospaudit audit")][2], figure[(first, "hospaudit audit")][2],
            100 * (figure[(last, "hospaudit audit")][2] / figure[(first, "hospaudit audit")][2] - 1)))
        single = first * 1_000_000 / figure[(first, "hospaudit audit")][0]
        batch, lines = small_batch(1000)
        walls = [measure([tool, "audit", batch, "--jobs", "2", "-o", os.path.join(out, "b.json")], (0, 1))[0] for _ in range(args.runs)]
        rate = lines / statistics.median(walls)
        print("batch of 1,000 small bundles: %.0f lines/s, %.2f of the single-bundle rate %.0f lines/s (goal 0.5)" % (
            rate, rate / single, single))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
