"""Rebuild the disclosure-derived part of the subject catalogue from folders of PDFs.

    python tools/build_catalogue.py FOLDER [FOLDER...] [--write]

Every PDF is extracted with budgetx itself; every row of a coded table that prints both
a code and a name gives a (code, name, year) pair (tables read by OCR and codes budgetx
filled in are skipped). `budgetx.schema.catalogue.merge_harvest` decides which pairs
become `disclosures` entries; the `classification` entries are kept as they are.
Without `--write` the new entries are printed; with `--write` the TSV files in
budgetx/schema/subjects/ are rewritten. See docs/catalogue.md. The PDFs are read where
they are and never copied into the project."""
from __future__ import annotations

import sys
from pathlib import Path

from budgetx.errors import BudgetxError
from budgetx.pipeline import extract
from budgetx.schema.catalogue import DATA, FILES, Found, merge_harvest, write_entries
from budgetx.values.codes import clean, is_code

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
                code, name = clean(str(row.get("code") or "")), "".join(str(row.get("name") or "").split())
                if not is_code(code) or row.get("code_source") == "catalogue" or not _subject_like(name):
                    continue
                found = seen.setdefault((code, name), Found())
                found.docs.add(doc.sha256)
                if doc.year:
                    found.years.add(doc.year)
    return seen


def main(argv: list[str]) -> int:
    write = "--write" in argv
    folders = [Path(a) for a in argv if a != "--write"]
    if not folders:
        print(__doc__, file=sys.stderr)
        return 2
    paths = sorted(p for f in folders for p in ([f] if f.is_file() else f.rglob("*.pdf")))
    merged = merge_harvest(harvest(paths))
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
