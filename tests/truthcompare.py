"""Cell-by-cell comparison of an extracted Document with a sample's ground truth
(tests/data/truth/*.truth.json), the project's own version of the rules score.py uses:

- rows are matched by key (tables 1, 4: side + code or item; 7: code or name +
  project_name; 10, 11: item; the others: code or name); a key printed twice is
  matched by occurrence;
- text is compared after NFKC, with all whitespace removed and one kind of quote;
- amounts are compared as Decimal, equal after scaling the output's unit to the
  truth's (元 vs 万元); blank, `-` and 0 are the same amount;
- an empty table must have status "empty" and no rows; a table the truth has must not be
  missing; every output row that matches no truth row, and every output cell holding a
  value under a key the truth row does not have, is a failure.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from budgetx.vocabulary import TEXT_KEYS
from budgetx.model import Document, Table

UNIT_SCALE = {"元": Decimal(1), "万元": Decimal(10000)}
ZERO_MARKS = frozenset({"", "-", "—", "－", "–"})
QUOTES = "“”‘’「」『』\"'"

RowKey = tuple[str, ...]

DATA = Path(__file__).parent / "data"
# Sample name → (PDF, ground truth): the PDFs of /work/shared/samples, copied here with
# their truth files (changji-2025.pdf is changji-2025--replica.pdf).
SAMPLES: dict[str, tuple[Path, Path]] = {
    name: (DATA / f"{name}.pdf", DATA / "truth" / f"{truth}.truth.json")
    for name, truth in [
        ("changji-2025", "changji-2025--replica"),
        ("changji-2025--nolines", "changji-2025--nolines"),
        ("qinghe-edu-2025--replica", "qinghe-edu-2025--replica"),
        ("qinghe-police-2025--codecol", "qinghe-police-2025--codecol"),
        ("shihekou-agri-2025--replica", "shihekou-agri-2025--replica"),
        ("shihekou-health-2025--yuan", "shihekou-health-2025--yuan"),
    ]
}


def norm_text(value: object) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = "".join('"' if ch in QUOTES else ch for ch in text)
    return "".join(text.split())


def to_amount(value: object) -> Decimal | None:
    """The amount a truth or output cell stands for (blank and zero marks → 0); None for
    text that is not an amount."""
    if isinstance(value, Decimal):
        return value
    text = norm_text(value).replace(",", "")
    if text in ZERO_MARKS:
        return Decimal(0)
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def row_key(no: int, row: dict[str, object]) -> RowKey:
    code = norm_text(row.get("code"))
    if no in (1, 4):
        return (norm_text(row.get("side")), code or norm_text(row.get("item")))
    if no == 7:
        return (code or norm_text(row.get("name")), norm_text(row.get("project_name")))
    if no in (10, 11):
        return (norm_text(row.get("item")),)
    return (code or norm_text(row.get("name")),)


def keyed(no: int, rows: list[dict[str, object]]) -> dict[tuple[RowKey, int], dict[str, object]]:
    """Rows by (key, occurrence): the second row printed with a key is (key, 1)."""
    seen: dict[RowKey, int] = defaultdict(int)
    out: dict[tuple[RowKey, int], dict[str, object]] = {}
    for row in rows:
        key = row_key(no, row)
        out[(key, seen[key])] = row
        seen[key] += 1
    return out


def show_key(key: tuple[RowKey, int]) -> str:
    parts, occurrence = key
    return "/".join(parts) + (f" (#{occurrence + 1})" if occurrence else "")


def same_cell(key: str, want: object, got: object, scale: Decimal) -> bool:
    """`scale` turns the output's unit into the truth's (1 or 10000 or 1/10000)."""
    if key in TEXT_KEYS:
        return norm_text(want) == norm_text(got)
    want_n, got_n = to_amount(want), to_amount(got)
    if want_n is None or got_n is None:
        return norm_text(want) == norm_text(got)
    return want_n == got_n * scale


def is_blank(value: object) -> bool:
    """None, an empty string, a zero mark or a zero amount: the same as no value."""
    return value is None or to_amount(value) == 0


@dataclass
class Comparison:
    cells: int = 0
    ok: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not self.problems and self.ok == self.cells

    def report(self, limit: int = 30) -> str:
        head = f"{self.ok}/{self.cells} cells, {len(self.problems)} problems"
        return "\n".join([head, *self.problems[:limit]])


def _compare_rows(no: int, want_rows: list[dict[str, Any]], got: Table, scale: Decimal,
                  result: Comparison) -> None:
    got_rows = keyed(no, [dict(r) for r in got.rows])
    for key, want in keyed(no, want_rows).items():
        found = got_rows.pop(key, None)
        for col, value in want.items():
            result.cells += 1
            if found is not None and col in found and same_cell(col, value, found[col], scale):
                result.ok += 1
            else:
                shown = "no such row" if found is None else repr(found.get(col))
                result.problems.append(f"t{no} row {show_key(key)} {col}: want {value!r}, got {shown}")
        extra = {col: v for col, v in (found or {}).items() if col not in want and not is_blank(v)}
        for col, value in extra.items():
            result.cells += 1
            result.problems.append(f"t{no} row {show_key(key)}: unexpected column {col}={value!r}")
    for key in got_rows:
        result.cells += 1
        result.problems.append(f"t{no}: extra row {show_key(key)}")


def _compare_table(no: int, want: dict[str, Any], got: Table | None, truth_unit: str,
                   doc_unit: str | None, result: Comparison) -> None:
    if want.get("empty"):
        result.cells += 1
        if got is not None and got.status == "empty" and not got.rows:
            result.ok += 1
        else:
            status = None if got is None else got.status
            count = 0 if got is None else len(got.rows)
            result.problems.append(f"t{no}: expected an empty table, got status {status} with {count} rows")
        return
    if got is None or got.status != "ok":
        result.cells += sum(len(r) for r in want["rows"])
        result.problems.append(f"t{no}: table {'absent' if got is None else got.status}")
        return
    out_unit = got.unit or doc_unit or truth_unit
    _compare_rows(no, want["rows"], got, UNIT_SCALE[out_unit] / UNIT_SCALE[truth_unit], result)


def compare_document(doc: Document, truth: dict[str, Any]) -> Comparison:
    """Every truth cell once, plus a failure per extra row or extra filled cell."""
    result = Comparison()
    truth_unit = str(truth.get("unit") or "万元")
    tables: dict[str, dict[str, Any]] = truth["tables"]
    for no_text, want in sorted(tables.items(), key=lambda kv: int(kv[0])):
        no = int(no_text)
        _compare_table(no, want, doc.table(no), truth_unit, doc.unit, result)
    for table in doc.tables:
        if table.no is not None and str(table.no) not in tables and table.status != "missing":
            result.cells += 1
            result.problems.append(f"t{table.no}: not in the truth but status {table.status}")
    return result


def load_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
