"""What CSV and XLSX share: which columns a table has, in which order, under which header."""
from __future__ import annotations

import re
from decimal import Decimal

from budgetx.model import Table
from budgetx.schema.registry import load_schema
from budgetx.vocabulary import CODE_COLUMNS



def _schema_name(table: Table, key: str) -> str | None:
    if table.no is None:
        return None
    try:
        return load_schema().by_no(table.no, table.family).column(key).name
    except KeyError:
        return None


def table_columns(table: Table, keys: str = "zh") -> list[tuple[str, str]]:
    """(key, header) for every column of the table: the listed columns and any other key
    its rows carry (a row may hold class_code without the table listing it)."""
    names = {c.key: c.name for c in table.columns}
    order = table.column_keys()
    out = []
    for key in order:
        if keys == "en":
            out.append((key, key))
        else:
            out.append((key, names.get(key) or CODE_COLUMNS.get(key) or _schema_name(table, key) or key))
    return out


def table_stem(table: Table, index: int) -> str:
    """`02_revenue` for a canonical table (`02_final_revenue` for the final accounts':
    keys are unique across families); `x13_<title>` for one outside the families,
    numbered by its place in the document so names stay unique."""
    if table.no is not None and table.key:
        return f"{table.no:02d}_{table.key}"
    return f"x{index + 1:02d}_{safe_name(table.title)}"


def safe_name(text: str) -> str:
    # Characters that Windows, Excel sheet names or shells trip on.
    cleaned = re.sub(r'[\\/:*?"<>|\[\]\x00-\x1f]+', "_", text).strip(" ._'")
    return cleaned or "table"


def amount_places(table: Table) -> int:
    """Decimal places to show amounts with: the most common printed precision among
    non-zero amounts (zeros may be printed `-` or `0` in a table of 0.00 amounts)."""
    counts: dict[int, int] = {}
    for row in table.rows:
        for value in row.values():
            if isinstance(value, Decimal) and value.is_finite() and value != 0:
                exponent = value.as_tuple().exponent
                places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
                counts[places] = counts.get(places, 0) + 1
    if not counts:
        return 2
    return max(counts, key=lambda p: (counts[p], p))


def written_tables(tables: list[Table]) -> list[tuple[int, Table]]:
    """The tables that get a CSV file or a sheet: printed ones (ok or empty), with
    their index in the document. A missing table has nothing to show."""
    return [(i, t) for i, t in enumerate(tables) if t.status != "missing"]
