#!/usr/bin/env python3
"""Instruction counts, which the shared machine's load does not change: callgrind runs the bare
libcsv field counter, `hospaudit audit` and `hospaudit inspect` on one generated bundle
(200,000 ledger lines by default) and prints each one's instructions, their ratio to the
counter's, and where the audit's go by stage (libcsv itself, the parsing threads' callbacks,
typing the records, the ledger pass, the rest) per ledger line. Two builds compare with
--against: the same stages for another `hospaudit` binary, side by side.

Wall time on a 2-core machine is what the speed goal is judged by (scripts/bench-speed.py);
this is for telling whether a change takes work away, which pairs of timed runs on a busy
machine cannot tell below a few percent. SHA-256 is left out of the totals: under valgrind
libcrypto takes its slow path, many times its real cost.

    python3 scripts/bench-instructions.py [--lines 200000] [--against OTHER-HOSPAUDIT]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench-data", "instructions")
HERE = os.path.join(ROOT, "scripts", "bench")

# Inclusive costs by symbol (mangled Swift names, matched in part). Each stage's own callees are
# in it: libcsv's csv_parse includes the callbacks it makes, which are counted apart.
# Each stage's instructions are those of the function named (inclusive); libcsv's own parse is
# its flat count, and the parsing threads' figure is theirs beyond it.
PARSE_SELF = r"^\?\?\?:csv_parse$"
STAGES = [
    ("parsing threads, beyond csv_parse", r"ParallelParseC13parseSegments"),
    # Each record's turn on the reading thread; the first 4,096 lines' pass runs in it too.
    ("typing the records", r"TableScannerC4body"),
    ("the ledger pass", r"PassFeedC5apply"),
]


def run(command, **kw):
    return subprocess.run(command, check=True, **kw)


def callgrind(command, out, allowed=(0,)):
    """Instructions of a whole process and its threads, and the annotated profile. `allowed`:
    the exit codes of a run that did its work (audit exits 1 when it has findings)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + command,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in allowed:
        sys.exit("%s exited %d under valgrind:\n%s" % (" ".join(command), done.returncode, done.stderr[-2000:]))
    flat = subprocess.run(["callgrind_annotate", out], capture_output=True, text=True, check=True).stdout
    inclusive = subprocess.run(["callgrind_annotate", "--inclusive=yes", out], capture_output=True, text=True, check=True).stdout
    return flat, inclusive


def figure(text, pattern):
    """The largest count on a line whose symbol matches."""
    best = 0
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+)", line)
        if m and re.search(pattern, m.group(2)):
            best = max(best, int(m.group(1).replace(",", "")))
    return best


def totals(flat, inclusive):
    total = figure(flat, r"^PROGRAM$")
    sha = figure(inclusive, r"SHA256_Update")
    return total - sha


def stages(flat, inclusive, lines):
    parse_self = figure(flat, PARSE_SELF)
    total = totals(flat, inclusive)
    values = {"libcsv csv_parse (self)": parse_self}
    for name, pattern in STAGES:
        values[name] = figure(inclusive, pattern)
    values[STAGES[0][0]] -= parse_self
    values["the rest (start, small tables, rules, document)"] = total - sum(values.values())
    values["total (SHA-256 left out)"] = total
    return {name: value / lines for name, value in values.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--against", help="another hospaudit binary to count beside this build's")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed (Debian: apt-get install valgrind)")
    os.makedirs(DATA, exist_ok=True)
    run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "hospaudit"], cwd=ROOT, stdout=subprocess.DEVNULL)
    run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "hospaudit-bench"], cwd=ROOT, stdout=subprocess.DEVNULL)
    bench = os.path.join(ROOT, ".build", "release", "hospaudit-bench")
    counter = os.path.join(DATA, "csvcount")
    run(["cc", "-O2", "-o", counter, os.path.join(HERE, "csvcount.c"), "-lcsv"])
    folder = os.path.join(DATA, "bundle-%d" % args.lines)
    if not os.path.exists(os.path.join(folder, "ledger.csv")):
        # The bundle of seven payees, as the README's table of instructions has always counted.
        run([bench, "few-payees-bundle", str(args.lines), folder], stdout=subprocess.DEVNULL)
    ledger = os.path.join(folder, "ledger.csv")
    work = tempfile.mkdtemp(prefix="hospaudit-instructions-")
    try:
        builds = [("this build", os.path.join(ROOT, ".build", "release", "hospaudit"))]
        if args.against:
            builds.append(("--against", os.path.abspath(args.against)))
        # valgrind cannot read the DWARF 5 the Swift toolchain writes: copies without it.
        tools = []
        for label, binary in builds:
            stripped = os.path.join(work, "hospaudit-%d" % len(tools))
            run(["objcopy", "--strip-debug", binary, stripped])
            tools.append((label, stripped))
        flat, inclusive = callgrind([counter, ledger], os.path.join(work, "counter.out"))
        floor = totals(flat, inclusive)
        print("%d ledger lines; libcsv field count: %d instructions (%.0f a line)\n" % (args.lines, floor, floor / args.lines))
        audits = []
        for label, tool in tools:
            flat, inclusive = callgrind([tool, "audit", folder, "-o", os.path.join(work, "f.json")], os.path.join(work, "audit.out"), allowed=(0, 1))
            audits.append(stages(flat, inclusive, args.lines))
            iflat, iinclusive = callgrind([tool, "inspect", ledger, "--rows", "0"], os.path.join(work, "inspect.out"))
            inspect = totals(iflat, iinclusive)
            print("%s: audit %.2fx the counter's instructions, inspect %.2fx" % (
                label, audits[-1]["total (SHA-256 left out)"] * args.lines / floor, inspect / floor))
        print("\naudit, instructions a ledger line:")
        header = "%-48s" % "" + "".join("%14s" % label for label, _ in tools)
        if len(tools) > 1:
            header += "%10s" % "ratio"
        print(header)
        for name in audits[0]:
            row = "%-48s" % name + "".join("%14.0f" % a[name] for a in audits)
            if len(audits) > 1 and audits[1][name]:
                row += "%10.3f" % (audits[0][name] / audits[1][name])
            print(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
