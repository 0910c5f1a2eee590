"""Item tables printed across with a measure under each item: the final accounts' “三公”
table prints 合计 | 因公出国（境）费 | 公务用车购置及运行费 (小计 | 购置费 | 运行费) | 公务接待费
across, each with a 预算数 and a 决算数 column beneath (or the measures above the items).
Read back into one row per item with one column per measure."""
from __future__ import annotations

import re

from budgetx.schema.registry import TableSpec, normalise_header
from budgetx.schema.rules import TOTAL_WORDS
from budgetx.table.headers import closest
from budgetx.table.records import (EMPTY_READINGS, clipped_item, Doubts, Readings, Row, amount_or_text, is_index_label,
                                   is_label_column, note_doubt)
from budgetx.values.text import squash
from budgetx.values.numbers import is_amount

_SUBTOTAL = "小计"
_YEAR_LABEL = re.compile(r"(20\d\d)年度?")


def _measure(path: list[str], spec: TableSpec) -> str | None:
    """The amount column the lowest header of the path that names one names (总计 /
    一般公共预算: the 一般公共预算 measure of the total item, not the total)."""
    for element in reversed(path):
        norm = normalise_header(element)
        for col in spec.columns:
            if col.key != "item" and norm in col.names:
                return col.key
    return None


def ocr_mended(paths: list[list[str]], spec: TableSpec) -> list[list[str]]:
    """Header paths read by OCR with each header that names no measure or item but is
    nearest one (国有资本经营预算 read 国有资本经管预算) set to that name."""
    names = {name: col.name for col in spec.columns if col.key != "item" for name in col.names}
    names |= {name: item for name, (item, _) in spec.spelled_items.items()}
    names[_SUBTOTAL] = _SUBTOTAL
    return [[e if normalise_header(e) in names else (closest(normalise_header(e), names) or e) for e in p]
            for p in paths]


def is_measured_across(paths: list[list[str]], spec: TableSpec) -> bool:
    """Items across (two header cells naming `item_headers`) and two measures or more
    (预算数 / 决算数, 一般公共预算 / 政府性基金: the spec's amount columns) under them.
    Items over a single measure (合计 | 公务用车/小计) are a transposed table."""
    if not spec.item_headers or not spec.items:
        return False
    items = sum(1 for p in paths if any(h in normalise_header(e) for e in p for h in spec.item_headers))
    measures = [m for m in (_measure(p, spec) for p in paths) if m is not None]
    return items >= 2 and len(measures) >= 2 and len(set(measures)) >= 2


def item_names(spec: TableSpec) -> list[str]:
    """The spec's items by their canonical names (`a|b` in the registry: a, printed b too)."""
    return [entry.split("|")[0] for entry in spec.items]


def _item(path: list[str], spec: TableSpec) -> str | None:
    """The lowest header of the path that names one of the spec's items (小计: the item
    it is the subtotal of)."""
    for element in reversed(path):
        norm = normalise_header(element)
        if norm == _SUBTOTAL and spec.subtotal_of:
            return spec.subtotal_of
        if norm in spec.spelled_items:
            return spec.spelled_items[norm][0]
    return clipped_item(path[-1], spec) if path else None


def across_rows(paths: list[list[str]], cells: list[list[str]], spec: TableSpec,
                doubts: Doubts | None = None, readings: Readings = EMPTY_READINGS) -> list[Row]:
    """One row per item (the spec's items, in order) from the first row of figures (the
    total row; of the budget year where rows are labelled by year), a column per
    measure. A merged header cell is centred over the columns it spans and may be read
    over one of them only, or over a neighbour too: columns in groups of the same
    measures are placed by group, others one by one (see `_by_groups`, `_by_columns`)."""
    at = next((i for i, r in enumerate(cells) if any(is_amount(c) for c in r if c.strip())), None)
    if at is None:
        return []
    at = _budget_year_row(paths, cells, at, spec)
    paths = _measures_above(paths, spec)
    figures = cells[at]
    measures = [c.key for c in spec.columns if c.key != "item"]
    items = item_names(spec)
    found = _by_groups(paths, figures, spec, items)
    if found is None:
        found = _by_columns(paths, figures, spec, items)
    out: list[Row] = []
    for item in items:
        if not any((item, m) in found for m in measures):
            continue
        record: Row = {"item": squash(item)}
        for measure in measures:
            text, c = found.get((item, measure), ("", -1))
            record[measure] = amount_or_text(text)
            note_doubt(doubts, record, measure, text, readings.get((at, c)))
        out.append(record)
    return out


Found = dict[tuple[str, str], tuple[str, int]]


def _by_columns(paths: list[list[str]], figures: list[str], spec: TableSpec, items: list[str]) -> Found:
    """Each measure column by the item its own header names; one naming none (or an
    item already given that measure) takes the next item still lacking it."""
    found: Found = {}
    unplaced: list[tuple[str, tuple[str, int]]] = []
    for c, (path, text) in enumerate(zip(paths, figures)):
        measure = _measure(path, spec)
        if measure is None:
            continue  # the label column (a unit's name)
        item = _item(path, spec)
        if item is None or (item, measure) in found:
            unplaced.append((measure, (text, c)))
        else:
            found[(item, measure)] = (text, c)
    for measure, cell in unplaced:
        item = next((i for i in items if (i, measure) not in found), None)
        if item is not None:
            found[(item, measure)] = cell
    return found


def _by_groups(paths: list[list[str]], figures: list[str], spec: TableSpec, items: list[str]) -> Found | None:
    """Measures printed under each item in one repeating order (一般公共预算 | 政府性基金 |
    国有资本经营预算 under every item; 预算数 | 决算数): the columns come in groups, one
    per item, and an item header centred over its group may be read over a neighbour
    column too. A group is the first item its columns name that no group before took,
    else the next item of the template's order. None when the measures do not repeat
    so (measures above the items: 预算数 over every item, then 决算数). A column of
    figures among them whose header names no measure (misread by OCR past
    recognition) is the measure of its place in the order."""
    read = [_measure(p, spec) for p in paths]
    first = next((c for c, m in enumerate(read) if m is not None), len(read))
    placed = [(c, m) for c, m in enumerate(read)
              if c >= first and (m is not None or c < len(figures) and is_amount(figures[c]))]
    block = len({m for _, m in placed if m is not None})
    if block < 2 or len(placed) % block:
        return None
    order: list[str | None] = [None] * block
    for n, (_, m) in enumerate(placed):
        if m is not None and order[n % block] not in (None, m):
            return None
        order[n % block] = order[n % block] or m
    if None in order:
        return None
    columns = [(c, order[n % block] or "") for n, (c, _) in enumerate(placed)]
    found: Found = {}
    taken: list[str] = []
    for start in range(0, len(columns), block):
        group = columns[start:start + block]
        named = [i for c, _ in group if (i := _item(paths[c], spec)) is not None and i not in taken]
        item = named[0] if named else next((i for i in items if i not in taken), None)
        if item is None:
            break
        taken.append(item)
        for c, measure in group:
            found[(item, measure)] = (figures[c] if c < len(figures) else "", c)
    return found


def _measures_above(paths: list[list[str]], spec: TableSpec) -> list[list[str]]:
    """Measures printed above the items (预算数 over 合计 | 因公出国（境）费 | … | 公务接待费,
    then 决算数 over the same items again, the central 决算 template): the measure's
    merged cell is read over the middle of its run of columns only. A run is the
    columns up to where an item repeats; each column of a run naming one measure gets
    that measure's header above its own. Paths with a label column (a unit's name)
    or a run naming no or several measures are left as printed."""
    items = [_item(p, spec) for p in paths]
    if any(i is None for i in items):
        return paths
    runs: list[list[int]] = [[]]
    for c, item in enumerate(items):
        if any(items[k] == item for k in runs[-1]):
            runs.append([])
        runs[-1].append(c)
    filled = [list(p) for p in paths]
    for run in runs:
        named = {m for c in run if (m := _measure(paths[c], spec)) is not None}
        if len(named) != 1:
            return paths
        measure = spec.column(named.pop()).name
        for c in run:
            if _measure(paths[c], spec) is None:
                filled[c] = [measure, *paths[c]]
    return filled


def _budget_year_row(paths: list[list[str]], cells: list[list[str]], at: int, spec: TableSpec) -> int:
    """The row of figures to read. 深圳 prints each unit's figures as three rows labelled
    in a 年度 column (2025年 | 2026年 | 增减变化金额), the unit's name on the first only:
    of the first unit's rows (up to the next row naming a unit), the budget's, the
    latest year's. Without year labels, the first row of figures."""
    labels = [c for c, p in enumerate(paths) if _measure(p, spec) is None]
    if not labels:
        return at
    years: list[tuple[int, int]] = []
    for i in range(at, len(cells)):
        row = cells[i]
        texts = [row[c].strip() for c in labels if c < len(row) and row[c].strip()]
        year = next((int(m.group(1)) for t in texts if (m := _YEAR_LABEL.fullmatch("".join(t.split())))), None)
        if i > at and any(_YEAR_LABEL.fullmatch("".join(t.split())) is None and not is_amount(t) for t in texts) \
                and year is not None:
            break  # the next unit's name beside its first year
        if year is not None:
            years.append((year, i))
    return max(years)[1] if years else at


def _label_column(cells: list[list[str]]) -> int | None:
    """The column that labels the rows of figures: the first holding text, not a figure,
    on every row that has figures."""
    figured = [r for r in cells if any(is_amount(c) for c in r if c.strip())]
    if not figured:
        return None
    width = min(len(r) for r in figured)
    return next((c for c in range(width)
                 if all(r[c].strip() and not is_amount(r[c]) for r in figured)), None)


def is_measured_down(paths: list[list[str]], cells: list[list[str]], spec: TableSpec) -> bool:
    """Items across (two header cells naming `item_headers`) and a row of figures per
    measure, labelled by it (预算数 | 决算数 down the first column: the 决算 template's
    “三公” table as 西安 prints it)."""
    if not spec.item_headers or not spec.items:
        return False
    if sum(1 for p in paths if any(h in normalise_header(e) for e in p for h in spec.item_headers)) < 2:
        return False
    label = _label_column(cells)
    if label is None:
        return False
    labels = [r[label] for r in cells if any(is_amount(c) for c in r if c.strip())]
    return all(_measure([text], spec) is not None or is_index_label(text) for text in labels)


def measured_down_rows(paths: list[list[str]], cells: list[list[str]], spec: TableSpec,
                       doubts: Doubts | None = None, readings: Readings = EMPTY_READINGS) -> list[Row]:
    """One row per item column, in printed order, with the figure of each measure row
    under the measure's key. The first figure column headed by a total word alone
    (小计 / 合计) is the table's 合计; an item the template does not list (会议费 beside
    the “三公”) keeps its printed name."""
    label = _label_column(cells)
    if label is None:
        return []
    measures = [(i, m) for i, r in enumerate(cells)
                if (m := _measure([r[label]], spec)) is not None and any(is_amount(c) for c in r if c.strip())]
    items = item_names(spec)
    taken: set[str] = set()
    out: list[Row] = []
    for c, path in enumerate(paths):
        if c == label or not path or is_label_column(path[-1]):
            continue
        if normalise_header(path[-1]) in TOTAL_WORDS:
            # 小计 under an item is that item's; under nothing (or a group naming none), the table's.
            above = _item(path[:-1], spec)
            item = above if above is not None else (spec.subtotal_of if items[0] in taken else items[0])
        else:
            named = _item(path, spec)
            item = named if named is not None else squash(path[-1])
        taken.add(item)
        record: Row = {"item": squash(item)}
        for i, measure in measures:
            text = cells[i][c] if c < len(cells[i]) else ""
            record[measure] = amount_or_text(text)
            note_doubt(doubts, record, measure, text, readings.get((i, c)))
        out.append(record)
    return out
