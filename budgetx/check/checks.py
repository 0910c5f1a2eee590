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
from dataclasses import replace

from budgetx.check.figures import (Absent, Figure, Unevaluable, View, amount_columns, by_unit_only, cell_text,
                                   compare, lookup, single, total_rows, unchecked)
from budgetx.check.names import check_names
from budgetx.check.narrative import check_narrative
from budgetx.model import Check, Document, Table, Tally
from budgetx.schema.registry import load_schema
from budgetx.schema.rules import Identity, Rules, Term, load_rules, normalise_label

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
    totals = total_rows(table)
    top: list[int] = []
    for i, row in enumerate(rows):
        if i in totals:
            continue
        if not (cell_text(row, "code") or cell_text(row, "name") or cell_text(row, "item")
                or cell_text(row, "unit_name")):
            continue  # a blank line carries nothing
        # A unit's row (its name in the unit column, 深圳: one block of subjects per unit)
        # heads its subjects as the unit-name row of table 7 does.
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
    if by_unit_only(view.table):
        raise Absent(f"table {view.no} lists budget units only, no subjects")
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
    for side, other in ((rule.left, rule.right), (rule.right, rule.left)):
        names = [str(t.column) for t in side]
        # Both sides blank is 0 = 0, a rule that holds; one side never printed while
        # the other is has nothing to compare.
        if not any(view.printed(c) for c in names) and any(view.printed(str(t.column)) for t in other):
            doubt = view.unmapped()
            if doubt:
                return [unchecked(rule.text, view.no, doubt)]
            raise Absent(f"table {view.no} prints no {', '.join(names)} figure")
    checks = _row_checks(view, rule)
    if any(c.level == "error" for c in checks):
        beside = _beside_the_total(view, rule)
        if beside is not None:
            return beside
        sides = [[str(t.column) for t in rule.left], [str(t.column) for t in rule.right]]
        doubt = next((f"table {view.no} prints no {', '.join(side)} figure"
                      for side in sides if not any(view.printed(c) for c in side)),
                     None) or view.unmapped()
        if doubt:
            return [unchecked(rule.text, view.no, doubt)]
    return checks


def _row_checks(view: View, rule: Identity) -> list[Check]:
    checks = []
    for i in range(len(view.table.rows)):
        found = [view.figure(i, str(t.column)) for t in rule.left]
        parts = [view.figure(i, str(t.column)) for t in rule.right]
        check = compare(rule.text, found, parts, found[0].row)
        if check:
            checks.append(check)
    return checks


def _beside_the_total(view: View, rule: Identity) -> list[Check] | None:
    """A template that prints an optional addend beside the total, not in it (深圳's
    支出总表: 支出总计 = 基本支出 + 项目支出 on every row, 事业单位经营支出 printed after
    them): the identity without the table's optional columns holds on every row while
    the whole one fails wherever they are not 0. Then those are the checks; a total
    that leaves them out on some rows only is still an error."""
    if view.no is None:
        return None
    optional = {c.key for c in load_schema().by_no(view.no, view.table.family).columns if c.optional}
    kept = tuple(t for t in rule.right if str(t.column) not in optional)
    if not kept or len(kept) == len(rule.right) or any(str(t.column) in optional for t in rule.left):
        return None
    reduced = _row_checks(view, Identity(rule.text, rule.left, kept))
    return None if any(c.level == "error" for c in reduced) else reduced


def class_names(views: dict[int, View]) -> dict[str, str]:
    """类 name → code, from the coded rows of the function tables: tables 1 and 4 of
    many templates print their expenditure by 类 with names only (一、教育支出)."""
    names: dict[str, str] = {}
    for view in views.values():
        if view.table.row_key != "function":
            continue
        for row in view.table.rows:
            code = cell_text(row, "code")
            if len(code) == 3 and code.isdigit() and cell_text(row, "name"):
                names.setdefault(normalise_label(cell_text(row, "name")), code)
    return names


def keyed(views: dict[int, View], term: Term, names: Mapping[str, str] | None = None) -> dict[str, list[Figure]]:
    """Figures per subject code (every coded row, or 类 rows only); a code printed under
    several units adds up. With `names`, an expenditure row without a code is the 类
    its name is (`class` terms only)."""
    assert term.table is not None and term.column is not None
    view = lookup(views, term.table)
    out: dict[str, list[Figure]] = {}
    for i, row in enumerate(view.table.rows):
        code = cell_text(row, "code")
        if not code and names and term.select == "class" and cell_text(row, "side") != "收入":
            code = names.get(normalise_label(cell_text(row, "item") or cell_text(row, "name")), "")
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
    except Absent:
        raise
    except Unevaluable as e:
        return [unchecked(rule.text, first, str(e))]


def _doubted(views: dict[int, View], rule: Identity, checks: list[Check]) -> list[Check]:
    """An error across tables whose figures sit beside columns that could not be
    mapped is reported as unchecked with the reason: a false error is worse than a
    missed one. One whose figure sits in a column the table never prints, all of its
    columns mapped, is a rule the template does not apply to (Absent)."""
    if not any(c.level == "error" for c in checks):
        return checks
    for term in rule.terms:
        if term.table is None:
            continue
        view = lookup(views, term.table)
        if view.table.status == "empty":
            continue
        if term.column is not None and not view.printed(term.column):
            doubt = view.unmapped()
            if doubt:
                return [unchecked(rule.text, rule.left[0].table, doubt)]
            # Every column read and mapped, none of them this one: the template has no
            # such column (深圳's t4 prints its spending as one 预算数 column).
            raise Absent(f"table {term.table} prints no {term.column} figure")
        doubt = view.unmapped()
        if doubt:
            return [unchecked(rule.text, rule.left[0].table, doubt)]
    return checks


def _check_keyed(views: dict[int, View], rule: Identity) -> list[Check]:
    for term in rule.terms:
        view = lookup(views, term.table or 0)
        if by_unit_only(view.table):
            raise Absent(f"table {term.table} lists budget units only, no subject codes")
    for terms, others in ((rule.left, rule.right), (rule.right, rule.left)):
        # A side none of whose columns is printed (a blank term alone reads as 0),
        # beside one that is.
        views_of = [(t, lookup(views, t.table or 0)) for t in terms]
        if all(v.table.rows and not v.printed(str(t.column)) for t, v in views_of) and any(
                lookup(views, t.table or 0).printed(str(t.column)) for t in others):
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

def run_checks(doc: Document, rules: Rules | None = None, tally: Tally | None = None) -> list[Check]:
    """Every rule of the registry on one document, family by family (the budget's rules
    on its budget tables, the final accounts' on its 决算 tables): hierarchy and row
    identities per table, identities across tables, then the figures the narrative
    states. `rules` given: those rules on the budget tables only. `tally`, when given,
    records what became of each rule; a rule whose table or columns the document does
    not print yields no check, only its entry there."""
    tally = tally if tally is not None else Tally()
    if rules is not None:
        return family_checks(doc, rules, "budget", tally)
    checks: list[Check] = []
    for family in checked_families(doc):
        checks.extend(family_checks(doc, load_rules(family), family, tally))
    # Subject names against the catalogue: once for the document, whatever its family.
    checks.extend(check_names(doc))
    return checks


def checked_families(doc: Document) -> list[str]:
    """The families whose rules apply: the document's own (its missing tables are then
    reported unchecked) and any other family it prints tables of."""
    names = [f.name for f in load_schema().families]
    printed = {t.family for t in doc.tables if t.family and t.status != "missing"}
    return [n for n in names if n == doc.kind or n in printed]


def family_checks(doc: Document, rules: Rules, family: str, tally: Tally) -> list[Check]:
    views = {t.no: View(t, doc.unit) for t in doc.tables
             if t.no is not None and (t.family or "budget") == family}
    checks: list[Check] = []
    schema = load_schema().family(family)
    for no, table_rules in rules.tables.items():
        view = views.get(no)
        if (view is None or view.table.status == "missing") and schema.by_no(no).optional:
            continue  # a table only some templates print
        for rule in table_rules:
            if isinstance(rule, Identity) and rule.definition:
                continue
            name = rule if isinstance(rule, str) else rule.text
            label = f"t{no}: {name}" if family == "budget" else f"{family} t{no}: {name}"
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
    if rules.narrative:
        checks.extend(check_narrative(doc, views, rules))
    if family != "budget":
        checks = [replace(c, family=family) for c in checks]
    return checks


def count_levels(checks: Iterable[Check]) -> dict[str, int]:
    counts = {"error": 0, "rounding": 0, "unchecked": 0}
    for check in checks:
        counts[check.level] = counts.get(check.level, 0) + 1
    return counts
