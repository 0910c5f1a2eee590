"""Figures as the rules read them: a printed amount with its table, row, column, page
and unit; a table seen as figures (View); the verdict on two sums (judge), whose
tolerance is one half of the printed precision per addend. Both the table rules
(checks.py) and the narrative (narrative.py) stand on this layer."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from budgetx.model import Check, Table
from budgetx.schema.registry import load_schema
from budgetx.schema.rules import TOTAL_LABELS, Term, normalise_label
from budgetx.vocabulary import TEXT_KEYS

# 元 per unit of account, to compare tables printed in different units.
UNIT_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
              "亿元": Decimal(100000000)}
ZERO = Decimal(0)


class Unevaluable(Exception):
    """A rule term names figures the document does not have."""


class Absent(Unevaluable):
    """The document does not print what a rule needs at all: the table (not in this
    document) or every column of one side of an identity (a template without them).
    The rule does not apply; it is neither held nor unchecked."""


@dataclass(frozen=True)
class Figure:
    """One printed figure and where it is."""

    value: Decimal | None  # None: printed blank (counts as 0, adds no rounding)
    table: int | None
    row: str
    column: str
    page: int | None
    scale: Decimal  # 元 per unit of its table
    in_row: bool = True  # False: a row or table not printed, read as 0

    @property
    def base(self) -> Decimal:
        return (self.value or ZERO) * self.scale

    @property
    def half_ulp(self) -> Decimal:
        """Half the printed precision, in 元: 0.005 万元 for `2104.55`, 0.5 元 for `3500`.
        A zero has no precision of its own (`-` parses to an exponent-0 `0`)."""
        if not self.value:
            return ZERO
        return Decimal(5).scaleb(exponent(self.value) - 1) * self.scale


def judge(found: list[Figure], expected: list[Figure]) -> tuple[Decimal, Decimal, str] | None:
    """(found, expected, level) in the unit of the first found figure, or None when the
    figures agree exactly. The tolerance is one half-precision per printed figure on
    either side: each was rounded on its own, the total as much as its parts (烟台: 基本支出
    4,713.22 in table 5, 4,713.23 in table 6)."""
    diff = sum((f.base for f in found), ZERO) - sum((f.base for f in expected), ZERO)
    if diff == 0:
        return None
    printed = [f for f in (*found, *expected) if f.value is not None]
    tolerance = max(1, len(printed)) * max((f.half_ulp for f in printed), default=ZERO)
    level = "rounding" if abs(diff) <= tolerance else "error"
    scale = found[0].scale if found else Decimal(1)
    got = sum((f.base for f in found), ZERO) / scale
    want = sum((f.base for f in expected), ZERO) / scale
    if all(f.scale == scale for f in printed):
        # Keep the printed precision: 6186.80, not 6186.8.
        finest = min(exponent(f.value) for f in printed if f.value is not None)
        got, want = got.quantize(Decimal(1).scaleb(finest)), want.quantize(
            Decimal(1).scaleb(finest))
    return got, want, level


def exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def compare(rule: str, found: list[Figure], expected: list[Figure], row: str,
           message: str = "") -> Check | None:
    verdict = judge(found, expected)
    if verdict is None:
        return None
    got, want, level = verdict
    anchor = found[0] if found else expected[0]
    return Check(rule=rule, table=anchor.table, row=row, column=anchor.column,
                 expected=tidy(want), found=tidy(got), diff=tidy(got - want),
                 level=level, page=anchor.page, message=message)


def tidy(value: Decimal) -> Decimal:
    # Division by a unit scale leaves exponents like 1E+1; keep a printable form.
    if value.as_tuple().exponent <= 0:  # type: ignore[operator]
        return value
    return value.quantize(Decimal(1))


def unchecked(rule: str, table: int | None, message: str) -> Check:
    return Check(rule=rule, table=table, row="", column="", expected=ZERO, found=ZERO,
                 diff=ZERO, level="unchecked", page=None, message=message)


# --- reading rows ---------------------------------------------------------------------

def row_label(row: Mapping[str, object]) -> str:
    """How a report names a row: its code (with the project of a t7 project row), else
    its printed name or item, else the unit it is the row of."""
    code = str(row.get("code") or "")
    project = row.get("project_name")
    if code:
        return f"{code} {project}" if project else code
    return str(row.get("name") or row.get("item") or row.get("unit_name") or other_label(row))


def cell_text(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "".join(str(value).split()) if value else ""


def other_label(row: Mapping[str, object]) -> str:
    """The label of a row keyed by a column of no canonical key: a table of income
    sources under 项目名称 (江苏 table 2) or of units under 单位名称 (福州 table 2) prints
    its 收入总计 / 合计 there. The first text cell outside the canonical text keys."""
    for key, value in row.items():
        if key in TEXT_KEYS or key == "code_source" or not isinstance(value, str):
            continue
        text = "".join(value.split())
        if text and not any(ch.isdigit() for ch in text):
            return text
    return ""


def row_text(row: Mapping[str, object]) -> str:
    """The label a row prints: name, item, or that of a column of its own."""
    return cell_text(row, "name") or cell_text(row, "item") or other_label(row)


# The whole of a table of one side (tables 2 and 3) may be labelled by its side.
_WHOLE_TOTALS = frozenset({*TOTAL_LABELS, "收入总计", "收入合计", "支出总计", "支出合计"})


def is_total_row(row: Mapping[str, object]) -> bool:
    """总计/合计 by its label (name, item, the unit column of a table listed by unit, a
    column of its own), a table of one side also by its side's 总计."""
    return not cell_text(row, "code") and normalise_label(row_text(row)) in _WHOLE_TOTALS


def is_unit_row(row: Mapping[str, object]) -> bool:
    """A row labelled by a budget unit's name alone: no subject code, no subject name or
    project but the unit itself (深圳 names its units in the project column of its
    项目支出总表, in the subject name column of its 基本支出总表)."""
    unit = cell_text(row, "unit_name")
    return bool(unit) and not (cell_text(row, "code") or cell_text(row, "item")) and cell_text(
        row, "name") in ("", unit) and cell_text(row, "project_name") in ("", unit) and not is_total_row(row)


def total_rows(table: Table) -> list[int]:
    """The rows that sum the table: those labelled 总计/合计; without one, a unit row
    printed above every other row (深圳 heads each table with the department's own row,
    its units' rows and their subjects below: the department's figures are the table's)."""
    rows = table.rows
    labelled = [i for i, row in enumerate(rows) if is_total_row(row)]
    if labelled:
        return labelled
    first = next((i for i, row in enumerate(rows) if any(cell_text(row, k) for k in row)), None)
    if first is not None and is_unit_row(rows[first]) and any(
            isinstance(v, Decimal) for v in rows[first].values()):
        return [first]
    return []


def by_unit_only(table: Table) -> bool:
    """A table that lists budget units only (深圳's 收入总表: one row per unit, no
    subjects): no subject rule applies to it."""
    rows = [r for r in table.rows if any(cell_text(r, k) for k in r)]
    return bool(rows) and any(is_unit_row(r) for r in rows) and all(
        is_unit_row(r) or is_total_row(r) for r in rows)


def amount_columns(table: Table) -> list[str]:
    """The columns holding amounts, canonical or header-path keys alike, in order."""
    keys = dict.fromkeys(c.key for c in table.columns)
    for row in table.rows:
        keys.update(dict.fromkeys(row))
    return [k for k in keys if k not in TEXT_KEYS
            and any(isinstance(r.get(k), Decimal) for r in table.rows)]


class View:
    """A table as the rules read it: figures with their pages and units."""

    def __init__(self, table: Table, default_unit: str | None) -> None:
        self.table = table
        self.scale = UNIT_SCALE.get(table.unit or default_unit or "", Decimal(1))

    @property
    def no(self) -> int | None:
        return self.table.no

    def page(self, index: int) -> int | None:
        if len(self.table.row_pages) == len(self.table.rows) and self.table.row_pages:
            return self.table.row_pages[index]
        return self.table.pages[0] if self.table.pages else None

    def figure(self, index: int, column: str, label: str | None = None) -> Figure:
        row = self.table.rows[index]
        value = row.get(column)
        return Figure(value if isinstance(value, Decimal) else None, self.no,
                      label if label is not None else row_label(row), column,
                      self.page(index), self.scale)

    def zero(self, label: str, column: str) -> Figure:
        return Figure(None, self.no, label, column, None, self.scale, in_row=False)

    def printed(self, column: str) -> bool:
        """False for a column with no figure at all: perhaps the template has no such
        column, perhaps it was not recognised; either way not evidence of an error."""
        return any(isinstance(r.get(column), Decimal) for r in self.table.rows)

    def unmapped(self) -> str | None:
        """Why an error in this table may be the extraction's: amounts in columns that
        match no canonical column (a component the rule does not name)."""
        if self.no is None:
            return None
        canonical = {c.key for c in load_schema().by_no(self.no, self.table.family).columns}
        odd = [k for k in amount_columns(self.table) if k not in canonical]
        if not odd:
            return None
        return f"table {self.no} has columns budgetx could not map ({', '.join(odd)})"



# --- finding the figures a rule term names -----------------------------------------

def lookup(views: dict[int, View], no: int) -> View:
    view = views.get(no)
    if view is None or view.table.status == "missing":
        raise Absent(f"table {no} is not in this document")
    if view.table.status != "empty" and not view.table.rows:
        raise Unevaluable(f"table {no} has no rows")
    return view


def find_row(view: View, term: Term) -> int | None:
    """The row a total or label term names. Labels are tried in the order the rule
    gives them: `t10[三公经费合计|小计|合计]` is the 小计 row of a table that prints both
    合计 (with 会议费 and 培训费) and 小计 (the “三公” alone)."""
    if term.select == "total":
        totals = total_rows(view.table)
        return totals[0] if totals else lone_row(view.table)
    if term.select != "label":
        return None
    labels = [_side_label(row, normalise_label(cell_text(row, "item") or cell_text(row, "name")))
              for row in view.table.rows]
    for wanted in term.labels:
        if wanted in labels:
            return labels.index(wanted)
    return None


def _side_label(row: Mapping[str, object], label: str) -> str:
    """A bare 合计/总计 on one side of a 收支 table is that side's (重庆's 收支总表 prints
    合计 atop each side): 支出合计, 收入总计."""
    side = cell_text(row, "side")
    return side + label if side and label in TOTAL_LABELS else label


def lone_row(table: Table) -> int | None:
    """A table that prints one unlabelled row of figures prints only its total (江苏's
    table 3: 合计 | 基本支出 | 项目支出 over a single line of amounts)."""
    figured = [i for i, row in enumerate(table.rows) if any(isinstance(v, Decimal) for v in row.values())]
    if len(figured) == 1 and not cell_text(table.rows[figured[0]], "code") \
            and not row_text(table.rows[figured[0]]):
        return figured[0]
    return None


def single(views: dict[int, View], term: Term, column: str, left: bool = False) -> Figure:
    """The figure a total or label term names; a table printed empty reads as 0. An
    optional row (`t10[会议费?]`) not printed reads as 0, unless `left` (the term the
    rule is about, alone on its left side): then the rule does not apply."""
    assert term.table is not None
    view = lookup(views, term.table)
    name = "|".join(term.labels)
    if view.table.status == "empty":
        return view.zero(name, column)
    index = find_row(view, term)
    if index is None and term.optional and left:
        # The figure a rule is about, in a row only some templates print.
        raise Absent(f"table {term.table} prints no row {name}")
    if index is None and term.optional:
        return view.zero(name, column)
    if index is None:
        raise Unevaluable(f"table {term.table} has no row {name}")
    return view.figure(index, column, label=name.split("|")[0] if term.select == "total"
                       else None)
