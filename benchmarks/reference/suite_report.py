#!/usr/bin/python3
"""The report of benchmarks/run-suite.sh: reads the suite folder (machine.txt, runs.tsv and each
run's table as NAME.md), writes ratios.tsv (one bar of the chart per line: label, ratio, above 1
where Stratum is ahead, so peak memory is inverted) and puts the machine, the per-run load, the
chart and every table into README between the markers
<!-- suite:begin --> and <!-- suite:end --> (added at the end when absent).

Usage: suite_report.py SUITE_DIR README CHART_FILE_NAME
"""
import os
import re
import sys

BEGIN = "<!-- suite:begin -->"
END = "<!-- suite:end -->"
# the columns of a table that name a row; the others are figures
LABEL_COLUMNS = ("workload", "cell", "op", "threads", "run")


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_ratios(name, text):
    """(label, ratio) for every row of a markdown table with a "ratio" column and a value in it,
    and for SGEMM's "Median ratio" lines ("  1 thread: n=128 1.02, n=256 0.71")."""
    out = []
    header = None
    for line in text.splitlines():
        m = re.match(r"\s+(\d+) threads?: (n=.*)$", line)
        if m:
            for n, r in re.findall(r"n=(\d+) ([0-9.]+)", m.group(2)):
                out.append((f"{name} n={n} {m.group(1)}t", float(r)))
            continue
        if not line.startswith("|"):
            header = None
            continue
        row = cells(line)
        if header is None:
            header = [h.lower() for h in row]
            continue
        if set(line) <= set("|-: "):
            continue
        if "ratio" not in header or len(row) != len(header):
            continue
        value = row[header.index("ratio")].strip("*")
        try:
            ratio = float(value)
        except ValueError:
            continue
        memory = any("rss" in h for h in header)
        if memory:
            # peak memory: less is better, so the bar is the reference's over Stratum's and above 1
            # means ahead, as for every speed ratio
            ratio = round(1 / ratio, 2)
        parts = []
        for h, c in zip(header, row):
            if h in LABEL_COLUMNS:
                c = c.replace("Stratum ", "").replace(" (trainer)", "")
                parts.append(c + "t" if h == "threads" else c)
        out.append((name + " " + " ".join(parts) + (" (RSS inverted)" if memory else ""), ratio))
    return out


def main():
    suite, readme, chart = sys.argv[1:4]
    machine = open(os.path.join(suite, "machine.txt")).read().strip()
    runs = [line.rstrip("\n").split("\t") for line in open(os.path.join(suite, "runs.tsv"))]
    ratios = []
    sections = []
    for name, status, seconds, before, after, settings in runs:
        path = os.path.join(suite, name + ".md")
        table = open(path).read().strip() if os.path.exists(path) else ""
        if status == "0":
            ratios += table_ratios(name, table)
        body = table if status == "0" and table else (
            f"(failed with exit status {status}; see benchmarks/target/suite/{name}.log)")
        sections.append(f"#### {name}\n\n{body}\n")
    with open(os.path.join(suite, "ratios.tsv"), "w") as f:
        for label, ratio in ratios:
            f.write(f"{label}\t{ratio}\n")

    lines = [BEGIN, "", "### The whole suite in one run", ""]
    lines.append(f"Written by `benchmarks/run-suite.sh` ({open(os.path.join(suite, 'date.txt')).read().strip()})."
                 f" Machine: {machine}. Each ratio is Stratum over the reference measured in the"
                 " same script (1.0 = level); the chart shows peak memory the other way round, the"
                 " reference's over Stratum's, so that a bar above 1 is Stratum ahead everywhere.")
    lines.append("")
    lines.append(f"![Stratum / reference, every ratio of this run]({chart})")
    lines.append("")
    lines.append("| run | exit | minutes | load average before | after | settings |")
    lines.append("|---|---:|---:|---|---|---|")
    for name, status, seconds, before, after, settings in runs:
        lines.append(f"| {name} | {status} | {int(seconds) / 60:.1f} | {before} | {after} "
                     f"| {settings or 'defaults'} |")
    lines.append("")
    lines += sections
    lines.append(END)
    block = "\n".join(lines)

    text = open(readme).read()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(readme, "w") as f:
        f.write(text)
    print(f"{len(ratios)} ratios from {len(runs)} runs written to {readme}")


if __name__ == "__main__":
    main()
