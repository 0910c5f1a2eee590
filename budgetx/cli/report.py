"""Check results for a person (a rich table and a summary line) or a machine (dicts)."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table as RichTable
from rich.text import Text

from budgetx.check.checks import count_levels
from budgetx.model import Check, Tally

LEVEL_STYLE = {"error": "bold red", "rounding": "yellow", "unchecked": "dim", "warning": "magenta"}
# Errors first: they are what a reader came for.
LEVEL_ORDER = {"error": 0, "rounding": 1, "warning": 2, "unchecked": 3}
# Levels that compare no figures (a rule not evaluated; a name not the catalogue's):
# reported as lines, without expected / found amounts.
_NO_FIGURES = ("unchecked", "warning")


def sort_checks(checks: Sequence[Check]) -> list[Check]:
    return sorted(checks, key=lambda c: (LEVEL_ORDER.get(c.level, 4), c.family != "budget", c.table or 0))


def _amount(value: Decimal) -> str:
    return format(value, ",f")


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _amount(value)


def render_table(checks: Sequence[Check], title: str | None = None) -> RichTable:
    """The evaluated rules that do not hold exactly, errors first; `unchecked` rules
    are left to `render_unchecked`."""
    table = RichTable(title=title, title_justify="left", show_lines=False)
    # Figures and levels never wrap; long rule texts and t7 project rows fold instead.
    for name, justify, wrap in (("table", "right", False), ("row", "left", True),
                                ("column", "left", True), ("expected", "right", False),
                                ("found", "right", False), ("difference", "right", False),
                                ("level", "left", False), ("page", "right", False),
                                ("rule", "left", True)):
        table.add_column(name, justify=justify,  # type: ignore[arg-type]
                         no_wrap=not wrap, overflow="fold")
    for check in sort_checks([c for c in checks if c.level not in _NO_FIGURES]):
        table.add_row(
            table_label(check), check.row, check.column,
            _amount(check.expected), _amount(check.found), _signed(check.diff),
            Text(check.level, style=LEVEL_STYLE.get(check.level, "")),
            "" if check.page is None else str(check.page), short_rule(check.rule))
    return table


def table_label(check: Check) -> str:
    """`5` for a budget table, `决算5` for table 5 of the final accounts."""
    if check.table is None:
        return ""
    return str(check.table) if check.family == "budget" else f"决算{check.table}"


def short_rule(rule: str) -> str:
    """`total = wages + goods_services + … + other` for long row identities (table 7)."""
    left, sep, right = rule.partition(" = ")
    parts = right.split(" + ")
    if not sep or len(parts) <= 3:
        return rule
    return f"{left} = {parts[0]} + {parts[1]} + … + {parts[-1]}"


def render_unchecked(checks: Sequence[Check]) -> list[str]:
    return [f"not checked: {c.rule} ({c.message})" for c in checks if c.level == "unchecked"]


def render_warnings(checks: Sequence[Check]) -> list[str]:
    """`name` warnings: a printed code whose printed name is not the catalogue's."""
    return [f"warning: {'a table outside the eleven' if c.table is None else f'table {c.table}'}, "
            f"page {c.page or '?'}: {c.message}" for c in checks if c.level == "warning"]


def render_absent(tally: Tally) -> list[str]:
    """The rules that do not apply, one line per reason (a table not in the document
    takes all its rules with it)."""
    by_reason: dict[str, list[str]] = {}
    for rule, why in tally.absent:
        by_reason.setdefault(why, []).append(rule)
    return [f"not applicable: {len(rules)} rule{'s' if len(rules) != 1 else ''} ({why})"
            for why, rules in by_reason.items()]


def summary(checks: Sequence[Check], file: str, tally: Tally | None = None) -> str:
    """`file: consistent: 0 errors, 18 rounding, 0 unchecked; 27 of 29 rules held, 6 not
    applicable`: checks by level, then (with a tally) what became of the rules."""
    counts = count_levels(checks)
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['rounding']} rounding",
             f"{counts['unchecked']} unchecked"]
    if counts.get("warning"):
        parts.append(f"{counts['warning']} name warning{'s' if counts['warning'] != 1 else ''}")
    verdict = "inconsistent" if counts["error"] else "consistent"
    line = f"{file}: {verdict}: " + ", ".join(parts)
    if tally is not None:
        evaluated = len(tally.held) + len(tally.failed) + len(tally.unchecked)
        line += f"; {len(tally.held)} of {evaluated} rules held"
        if tally.absent:
            line += f", {len(tally.absent)} not applicable"
    return line
