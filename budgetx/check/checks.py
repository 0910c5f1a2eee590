"""The arithmetic of docs/spec/tables.md, run from the rules of the schema registry.

Every rule compares a printed figure (found) with what the other printed figures say it
should be (expected). Printed figures are rounded one by one, so a gap up to
(number of figures compared) × half the printed precision is `rounding` (changji t3: 201 + 208 +
210 + 221 = 2104.54 against 2104.55); a larger gap is `error`; an exact match is no
check at all. A rule that cannot be evaluated (its table is missing) is `unchecked`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from budgetx.check.figures import (Absent, Figure, Unevaluable, View, amount_columns, by_unit_only, cell_text,
                                   compare, is_total_row, lookup, row_text, single, total_rows, unchecked)
from budgetx.check.names import check_names
from budgetx.check.narrative import check_narrative
from budgetx.model import Check, Document, Table, Tally
from budgetx.schema.catalogue import load_catalogue
from budgetx.schema.registry import load_schema
from budgetx.schema.rules import TOTAL_WORDS, Identity, Rules, Term, load_rules, normalise_label
from budgetx.values.outline import outline_number

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


def _walk(rows: Sequence[Mapping[str, object]], totals: list[int],
          contains: Callable[[Mapping[str, object], Mapping[str, object]], bool],
          heads: Callable[[Mapping[str, object]], bool]) -> tuple[dict[int, list[int]], list[int]]:
    """Parent row index → child row indices by the printed order: each row goes under
    the nearest row above that `contains` it (rows that `heads` can be parents); the
    rows under none are the top level. Total rows and blank lines are in no tree."""
    children: dict[int, list[int]] = {}
    stack: list[int] = []
    top: list[int] = []
    for i, row in enumerate(rows):
        if i in totals or not any(cell_text(row, k) for k in ("code", "name", "item", "unit_name")):
            continue
        while stack and not contains(rows[stack[-1]], row):
            stack.pop()
        (children.setdefault(stack[-1], []) if stack else top).append(i)
        if heads(row):
            stack.append(i)
    return children, top


def _placed(rows: Sequence[Mapping[str, object]], totals: list[int]) -> list[Mapping[str, object]]:
    """Rows as the walk sees them. A subject row without a code between two 项 of one
    款 (杭州 prints names only, and 信息化建设 under 监狱 is a 项 the catalogue lacks)
    is a 项 of that 款, not a group heading the rows below as a unit's row does."""
    coded = [i for i, r in enumerate(rows) if _SUBJECT_CODE.fullmatch(cell_text(r, "code"))]
    placed = list(rows)
    for i, row in enumerate(rows):
        if i in totals or cell_text(row, "code") or not cell_text(row, "name") or row.get("project_name"):
            continue
        at = bisect_left(coded, i)  # the coded rows on either side of this one
        if at == 0 or at == len(coded):
            continue
        a, b = cell_text(rows[coded[at - 1]], "code"), cell_text(rows[coded[at]], "code")
        if len(a) == len(b) == 7 and a[:5] == b[:5]:
            placed[i] = {**row, "code": a[:5] + "00"}  # any 项 of the 款, for the walk only
    return placed


def hierarchy(table: Table) -> dict[int, list[int]]:
    """Parent row index → child row indices, from the codes and the row order:
    项 → 款 → 类 → (unit row) → 总计. The 总计/合计 rows sum the top-level rows, wherever
    they are printed. A unit's row (its name in the unit column, 深圳: one block of
    subjects per unit) heads its subjects as the unit-name row of table 7 does."""
    totals = total_rows(table)
    children, top = _walk(_placed(table.rows, totals), totals, _contains, lambda row: True)
    for t in totals:
        if top:
            children[t] = top
    return children


def _unit_contains(parent: Mapping[str, object], child: Mapping[str, object]) -> bool:
    p, c = cell_text(parent, "code"), cell_text(child, "code")
    return bool(c) and len(c) > len(p) and c.startswith(p)


def unit_hierarchy(table: Table) -> dict[int, list[int]]:
    """Parent row index → child row indices of a table printed by unit: a unit code
    heads the codes it begins (024 → 024001), the 总计/合计 rows sum the top-level units.
    Units printed without codes are all top-level, unless the first repeats the total
    in every column while the units together do not add up to it: that row is the
    department over its units (杭州: 杭州市气象局 5,876.67 over 杭州市气象局 5,011.05 and
    its 中心 865.62, the indent that says so not kept in the rows)."""
    rows = table.rows
    totals = total_rows(table)
    children, top = _walk(rows, totals, _unit_contains, lambda row: bool(cell_text(row, "code")))
    if not totals or not top:
        return children
    columns = amount_columns(table)

    def base(i: int, column: str) -> Decimal:
        value = rows[i].get(column)
        return value if isinstance(value, Decimal) else Decimal(0)

    head = top[0]
    if (len(top) > 1 and not any(cell_text(rows[i], "code") for i in top)
            and all(base(head, c) == base(totals[0], c) for c in columns)
            and any(sum((base(i, c) for i in top), Decimal(0)) != base(totals[0], c) for c in columns)):
        children[head] = top[1:]
        top = [head]
    for t in totals:
        children[t] = top
    return children


def _sums(view: View, tree: dict[int, list[int]]) -> list[Check]:
    checks = []
    columns = amount_columns(view.table)
    for parent, kids in tree.items():
        for column in columns:
            found = view.figure(parent, column)
            parts = [view.figure(k, column) for k in kids]
            check = compare("hierarchy", [found], parts, found.row)
            if check:
                checks.append(check)
    return checks


def check_hierarchy(view: View) -> list[Check]:
    if view.table.row_key == "department":
        return _sums(view, unit_hierarchy(view.table))
    if by_unit_only(view.table):
        raise Absent(f"table {view.no} lists budget units only, no subjects")
    rows = view.table.rows
    if rows and not any(_SUBJECT_CODE.fullmatch(cell_text(r, "code")) for r in rows):
        labelled = [r for r in rows if cell_text(r, "name") or cell_text(r, "item")]
        if all(is_total_row(r) for r in labelled) and not any(
                isinstance(v, Decimal) and v for r in rows for v in r.values()):
            # Only a total row, blank or zero (本部门没有政府性基金预算拨款安排的支出):
            # the table prints no subjects to add up.
            raise Absent(f"table {view.no} prints no subject rows, only a zero total")
        figured = [r for r in rows if any(isinstance(v, Decimal) for v in r.values())]
        if len(figured) <= 1:
            # Only a total (江苏 table 3, an empty 国有资本 table's 合计 row): nothing adds up.
            raise Absent(f"table {view.no} prints no rows under its total")
        labels = [row_text(r) for r in figured if not is_total_row(r)]
        if not any(cell_text(r, "name") for r in figured if not is_total_row(r)) and not any(
                load_catalogue().codes(normalise_label(label)) for label in labels):
            # Rows labelled in a column of their own (income sources, units), none by
            # a subject's name: the table prints no subject levels at all.
            raise Absent(f"table {view.no} prints no subject rows")
        # Without codes the levels cannot be told apart: every row would look top-level.
        return [unchecked("hierarchy", view.no, f"table {view.no}: no subject codes read")]
    return _sums(view, hierarchy(view.table))


# --- outline --------------------------------------------------------------------------

Number = tuple[str, int] | None


def _outline_kids(labels: list[str], numbers: list[Number], at: int, outer: set[str]) -> list[int]:
    """The rows numbered one level below row `at` (`1、 2、 3、` under `一、`): those of
    the first style after it that numbers from 1 in sequence, up to its next sibling, a
    row of an `outer` level (the styles of the rows it is nested in), or a total. Rows
    numbered deeper, unnumbered ones and 其中 lines between them are not its parts."""
    head = numbers[at]
    if head is None:
        return []
    kids: list[int] = []
    style: str | None = None
    for j in range(at + 1, len(labels)):
        if any(w in labels[j] for w in TOTAL_WORDS):
            break
        number = numbers[j]
        if number is None:
            continue
        if number[0] == head[0] or number[0] in outer:
            break
        if style is None:
            if number[1] != 1:
                return []
            style = number[0]
        if number[0] == style:
            if number[1] != len(kids) + 1:
                return []  # numbered out of order: a list, not an outline
            kids.append(j)
    return kids if len(kids) >= 2 else []


def outline(table: Table) -> dict[int, list[int]]:
    """Parent row index → its numbered parts, side by side (a 收支总表's income and
    expenditure are outlines of their own): `一、本年收入` over `1. 一般公共预算拨款` …"""
    tree: dict[int, list[int]] = {}
    columns = amount_columns(table)
    sides: dict[str, list[int]] = {}
    for i, row in enumerate(table.rows):
        sides.setdefault(cell_text(row, "side"), []).append(i)
    for indices in sides.values():
        labels = [row_text(table.rows[i]) for i in indices]
        numbers = [outline_number(label) for label in labels]
        # The outline read down the side: each style closes the deeper ones opened
        # since its last row (二、 closes 一、's 1. 2.); what is open above a row nests it.
        levels: list[str] = []
        for k in range(len(indices)):
            number = numbers[k]
            if number is None:
                continue
            if number[0] in levels:
                del levels[levels.index(number[0]) + 1:]
            else:
                levels.append(number[0])
            kids = _outline_kids(labels, numbers, k, set(levels[:-1]))
            # A numbered row printing no figure at all heads its parts (西安: 一、部门预算
            # over 1、财政拨款 …): a heading, no subtotal.
            if kids and any(table.rows[indices[k]].get(c) is not None for c in columns):
                tree[indices[k]] = [indices[j] for j in kids]
    return tree


def check_outline(view: View) -> list[Check]:
    tree = outline(view.table)
    if not tree:
        raise Absent(f"table {view.no} prints no numbered rows with numbered parts")
    return [replace(c, rule="outline") for c in _sums(view, tree)]


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


def without_parts(rule: Identity, view: View) -> Identity:
    """A column printed as 其中 of another on the same side of a rule is counted in that
    one already (西南大学 table 2: 事业收入 金额 | 其中：教育收费): it is no addend."""
    parts = view.table.parts

    def side(terms: tuple[Term, ...]) -> tuple[Term, ...]:
        columns = {t.column for t in terms}
        kept = tuple(t for t in terms if parts.get(str(t.column)) not in columns)
        return kept or terms

    return Identity(rule.text, side(rule.left), side(rule.right), rule.definition)


def _part_of_other_side(rule: Identity, view: View) -> str | None:
    """Why a failed rule does not apply: a part is printed as 其中 of the whole on the
    other side (长沙 table 2: 本级财政拨款 金额 | 其中：经费拨款), so the parts the rule
    adds are not all printed and the whole is no sum of them."""
    parts = view.table.parts
    for terms, others in ((rule.left, rule.right), (rule.right, rule.left)):
        wholes = {t.column for t in others}
        for term in terms:
            if parts.get(str(term.column)) in wholes:
                return (f"table {view.no} prints {term.column} only as a part (其中) of "
                        f"{parts[str(term.column)]}")
    return None


def check_row_identity(view: View, rule: Identity,
                       siblings: Iterable[Identity] = ()) -> list[Check]:
    """`total = basic + project` on every row of one table."""
    # A column absent or never printed counts as blank; a subtotal so missing is
    # replaced by its parts (an older template prints 事业收入 … instead of 单位资金).
    rule = expand(rule, siblings, {str(t.column) for t in rule.terms
                                   if not view.printed(str(t.column))})
    rule = without_parts(rule, view)
    if not any(view.printed(str(t.column)) for t in rule.terms):
        raise Absent(f"table {view.no} prints none of {', '.join(str(t.column) for t in rule.terms)}")
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
        whole = _part_of_other_side(rule, view)
        if whole:
            raise Absent(whole)
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
    for i, row in enumerate(view.table.rows):
        found = [view.figure(i, str(t.column)) for t in rule.left]
        parts = [view.figure(i, str(t.column)) for t in rule.right]
        if cell_text(row, "side") and all(p.value is None for p in parts):
            # A 收支总表 splits one side's figures by use or source (支出: 基本支出 |
            # 项目支出), the other's not: a row printing none of the parts is of that side.
            continue
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
    rolled = _rolled_up(view.table) if term.select == "class" else {}
    for i, row in enumerate(view.table.rows):
        code = cell_text(row, "code")
        if not code and names and term.select == "class" and cell_text(row, "side") != "收入":
            code = names.get(normalise_label(cell_text(row, "item") or cell_text(row, "name")), "")
        if i in rolled:
            code = rolled[i]
        if not _SUBJECT_CODE.fullmatch(code) or (term.select == "class" and len(code) != 3):
            continue
        if row.get("project_name"):
            continue  # t7 project rows repeat their 项 row's code
        out.setdefault(code, []).append(view.figure(i, term.column))
    return out


def _rolled_up(table: Table) -> dict[int, str]:
    """Row index → its 类, for a table that prints no 类 rows (北京's 支出总表: one row
    per 项 and economic class): the 类's figure is the sum of its highest printed level."""
    codes = {i: cell_text(r, "code") for i, r in enumerate(table.rows)
             if _SUBJECT_CODE.fullmatch(cell_text(r, "code")) and not r.get("project_name")}
    if not codes or any(len(c) == 3 for c in codes.values()):
        return {}
    highest: dict[str, int] = {}
    for c in codes.values():
        highest[c[:3]] = min(highest.get(c[:3], len(c)), len(c))
    return {i: c[:3] for i, c in codes.items() if len(c) == highest[c[:3]]}


def choose_columns(views: dict[int, View], rule: Identity) -> Identity:
    """A term naming columns in turn (`t7.general_budget|total`) reads the first its
    table prints: a 项目支出表 that prints its funding sources (烟台: 一般公共预算 beside
    单位资金) gives its 一般公共预算 figure, one that does not gives its total."""
    def choose(term: Term) -> Term:
        if term.column is None or "|" not in term.column or term.table is None:
            return term
        options = term.column.split("|")
        view = views.get(term.table)
        column = next((c for c in options if view is not None and view.printed(c)), options[-1])
        return replace(term, column=column)
    if not any(t.column and "|" in t.column for t in rule.terms):
        return rule
    return replace(rule, left=tuple(map(choose, rule.left)), right=tuple(map(choose, rule.right)))


def check_cross(views: dict[int, View], rule: Identity) -> list[Check]:
    first = rule.left[0].table
    rule = choose_columns(views, rule)
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
            # An optional row alone on the left is what the rule is about: not printed,
            # the rule does not apply; an optional addend beside others reads as 0.
            found = [single(views, t, str(t.column or column), left=len(rule.left) == 1) for t in rule.left]
            parts = [single(views, t, str(t.column or column)) for t in rule.right]
            check = compare(rule.text, found, parts, found[0].row)
            if check:
                checks.append(check)
        return _doubted(views, rule, checks)
    except Absent:
        raise
    except Unevaluable as e:
        return [unchecked(rule.text, first, str(e))]


def _or_otherwise(views: dict[int, View], rule: Identity, checks: list[Check]) -> list[Check]:
    """A rule that fails as written but holds as one of the template's other readings
    of it (`otherwise`, tried in turn) holds: its checks are that reading's, under the
    rule's name. One failing beside an `undecided` figure is unchecked."""
    if not any(c.level == "error" for c in checks):
        return checks
    other_reading = rule.otherwise
    while other_reading is not None:
        try:
            other = check_cross(views, other_reading)
        except Absent:
            other_reading = other_reading.otherwise
            continue
        # No check at all: the reading holds exactly.
        if not any(c.level in ("error", "unchecked") for c in other):
            return [replace(c, rule=rule.text) for c in other]
        other_reading = other_reading.otherwise
    return _undecided(views, rule) or checks


def _left_blank(views: dict[int, View], rule: Identity, checks: list[Check]) -> list[Check]:
    """An error none of whose readings holds, one side of which is only rows the table
    prints with the figure left blank (上海's 收支总表: 收入总计 with no amount), is an
    omission of the document, not a sum that fails: unchecked, with what is blank."""
    if rule.keyed or not any(c.level == "error" for c in checks):
        return checks
    rule = choose_columns(views, rule)
    out = []
    for check in checks:
        blank = _blank_row(views, rule, check.column) if check.level == "error" else None
        out.append(check if blank is None else unchecked(
            rule.text, check.table, f"table {blank.table} prints its {blank.row} row with "
                                    f"no {blank.column} figure"))
    return out


def _blank_row(views: dict[int, View], rule: Identity, column: str) -> Figure | None:
    """The printed row whose blank figure is all one side of the rule has, if any."""
    for side in (rule.left, rule.right):
        try:
            figures = [single(views, t, str(t.column or column)) for t in side]
        except Unevaluable:
            return None
        printed = [f for f in figures if f.in_row]
        if printed and all(f.value is None for f in figures):
            return printed[0]
    return None


def _undecided(views: dict[int, View], rule: Identity) -> list[Check]:
    for term in rule.undecided:
        if term.table is None or term.column is None:
            continue
        view = views.get(term.table)
        if view is None or not view.printed(term.column):
            continue
        try:
            figure = single(views, term, term.column)
        except (Absent, Unevaluable):
            continue
        if figure.value:
            return [unchecked(rule.text, rule.left[0].table,
                              f"{term.describe()} is {figure.value}: the part of it this rule needs is not printed apart")]
    return []


def _doubted(views: dict[int, View], rule: Identity, checks: list[Check]) -> list[Check]:
    """An error across tables whose figures sit in a column never printed, or beside
    columns that could not be mapped, is reported as unchecked with the reason: a
    false error is worse than a missed one. A side none of whose columns the document
    prints (all mapped) is a rule that does not apply."""
    if not any(c.level == "error" for c in checks):
        return checks
    _no_partial_term(views, rule)

    def blank(side: tuple[Term, ...]) -> list[Term]:
        return [t for t in side if t.table is not None and t.column is not None
                and lookup(views, t.table).table.status != "empty"
                and not lookup(views, t.table).printed(t.column)]

    for side in (rule.left, rule.right):
        missing = blank(side)
        if missing and len(missing) == len(side) and not any(
                lookup(views, t.table or 0).unmapped() for t in missing):
            # Every column of those tables mapped and none is this one: the template does
            # not print it (福州, 江苏, 深圳 table 4: one 预算数 column, no 一般公共预算).
            raise Absent(f"table {missing[0].table} prints no {missing[0].column} figure")
    for term in rule.terms:
        if term.table is None:
            continue
        view = lookup(views, term.table)
        if view.table.status == "empty":
            continue
        doubt = view.unmapped()
        if doubt:
            return [unchecked(rule.text, rule.left[0].table, doubt)]
    for side in (rule.left, rule.right):
        required = [t for t in blank(side) if not t.optional]
        if required:
            return [unchecked(rule.text, rule.left[0].table,
                              f"table {required[0].table} prints no {required[0].column} figure")]
    return checks


def _no_partial_term(views: dict[int, View], rule: Identity) -> None:
    """A failed rule across tables whose figure is printed only as 其中 of another column
    (长沙 table 2: 本级财政拨款 金额 | 其中：经费拨款, read as 一般公共预算) compares a part
    with a whole: the document does not print the figure the rule needs."""
    for term in rule.terms:
        parts = lookup(views, term.table).table.parts if term.table is not None else {}
        if term.column is not None and term.column in parts:
            raise Absent(f"table {term.table} prints {term.column} only as a part (其中) of "
                         f"{parts[term.column]}")


def _check_keyed(views: dict[int, View], rule: Identity) -> list[Check]:
    for term in rule.terms:
        view = lookup(views, term.table or 0)
        if view.table.row_key == "department" or by_unit_only(view.table):
            raise Absent(f"table {term.table} is printed by unit, not by subject code")
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
    for term, side in zip(rule.terms, [*left, *right]):
        view = lookup(views, term.table or 0)
        if not side and view.table.rows and not any(
                _SUBJECT_CODE.fullmatch(cell_text(r, "code")) for r in view.table.rows):
            # A table that prints no row by subject (江苏 table 3: its total alone; 长沙
            # table 1: expenditure by 基本/项目 only; 福州 table 2: by unit) has nothing
            # to match by code. Codes printed but not read are the hierarchy's finding.
            raise Absent(f"table {term.table} prints no {term.column} by code")
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
    if any(c.level == "error" for c in checks):
        _no_partial_term(views, rule)
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
                elif rule == "outline":
                    found = check_outline(view)
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
        found = _left_blank(views, identity, _or_otherwise(views, identity, found))
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
