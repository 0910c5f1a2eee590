"""A located table's page regions → one Table: each region aligned (continuation pages
read against the first page as printed), header paths mapped to canonical keys, rows
built by the table's row kind; tables outside the eleven keep their header paths."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from budgetx.model import Column, Doubt, RuledGrid, Table, Word
from budgetx.reader.align import AlignedPart, align, unstack
from budgetx.reader.grid import PageGrid, grid_for
from budgetx.reader.lines import group_lines, segments
from budgetx.reader.locate import Located
from budgetx.reader.region_text import region_words
from budgetx.model import PdfFile
from budgetx.schema.registry import TableSpec, header_vocabulary, load_schema, normalise_header
from budgetx.schema.catalogue import load_catalogue
from budgetx.schema.rules import TOTAL_WORDS, normalise_label, row_labels
from budgetx.values.outline import numbered
from budgetx.table.down import is_printed_down, printed_down_rows
from budgetx.table.across import (across_rows, is_measured_across, is_measured_down, measured_down_rows,
                                  ocr_mended)
from budgetx.table.extras import FORM_COLUMNS, form_records, has_amounts
from budgetx.table.header_rows import drop_header_rows
from budgetx.table.headers import column_name, dedupe_keys, map_columns, part_columns, path_key, printed_row_kind
from budgetx.table.subjects import fill_codes
from budgetx.table.tail import cut_prose_tail
from budgetx.values.codes import EMPTY, is_code, split_code, split_code_name
from budgetx.values.numbers import is_amount
from budgetx.vocabulary import CODE_KEYS, TEXT_KEYS
from budgetx.table.records import (EMPTY_READINGS, INDEX_LABELS, Doubts, Readings, Row, carry_units, cell_value,
                                   code_column, code_part_columns, coded_rows, current_period_columns,
                                   extra_coded_rows, is_index_label, is_transposed, item_rows, side_rows,
                                   transposed_rows, unit_rows)


def spec_columns(spec: TableSpec) -> list[Column]:
    return [Column(c.key, c.name) for c in spec.columns if c.key in spec.default_keys]


def printed_parts(loc: Located, pdf: PdfFile, grids: dict[int, list[PageGrid]]
                  ) -> list[tuple[int, AlignedPart]]:
    """(page, part) of each page region of a table as printed, columns where the page
    has them (before two side-by-side groups are stacked): what `budgetx inspect` draws."""
    out: list[tuple[int, AlignedPart]] = []
    _align_parts(loc, pdf, grids, out)
    return out


def _align_parts(loc: Located, pdf: PdfFile, grids: dict[int, list[PageGrid]],
                 printed_out: list[tuple[int, AlignedPart]] | None = None
                 ) -> tuple[list[AlignedPart], list[int], list[str]]:
    """Align each page region of a table. Continuation pages are read against the
    table's first page as printed (its header, its columns) before any reshaping."""
    printed: list[AlignedPart] = []
    parts: list[AlignedPart] = []
    pages: list[int] = []
    notes: list[str] = []
    vocabulary = header_vocabulary(load_schema())
    header_only: tuple[list[Word], RuledGrid | None] | None = None  # a header ending its page
    for n, region in enumerate(loc.regions):
        page = pdf.pages[region.page - 1]
        text = region_words(page, region, loc.title, text_cells=loc.spec is None)
        notes.extend(text.notes)
        if not text.words:
            continue
        ruled: RuledGrid | None = grid_for(grids.get(region.page, []), text.words)
        first = printed[0] if printed else None
        words = text.words
        if header_only is not None:
            words, ruled = _stacked(*header_only, words, ruled)
        header_only = None
        part = align(words, ruled, header_of=first, vocabulary=vocabulary, spaced=row_labels())
        if (first is None and not part.rows and n + 1 < len(loc.regions)
                and loc.regions[n + 1].page == region.page + 1):
            header_only = (words, ruled)
            continue
        if (first is not None and ruled is None and part.blocks and part.paths() != first.paths()
                and _same_header_place(part, first)):
            part = under_repeated_header(words, part, first, vocabulary)
        if first is not None and not part.blocks and (part.ncols != printed[-1].ncols or ruled is None):
            part = under_columns_above(text.words, ruled, part, printed[-1], first, vocabulary)
        elif first is not None and (not part.blocks or part.ncols == first.ncols):
            # The same columns under a repeated header: the first page's header is
            # the table's (and spares a second reading of it, by OCR or otherwise).
            part.blocks = list(first.blocks if part.ncols == first.ncols else printed[-1].blocks)
        printed.append(part)
        if printed_out is not None:
            printed_out.append((region.page, part))
        if loc.spec is None or (loc.spec.row_kind != "side" and not loc.spec.item_headers):
            # Items printed across repeat their measures (预算数 决算数 预算数 …): not
            # two copies of one column group.
            part = unstack(part)
        if parts and pages[-1] == region.page - 1:
            join_broken_row(parts[-1], part)
            join_broken_label(parts[-1], part)
        parts.append(part)
        pages.append(region.page)
    return parts, pages, notes


def under_columns_above(words: list[Word], ruled: RuledGrid | None, part: AlignedPart, above: AlignedPart,
                        first: AlignedPart, vocabulary: frozenset[str]) -> AlignedPart:
    """A continuation page without its header (`part`, as read on its own) read under
    the columns of the page above. Unruled, a page may find as many columns as the page
    above but not where they are (its rows' texts set other widths): the columns above
    are the table's there too, unless they would run figures together."""
    imposed = align(words, ruled, columns=above.col_edges, header_of=first, vocabulary=vocabulary,
                    spaced=row_labels())
    if part.ncols == above.ncols and _joined_figures(imposed) > _joined_figures(part):
        imposed = part
    imposed.blocks = list(above.blocks)
    return imposed


def under_repeated_header(words: list[Word], part: AlignedPart, first: AlignedPart,
                          vocabulary: frozenset[str]) -> AlignedPart:
    """An unruled continuation page that repeats the first page's header where the first
    page prints it has the first page's columns: its few rows (a total centred in its
    cell, a short name) may leave gaps where the first page's many rows leave none,
    unless those columns would run figures together or read more rows."""
    imposed = align(words, None, columns=first.col_edges, header_of=first, vocabulary=vocabulary,
                    spaced=row_labels())
    # (Nor where they would read more rows: a repeated header's line read as a row.)
    if (imposed.ncols != first.ncols or _joined_figures(imposed) > _joined_figures(part)
            or len(imposed.rows) > len(part.rows)):
        return part
    return imposed


# Header texts this close (pt) on two pages are printed in one place.
_SAME_PLACE = 2.0


def _same_header_place(part: AlignedPart, first: AlignedPart) -> bool:
    """Whether every header text of the first page is printed in the same place on
    this page (a header repeated, not another table's)."""
    placed = [b for b in first.blocks if b.x1 > b.x0]
    return len(placed) >= 2 and all(
        any(o.text == b.text and abs(o.x0 - b.x0) <= _SAME_PLACE and abs(o.x1 - b.x1) <= _SAME_PLACE
            for o in part.blocks) for b in placed)


def _joined_figures(part: AlignedPart) -> int:
    """Cells that hold more than one figure: columns that run two together."""
    return sum(1 for row in part.rows for cell in row if sum(is_amount(t) for t in cell.split()) > 1)


# Rules of two pages' grids this close (pt) are one rule.
_SAME_RULE = 2.0


def _stacked(above: list[Word], above_grid: RuledGrid | None, below: list[Word], below_grid: RuledGrid | None
             ) -> tuple[list[Word], RuledGrid | None]:
    """A table's title and first header lines ending a page, its other header lines and
    its rows opening the next: the next page's words (and rules) set under the first
    page's, to be read as one table. Where the two pages' rules do not make one grid
    (the first page's columns are not among the next page's), the next page is read
    alone, as before."""
    if (above_grid is None) != (below_grid is None):
        return below, below_grid
    if above_grid is not None and below_grid is not None:
        if not all(any(abs(a - b) <= _SAME_RULE for b in below_grid.col_edges) for a in above_grid.col_edges):
            return below, below_grid
        shift = above_grid.row_edges[-1] - below_grid.row_edges[0]
        grid = RuledGrid(list(below_grid.col_edges),
                         above_grid.row_edges + [e + shift for e in below_grid.row_edges[1:]])
    else:
        height = sorted(w.bottom - w.top for w in above)[len(above) // 2]
        shift = max(w.bottom for w in above) + height - min(w.top for w in below)
        grid = None
    return above + [replace(w, top=w.top + shift, bottom=w.bottom + shift) for w in below], grid


_DIGITS = re.compile(r"\d{1,2}")


def _places(text: str) -> int:
    return len(text.strip().rpartition(".")[2]) if "." in text else 0


def join_broken_row(above: AlignedPart, below: AlignedPart) -> None:
    """A row broken over a page break with its figures' last digits (杭州: a unit's name
    and its 12,437.3 | 6): the next page opens with the rest of the name and a digit or
    two under figures that lack as many of the decimals the table prints. They are one
    row: the text joined, the digits put back. Where the next page has no digit (a scan
    whose lone 6 the recogniser missed), a row above whose figures fall short of the
    table's decimals is broken all the same: the rest of its text is joined."""
    if not above.rows or not below.rows or above.ncols != below.ncols:
        return
    last, first = above.rows[-1], below.rows[0]
    places = Counter(_places(cell) for row in above.rows for cell in row if is_amount(cell) and "." in cell)
    if not places:
        return
    usual = places.most_common(1)[0][0]
    digits = [c for c, cell in enumerate(first) if _DIGITS.fullmatch(cell.strip())]
    texts = [c for c, cell in enumerate(first) if cell.strip() and c not in digits]
    if any(is_amount(first[c]) or not last[c].strip() for c in texts):
        return
    if not digits:
        # (Short of its own column's decimals: a column of rates printed to one place
        # is no sign.)
        short = [c for c, cell in enumerate(last) if is_amount(cell) and "." in cell and _places(cell) < usual
                 and _column_places(above.rows[:-1], c) == usual]
        if not short or not texts:
            return
    elif not all(is_amount(last[c]) and "." in last[c] and _places(last[c]) + len(first[c].strip()) == usual
                 for c in digits):
        return
    for c in digits + texts:
        last[c] = last[c].strip() + first[c].strip()
    _drop_first_row(below)


def _column_places(rows: list[list[str]], col: int) -> int | None:
    """The decimals a column's figures are printed to, most often."""
    places = Counter(_places(row[col]) for row in rows if is_amount(row[col]) and "." in row[col])
    return places.most_common(1)[0][0] if places else None


def _drop_first_row(part: AlignedPart) -> None:
    """A page's first row joined to the last row of the page before: gone from its page."""
    del part.rows[0]
    part.readings = {(i - 1, col): r for (i, col), r in part.readings.items() if i > 0}


def join_broken_label(above: AlignedPart, below: AlignedPart) -> None:
    """A row's name wrapped over a page break (八、社会保障和就 | 业支出): the next page
    opens with the rest of the name alone in its column. It joins the name above
    where together they name a subject the catalogue knows and the piece above does not."""
    if not above.rows or not below.rows or above.ncols != below.ncols:
        return
    filled = [c for c, cell in enumerate(below.rows[0]) if cell.strip()]
    if len(filled) != 1:
        return
    c = filled[0]
    head, rest = above.rows[-1][c].strip(), below.rows[0][c].strip()
    if not head or is_amount(rest) or is_code(rest.split()[0]) or numbered(rest):
        return  # a figure, a code, or a numbered (一、/1.) or 其中 row of its own
    catalogue = load_catalogue()
    if catalogue.codes(normalise_label(head)) or not catalogue.codes(normalise_label(head + rest)):
        return
    above.rows[-1][c] = head + rest
    _drop_first_row(below)


def _pages(loc: Located) -> list[int]:
    """The pages a table is printed on, each once (two tables on a page may be one)."""
    return sorted({r.page for r in loc.regions})


def build_table(loc: Located, pdf: PdfFile, grids: dict[int, list[PageGrid]], doc_unit: str | None,
           ocr_pages: frozenset[int] | set[int] = frozenset()) -> tuple[Table, Table | None]:
    """The table in canonical keys, and, where the canonical form had to reshape the
    printed one (items printed across), the printed table too: nothing is dropped."""
    parts, pages, notes = _align_parts(loc, pdf, grids)
    spec = loc.spec
    unit = loc.unit or doc_unit
    all_pages = _pages(loc)
    note = "".join(n for n in notes if "为空表" in n or "空表" in n) or ("".join(notes) or None)
    if spec is None:
        if _is_form(loc) and not loc.headed:
            return _build_form(loc, pdf, grids, unit, note), None
        return _build_extra(loc, parts, pages, unit, note), None
    printed: Table | None = None
    rows: list[Row] = []
    row_pages: list[int] = []
    doubts: Doubts = []
    row_key = spec.row_kind
    part_of: dict[str, str] = {}
    economic: list[Row] = []  # expenditure rows by economic class: no function codes
    if spec.row_kind == "side":
        income: list[tuple[Row, int]] = []
        spend: list[tuple[Row, int]] = []
        block_of: dict[int, str] = {}
        for part, page in zip(parts, pages):
            a, b = side_rows(part.paths(), part.rows, spec, fuzzy=page in ocr_pages, doubts=doubts, economic=economic,
                             readings=part.readings, block_of=block_of)
            income += [(r, page) for r in a]
            spend += [(r, page) for r in b]
        spend = _by_block(spend, block_of)
        rows = [r for r, _ in income + spend]
        row_pages = [p for _, p in income + spend]
    else:
        down: tuple[list[str], list[list[str]]] | None = None  # a table printed down: its keys, all its cells
        down_read: Readings = EMPTY_READINGS
        for part, page in zip(parts, pages):
            keys = map_columns(part.paths(), spec.columns, fuzzy=page in ocr_pages)
            if down is not None and len(keys) == len(down[0]):
                down[1].extend(part.rows)  # the sources continued on the next page
                continue
            # Items across: the items come from the table's first row of figures (the
            # department's); the rows of a continuation page are further units', kept
            # in the printed table only.
            items_read = ocr_mended(part.paths(), spec) if page in ocr_pages else part.paths()
            if spec.row_kind == "item" and is_measured_across(items_read, spec):
                new = [] if rows else across_rows(items_read, part.rows, spec, doubts, part.readings)
                if len(part.rows) > 1 or len(parts) > 1:
                    printed = _build_extra(loc, parts, pages, unit, None)
            elif spec.row_kind == "item" and is_measured_down(items_read, part.rows, spec):
                new = measured_down_rows(items_read, part.rows, spec, doubts, part.readings)
            elif spec.row_kind == "item" and is_transposed(part.paths(), keys, spec):
                # The items are the total row's figures; a continuation page's first
                # row is a unit's, not the table's.
                new = [] if rows else transposed_rows(part.paths(), part.rows, doubts, part.readings, spec,
                                                      fuzzy=page in ocr_pages)
                if len(part.rows) > 1 or len(parts) > 1 or current_period_columns(part.paths()) is not None:
                    # The units' rows, the pages after, or the other periods' figures: kept as printed.
                    printed = _build_extra(loc, parts, pages, unit, None)
            elif not rows and is_printed_down(keys, part.rows, spec):
                # The sources down the page (and the next): one row of the department's
                # totals, read once all are in, and the table as printed beside it.
                down = (keys, list(part.rows))
                down_read, row_pages = part.readings, [page]
                printed = _build_extra(loc, parts, pages, unit, None)
                continue
            elif spec.row_kind in ("function", "economic"):
                keys = _name_by_upper_header(part.paths(), keys, spec)
                part_of.update(part_columns(part.paths(), keys))
                keys, kind = printed_row_kind(part.paths(), keys, spec)
                if part is parts[0]:
                    row_key = kind
                if kind == "department":
                    new = unit_rows(keys, part.rows, doubts, part.readings)
                else:
                    above = next((split_code(str(r.get("code") or "")) for r in reversed(rows) if r.get("code")),
                                 EMPTY)
                    new = coded_rows(keys, part.rows, spec, fuzzy=page in ocr_pages, doubts=doubts,
                                     readings=part.readings, row_kind=kind, above=above)
            else:
                new = item_rows(keys, part.rows, doubts, part.readings)
            rows += new
            row_pages += [page] * len(new)
        if down is not None:
            rows = printed_down_rows(*down, spec, doubts, down_read)
    # A header row the aligner read into the body (a repeated header, a header's
    # second line) is no data row.
    rows, row_pages = drop_header_rows(rows, row_pages, header_vocabulary(load_schema()),
                                       side=spec.row_kind == "side")
    if len(row_pages) == len(rows):
        kept = [(r, p) for r, p in zip(rows, row_pages) if not _is_index_row(r)]
        rows, row_pages = [r for r, _ in kept], [p for _, p in kept]
    if row_key in ("function", "economic"):
        rows, row_pages = cut_prose_tail(rows, row_pages)
    if row_key == "economic":
        rows, row_pages = _group_classes(rows, row_pages)
    carry_units(rows)
    # Rows printed by name only get their code from the subject catalogue.
    skip = {id(r) for r in economic}
    fill_codes([r for r in rows if id(r) not in skip], row_key, name_key="item" if spec.row_kind == "side" else "name")
    doubtful = _number_doubts(doubts, rows, row_pages)
    columns = _columns(spec, rows)
    status = "ok" if rows else "empty"
    table = Table(spec.no, spec.key, spec.title, all_pages, status, unit, columns, rows,
                  note if status == "empty" else None, row_pages=row_pages, row_key=row_key,
                  family=spec.family, parts=part_of)
    table.doubtful = doubtful + _structural_doubts(table) if set(all_pages) & ocr_pages else doubtful
    return table, printed


def _name_by_upper_header(paths: list[list[str]], keys: list[str], spec: TableSpec) -> list[str]:
    """A coded table whose name column went unmapped because a wrapped first name
    (一般公共服务 over 支出) was read into its header: the column whose header path
    holds 科目名称 (or an alias) above is the name."""
    if "name" in keys:
        return keys
    names = spec.column("name").names
    known = {c.key for c in spec.columns}
    for i, (path, key) in enumerate(zip(paths, keys)):
        if key not in known and any(normalise_header(p) in names for p in path[:-1]):
            return [*keys[:i], "name", *keys[i + 1:]]
    return keys


def _is_index_row(row: Row) -> bool:
    """The 栏次 | 1 | 2 … line under a header: column numbers, not figures. Some
    templates print a mark instead of 栏次 (杭州: `** | 1 | 2 | 3`): a label of marks
    alone over the whole numbers 1, 2, 3 … in order. OCR may read the marks as
    glyphs (`**` as 本本): a label of two glyphs or fewer, not a total's, over five
    numbers or more."""
    label = "".join(str(row.get("item") or row.get("name") or row.get("unit_name") or "").split())
    if row.get("code"):
        return False
    if label in INDEX_LABELS:
        return True
    cells = [v for k, v in row.items() if k not in TEXT_KEYS and (v is None or isinstance(v, Decimal))]
    numbers = [v for v in cells if v is not None]
    if not numbers or any(v.as_tuple().exponent != 0 for v in numbers):
        return False
    if not is_index_label(label) and not (len(label) <= 2 and not label.endswith(TOTAL_WORDS)
                                          and len(numbers) >= 5):
        return False
    # OCR may misread one number of a long run (`11` as `1`), or lose some of a short
    # one: the numbers left still stand under their own columns (`※ | | 2 |`).
    in_turn = sum(v == n for n, v in enumerate(numbers, 1))
    in_column = sum(v == n for n, v in enumerate(cells, 1) if v is not None)
    return (max(in_turn, in_column) == len(numbers)
            or len(numbers) >= 4 and in_turn == len(numbers) - 1)


def _by_block(rows: list[tuple[Row, int]], block_of: dict[int, str]) -> list[tuple[Row, int]]:
    """Expenditure printed in several breakdowns side by side (西安: by function | by
    department economic class | by government economic class), over several pages,
    reads A B C, A B C: each breakdown's rows are put back together, in the order the
    breakdowns first appear."""
    order = {key: n for n, key in enumerate(dict.fromkeys(block_of.get(id(r), "") for r, _ in rows))}
    if len(order) < 2:
        return rows
    return sorted(rows, key=lambda pair: order[block_of.get(id(pair[0]), "")])


def _group_classes(rows: list[Row], row_pages: list[int]) -> tuple[list[Row], list[int]]:
    """An economic table printed in two blocks side by side (人员经费 | 公用经费) and over
    two pages reads left, right, left, right: a 类's rows come apart (303 on both pages).
    Rows are put back together by 类, in the order the classes first appear; rows
    without a code stay first (合计 printed on top) or follow the coded rows."""
    if len(row_pages) != len(rows):
        row_pages = [0] * len(rows)
    pairs = list(zip(rows, row_pages))
    lead = 0
    while lead < len(pairs) and not pairs[lead][0].get("class_code"):
        lead += 1
    head, body = pairs[:lead], pairs[lead:]
    coded = [p for p in body if p[0].get("class_code")]
    codeless = [p for p in body if not p[0].get("class_code")]
    if any(not str(p[0].get("name") or "").endswith(TOTAL_WORDS) for p in codeless):
        return rows, row_pages if any(row_pages) else []  # unit rows head their codes
    order = {str(c): i for i, c in enumerate(dict.fromkeys(str(p[0]["class_code"]) for p in coded))}
    regrouped = sorted(coded, key=lambda p: order[str(p[0]["class_code"])])
    # 人员经费合计 | 公用经费合计 close their blocks: after every coded row.
    out = head + regrouped + codeless
    return [r for r, _ in out], [pg for _, pg in out] if any(row_pages) else []


def _row_label(row: Row) -> str:
    return str(row.get("code") or row.get("item") or row.get("name") or "")


def _number_doubts(doubts: Doubts, rows: list[Row], row_pages: list[int]) -> list[Doubt]:
    """The cells OCR was unsure of, placed: row index and label, and page."""
    index = {id(row): i for i, row in enumerate(rows)}
    out: list[Doubt] = []
    for row, doubt in doubts:
        i = index.get(id(row))
        if i is not None:
            out.append(replace(doubt, row=i, label=_row_label(row), page=row_pages[i]))
    return out


def _structural_doubts(table: Table) -> list[Doubt]:
    """Codes the table's own structure contradicts: one code for two different subject
    names (its 项 digits were lost), a project row whose code is not a 项."""
    out: list[Doubt] = []
    names: dict[str, str] = {}
    for i, row in enumerate(table.rows):
        code, name = str(row.get("code") or ""), str(row.get("name") or "")
        if not code:
            continue
        wrong = (code in names and names[code] != name) or (
            bool(row.get("project_name")) and len(code) < 7 and table.row_key == "function")
        if wrong:
            out.append(Doubt(row=i, column="code", read=code, label=code,
                             page=table.row_pages[i] if i < len(table.row_pages) else None,
                             reason="code contradicts the rows around it"))
        names.setdefault(code, name)
    return out


def _columns(spec: TableSpec, rows: list[Row]) -> list[Column]:
    keys = spec.default_keys
    for row in rows:
        for key in row:
            if key not in keys:
                keys.append(key)
    order = {c.key: i for i, c in enumerate(spec.columns)}
    keys.sort(key=lambda k: order.get(k, len(order)))
    for row in rows:
        for key in keys:
            row.setdefault(key, "" if key in CODE_KEYS else None)
    return [Column(k, column_name(spec, k)) for k in keys]


def _build_extra(loc: Located, parts: list[AlignedPart], pages: list[int], unit: str | None, note: str | None) -> Table:
    """A table outside the families: header-path columns, figures parsed, and, where a
    column holds subject or department codes, the codes flattened as in the families.
    A unit only where it has amounts."""
    table = _build_columns(loc, parts, pages, unit, note)
    if has_amounts(table):
        table.unit = unit
    return table


def _wraps_on(last: Row, first: Row, keys: list[str]) -> bool:
    """Whether a page's first row is the rest of the last row of the page before: no
    figure, text only in columns right of that row's figures where it has text too
    (a 绩效目标 sentence wrapped over the page break). A row with a name of its own
    (a project whose unit cell is merged over several rows) is a row."""
    filled = [k for k in keys if first.get(k) not in (None, "")]
    figures = [i for i, k in enumerate(keys) if isinstance(last.get(k), Decimal)]
    return bool(filled and figures) and all(
        keys.index(k) > max(figures) and isinstance(first[k], str) and isinstance(last.get(k), str) and last.get(k)
        for k in filled)


def _is_form(loc: Located) -> bool:
    return any(word in loc.title for word in load_schema().form_titles)


def _build_form(loc: Located, pdf: PdfFile, grids: dict[int, list[PageGrid]], unit: str | None,
                note: str | None) -> Table:
    """A form (绩效目标表) as label/value records, line by line. A form has no header:
    on a ruled page its cells are the grid's (what reads as a header is its first lines);
    unruled, a line's cells are its runs of words apart by wide gaps."""
    printed: list[tuple[int, list[str]]] = []
    vocabulary = header_vocabulary(load_schema())
    for region in loc.regions:
        page = pdf.pages[region.page - 1]
        text = region_words(page, region, loc.title, text_cells=loc.spec is None)
        if not text.words:
            continue
        ruled: RuledGrid | None = grid_for(grids.get(region.page, []), text.words)
        if ruled is not None:
            part = align(text.words, ruled, vocabulary=vocabulary, merge=False)
            lines: list[list[str]] = []
            for top in sorted({round(b.top) for b in part.blocks}):
                blocks = sorted((b for b in part.blocks if round(b.top) == top), key=lambda b: b.first)
                lines.append([b.text for b in blocks])
            lines += part.rows
        else:
            lines = [[seg.text for seg in segments(line, 1.5)] for line in group_lines(text.words)]
        printed += [(region.page, line) for line in lines]
    records = form_records(printed, tuple(normalise_header(h) for h in load_schema().form_value_headers))
    rows: list[Row] = [r for _, r in records]
    row_pages = [p for p, _ in records]
    table = Table(None, None, loc.title, _pages(loc), "ok" if rows else "empty", None,
                  list(FORM_COLUMNS), rows, note if not rows else None, row_pages=row_pages, row_key="none",
                  family=None)
    if has_amounts(table):
        table.unit = unit
    return table


def _build_columns(loc: Located, parts: list[AlignedPart], pages: list[int], unit: str | None,
                   note: str | None) -> Table:
    rows: list[Row] = []
    row_pages: list[int] = []
    keys: list[str] = []
    row_key = "none"
    code_key: str | None = None
    for part, page in zip(parts, pages):
        part_keys = dedupe_keys([path_key(p) or f"column_{i + 1}" for i, p in enumerate(part.paths())])
        pieces = code_part_columns(part.paths())
        coded = max(pieces) if pieces else code_column(part.paths(), part.rows)
        if coded is None and not pieces and code_key in part_keys:
            # A page carrying a row or two under the same header: too few codes to tell
            # its code column by, which the pages before have told (if its cells there
            # are codes).
            at = part_keys.index(str(code_key))
            cells = [row[at] for row in part.rows if at < len(row) and row[at].strip()]
            if cells and all(split_code_name(c)[0] is not EMPTY for c in cells):
                coded = at
        if coded is not None and not pieces:
            code_key = part_keys[coded]
        if coded is not None:
            above = next((split_code(str(r.get("code") or "")) for r in reversed(rows) if r.get("code")), EMPTY)
            new, kind = extra_coded_rows(part_keys, part.rows, coded, pieces, above=above)
            row_key = kind
        else:
            new = [{k: cell_value(k, v) for k, v in zip(part_keys, row)} for row in part.rows if any(c.strip() for c in row)]
            if rows and new and _wraps_on(rows[-1], new[0], part_keys):
                for k, v in new.pop(0).items():
                    if isinstance(v, str) and v:
                        rows[-1][k] = f"{rows[-1][k]}{v}"
        for row in new:
            for k in row:
                if k not in keys:
                    keys.append(k)
        rows += new
        row_pages += [page] * len(new)
    for row in rows:
        for k in keys:
            row.setdefault(k, None)
    return Table(None, None, loc.title, _pages(loc), "ok" if rows else "empty", None,
                 [Column(k, k) for k in keys], rows, note if not rows else None, row_pages=row_pages, row_key=row_key,
                 family=None)
