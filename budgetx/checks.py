"""The arithmetic of tables.md, run from the rules of the schema registry.

Every rule compares a printed figure (found) with what the other printed figures say it
should be (expected). Printed figures are rounded one by one, so a gap up to
(number of addends) × half the printed precision is `rounding` (changji t3: 201 + 208 +
210 + 221 = 2104.54 against 2104.55); a larger gap is `error`; an exact match is no
check at all. A rule that cannot be evaluated (its table is missing) is `unchecked`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from budgetx.model import Check, Document, Table
from budgetx.schema import load_schema
from budgetx.rules import (TEXT_KEYS, TOTAL_LABELS, Identity, Rules, Term, load_rules,
                           normalise_label)

# 元 per unit of account, to compare tables printed in different units.
UNIT_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
              "亿元": Decimal(100000000)}
_SUBJECT_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
ZERO = Decimal(0)


class Unevaluable(Exception):
    """A rule term names figures the document does not have."""


class Absent(Unevaluable):
    """The document does not print what a rule needs at all: the table (not in this
    document) or every column of one side of an identity (a template without them).
    The rule does not apply; it is neither held nor unchecked."""


@dataclass
class Tally:
    """What became of each rule of the registry on one document (the narrative's
    figures are not rules and are not counted): held (at worst within rounding),
    failed (an error), unchecked (printed, but not evaluable), absent (with why)."""

    held: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    absent: list[tuple[str, str]] = field(default_factory=list)

    def record(self, rule: str, checks: list[Check]) -> None:
        if any(c.level == "unchecked" for c in checks):
            self.unchecked.append(rule)
        elif any(c.level == "error" for c in checks):
            self.failed.append(rule)
        else:
            self.held.append(rule)


@dataclass(frozen=True)
class Figure:
    """One printed figure and where it is."""

    value: Decimal | None  # None: printed blank (counts as 0, adds no rounding)
    table: int | None
    row: str
    column: str
    page: int | None
    scale: Decimal  # 元 per unit of its table

    @property
    def base(self) -> Decimal:
        return (self.value or ZERO) * self.scale

    @property
    def half_ulp(self) -> Decimal:
        """Half the printed precision, in 元: 0.005 万元 for `2104.55`, 0.5 元 for `3500`.
        A zero has no precision of its own (`-` parses to an exponent-0 `0`)."""
        if not self.value:
            return ZERO
        return Decimal(5).scaleb(_exponent(self.value) - 1) * self.scale


def judge(found: list[Figure], expected: list[Figure]) -> tuple[Decimal, Decimal, str] | None:
    """(found, expected, level) in the unit of the first found figure, or None when the
    figures agree exactly. The tolerance is one half-precision per addend."""
    diff = sum((f.base for f in found), ZERO) - sum((f.base for f in expected), ZERO)
    if diff == 0:
        return None
    printed = [f for f in (*found, *expected) if f.value is not None]
    addends = sum(1 for f in expected if f.value is not None)
    addends += max(0, sum(1 for f in found if f.value is not None) - 1)
    tolerance = max(1, addends) * max((f.half_ulp for f in printed), default=ZERO)
    level = "rounding" if abs(diff) <= tolerance else "error"
    scale = found[0].scale if found else Decimal(1)
    got = sum((f.base for f in found), ZERO) / scale
    want = sum((f.base for f in expected), ZERO) / scale
    if all(f.scale == scale for f in printed):
        # Keep the printed precision: 6186.80, not 6186.8.
        exponent = min(_exponent(f.value) for f in printed if f.value is not None)
        got, want = got.quantize(Decimal(1).scaleb(exponent)), want.quantize(
            Decimal(1).scaleb(exponent))
    return got, want, level


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def _check(rule: str, found: list[Figure], expected: list[Figure], row: str,
           message: str = "") -> Check | None:
    verdict = judge(found, expected)
    if verdict is None:
        return None
    got, want, level = verdict
    anchor = found[0] if found else expected[0]
    return Check(rule=rule, table=anchor.table, row=row, column=anchor.column,
                 expected=_tidy(want), found=_tidy(got), diff=_tidy(got - want),
                 level=level, page=anchor.page, message=message)


def _tidy(value: Decimal) -> Decimal:
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
    its printed name or item."""
    code = str(row.get("code") or "")
    project = row.get("project_name")
    if code:
        return f"{code} {project}" if project else code
    return str(row.get("name") or row.get("item") or "")


def _text(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "".join(str(value).split()) if value else ""


def is_total_row(row: Mapping[str, object]) -> bool:
    return not _text(row, "code") and normalise_label(
        _text(row, "name") or _text(row, "item")) in TOTAL_LABELS


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
        return Figure(None, self.no, label, column, None, self.scale)

    def printed(self, column: str) -> bool:
        """False for a column with no figure at all: perhaps the template has no such
        column, perhaps it was not recognised; either way not evidence of an error."""
        return any(isinstance(r.get(column), Decimal) for r in self.table.rows)

    def unmapped(self) -> str | None:
        """Why an error in this table may be the extraction's: amounts in columns that
        match no canonical column (a component the rule does not name)."""
        if self.no is None:
            return None
        canonical = {c.key for c in load_schema().by_no(self.no).columns}
        odd = [k for k in amount_columns(self.table) if k not in canonical]
        if not odd:
            return None
        return f"table {self.no} has columns budgetx could not map ({', '.join(odd)})"


# --- hierarchy ------------------------------------------------------------------------

def _is_group(row: Mapping[str, object]) -> bool:
    """A row without a subject code that heads the rows below it: the unit-name row of
    table 7 (changji: between 总计 and 201), or a row keyed by a department code."""
    return not _SUBJECT_CODE.fullmatch(_text(row, "code"))


def _contains(parent: Mapping[str, object], child: Mapping[str, object]) -> bool:
    if _is_group(parent):
        return not _is_group(child)
    if _is_group(child) or parent.get("project_name"):
        return False
    p, c = _text(parent, "code"), _text(child, "code")
    if not c.startswith(p):
        return False
    # Table 7 repeats a 项 code once per project: a row with the code and no project
    # heads the rows with the same code and a project name.
    return len(c) > len(p) or bool(child.get("project_name"))


def hierarchy(table: Table) -> dict[int, list[int]]:
    """Parent row index → child row indices, from the codes and the row order:
    项 → 款 → 类 → (unit row) → 总计. The 总计/合计 rows sum the top-level rows, wherever
    they are printed."""
    rows = table.rows
    children: dict[int, list[int]] = {}
    stack: list[int] = []
    totals: list[int] = []
    top: list[int] = []
    for i, row in enumerate(rows):
        if is_total_row(row):
            totals.append(i)
            continue
        if not (_text(row, "code") or _text(row, "name") or _text(row, "item")):
            continue  # a blank line carries nothing
        while stack and not _contains(rows[stack[-1]], row):
            stack.pop()
        if stack:
            children.setdefault(stack[-1], []).append(i)
        else:
            top.append(i)
        stack.append(i)
    for t in totals:
        if top:
            children[t] = top
    return children


def check_hierarchy(view: View) -> list[Check]:
    if view.table.row_key == "department":
        return []  # rows keyed by department code form no subject hierarchy
    if view.table.rows and not any(_SUBJECT_CODE.fullmatch(_text(r, "code"))
                                   for r in view.table.rows):
        # Without codes the levels cannot be told apart: every row would look top-level.
        return [unchecked("hierarchy", view.no, f"table {view.no}: no subject codes read")]
    checks = []
    columns = amount_columns(view.table)
    for parent, kids in hierarchy(view.table).items():
        for column in columns:
            found = view.figure(parent, column)
            parts = [view.figure(k, column) for k in kids]
            check = _check("hierarchy", [found], parts, found.row)
            if check:
                checks.append(check)
    return checks


# --- identities -----------------------------------------------------------------------

def expand(rule: Identity, siblings: Iterable[Identity], blank: set[str]) -> Identity:
    """Replace a subtotal the table never prints by its own definition (Fuzhou's table 2
    has no 财政拨款小计 column: total = general_budget + gov_fund + … directly)."""
    right: list[Term] = []
    for term in rule.right:
        definition = next((s for s in siblings if len(s.left) == 1 and s is not rule
                           and s.left[0].column == term.column), None)
        if term.column in blank and definition is not None:
            right.extend(definition.right)
        else:
            right.append(term)
    return Identity(rule.text, rule.left, tuple(right))


def check_row_identity(view: View, rule: Identity,
                       siblings: Iterable[Identity] = ()) -> list[Check]:
    """`total = basic + project` on every row of one table."""
    # A column absent or never printed counts as blank; a subtotal so missing is
    # replaced by its parts (an older template prints 事业收入 … instead of 单位资金).
    rule = expand(rule, siblings, {str(t.column) for t in rule.terms
                                   if not view.printed(str(t.column))})
    for side, other in ((rule.left, rule.right), (rule.right, rule.left)):
        names = [str(t.column) for t in side]
        # Both sides blank is 0 = 0, a rule that holds; one side never printed while
        # the other is has nothing to compare.
        if not any(view.printed(c) for c in names) and any(view.printed(str(t.column)) for t in other):
            doubt = view.unmapped()
            if doubt:
                return [unchecked(rule.text, view.no, doubt)]
            raise Absent(f"table {view.no} prints no {', '.join(names)} figure")
    checks = []
    for i in range(len(view.table.rows)):
        found = [view.figure(i, str(t.column)) for t in rule.left]
        parts = [view.figure(i, str(t.column)) for t in rule.right]
        check = _check(rule.text, found, parts, found[0].row)
        if check:
            checks.append(check)
    if any(c.level == "error" for c in checks):
        sides = [[str(t.column) for t in rule.left], [str(t.column) for t in rule.right]]
        doubt = next((f"table {view.no} prints no {', '.join(side)} figure"
                      for side in sides if not any(view.printed(c) for c in side)),
                     None) or view.unmapped()
        if doubt:
            return [unchecked(rule.text, view.no, doubt)]
    return checks


def _lookup(views: dict[int, View], no: int) -> View:
    view = views.get(no)
    if view is None or view.table.status == "missing":
        raise Absent(f"table {no} is not in this document")
    if view.table.status != "empty" and not view.table.rows:
        raise Unevaluable(f"table {no} has no rows")
    return view


def _find_row(view: View, term: Term) -> int | None:
    for i, row in enumerate(view.table.rows):
        if term.select == "total" and is_total_row(row):
            return i
        label = normalise_label(_text(row, "item") or _text(row, "name"))
        if term.select == "label" and label in term.labels:
            return i
    return None


def single(views: dict[int, View], term: Term, column: str) -> Figure:
    """The figure a total or label term names; a table printed empty reads as 0."""
    assert term.table is not None
    view = _lookup(views, term.table)
    name = "|".join(term.labels)
    if view.table.status == "empty":
        return view.zero(name, column)
    index = _find_row(view, term)
    if index is None and term.optional:
        return view.zero(name, column)
    if index is None:
        raise Unevaluable(f"table {term.table} has no row {name}")
    return view.figure(index, column, label=name.split("|")[0] if term.select == "total"
                       else None)


def class_names(views: dict[int, View]) -> dict[str, str]:
    """类 name → code, from the coded rows of the function tables: tables 1 and 4 of
    many templates print their expenditure by 类 with names only (一、教育支出)."""
    names: dict[str, str] = {}
    for view in views.values():
        if view.table.row_key != "function":
            continue
        for row in view.table.rows:
            code = _text(row, "code")
            if len(code) == 3 and code.isdigit() and _text(row, "name"):
                names.setdefault(normalise_label(_text(row, "name")), code)
    return names


def keyed(views: dict[int, View], term: Term, names: Mapping[str, str] | None = None) -> dict[str, list[Figure]]:
    """Figures per subject code (every coded row, or 类 rows only); a code printed under
    several units adds up. With `names`, an expenditure row without a code is the 类
    its name is (`class` terms only)."""
    assert term.table is not None and term.column is not None
    view = _lookup(views, term.table)
    out: dict[str, list[Figure]] = {}
    for i, row in enumerate(view.table.rows):
        code = _text(row, "code")
        if not code and names and term.select == "class" and _text(row, "side") != "收入":
            code = names.get(normalise_label(_text(row, "item") or _text(row, "name")), "")
        if not _SUBJECT_CODE.fullmatch(code) or (term.select == "class" and len(code) != 3):
            continue
        if row.get("project_name"):
            continue  # t7 project rows repeat their 项 row's code
        out.setdefault(code, []).append(view.figure(i, term.column))
    return out


def check_cross(views: dict[int, View], rule: Identity) -> list[Check]:
    first = rule.left[0].table
    try:
        if rule.keyed:
            return _check_keyed(views, rule)
        columns: list[str | None] = [rule.left[0].column]
        if rule.left[0].column is None:  # t10[合计] = …: every amount column
            tables = {t.table for t in rule.terms if t.table is not None}
            columns = list(dict.fromkeys(c for no in tables
                                         for c in amount_columns(_lookup(views, no).table)))
        checks = []
        for column in columns:
            found = [single(views, t, str(t.column or column)) for t in rule.left]
            parts = [single(views, t, str(t.column or column)) for t in rule.right]
            check = _check(rule.text, found, parts, found[0].row)
            if check:
                checks.append(check)
        return _doubted(views, rule, checks)
    except Absent:
        raise
    except Unevaluable as e:
        return [unchecked(rule.text, first, str(e))]


def _doubted(views: dict[int, View], rule: Identity, checks: list[Check]) -> list[Check]:
    """An error across tables whose figures sit in a column never printed, or beside
    columns that could not be mapped, is reported as unchecked with the reason: a
    false error is worse than a missed one."""
    if not any(c.level == "error" for c in checks):
        return checks
    for term in rule.terms:
        if term.table is None:
            continue
        view = _lookup(views, term.table)
        if view.table.status == "empty":
            continue
        if term.column is not None and not view.printed(term.column):
            return [unchecked(rule.text, rule.left[0].table,
                              f"table {term.table} prints no {term.column} figure")]
        doubt = view.unmapped()
        if doubt:
            return [unchecked(rule.text, rule.left[0].table, doubt)]
    return checks


def _check_keyed(views: dict[int, View], rule: Identity) -> list[Check]:
    for terms, others in ((rule.left, rule.right), (rule.right, rule.left)):
        # A side none of whose columns is printed (a blank term alone reads as 0),
        # beside one that is.
        views_of = [(t, _lookup(views, t.table or 0)) for t in terms]
        if all(v.table.rows and not v.printed(str(t.column)) for t, v in views_of) and any(
                _lookup(views, t.table or 0).printed(str(t.column)) for t in others):
            term, view = views_of[0]
            doubt = view.unmapped()
            if doubt:
                return [unchecked(rule.text, rule.left[0].table, doubt)]
            raise Absent(f"table {term.table} prints no {term.column} figure")
    names = class_names(views)
    left = [keyed(views, t, names) for t in rule.left]
    right = [keyed(views, t, names) for t in rule.right]
    codes = sorted(set().union(*left, *right))
    checks = []
    for code in codes:
        found = [f for side in left for f in side.get(code, [])]
        parts = [f for side in right for f in side.get(code, [])]
        if not found:
            view = _lookup(views, rule.left[0].table or 0)
            found = [view.zero(code, str(rule.left[0].column))]
        check = _check(rule.text, found, parts, code)
        if check:
            checks.append(check)
    for term, side in zip(rule.terms, [*left, *right]):
        if any(c.level == "error" for c in checks) and not any(
                f.value is not None for figures in side.values() for f in figures):
            # t1 of some templates prints its expenditure side in columns of its own.
            return [unchecked(rule.text, rule.left[0].table,
                              f"table {term.table} prints no {term.column} by code")]
    return _doubted(views, rule, checks)


# --- the whole document ---------------------------------------------------------------

def run_checks(doc: Document, rules: Rules | None = None, tally: Tally | None = None) -> list[Check]:
    """Every rule of the registry on one document: hierarchy and row identities per
    table, identities across tables, then the figures the narrative states. `tally`,
    when given, records what became of each rule (see Tally); a rule whose table or
    columns the document does not print yields no check, only its entry there."""
    from budgetx.narrative import check_narrative  # narrative reads the same views

    rules = rules or load_rules()
    tally = tally if tally is not None else Tally()
    views = {t.no: View(t, doc.unit) for t in doc.tables if t.no is not None}
    checks: list[Check] = []
    for no, table_rules in rules.tables.items():
        view = views.get(no)
        for rule in table_rules:
            if isinstance(rule, Identity) and rule.definition:
                continue
            name = rule if isinstance(rule, str) else rule.text
            label = f"t{no}: {name}"
            found: list[Check] = []
            try:
                if view is None or view.table.status == "missing":
                    raise Absent(f"table {no} is not in this document")
                if rule == "hierarchy":
                    found = check_hierarchy(view)
                elif isinstance(rule, Identity):
                    siblings = [r for r in table_rules if isinstance(r, Identity)]
                    found = check_row_identity(view, rule, siblings)
            except Absent as e:
                tally.absent.append((label, str(e)))
                continue
            tally.record(label, found)
            checks.extend(found)
    for identity in rules.cross:
        try:
            found = check_cross(views, identity)
        except Absent as e:
            tally.absent.append((identity.text, str(e)))
            continue
        tally.record(identity.text, found)
        checks.extend(found)
    checks.extend(check_narrative(doc, views, rules))
    return checks


def count_levels(checks: Iterable[Check]) -> dict[str, int]:
    counts = {"error": 0, "rounding": 0, "unchecked": 0}
    for check in checks:
        counts[check.level] = counts.get(check.level, 0) + 1
    return counts
