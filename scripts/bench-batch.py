#!/usr/bin/env python3
"""Batch benchmark: a region's nightly run over 500 and 5,000 bundles, with one and two jobs,
and as three shards merged, and the reports (HTML, Excel, SARIF, CSV, letters) of a document of
about 5,000 hospitals with findings. Prints the median wall time and peak memory (RSS) of each,
and the ratios the README quotes. Not a test: run it by hand on a quiet machine.

Each bundle is a copy of samples/bj-kangning-clean (a clean hospital, 1,183 ledger lines) under
its own USCC and name, so the cross-hospital rules see one province of distinct hospitals.

    python3 scripts/bench-batch.py [--runs 3] [--sizes 500,5000]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "samples", "bj-kangning-clean")
DATA = os.path.join(ROOT, "bench-data")
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(number):
    """A valid unified social credit code (GB 32100-2015) for the nth hospital."""
    body = "521101%05dMJ0000" % number
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHARSET[(31 - total % 31) % 31]


def make_batch(count):
    folder = os.path.join(DATA, "batch-%d" % count)
    if os.path.isdir(folder) and len(os.listdir(folder)) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(TEMPLATE, "entity.csv"), encoding="utf-8") as f:
        header, row = f.read().splitlines()[:2]
    fields = row.split(",")
    for i in range(1, count + 1):
        bundle = os.path.join(folder, "h%05d" % i)
        shutil.copytree(TEMPLATE, bundle, ignore=shutil.ignore_patterns("expected-findings.json", "entity.csv"))
        fields[0], fields[1] = uscc(i), "北京第%d医院" % i
        with open(os.path.join(bundle, "entity.csv"), "w", encoding="utf-8") as f:
            f.write(header + "\n" + ",".join(fields) + "\n")
    return folder


def findings_document(tool, out, copies):
    """The samples' document with each hospital and its findings repeated `copies` times under
    new ids: a region's night with findings, for timing the reports."""
    import json
    path = os.path.join(out, "samples.json")
    subprocess.run([tool, "audit", os.path.join(ROOT, "samples"), "-o", path], stderr=subprocess.DEVNULL)
    doc = json.load(open(path, encoding="utf-8"))
    hospitals, findings = [], []
    for n in range(copies):
        for h in doc["hospitals"]:
            h = dict(h, hospital_id=h["hospital_id"][:-4] + "%04d" % n, bundle="%s-%04d" % (h["bundle"], n))
            hospitals.append(h)
        for f in doc["findings"]:
            findings.append(dict(f, hospital_id=f["hospital_id"][:-4] + "%04d" % n, fingerprint="%s%04d" % (f["fingerprint"][:28], n)))
    doc["hospitals"], doc["findings"] = hospitals, findings
    big = os.path.join(out, "region.json")
    json.dump(doc, open(big, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    return big, len(hospitals), len(findings)


def measure(command):
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("failed: %s" % " ".join(command))
    return wall, usage.ru_maxrss / 1024


def median_of(runs, command):
    results = [measure(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="500,5000")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "hospaudit"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    tool = os.path.join(ROOT, ".build", "release", "hospaudit")
    out = tempfile.mkdtemp(prefix="hospaudit-bench-")
    print("%-28s %9s %9s" % ("run", "wall s", "peak MB"))
    figures = {}
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            batch = make_batch(size)
            for jobs in (1, 2):
                command = [tool, "audit", batch, "--jobs", str(jobs), "-o", os.path.join(out, "f.json"),
                           "--log", os.path.join(out, "run.log")]
                figures[(size, jobs)] = median_of(args.runs, command)
                print("%-28s %9.2f %9.1f" % ("%d bundles, --jobs %d" % (size, jobs), *figures[(size, jobs)]))
            start = time.monotonic()
            for i in range(3):
                measure([tool, "audit", batch, "--shard", "%d/3" % i, "-o", os.path.join(out, "s%d.json" % i)])
            shards = time.monotonic() - start
            merge = measure([tool, "merge"] + [os.path.join(out, "s%d.json" % i) for i in range(3)]
                            + ["-o", os.path.join(out, "m.json")])
            print("%-28s %9.2f %9.1f" % ("%d bundles, 3 shards" % size, shards, 0))
            print("%-28s %9.2f %9.1f" % ("%d bundles, merge" % size, *merge))
        document, hospitals, findings = findings_document(tool, out, 300)
        report = median_of(args.runs, [tool, "report", document, "--html", os.path.join(out, "r.html"), "--xlsx",
                                       os.path.join(out, "r.xlsx"), "--sarif", os.path.join(out, "r.sarif"), "--csv",
                                       os.path.join(out, "r.csv"), "--letters", os.path.join(out, "letters")])
        print("%-28s %9.2f %9.1f" % ("reports, %d hospitals" % hospitals, *report))
        print("(the reports of %d hospitals with %d findings: HTML, Excel, SARIF, CSV and %s letters)" % (
            hospitals, findings, "their"))
        sizes = sorted({s for s, _ in figures})
        for size in sizes:
            one, two = figures[(size, 1)][0], figures[(size, 2)][0]
            print("%d bundles: 2 jobs give %.2fx the throughput of 1" % (size, one / two))
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            print("peak memory, %d vs %d bundles (--jobs 2): %.1f MB vs %.1f MB (%+.1f%%)" % (
                large, small, figures[(large, 2)][1], figures[(small, 2)][1],
                100 * (figures[(large, 2)][1] / figures[(small, 2)][1] - 1)))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
