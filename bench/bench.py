"""Seconds per document: budgetx.extract against camelot.read_pdf(pages="all") with
its defaults, for every PDF in samples/ and tests/data/ (or the paths given). Then a
batch figure: documents per minute for a folder of 40 copies of the documents that
extracted (each copy made distinct by a trailing comment, so none is skipped as a
duplicate), with --jobs 1 and --jobs 2, and the peak memory of the largest process.

    python bench/bench.py [PDF ...]        BUDGETX_BENCH_BATCH=0 skips the batch figure

Timings are printed, never asserted: speed is measured here, not in the tests.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pdfs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    found, seen = [], set()
    for folder in (ROOT / "samples", ROOT / "tests" / "data"):
        for path in sorted(folder.glob("*.pdf")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:  # samples/ and tests/data/ share files
                seen.add(digest)
                found.append(path)
    return found


def timed(run: Callable[[], object]) -> tuple[float | None, str]:
    start = time.perf_counter()
    try:
        result = run()
    except Exception as exc:  # a bad fixture PDF is a row of the table, not a crash
        return None, type(exc).__name__
    return time.perf_counter() - start, describe(result)


def describe(result: object) -> str:
    tables = getattr(result, "tables", None)
    if tables is not None:  # a budgetx Document
        return f"{sum(t.status != 'missing' for t in tables)} tables"
    try:
        return f"{len(result)} tables"  # type: ignore[arg-type]
    except TypeError:
        return ""


# Runs the command and prints getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest process
# among the batch and the workers it reaped (KiB on Linux). A small launcher because a
# forked child keeps its parent's high-water mark across exec, and this bench process
# is big by now (camelot above).
MEASURE = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def batch_figures(documents: list[Path], count: int) -> None:
    """`budgetx extract FOLDER -o OUT --jobs N`: documents per minute, peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i in range(count):
            source = documents[i % len(documents)]
            (folder / f"{i:03d}-{source.name}").write_bytes(source.read_bytes() + f"\n% copy {i}\n".encode())
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            with open(Path(tmp) / "stderr", "wb") as err:
                start = time.perf_counter()
                child = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "budgetx",
                                        "extract", str(folder), "-o", str(out), "-f", "csv", "--jobs", str(jobs)],
                                       cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
                seconds = time.perf_counter() - start
            peak = int(child.stdout.split()[-1]) / 1024
            summary = (Path(tmp) / "stderr").read_text(encoding="utf-8").strip().splitlines()[-1:]
            print(f"batch --jobs {jobs}: {count} documents in {seconds:6.1f}s = {count * 60 / seconds:5.1f} "
                  f"documents/min, peak memory {peak:.0f} MiB (largest process), "
                  f"exit {child.returncode}: {' '.join(summary)}")


def ocr_figures(scanned: Path) -> None:
    """The OCR path: `budgetx extract` on a scanned PDF, seconds per page read by OCR
    and the peak memory of the process (models loaded once per process)."""
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(scanned)))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "budgetx", "extract",
                                str(scanned), "-f", "json", "-o", str(Path(tmp) / "out.json")],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
    peak = int(child.stdout.split()[-1]) / 1024
    print(f"ocr {scanned.name}: {pages} page(s) in {seconds:.1f}s = {seconds / pages:.1f} s/page "
          f"(model loading included), peak memory {peak:.0f} MiB, exit {child.returncode}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import camelot

    from budgetx.pipeline import extract

    warnings.simplefilter("ignore")
    rows = []
    paths = pdfs(sys.argv[1:])
    for path in paths:
        ours = timed(lambda: extract(path))
        theirs = timed(lambda: camelot.read_pdf(str(path), pages="all"))
        rows.append((path.name, ours, theirs))
        print(f"... {path.name}", file=sys.stderr)

    def cell(result: tuple[float | None, str]) -> str:
        seconds, note = result
        return f"{seconds:8.2f}s  {note}" if seconds is not None else f"   error  {note}"

    width = max([len(name) for name, _, _ in rows] + [8])
    print(f"{'document':<{width}}  {'budgetx.extract':<36}  camelot.read_pdf(pages='all')")
    for name, ours, theirs in rows:
        print(f"{name:<{width}}  {cell(ours):<36}  {cell(theirs)}")
    total_ours = sum(r[1][0] or 0 for r in rows)
    total_theirs = sum(r[2][0] or 0 for r in rows)
    print(f"{'total':<{width}}  {total_ours:8.2f}s{'':<27}  {total_theirs:8.2f}s")
    scanned = ROOT / "tests" / "data" / "ocr" / "qinghe-edu-p7-scanned.pdf"
    if scanned.exists() and not sys.argv[1:]:
        print()
        ocr_figures(scanned)
    count = int(os.environ.get("BUDGETX_BENCH_BATCH", "40"))
    good = [path for path, (_, ours, _) in zip(paths, rows) if ours[0] is not None]
    if count and good:
        print()
        batch_figures(good, count)


if __name__ == "__main__":
    main()
