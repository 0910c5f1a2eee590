"""extract(): the stages in order, PDF → Document."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from budgetx.check.checks import run_checks
from budgetx.check.repair import repair, repair_codes
from budgetx.errors import NoBudgetTables
from budgetx.model import Check, Document, Page, Table, Tally
from budgetx.reader.furniture import drop_furniture
from budgetx.reader.grid import PageGrid, read_grids
from budgetx.reader.kind import COVER_PAGES, cover_text, document_kind
from budgetx.reader.lines import group_lines
from budgetx.reader.locate import find_tables, merge_repeats
from budgetx.reader.pdf import open_pdf
from budgetx.reader.scanned import needs_ocr, read_scanned_pages
from budgetx.reader.titles import title_rank
from budgetx.schema.registry import load_schema
from budgetx.table.build import build_table, spec_columns
from budgetx.table.subjects import correct_names, fill_codes_from_document, name_misread_totals
from budgetx.table.extras import join_extras
from budgetx.table.line_numbers import mend_line_numbers
from budgetx.table.unit_rows import name_unit_rows

# (stage, pages done, pages in the stage): the slow stages go a page at a time, OCR
# over the scanned pages and the grid reader over the table pages.
Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def extract(path: Path | str, tables: set[int] | None = None, progress: Progress = _noop,
            max_pages: int | None = None, workers: int = 1) -> Document:
    """Read a disclosure PDF into a Document of canonical tables. Raises BudgetxError
    for input that is not a readable disclosure (TooComplex past `max_pages`).
    `progress(stage, done, total)` hears of every page the slow stages finish.
    `workers` > 1: a long document's pages are read by that many processes."""
    path = Path(path)
    schema = load_schema()
    pdf = open_pdf(path, max_pages, workers)
    progress("pages", len(pdf.pages), len(pdf.pages))
    scanned = sum(needs_ocr(p) for p in pdf.pages)
    ocr_done = 0

    def ocr_step(_: str) -> None:
        nonlocal ocr_done
        ocr_done += 1
        progress("OCR", ocr_done, scanned)

    ocr_grids = read_scanned_pages(pdf, ocr_step)
    ocr_pages = set(ocr_grids)
    layout = find_tables(pdf.pages, schema)
    kind = document_kind(layout.tables, cover_text([_page_text(p) for p in pdf.pages[:COVER_PAGES]]), schema)
    families = [f.name for f in schema.families]
    if kind not in families:
        # Not a department disclosure: its tables resemble the families' but are not them.
        for loc in layout.tables:
            loc.spec = None
    primary = kind if kind in families else families[0]
    located = merge_repeats(layout.tables)
    # Tables found only by a header line in the prose (a statistics bulletin's figures)
    # make no budget disclosure.
    if all(t.headed for t in located):
        raise NoBudgetTables(path, "no budget tables found (no table titles with table content)")
    # Located, the tables are read without the running heads and feet of their pages.
    pdf = replace(pdf, pages=drop_furniture(pdf.pages, [{r.page for r in t.regions} for t in located]))
    if tables is not None:
        located = [t for t in located if t.spec is not None and t.spec.no in tables and t.spec.family == primary]
    # OCR words are in the deskewed page frame, camelot's rules in the file's: the
    # aligner reads scanned pages on its own.
    table_pages = sorted({r.page for t in located for r in t.regions} - ocr_pages)
    if kind not in families:
        # A government report's hundreds of table pages are read by the word layout
        # alone: no camelot grid for tables that map onto no canonical table.
        table_pages = []
    # A page at a time, so that a long document can show its progress (the rules are
    # read per page anyway).
    grids: dict[int, list[PageGrid]] = {}
    progress("tables", 0, len(table_pages))
    for done, number in enumerate(table_pages, start=1):
        grids.update(read_grids(path, [pdf.pages[number - 1]]))
        progress("tables", done, len(table_pages))
    grids.update({n: g for n, g in ocr_grids.items() if g})
    built: dict[tuple[str, int], tuple[int, Table]] = {}
    # The title each canonical table was printed under: a table that loses its number to
    # another keeps that title (基本支出预算情况表 beside 一般公共预算基本支出情况表).
    printed_title: dict[int, str] = {}
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
        printed_title[id(table)] = loc.title
        held = built.get((loc.spec.family, loc.spec.no))
        if held is None or rank < held[0]:
            if held is not None:
                extras.append(_as_extra(held[1], printed_title[id(held[1])]))
            built[(loc.spec.family, loc.spec.no)] = (rank, table)
        else:
            extras.append(_as_extra(table, loc.title))
    if ocr_pages:
        # Misread subject names first: the codes are then completed by name.
        for table in [t for _, t in built.values()] + extras:
            if table.ocr:
                correct_names(table, layout.year)
                mend_line_numbers(table)
        repair_codes([t for _, t in built.values()])
        name_misread_totals([t for _, t in built.values()] + extras)
    fill_codes_from_document([t for _, t in built.values()])
    name_unit_rows([t for _, t in built.values()], layout.department)
    out: list[Table] = []
    for family in [primary] + [f for f in families if f != primary]:
        for spec in schema.family(family).tables:
            if tables is not None and (family != primary or spec.no not in tables):
                continue
            if (family, spec.no) in built:
                out.append(built[(family, spec.no)][1])
            elif family == kind and not spec.optional:
                # The document's own family lists every table, printed or not.
                out.append(Table(spec.no, spec.key, spec.title, status="missing",
                                 columns=spec_columns(spec), family=family))
    doc = Document(
        file=path.name,
        sha256=pdf.sha256,
        pages=len(pdf.pages),
        department=layout.department,
        year=layout.year,
        unit=layout.unit,
        tables=out + join_extras(extras),
        narrative=[(n, _page_text(pdf.pages[n - 1])) for n in layout.narrative_pages],
        kind=kind,
    )
    doc.checks = _run_checks(doc)
    return doc


def _as_extra(table: Table, title: str) -> Table:
    """A second table of the document that maps onto a number already taken (财政拨款
    支出表 beside 一般公共预算支出表): kept after the families under its printed title."""
    table.title = title or table.title
    table.no = None
    table.key = None
    table.family = None
    return table


def _run_checks(doc: Document) -> list[Check]:
    doc.tally = Tally()
    if any(t.ocr for t in doc.tables):
        return repair(doc, doc.tally)
    return run_checks(doc, tally=doc.tally)


def _page_text(page: Page) -> str:
    return "\n".join(line.text for line in group_lines(page.words))


