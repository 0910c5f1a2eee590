"""Item tables printed across with a measure under each item: the final accounts' “三公”
table prints 合计 | 因公出国（境）费 | 公务用车购置及运行费 (小计 | 购置费 | 运行费) | 公务接待费
across, each with a 预算数 and a 决算数 column beneath (or the measures above the items).
Read back into one row per item with one column per measure."""
from __future__ import annotations

from budgetx.schema.registry import TableSpec, normalise_header
from budgetx.table.records import EMPTY_READINGS, Doubts, Readings, Row, amount_or_text, note_doubt
from budgetx.values.text import squash
from budgetx.values.numbers import is_amount

_SUBTOTAL = "小计"


def _measure(path: list[str], spec: TableSpec) -> str | None:
    for col in spec.columns:
        if col.key == "item":
            continue
        if any(normalise_header(p) in col.names for p in path):
            return col.key
    return None


def is_measured_across(paths: list[list[str]], spec: TableSpec) -> bool:
    """Items across (two header cells naming `item_headers`) and measures (预算数 /
    决算数, the spec's amount columns) in the same header paths."""
    if not spec.item_headers or not spec.items:
        return False
    items = sum(1 for p in paths if any(h in normalise_header(e) for e in p for h in spec.item_headers))
    measured = sum(1 for p in paths if _measure(p, spec) is not None)
    return items >= 2 and measured >= 2


def _item(path: list[str], spec: TableSpec) -> str | None:
    """The lowest header of the path that names one of the spec's items (小计: the item
    it is the subtotal of)."""
    names = {normalise_header(i): i for i in spec.items}
    for element in reversed(path):
        norm = normalise_header(element)
        if norm == _SUBTOTAL and spec.subtotal_of:
            return spec.subtotal_of
        if norm in names:
            return names[norm]
    return None


def across_rows(paths: list[list[str]], cells: list[list[str]], spec: TableSpec,
                doubts: Doubts | None = None, readings: Readings = EMPTY_READINGS) -> list[Row]:
    """One row per item (the spec's items, in order) from the first row of figures (the
    total row), a column per measure. A merged header cell is centred over the columns
    it spans and may be read over one of them only: a measure column whose header names
    no item (or an item already given that measure) takes the next item still lacking
    that measure, in the template's order."""
    at = next((i for i, r in enumerate(cells) if any(is_amount(c) for c in r if c.strip())), None)
    if at is None:
        return []
    figures = cells[at]
    measures = [c.key for c in spec.columns if c.key != "item"]
    found: dict[tuple[str, str], tuple[str, int]] = {}
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
        item = next((i for i in spec.items if (i, measure) not in found), None)
        if item is not None:
            found[(item, measure)] = cell
    out: list[Row] = []
    for item in spec.items:
        if not any((item, m) in found for m in measures):
            continue
        record: Row = {"item": squash(item)}
        for measure in measures:
            text, c = found.get((item, measure), ("", -1))
            record[measure] = amount_or_text(text)
            note_doubt(doubts, record, measure, text, readings.get((at, c)))
        out.append(record)
    return out
