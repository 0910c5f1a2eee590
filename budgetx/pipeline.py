"""extract(): the stages in order, PDF → Document."""
from __future__ import annotations

from collections.abc import Callable
import re
from dataclasses import replace
from pathlib import Path

from budgetx.align import AlignedPart, RuledGrid, align, unstack
from budgetx.errors import NoBudgetTables, ScannedPdf
from budgetx.grid import PageGrid, grid_for, read_grids
from budgetx.codes import split_code
from budgetx.header_rows import drop_header_rows
from budgetx.headers import column_name, dedupe_keys, map_columns, path_key
from budgetx.lines import group_lines
from budgetx.locate import Located, find_tables, region_words, title_rank
from budgetx.checks import run_checks
from budgetx.model import Check, Column, Document, Table, Word
from budgetx.pdf import Page, PdfFile, open_pdf
from budgetx.records import (ECONOMIC_KEYS, Doubts, FUNCTION_KEYS, TEXT_KEYS, Row, amount_or_text, code_column,
                             code_part_columns, coded_rows,
                             extra_coded_rows, is_transposed,
                             item_rows, side_rows, transposed_rows)
from budgetx.schema import TableSpec, header_vocabulary, load_schema

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def extract(path: Path | str, tables: set[int] | None = None, progress: Progress = _noop) -> Document:
    """Read a disclosure PDF into a Document of canonical tables. Raises BudgetxError
    for input that is not a readable disclosure."""
    path = Path(path)
    schema = load_schema()
    pdf = open_pdf(path)
    progress("pages read")
    ocr_grids = _read_scanned_pages(pdf, progress)
    ocr_pages = set(ocr_grids)
    layout = find_tables(pdf.pages, schema)
    located = _merge_repeats(layout.tables)
    if not located:
        raise NoBudgetTables(path, "no budget tables found (no table titles with table content)")
    if tables is not None:
        located = [t for t in located if t.spec is not None and t.spec.no in tables]
    # OCR words are in the deskewed page frame, camelot's rules in the file's: the
    # aligner reads scanned pages on its own.
    table_pages = sorted({r.page for t in located for r in t.regions} - ocr_pages)
    grids = read_grids(path, [pdf.pages[n - 1] for n in table_pages])
    grids.update({n: g for n, g in ocr_grids.items() if g})
    progress("grids read")
    built: dict[int, tuple[int, Table]] = {}
    extras: list[Table] = []
    for loc in located:
        table, printed = _build(loc, pdf, grids, layout.unit, ocr_pages)
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
        _repair_codes([t for _, t in built.values()])
    out: list[Table] = []
    for spec in schema.tables:
        if tables is not None and spec.no not in tables:
            continue
        out.append(built[spec.no][1] if spec.no in built else Table(spec.no, spec.key, spec.title, status="missing",
                                                                   columns=_spec_columns(spec)))
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
        from budgetx.repair import repair

        return repair(doc)
    return run_checks(doc)


_OCR_NOISE = re.compile(r"^[.,'`|:;_~^]+$")


def _clean_ocr_word(word: Word) -> Word | None:
    """Specks read as punctuation are no cell; a ruled line next to a word is read as
    a bracket or bar at its end."""
    text = word.text
    if _OCR_NOISE.match(text):
        return None
    stripped = text.replace("|", "")
    if stripped.count("[") != stripped.count("]"):
        stripped = stripped.replace("[", "").replace("]", "")
    if not stripped:
        return None
    return replace(word, text=stripped) if stripped != text else word


# A figure with two decimals run into the subject code printed right after it: OCR
# finds no ink gap between `1,388.82` and `201` at scan resolution.
_FIGURE_THEN_CODE = re.compile(r"^(-?[\d,]*\d\.\d{2})(\d{3}(?:\d{2}){0,2})$")


def _split_ocr_word(word: Word | None) -> list[Word]:
    if word is None:
        return []
    match = _FIGURE_THEN_CODE.match(word.text)
    if not match:
        return [word]
    figure, code = match.groups()
    cut = word.x0 + (word.x1 - word.x0) * len(figure) / len(word.text)
    return [replace(word, text=figure, x1=cut - 0.5), replace(word, text=code, x0=cut + 0.5)]


def _read_scanned_pages(pdf: PdfFile, progress: Progress) -> dict[int, list[PageGrid]]:
    """Give pages without a usable text layer the words OCR reads on them. Only the
    cover (department, year) and pages that draw tables are read: OCR costs seconds a
    page. Without the OCR extra a fully scanned file is an error saying how to get it."""
    scanned = [p for p in pdf.pages if not p.has_text]
    if not scanned:
        return {}
    from budgetx import ocr

    if not ocr.ocr_available():
        if len(scanned) == len(pdf.pages):
            raise ScannedPdf(pdf.path, ocr.INSTALL_HINT)
        return {}
    done: dict[int, list[PageGrid]] = {}
    for page in scanned:
        if page.number == 1 or ocr.looks_tabular(pdf.path, page.number):
            read = ocr.ocr_page(pdf.path, page.number, page.width, page.height)
            page.words = [piece for w in read.words for piece in _split_ocr_word(_clean_ocr_word(w))]
            done[page.number] = []
            if len(read.col_rules) >= 3 and len(read.row_rules) >= 2:
                # The rules found on the page image, in the words' (deskewed) frame.
                grid = RuledGrid(read.col_rules, read.row_rules)
                done[page.number] = [PageGrid(page.number, read.row_rules[0], read.row_rules[-1],
                                              read.col_rules[0], read.col_rules[-1], grid)]
            progress(f"page {page.number} read by OCR")
    return done


def _merge_repeats(located: list[Located]) -> list[Located]:
    """A title repeated on the next page (续表) continues the same table."""
    out: list[Located] = []
    for loc in located:
        prev = out[-1] if out else None
        if (prev is not None and loc.spec is not None and prev.spec is loc.spec
                and loc.regions[0].page == prev.regions[-1].page + 1):
            prev.regions.extend(loc.regions)
        else:
            out.append(loc)
    return out


def _page_text(page: Page) -> str:
    return "\n".join(line.text for line in group_lines(page.words))


def _spec_columns(spec: TableSpec) -> list[Column]:
    return [Column(c.key, c.name) for c in spec.columns if c.key in _default_keys(spec)]


def _default_keys(spec: TableSpec) -> list[str]:
    """The columns every document's version of a canonical table lists (tables.md):
    the row keys of its kind and its columns not marked optional in the registry."""
    base = {"function": list(FUNCTION_KEYS), "economic": list(ECONOMIC_KEYS),
            "side": ["side", "item", "code"], "item": []}[spec.row_kind]
    return base + [c.key for c in spec.columns if not c.optional and c.key not in base]


def _align_parts(loc: Located, pdf: PdfFile, grids: dict[int, list]) -> tuple[list[AlignedPart], list[int], list[str]]:  # type: ignore[type-arg]
    """Align each page region of a table. Continuation pages are read against the
    table's first page as printed (its header, its columns) before any reshaping."""
    printed: list[AlignedPart] = []
    parts: list[AlignedPart] = []
    pages: list[int] = []
    notes: list[str] = []
    vocabulary = header_vocabulary(load_schema())
    for region in loc.regions:
        page = pdf.pages[region.page - 1]
        text = region_words(page, region, loc.title)
        notes.extend(text.notes)
        if not text.words:
            continue
        ruled: RuledGrid | None = grid_for(grids.get(region.page, []), text.words)
        first = printed[0] if printed else None
        part = align(text.words, ruled, header_of=first, vocabulary=vocabulary)
        if first is not None and not part.blocks and part.ncols != printed[-1].ncols:
            # A continuation page without its header: read it under the columns above.
            part = align(text.words, ruled, columns=printed[-1].col_edges, header_of=first, vocabulary=vocabulary)
            part.blocks = list(printed[-1].blocks)
        elif first is not None and (not part.blocks or part.ncols == first.ncols):
            # The same columns under a repeated header: the first page's header is
            # the table's (and spares a second reading of it, by OCR or otherwise).
            part.blocks = list(first.blocks if part.ncols == first.ncols else printed[-1].blocks)
        printed.append(part)
        if loc.spec is None or loc.spec.row_kind != "side":
            part = unstack(part)
        parts.append(part)
        pages.append(region.page)
    return parts, pages, notes


def _build(loc: Located, pdf: PdfFile, grids: dict[int, list], doc_unit: str | None,  # type: ignore[type-arg]
           ocr_pages: set[int] = frozenset()) -> tuple[Table, Table | None]:  # type: ignore[assignment]
    """The table in canonical keys, and, where the canonical form had to reshape the
    printed one (items printed across), the printed table too: nothing is dropped."""
    parts, pages, notes = _align_parts(loc, pdf, grids)
    spec = loc.spec
    unit = loc.unit or doc_unit
    all_pages = [r.page for r in loc.regions]
    note = "".join(n for n in notes if "为空表" in n or "空表" in n) or ("".join(notes) or None)
    if spec is None:
        return _build_extra(loc, parts, pages, unit, note), None
    printed: Table | None = None
    rows: list[Row] = []
    row_pages: list[int] = []
    doubts: Doubts = []
    if spec.row_kind == "side":
        income: list[tuple[Row, int]] = []
        spend: list[tuple[Row, int]] = []
        for part, page in zip(parts, pages):
            a, b = side_rows(part.paths(), part.rows, spec, fuzzy=page in ocr_pages, doubts=doubts)
            income += [(r, page) for r in a]
            spend += [(r, page) for r in b]
        rows = [r for r, _ in income + spend]
        row_pages = [p for _, p in income + spend]
    else:
        for part, page in zip(parts, pages):
            keys = map_columns(part.paths(), spec.columns, fuzzy=page in ocr_pages)
            if spec.row_kind == "item" and is_transposed(part.paths(), keys, spec):
                new = transposed_rows(part.paths(), part.rows, doubts)
                if len(part.rows) > 1:
                    printed = _build_extra(loc, parts, pages, unit, None)
            elif spec.row_kind in ("function", "economic"):
                new = coded_rows(keys, part.rows, spec, fuzzy=page in ocr_pages, doubts=doubts)
            else:
                new = item_rows(keys, part.rows, doubts)
            rows += new
            row_pages += [page] * len(new)
    if spec.row_kind != "side":
        rows, row_pages = drop_header_rows(rows, row_pages, header_vocabulary(load_schema()))
    doubtful = _number_doubts(doubts, rows, row_pages)
    columns = _columns(spec, rows)
    status = "ok" if rows else "empty"
    table = Table(spec.no, spec.key, spec.title, all_pages, status, unit, columns, rows,
                  note if status == "empty" else None, row_pages=row_pages, row_key=spec.row_kind)
    table.doubtful = doubtful + _structural_doubts(table) if set(all_pages) & ocr_pages else doubtful
    return table, printed


def _row_label(row: Row) -> str:
    return str(row.get("code") or row.get("item") or row.get("name") or "")


def _number_doubts(doubts: Doubts, rows: list[Row], row_pages: list[int]) -> list[dict[str, object]]:
    """The cells OCR was unsure of, as the output lists them (row index and label,
    page, column, the reading, its score and the other readings)."""
    index = {id(row): i for i, row in enumerate(rows)}
    out: list[dict[str, object]] = []
    for row, doubt in doubts:
        i = index.get(id(row))
        if i is not None:
            out.append({"row": i, "label": _row_label(row), "page": row_pages[i], **doubt})
    return out


def _structural_doubts(table: Table) -> list[dict[str, object]]:
    """Codes the table's own structure contradicts: one code for two different subject
    names (its 项 digits were lost), a project row whose code is not a 项."""
    out: list[dict[str, object]] = []
    names: dict[str, str] = {}
    for i, row in enumerate(table.rows):
        code, name = str(row.get("code") or ""), str(row.get("name") or "")
        if not code:
            continue
        wrong = (code in names and names[code] != name) or (
            bool(row.get("project_name")) and len(code) < 7 and table.row_key == "function")
        if wrong:
            out.append({"row": i, "label": code, "page": table.row_pages[i] if i < len(table.row_pages) else None,
                        "column": "code", "read": code, "score": None, "alternatives": [],
                        "reason": "code contradicts the rows around it"})
        names.setdefault(code, name)
    return out


def _repair_codes(tables: list[Table]) -> None:
    """A code OCR read short (its 项 digits lost) is the code another table of the same
    document prints for the same subject name, if that code extends it."""
    by_name: dict[str, set[str]] = {}
    for table in tables:
        if table.row_key != "function":
            continue
        for row in table.rows:
            code, name = str(row.get("code") or ""), str(row.get("name") or "")
            if len(code) == 7 and name:
                by_name.setdefault(name, set()).add(code)
    for table in tables:
        kept = []
        for doubt in table.doubtful:
            i = doubt["row"]
            if not isinstance(i, int) or doubt.get("column") != "code" or "reason" not in doubt:
                kept.append(doubt)
                continue
            row = table.rows[i]
            code = str(row.get("code") or "")
            found = {c for c in by_name.get(str(row.get("name") or ""), set()) if c.startswith(code)}
            if len(found) == 1:
                fixed = split_code(found.pop())
                row.update(code=fixed.code, class_code=fixed.class_code, section_code=fixed.section_code,
                           item_code=fixed.item_code)
            else:
                kept.append(doubt)
        table.doubtful = kept


def _columns(spec: TableSpec, rows: list[Row]) -> list[Column]:
    keys = _default_keys(spec)
    for row in rows:
        for key in row:
            if key not in keys:
                keys.append(key)
    order = {c.key: i for i, c in enumerate(spec.columns)}
    keys.sort(key=lambda k: order.get(k, len(order)))
    for row in rows:
        for key in keys:
            row.setdefault(key, "" if key in TEXT_KEYS and key in ("code", "class_code", "section_code", "item_code") else None)
    return [Column(k, column_name(spec, k)) for k in keys]


def _build_extra(loc: Located, parts: list[AlignedPart], pages: list[int], unit: str | None, note: str | None) -> Table:
    """A table outside the eleven: header-path columns, figures parsed, and, where a
    column holds subject or department codes, the codes flattened as in the eleven."""
    rows: list[Row] = []
    row_pages: list[int] = []
    keys: list[str] = []
    row_key = "none"
    for part, page in zip(parts, pages):
        part_keys = dedupe_keys([path_key(p) or f"column_{i + 1}" for i, p in enumerate(part.paths())])
        pieces = code_part_columns(part.paths())
        coded = max(pieces) if pieces else code_column(part.paths(), part.rows)
        if coded is not None:
            new, kind = extra_coded_rows(part_keys, part.rows, coded, pieces)
            row_key = kind
        else:
            new = [{k: amount_or_text(v) for k, v in zip(part_keys, row)} for row in part.rows if any(c.strip() for c in row)]
        for row in new:
            for k in row:
                if k not in keys:
                    keys.append(k)
        rows += new
        row_pages += [page] * len(new)
    for row in rows:
        for k in keys:
            row.setdefault(k, None)
    return Table(None, None, loc.title, [r.page for r in loc.regions], "ok" if rows else "empty", unit,
                 [Column(k, k) for k in keys], rows, note if not rows else None, row_pages=row_pages, row_key=row_key)
