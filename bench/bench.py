"""Seconds per document: budgetx.extract against camelot.read_pdf(pages="all") with
its defaults, for every PDF in samples/ and tests/data/ (or the paths given).

    python bench/bench.py [PDF ...]

Timings are printed, never asserted: speed is measured here, not in the tests.
"""
from __future__ import annotations

import hashlib
import sys
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


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import camelot

    from budgetx.pipeline import extract

    warnings.simplefilter("ignore")
    rows = []
    for path in pdfs(sys.argv[1:]):
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


if __name__ == "__main__":
    main()
