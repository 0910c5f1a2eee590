"""Seconds per document, each tool as its own process (imports included, as a user
runs it): `budgetx extract` against camelot.read_pdf(pages="all") with its defaults and
with its vector engine, for every PDF in samples/ and tests/data/ (or the PDFs and
folders given), with the ratios and each process's peak memory. Then a batch figure:
documents per minute for a folder of 40 copies of the documents that extracted (each
copy made distinct by a trailing comment, so none is skipped as a duplicate), with
--jobs 1 and --jobs 2, and the peak memory of the largest process.

    python bench/bench.py [PDF_OR_FOLDER ...]    make bench [PDFS=dir/]
    BUDGETX_BENCH_BATCH=0 skips the batch figure; BUDGETX_BENCH_DEFAULT=0 skips camelot's
    default engine (it renders every page and takes minutes on long files)

Timings are printed, never asserted: speed is measured here, not in the tests.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pdfs(args: list[str]) -> list[Path]:
    found, seen = [], set()
    if args:
        for arg in args:
            path = Path(arg)
            for pdf in sorted(path.rglob("*.pdf")) if path.is_dir() else [path]:
                found.append(pdf)
        return found
    for folder in (ROOT / "samples", ROOT / "tests" / "data"):
        for path in sorted(folder.glob("*.pdf")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:  # samples/ and tests/data/ share files
                seen.add(digest)
                found.append(path)
    return found


# Runs the command and prints getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest process
# among the batch and the workers it reaped (KiB on Linux). A small launcher because a
# forked child keeps its parent's high-water mark across exec, and this bench process
# is big by now (camelot above).
# It prints the children's CPU seconds first: on a shared machine the wall time of a
# process is its CPU time stretched by the load, so both are shown.
MEASURE = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
           "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(use.ru_utime + use.ru_stime, use.ru_maxrss); sys.exit(code)")


def batch_figures(documents: list[Path], count: int) -> None:
    """`budgetx extract FOLDER -o OUT --jobs N`: documents per minute, peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i in range(count):
            source = documents[i % len(documents)]
            (folder / f"{i:03d}-{source.name}").write_bytes(source.read_bytes() + f"\n% copy {i}\n".encode())
        rates = {}
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
            rates[jobs] = count * 60 / seconds
            print(f"batch --jobs {jobs}: {count} documents in {seconds:6.1f}s = {count * 60 / seconds:5.1f} "
                  f"documents/min, peak memory {peak:.0f} MiB (largest process), "
                  f"exit {child.returncode}: {' '.join(summary)}")
        print(f"batch --jobs 2 / --jobs 1: {rates[2] / rates[1]:.2f}x the documents per minute")


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


CAMELOT = {
    "camelot": "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all')",
    "camelot-vector": "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all', engine='vector')",
}


def run(command: list[str]) -> tuple[float, float, float, int]:
    """Seconds, CPU seconds, peak memory (MiB) and exit code of one whole process."""
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    cpu, peak = child.stdout.split()[-2:]
    return seconds, float(cpu), int(peak) / 1024, child.returncode


def main() -> None:
    paths = pdfs(sys.argv[1:])
    tools = ["budgetx"] + [name for name in CAMELOT
                           if name != "camelot" or os.environ.get("BUDGETX_BENCH_DEFAULT", "1") != "0"]
    totals = {name: 0.0 for name in tools}
    cpu_totals = {name: 0.0 for name in tools}
    ok: list[Path] = []
    width = max([len(p.name[:50]) for p in paths] + [8])
    print(f"{'document':<{width}}  " + "  ".join(f"{name:>30}" for name in tools) + "   (seconds, CPU seconds, peak MiB)")
    for path in paths:
        cells = []
        for name in tools:
            if name == "budgetx":
                command = [sys.executable, "-m", "budgetx", "extract", str(path), "-f", "json", "-o", os.devnull, "-q"]
            else:
                command = [sys.executable, "-c", CAMELOT[name], str(path)]
            seconds, cpu, peak, code = run(command)
            totals[name] += seconds
            cpu_totals[name] += cpu
            if name == "budgetx" and code == 0:
                ok.append(path)
            cells.append(f"{seconds:7.2f}s {cpu:6.2f}c {peak:5.0f}MiB" + (f" exit {code}" if code else "       "))
        print(f"{path.name[:50]:<{width}}  " + "  ".join(f"{c:>30}" for c in cells), flush=True)
    print(f"{'total':<{width}}  " + "  ".join(f"{totals[n]:>7.2f}s {cpu_totals[n]:6.2f}c{'':<14}" for n in tools))
    n_docs = max(len(paths), 1)
    print(f"budgetx: {totals['budgetx'] / n_docs:.2f} s ({cpu_totals['budgetx'] / n_docs:.2f} CPU s) per document; "
          + ", ".join(f"{n} takes {totals[n] / max(totals['budgetx'], 1e-9):.1f}x the time "
                      f"({cpu_totals[n] / max(cpu_totals['budgetx'], 1e-9):.1f}x the CPU)" for n in tools if n != "budgetx"))
    scanned = ROOT / "tests" / "data" / "ocr" / "qinghe-edu-p7-scanned.pdf"
    if scanned.exists() and not sys.argv[1:]:
        print()
        ocr_figures(scanned)
    count = int(os.environ.get("BUDGETX_BENCH_BATCH", "40"))
    if count and ok:
        print()
        batch_figures(ok, count)


if __name__ == "__main__":
    main()
