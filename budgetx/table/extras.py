"""Tables outside the families, kept whole: one table however many pages it runs over,
form-like tables (绩效目标表: label and value cells) as label/value records, and a unit
only where the table has amounts."""
from __future__ import annotations

from decimal import Decimal

from budgetx.model import Column, Table
from budgetx.reader.titles import same_title
from budgetx.schema.registry import normalise_header
from budgetx.values.numbers import is_amount, parse_amount
from budgetx.values.text import squash_apart

FORM_COLUMNS = [Column("label", "项目"), Column("value", "内容")]


def join_extras(tables: list[Table]) -> list[Table]:
    """Consecutive tables outside the families with the same title are one table printed
    over several pages (its title repeated, or each page read on its own): one table."""
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        if (prev is not None and prev.no is None and table.no is None
                and same_title(prev.title, table.title)):
            _append(prev, table)
        else:
            out.append(table)
    return out


def _append(into: Table, more: Table) -> None:
    keys = [c.key for c in into.columns]
    for column in more.columns:
        if column.key not in keys:
            into.columns.append(column)
            keys.append(column.key)
    pages = len(into.row_pages) == len(into.rows) and len(more.row_pages) == len(more.rows)
    into.rows.extend(more.rows)
    for row in into.rows:
        for key in keys:
            row.setdefault(key, None)
    into.row_pages = into.row_pages + more.row_pages if pages else []
    into.pages = sorted(set(into.pages) | set(more.pages))
    if more.rows:
        into.status = "ok"
        into.note = None
    into.unit = into.unit or more.unit
    if not has_amounts(into):
        into.unit = None


def has_amounts(table: Table) -> bool:
    return any(isinstance(v, Decimal) for row in table.rows for v in row.values())


def form_records(lines: list[tuple[int, list[str]]],
                 value_headers: tuple[str, ...] = ()) -> list[tuple[int, dict[str, str | Decimal | None]]]:
    """Label/value records of a form-like table, from its printed lines (page, cells of
    the line; header lines included: a form has no header). A line of two cells is
    label and value; a line of four holds two label/value pairs side by side (项目名称 |
    X | 主管部门 | Y); any other line is its leading cells as the label path and its last
    cell as the value. From a line naming one of `value_headers` on (一级指标 | 二级指标 |
    三级指标 | 指标值: the indicators' own header), every line is a label path and a value."""
    out: list[tuple[int, dict[str, str | Decimal | None]]] = []
    paths = False
    for page, line in lines:
        # Narrow columns read as one cell where their gap is small keep the space between
        # two figures (项目名称 82.2 82.2, 99.14 10 10: 指标值 | 分值 | 得分).
        cells = [squash_apart(c) for c in line if c.strip()]
        if not cells:
            continue
        paths = paths or any(normalise_header(c) in value_headers for c in cells)
        pairs: list[tuple[str, str | None]]
        if len(cells) == 1:
            pairs = [(cells[0], None)]
        elif not paths and len(cells) in (2, 4) and not any(is_amount(c) for c in cells[0::2]):
            pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells), 2)]
        else:
            pairs = [("/".join(cells[:-1]), cells[-1])]
        for label, value in pairs:
            out.append((page, {"label": label, "value": _value(value)}))
    return out


def _value(text: str | None) -> str | Decimal | None:
    if text is None or not text.strip():
        return None
    # Figures kept apart by squash_apart are several values, not one amount.
    if not is_amount(text) or " " in text:
        return text
    # A bare run of digits with a leading zero or of eleven and more (a telephone, an
    # account, an area code) is an identifier: a number would lose its digits' meaning.
    digits = text.strip()
    if digits.isdigit() and (len(digits) >= 11 or (len(digits) > 1 and digits.startswith("0"))):
        return text
    return parse_amount(text)
