"""Rebuild the disclosure-derived part of the subject catalogue from folders of PDFs.

    python tools/build_catalogue.py FOLDER [FOLDER...] [--write] [--pdftotext]

Every PDF is extracted with budgetx itself; every row of a coded table that prints both
a code and a name gives a (code, name, year) pair (tables read by OCR and codes budgetx
filled in are skipped). With `--pdftotext` the pairs are read from the text layer
instead (poppler's `pdftotext -layout`, much faster: a line that starts a table row with
a code, its name and at least one figure). `budgetx.schema.catalogue.merge_harvest` decides which pairs
become `disclosures` entries; the `classification` entries are kept as they are.
Without `--write` the new entries are printed; with `--write` the TSV files in
budgetx/schema/subjects/ are rewritten. See docs/catalogue.md. The PDFs are read where
they are and never copied into the project."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from budgetx.errors import BudgetxError
from budgetx.pipeline import extract
from budgetx.schema.catalogue import DATA, FILES, Found, merge_harvest, write_entries
from budgetx.values.codes import is_code
from budgetx.values.text import compact

_CODED = ("function", "economic")


def _subject_like(name: str) -> bool:
    """A subject name, not a project name run into the code's cell or a figure."""
    return 1 < len(name) <= 30 and not any(ch.isdigit() for ch in name)


def harvest(paths: list[Path]) -> dict[tuple[str, str], Found]:
    """(code, printed name) → the documents and years that print it."""
    seen: dict[tuple[str, str], Found] = {}
    for path in paths:
        try:
            doc = extract(path)
        except BudgetxError as exc:
            print(f"skipped {path}: {exc.reason}", file=sys.stderr)
            continue
        for table in doc.tables:
            if table.row_key not in _CODED or table.ocr:
                continue
            for row in table.rows:
                code, name = compact(str(row.get("code") or "")), "".join(str(row.get("name") or "").split())
                if not is_code(code) or row.get("code_source") == "catalogue" or not _subject_like(name):
                    continue
                found = seen.setdefault((code, name), Found())
                found.docs.add(doc.sha256)
                if doc.year:
                    found.years.add(doc.year)
    return seen


# A table row as pdftotext lays it out: the code (or 类 款 项 apart), the name, a figure.
_ROW = re.compile(r"^\s*([235]\d{2})(?:\s{0,3}(\d{2}))?(?:\s{0,3}(\d{2}))?\s+([\u4e00-\u9fff（）()、“”]{2,30})"
                  r"\s{2,}-?[\d,]+(?:\.\d+)?(?:\s|$)")
_YEAR = re.compile(r"(20\d\d)\s*年")


def harvest_text(paths: list[Path]) -> dict[tuple[str, str], Found]:
    """The same pairs from the text layer, without budgetx's table reading."""
    seen: dict[tuple[str, str], Found] = {}
    for path in paths:
        run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"skipped {path}: pdftotext failed", file=sys.stderr)
            continue
        years = Counter(int(y) for y in _YEAR.findall(path.name + "\n" + run.stdout[:5000]))
        year = years.most_common(1)[0][0] if years else None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for line in run.stdout.splitlines():
            match = _ROW.match(line)
            if not match:
                continue
            code = "".join(p for p in match.groups()[:3] if p)
            name = match.group(4)
            if not is_code(code) or not _subject_like(name):
                continue
            found = seen.setdefault((code, name), Found())
            found.docs.add(digest)
            if year:
                found.years.add(year)
    return seen


def main(argv: list[str]) -> int:
    write = "--write" in argv
    folders = [Path(a) for a in argv if not a.startswith("--")]
    if not folders:
        print(__doc__, file=sys.stderr)
        return 2
    paths = sorted(p for f in folders for p in ([f] if f.is_file() else f.rglob("*.pdf")))
    merged = merge_harvest(harvest_text(paths) if "--pdftotext" in argv else harvest(paths))
    for kind, entries in merged.items():
        if write:
            write_entries(DATA / FILES[kind], entries)
        else:
            for s in entries:
                if s.source == "disclosures":
                    print(f"{s.code}\t{s.name}\t{s.years}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
