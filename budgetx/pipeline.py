"""extract(): the stages in order, PDF → Document."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetx.check.checks import run_checks
from budgetx.check.repair import repair, repair_codes
from budgetx.errors import NoBudgetTables
from budgetx.model import Check, Document, Page, Table
from budgetx.read.grid import PageGrid, read_grids
from budgetx.read.lines import group_lines
from budgetx.read.locate import find_tables, merge_repeats, title_rank
from budgetx.read.pdf import open_pdf
from budgetx.read.scanned import read_scanned_pages
from budgetx.schema.registry import load_schema
from budgetx.table.build import build_table, spec_columns

# (stage, pages done, pages in the stage): the slow stages go a page at a time, OCR
# over the scanned pages and the grid reader over the table pages.
Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def extract(path: Path | str, tables: set[int] | None = None, progress: Progress = _noop) -> Document:
    """Read a disclosure PDF into a Document of canonical tables. Raises BudgetxError
    for input that is not a readable disclosure. `progress(stage, done, total)` hears
    of every page the slow stages finish."""
    path = Path(path)
    schema = load_schema()
    pdf = open_pdf(path)
    scanned = sum(not p.has_text for p in pdf.pages)
    ocr_done = 0

    def ocr_step(_: str) -> None:
        nonlocal ocr_done
        ocr_done += 1
        progress("OCR", ocr_done, scanned)

    ocr_grids = read_scanned_pages(pdf, ocr_step)
    ocr_pages = set(ocr_grids)
    layout = find_tables(pdf.pages, schema)
    located = merge_repeats(layout.tables)
    if not located:
        raise NoBudgetTables(path, "no budget tables found (no table titles with table content)")
    if tables is not None:
        located = [t for t in located if t.spec is not None and t.spec.no in tables]
    # OCR words are in the deskewed page frame, camelot's rules in the file's: the
    # aligner reads scanned pages on its own.
    table_pages = sorted({r.page for t in located for r in t.regions} - ocr_pages)
    # A page at a time, so that a long document can show its progress (camelot costs
    # no more this way: it parses only the pages asked for).
    grids: dict[int, list[PageGrid]] = {}
    progress("tables", 0, len(table_pages))
    for done, number in enumerate(table_pages, start=1):
        grids.update(read_grids(path, [pdf.pages[number - 1]]))
        progress("tables", done, len(table_pages))
    grids.update({n: g for n, g in ocr_grids.items() if g})
    built: dict[int, tuple[int, Table]] = {}
    extras: list[Table] = []
    for loc in located:
        table, printed = build_table(loc, pdf, grids, layout.unit, ocr_pages)
        if ocr_pages & set(table.pages):
            table.ocr = True
        if printed is not None:
            extras.append(printed)
        if loc.spec is None:
            extras.append(table)
            continue
        rank = title_rank(loc.title, loc.spec)
        held = built.get(loc.spec.no)
        if held is None or rank < held[0]:
            if held is not None:
                extras.append(_as_extra(held[1]))
            built[loc.spec.no] = (rank, table)
        else:
            extras.append(_as_extra(table))
    if ocr_pages:
        repair_codes([t for _, t in built.values()])
    out: list[Table] = []
    for spec in schema.tables:
        if tables is not None and spec.no not in tables:
            continue
        out.append(built[spec.no][1] if spec.no in built else Table(spec.no, spec.key, spec.title, status="missing",
                                                                   columns=spec_columns(spec)))
    doc = Document(
        file=path.name,
        sha256=pdf.sha256,
        pages=len(pdf.pages),
        department=layout.department,
        year=layout.year,
        unit=layout.unit,
        tables=out + extras,
        narrative=[(n, _page_text(pdf.pages[n - 1])) for n in layout.narrative_pages],
    )
    doc.checks = _run_checks(doc)
    return doc


def _as_extra(table: Table) -> Table:
    """A second table of the document that maps onto a number already taken (财政拨款
    支出表 beside 一般公共预算支出表): kept after the eleven under its printed title."""
    table.no = None
    table.key = None
    return table


def _run_checks(doc: Document) -> list[Check]:
    if any(t.ocr for t in doc.tables):
        return repair(doc)
    return run_checks(doc)


def _page_text(page: Page) -> str:
    return "\n".join(line.text for line in group_lines(page.words))


