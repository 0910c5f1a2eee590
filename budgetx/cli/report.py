"""Check results for a person (a rich table and a summary line) or a machine (dicts)."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table as RichTable
from rich.text import Text

from budgetx.check.checks import count_levels
from budgetx.model import Check

LEVEL_STYLE = {"error": "bold red", "rounding": "yellow", "unchecked": "dim"}
# Errors first: they are what a reader came for.
LEVEL_ORDER = {"error": 0, "rounding": 1, "unchecked": 2}


def sort_checks(checks: Sequence[Check]) -> list[Check]:
    return sorted(checks, key=lambda c: (LEVEL_ORDER.get(c.level, 3), c.table or 0))


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
    for check in sort_checks([c for c in checks if c.level != "unchecked"]):
        table.add_row(
            "" if check.table is None else str(check.table), check.row, check.column,
            _amount(check.expected), _amount(check.found), _signed(check.diff),
            Text(check.level, style=LEVEL_STYLE.get(check.level, "")),
            "" if check.page is None else str(check.page), short_rule(check.rule))
    return table


def short_rule(rule: str) -> str:
    """`total = wages + goods_services + … + other` for long row identities (table 7)."""
    left, sep, right = rule.partition(" = ")
    parts = right.split(" + ")
    if not sep or len(parts) <= 3:
        return rule
    return f"{left} = {parts[0]} + {parts[1]} + … + {parts[-1]}"


def render_unchecked(checks: Sequence[Check]) -> list[str]:
    return [f"not checked: {c.rule} ({c.message})" for c in checks if c.level == "unchecked"]


def summary(checks: Sequence[Check], file: str) -> str:
    counts = count_levels(checks)
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['rounding']} rounding",
             f"{counts['unchecked']} unchecked"]
    verdict = "inconsistent" if counts["error"] else "consistent"
    return f"{file}: {verdict}: " + ", ".join(parts)
