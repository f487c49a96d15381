#!/usr/bin/env python3
"""Merges a run-aarch64.sh results.tsv into the matrix between the xarch-matrix markers of docs/PLATFORMS.md.

Usage: update-matrix.py PLATFORMS.md results.tsv DATE HOST_JDK QEMU_VERSION [--how TEXT]
Rows are keyed by (arch, page size, libc, how run); a new run replaces the row of the same key.
"""
import sys

BEGIN, END = "<!-- xarch-matrix:begin -->", "<!-- xarch-matrix:end -->"
HEADER = ("| Arch | Page size | libc | How run | --version | info | start | PUT/GET 5 MiB | stop | transport "
          "| allocator | Date | Result | Notes |")
SEP = "|" + "---|" * 14


def main(doc, results, date, host_jdk, qemu, how_override=None):
    text = open(doc).read()
    if BEGIN not in text or END not in text:
        text += "\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    body, tail = rest.split(END, 1)
    rows = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 14 and cells[0] not in ("Arch", "---"):
            rows[tuple(cells[:4])] = cells
    for line in open(results):
        f = line.rstrip("\n").split("\t")
        if len(f) < 10:
            continue
        arch, page, libc, ver, info, start, putget, stop, transport, alloc = f[:10]
        note = f[10] if len(f) > 10 else ""
        how = how_override or ("qemu-user %s -p %s" % (qemu.split()[2] if len(qemu.split()) > 2 else "", page)
               if arch == "aarch64" else "native (" + host_jdk + ")")
        checks = [ver, info, start, putget, stop]
        result = "PASS" if all(c.startswith("ok") for c in checks) else "FAIL"
        page_txt = "%d KiB" % (int(page) // 1024) if page.isdigit() else page
        cells = [arch, page_txt, libc, how] + checks + [transport, alloc, date, result, note.replace("|", "/")]
        rows[tuple(cells[:4])] = cells
    ordered = sorted(rows.values(), key=lambda c: (c[0] != "aarch64", c[0], int(c[1].split()[0]) if c[1].split()[0].isdigit() else 0))
    table = "\n".join([HEADER, SEP] + ["| " + " | ".join(c) + " |" for c in ordered])
    open(doc, "w").write(head + BEGIN + "\n" + table + "\n" + END + tail)


if __name__ == "__main__":
    args = sys.argv[1:]
    how = None
    if "--how" in args:
        i = args.index("--how")
        how = args[i + 1]
        del args[i:i + 2]
    main(*args[:5], how_override=how)
