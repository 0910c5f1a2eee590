"""OCR accuracy and speed: OCR a scanned PDF's pages and compare the words with the
text layer of the same document as born-digital.

    python bench/ocr_bench.py [SCANNED.pdf REPLICA.pdf [PAGES]]

PAGES: comma-separated 1-based numbers (default: every page). Without arguments it runs
on the one-page fixture of tests/data/ocr. A text-layer word counts as read when an OCR
word with exactly its text lies within a few points of it (after the median offset
between the two files), so both the reading and the cell split must be right. Amounts
(`1,234.56`), other numbers (codes, column numbers) and words with Chinese are counted
apart. Prints CPU and wall seconds per page and the peak resident memory.
"""
from __future__ import annotations

import collections
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetx.reader import ocr  # noqa: E402
from budgetx.model import Word  # noqa: E402
from budgetx.reader.pdf import open_pdf  # noqa: E402

AMOUNT = re.compile(r"^-?[\d,]*\d\.\d\d$")
NUMBER = re.compile(r"^-?[\d,]*\d(\.\d+)?$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def category(text: str) -> str:
    if AMOUNT.match(text):
        return "amount"
    if NUMBER.match(text):
        return "number"
    return "chinese" if CJK.search(text) else "other"


def compare(truth: list[Word], got: list[Word]) -> tuple[collections.Counter[str],
                                                          collections.Counter[str],
                                                          list[tuple[str, str | None]]]:
    truth = [Word(ocr.normalize_text(w.text), w.x0, w.top, w.x1, w.bottom) for w in truth]
    tc = collections.Counter(w.text for w in truth)
    gc = collections.Counter(w.text for w in got)
    pairs = [(a, b) for a in truth if tc[a.text] == 1 for b in got
             if b.text == a.text and gc[b.text] == 1]
    dx = statistics.median([b.xc - a.xc for a, b in pairs]) if pairs else 0.0
    dy = statistics.median([b.yc - a.yc for a, b in pairs]) if pairs else 0.0
    total: collections.Counter[str] = collections.Counter()
    ok: collections.Counter[str] = collections.Counter()
    misses = []
    for a in truth:
        cat = category(a.text)
        total[cat] += 1
        near = [b for b in got if abs(b.yc - dy - a.yc) < 4
                and (abs(b.xc - dx - a.xc) < 8 or b.x0 - dx < a.xc < b.x1 - dx)]
        if any(b.text == a.text for b in near):
            ok[cat] += 1
        elif cat != "other":
            best = min(near, key=lambda b: abs(b.xc - dx - a.xc), default=None)
            misses.append((a.text, best.text if best else None))
    return total, ok, misses


def main(argv: list[str]) -> None:
    if len(argv) >= 2:
        scanned, replica = Path(argv[0]), Path(argv[1])
    else:
        scanned = ROOT / "tests/data/ocr/qinghe-edu-p7-scanned.pdf"
        replica = ROOT / "tests/data/ocr/qinghe-edu-p7-replica.pdf"
    scan_pdf, text_pdf = open_pdf(scanned), open_pdf(replica)
    pages = ([int(p) for p in argv[2].split(",")] if len(argv) > 2
             else [p.number for p in scan_pdf.pages])

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    ocr._get_engine()._load_rec_model()
    print(f"model load: {time.perf_counter() - t0:.2f} s wall, {cpu() - c0:.2f} s CPU")
    total: collections.Counter[str] = collections.Counter()
    ok: collections.Counter[str] = collections.Counter()
    walls, cpus = [], []
    for n in pages:
        page = scan_pdf.pages[n - 1]
        t, c = time.perf_counter(), cpu()
        words = ocr.ocr_words(scanned, n, page.width, page.height)
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
        pt, pk, misses = compare(text_pdf.pages[n - 1].words, words)
        total += pt
        ok += pk
        print(f"page {n}: {len(words)} words, {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU"
              + "".join(f"\n    {a!r} read as {b!r}" for a, b in misses))
    for cat in ("amount", "number", "chinese"):
        if total[cat]:
            print(f"{cat}: {ok[cat]}/{total[cat]} ({ok[cat] / total[cat]:.2%})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"per page: {statistics.mean(walls):.2f} s wall (max {max(walls):.2f}), "
          f"{statistics.mean(cpus):.2f} s CPU; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
