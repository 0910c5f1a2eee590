"""Budget units named in a column of another kind: a project table that heads each unit's
projects with the unit's name in its project column (深圳 项目支出总表: 支出项目类别 |
总计 …, the department's row, then each unit's row and its projects' categories below),
a table of subjects by name headed by the department's row (深圳 基本支出总表). The
document's other tables print the same names as units (or its pages name the department):
such a row is that unit's, and the rows below it are the unit's."""
from __future__ import annotations

from collections.abc import Mapping

from budgetx.model import Table
from budgetx.schema.rules import TOTAL_LABELS, TOTAL_WORDS
from budgetx.values.text import squash


def _units(tables: list[Table], department: str | None) -> set[str]:
    """The names the document prints as budget units: rows of a unit column with no
    subject of their own, and the department its pages name."""
    names = {squash(str(row.get("unit_name") or "")) for table in tables for row in table.rows
             if row.get("unit_name") and not row.get("code") and not row.get("name")}
    if department:
        names.add(squash(department))
    # A total printed in the unit column (合计 | 总计 …) names no unit.
    return {n for n in names if n and not n.endswith(TOTAL_WORDS)}


def name_unit_rows(tables: list[Table], department: str | None) -> int:
    """A unit's row printed in a project or subject name column: its name kept where it
    was printed and given as unit_name too, the rows below it carrying it. A project
    column may head each unit's projects (深圳 项目支出总表); a subject name column only
    heads a table printing no 合计, the department's row standing for it (深圳 基本支出
    总表; a unit-name row under a 总计 is a row of its own). Returns the unit rows found."""
    units = _units(tables, department)
    found = 0
    for table in tables:
        labelled = [r for r in table.rows if any(r.get(k) for k in ("code", "name", "project_name"))]
        heads = [r for r in labelled if not r.get("code") and not r.get("unit_name")
                 and _label(r) is not None and squash(str(_label(r))) in units]
        if heads and heads[0].get("name") and (
                labelled[0] is not heads[0] or any(_is_total(r) for r in labelled)):
            continue
        # A unit's row heads others: a table of units only is not this layout.
        if not heads or len(heads) == len(labelled):
            continue
        found += len(heads)
        unit: str | None = None
        for row in table.rows:
            if any(row is h for h in heads):
                unit = squash(str(_label(row)))
            if unit is not None and not row.get("unit_name"):
                row["unit_name"] = unit
    return found


def _label(row: Mapping[str, object]) -> object:
    """The row's one label: a project, or a subject name (not both)."""
    project, name = row.get("project_name"), row.get("name")
    return project if project and not name else name if name and not project else None


def _is_total(row: Mapping[str, object]) -> bool:
    return any(squash(str(row.get(k) or "")) in TOTAL_LABELS for k in ("name", "project_name"))
