"""The arithmetic of docs/spec/tables.md, run from the rules of the schema registry.

Every rule compares a printed figure (found) with what the other printed figures say it
should be (expected). Printed figures are rounded one by one, so a gap up to
(number of addends) × half the printed precision is `rounding` (changji t3: 201 + 208 +
210 + 221 = 2104.54 against 2104.55); a larger gap is `error`; an exact match is no
check at all. A rule that cannot be evaluated (its table is missing) is `unchecked`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from budgetx.check.figures import (Figure, Unevaluable, View, amount_columns, cell_text, compare,
                                   is_total_row, lookup, single, unchecked)
from budgetx.check.narrative import check_narrative
from budgetx.model import Check, Document, Table
from budgetx.schema.rules import Identity, Rules, Term, load_rules

_SUBJECT_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")


# --- hierarchy ------------------------------------------------------------------------

def _is_group(row: Mapping[str, object]) -> bool:
    """A row without a subject code that heads the rows below it: the unit-name row of
    table 7 (changji: between 总计 and 201), or a row keyed by a department code."""
    return not _SUBJECT_CODE.fullmatch(cell_text(row, "code"))


def _contains(parent: Mapping[str, object], child: Mapping[str, object]) -> bool:
    if _is_group(parent):
        return not _is_group(child)
    if _is_group(child) or parent.get("project_name"):
        return False
    p, c = cell_text(parent, "code"), cell_text(child, "code")
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
        if not (cell_text(row, "code") or cell_text(row, "name") or cell_text(row, "item")):
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
    if view.table.rows and not any(_SUBJECT_CODE.fullmatch(cell_text(r, "code"))
                                   for r in view.table.rows):
        # Without codes the levels cannot be told apart: every row would look top-level.
        return [unchecked("hierarchy", view.no, f"table {view.no}: no subject codes read")]
    checks = []
    columns = amount_columns(view.table)
    for parent, kids in hierarchy(view.table).items():
        for column in columns:
            found = view.figure(parent, column)
            parts = [view.figure(k, column) for k in kids]
            check = compare("hierarchy", [found], parts, found.row)
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
    checks = []
    for i in range(len(view.table.rows)):
        found = [view.figure(i, str(t.column)) for t in rule.left]
        parts = [view.figure(i, str(t.column)) for t in rule.right]
        check = compare(rule.text, found, parts, found[0].row)
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


def keyed(views: dict[int, View], term: Term) -> dict[str, list[Figure]]:
    """Figures per subject code (every coded row, or 类 rows only); a code printed under
    several units adds up."""
    assert term.table is not None and term.column is not None
    view = lookup(views, term.table)
    out: dict[str, list[Figure]] = {}
    for i, row in enumerate(view.table.rows):
        code = cell_text(row, "code")
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
                                         for c in amount_columns(lookup(views, no).table)))
        checks = []
        for column in columns:
            found = [single(views, t, str(t.column or column)) for t in rule.left]
            parts = [single(views, t, str(t.column or column)) for t in rule.right]
            check = compare(rule.text, found, parts, found[0].row)
            if check:
                checks.append(check)
        return _doubted(views, rule, checks)
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
        view = lookup(views, term.table)
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
    left = [keyed(views, t) for t in rule.left]
    right = [keyed(views, t) for t in rule.right]
    codes = sorted(set().union(*left, *right))
    checks = []
    for code in codes:
        found = [f for side in left for f in side.get(code, [])]
        parts = [f for side in right for f in side.get(code, [])]
        if not found:
            view = lookup(views, rule.left[0].table or 0)
            found = [view.zero(code, str(rule.left[0].column))]
        check = compare(rule.text, found, parts, code)
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

def run_checks(doc: Document, rules: Rules | None = None) -> list[Check]:
    """Every rule of the registry on one document: hierarchy and row identities per
    table, identities across tables, then the figures the narrative states."""
    rules = rules or load_rules()
    views = {t.no: View(t, doc.unit) for t in doc.tables if t.no is not None}
    checks: list[Check] = []
    for no, table_rules in rules.tables.items():
        view = views.get(no)
        for rule in table_rules:
            if isinstance(rule, Identity) and rule.definition:
                continue
            name = rule if isinstance(rule, str) else rule.text
            if view is None or view.table.status == "missing":
                checks.append(unchecked(name, no, f"table {no} is missing"))
            elif rule == "hierarchy":
                checks.extend(check_hierarchy(view))
            elif isinstance(rule, Identity):
                siblings = [r for r in table_rules if isinstance(r, Identity)]
                checks.extend(check_row_identity(view, rule, siblings))
    for identity in rules.cross:
        checks.extend(check_cross(views, identity))
    checks.extend(check_narrative(doc, views, rules))
    return checks


def count_levels(checks: Iterable[Check]) -> dict[str, int]:
    counts = {"error": 0, "rounding": 0, "unchecked": 0}
    for check in checks:
        counts[check.level] = counts.get(check.level, 0) + 1
    return counts
