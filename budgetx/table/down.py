"""A table whose columns are printed down: the 收入总表 as 江苏 printed it until 2019
(项目名称 | 金额, a row per source of funds: 收入总计, then each source's 小计 and its
parts, the source's name set once in a merged cell beside them). Read as the canonical
table's one row, the department's total: each source's 小计 under the source's key, a
part the schema names under its own key. The table as printed is kept beside it, with
the parts the schema has no column for (专项收入, 债务资金 …)."""
from __future__ import annotations

from dataclasses import dataclass, field

from budgetx.schema.registry import TableSpec, normalise_header
from budgetx.schema.rules import TOTAL_WORDS
from budgetx.table.headers import map_columns
from budgetx.table.records import Doubts, EMPTY_READINGS, Readings, Row, cell_value, note_doubt
from budgetx.values.codes import split_code_name
from budgetx.values.numbers import is_amount
from budgetx.values.text import squash

# Labels naming the table's columns, beside the total: fewer is a list of something else.
LEAST_SOURCES = 3


@dataclass
class _Line:
    """A printed row: its label's pieces (a source's name, then a part's), its figure."""

    pieces: list[str]
    figure: str
    at: tuple[int, int] | None  # (row, column) of the figure's cell


@dataclass
class _Source:
    name: str | None = None
    subtotal: _Line | None = None
    parts: list[_Line] = field(default_factory=list)
    # Names standing alone in a row without a figure: the source's, where no row pairs
    # it with a part.
    alone: list[_Line] = field(default_factory=list)


def _lines(keys: list[str], cells: list[list[str]]) -> list[_Line]:
    figure_cols = [c for c, k in enumerate(keys) if k == "total"]
    out: list[_Line] = []
    for i, row in enumerate(cells):
        pieces: list[str] = []
        figure, at = "", None
        for c, text in enumerate(row):
            for token in text.split():
                if is_amount(token) and (c in figure_cols or not figure):
                    figure, at = token, (i, c)
                elif not is_amount(token):
                    pieces.append(token)
        if pieces:
            out.append(_Line(pieces, figure, at))
    return out


def _key(label: str, spec: TableSpec) -> str | None:
    """The schema column a label names, if any."""
    key = map_columns([[label]], spec.columns)[0]
    return key if key in {c.key for c in spec.columns} else None


def _is_subtotal(piece: str) -> bool:
    return normalise_header(piece) in TOTAL_WORDS


def is_printed_down(keys: list[str], cells: list[list[str]], spec: TableSpec) -> bool:
    """A label column and one figure column (金额 → total), no codes, a first row the
    total's and at least `LEAST_SOURCES` labels naming the table's other columns."""
    schema_keys = {c.key for c in spec.columns}
    if spec.row_kind != "function" or keys.count("total") != 1 or any(
            k in schema_keys and k not in ("total", "name") for k in keys):
        return False
    # (Rows with codes, [301]工资福利支出 or 201 alone, are subjects: an economic
    # block printed under a function table's rows, not its columns.)
    if any(split_code_name(text)[0].code for row in cells for text in row if text.strip()):
        return False
    lines = _lines(keys, cells)
    if not lines or _key(lines[0].pieces[-1], spec) != "total":
        return False
    named = {k for line in lines[1:] for piece in line.pieces if (k := _key(piece, spec)) not in (None, "total")}
    return len(named) >= LEAST_SOURCES


def printed_down_rows(keys: list[str], cells: list[list[str]], spec: TableSpec, doubts: Doubts | None = None,
                      readings: Readings = EMPTY_READINGS) -> list[Row]:
    """The one row of the department's totals."""
    lines = _lines(keys, cells)
    record: Row = {"name": squash(lines[0].pieces[-1])}
    _put(record, "total", lines[0], doubts, readings)
    sources: list[_Source] = []
    for line in lines[1:]:
        # Each source opens with its 小计 (its name beside it, or beside a part below).
        if _is_subtotal(line.pieces[-1]) or not sources:
            sources.append(_Source())
        source = sources[-1]
        if len(line.pieces) > 1 and source.name is None:
            source.name = line.pieces[0]
        if _is_subtotal(line.pieces[-1]):
            source.subtotal = line
        elif len(line.pieces) == 1 and not line.figure:
            source.alone.append(line)
        else:
            source.parts.append(line)
    for source in sources:
        if source.name is None:
            named = next((a for a in source.alone if _key(a.pieces[0], spec) is not None), None)
            if named is not None:
                source.name = named.pieces[0]
                source.alone.remove(named)
        parts = source.parts + source.alone
        own = _key(source.name, spec) if source.name else None
        if source.subtotal is not None:
            _put(record, own or (source.name or source.subtotal.pieces[-1]), source.subtotal, doubts, readings)
        for part in sorted(parts, key=lambda line: lines.index(line)):
            name = part.pieces[-1]
            key = _key(name, spec)
            # (A part within its source's figure, 公共财政拨款(补助)资金 of 一般公共预算资金,
            # is no column of the canonical table: the printed table has it.)
            if key is not None and key != own and key not in record:
                _put(record, key, part, doubts, readings)
    return [record]


def _put(record: Row, key: str, line: _Line, doubts: Doubts | None, readings: Readings) -> None:
    record[key] = cell_value(key, line.figure) if line.figure else None
    if line.at is not None:
        note_doubt(doubts, record, key, line.figure, readings.get(line.at))
