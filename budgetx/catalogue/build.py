"""Rebuild the disclosure-derived part of the subject catalogue from a folder of PDFs.

    python -m budgetx.catalogue.build FOLDER [FOLDER...] [--write]

Every PDF is extracted with budgetx itself; every row of a coded table that prints both
a code and a name gives a (code, name, year) pair. A pair becomes a `disclosures` entry
of the catalogue when the code is not in the published classification, or when it
names a classified code differently in at least `MIN_DOCUMENTS` documents (a name one
file prints may be that file's typo; two files agreeing is a local usage). The
`classification` entries are kept as they are. Without `--write` the entries are
printed, with `--write` the catalogue files under budgetx/catalogue/ are rewritten.
See docs/catalogue.md."""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from budgetx.catalogue import (DATA, FILES, Subject, kind_of, load_entries, normalise_name, write_entries)
from budgetx.codes import clean, is_code

# A name that only one document prints for a classified code is not catalogued.
MIN_DOCUMENTS = 2
# OCR'd tables are not harvested: their names are what the catalogue corrects.
_CODED = ("function", "economic")


def harvest(paths: list[Path]) -> dict[tuple[str, str], dict[str, set[str] | set[int]]]:
    """(code, printed name) → the documents (sha256) and years that print it."""
    from budgetx.errors import BudgetxError
    from budgetx.pipeline import extract

    seen: dict[tuple[str, str], dict[str, set[str] | set[int]]] = {}
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
                code, name = clean(str(row.get("code") or "")), str(row.get("name") or "")
                if not is_code(code) or not name or row.get("code_source") == "catalogue" or not _subject_like(name):
                    continue
                entry = seen.setdefault((code, name), {"docs": set(), "years": set()})
                entry["docs"].add(doc.sha256)  # type: ignore[arg-type]
                if doc.year:
                    entry["years"].add(doc.year)  # type: ignore[arg-type]
    return seen


def _subject_like(name: str) -> bool:
    """A subject name, not a project name run into the code's cell or a figure."""
    return 1 < len(name) <= 30 and not any(ch.isdigit() for ch in name)


def merge(seen: dict[tuple[str, str], dict[str, set[str] | set[int]]]) -> dict[str, list[Subject]]:
    """The catalogue files' entries: the classification as it is, plus the harvest."""
    out: dict[str, list[Subject]] = {}
    harvested: dict[str, list[Subject]] = defaultdict(list)
    classified: dict[str, set[str]] = defaultdict(set)
    for kind in FILES:
        kept = [s for s in load_entries(kind) if s.source == "classification"]
        out[kind] = kept
        for s in kept:
            classified[s.code].add(normalise_name(s.name))
    known = set(classified)
    names_per_code: dict[str, list[tuple[int, str, set[int]]]] = defaultdict(list)
    for (code, name), found in seen.items():
        names_per_code[code].append((len(found["docs"]), name, {int(y) for y in found["years"]}))
    for code, names in sorted(names_per_code.items()):
        found_kind = kind_of(code)
        if found_kind is None:
            continue
        for count, name, years in sorted(names, reverse=True):
            if normalise_name(name) in classified[code]:
                continue
            if code in known and count < MIN_DOCUMENTS:
                continue
            if code not in known and max(names)[0] >= MIN_DOCUMENTS and count < MIN_DOCUMENTS:
                continue  # the name most documents print is the code's; a lone variant is a typo
            seen_years = ",".join(str(y) for y in sorted(years))
            harvested[found_kind].append(Subject(code, name, found_kind, None, None, "disclosures", seen_years))
            classified[code].add(normalise_name(name))
    for kind, entries in harvested.items():
        out[kind] = sorted(out[kind] + entries, key=lambda s: (s.code.replace("*", "0"), s.source != "classification"))
    return out


def main(argv: list[str]) -> int:
    write = "--write" in argv
    folders = [Path(a) for a in argv if a != "--write"]
    if not folders:
        print(__doc__, file=sys.stderr)
        return 2
    paths = sorted(p for f in folders for p in ([f] if f.is_file() else f.rglob("*.pdf")))
    merged = merge(harvest(paths))
    if write:
        for kind, entries in merged.items():
            write_entries(DATA / FILES[kind], entries)
    else:
        for entries in merged.values():
            for s in entries:
                if s.source == "disclosures":
                    print(f"{s.code}\t{s.name}\t{s.years}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
