"""Documents built from ground-truth files, for testing writers and the CLI without
running the extraction."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from budgetx.vocabulary import TEXT_KEYS
from budgetx.model import Cell, Check, Column, Document, Table
from budgetx.schema.registry import load_schema

DATA = Path(__file__).parent / "data"


def _row(raw: dict[str, str | None]) -> dict[str, Cell]:
    return {k: (Decimal(v) if k not in TEXT_KEYS and v is not None else v) for k, v in raw.items()}


def document_from_truth(path: Path = DATA / "changji-2025.truth.json") -> Document:
    truth = json.loads(path.read_text(encoding="utf-8"))
    tables = []
    for spec in load_schema().family("budget").tables:
        raw = truth["tables"].get(str(spec.no))
        if raw is None:
            tables.append(Table(spec.no, spec.key, spec.title, status="missing"))
            continue
        rows = [_row(r) for r in raw["rows"]]
        present = {k for r in rows for k in r}
        columns = [Column(c.key, c.name) for c in spec.columns if c.key in present or not rows]
        tables.append(Table(spec.no, spec.key, raw["title"], pages=[spec.no + 4],
                            status="empty" if raw["empty"] else "ok", unit=truth["unit"],
                            columns=columns, rows=rows,
                            note="本部门没有此项支出，本表为空表。" if raw["empty"] else None))
    checks = [Check("hierarchy", 2, "210", "total", Decimal("31.04"), Decimal("31.03"),
                    Decimal("-0.01"), "rounding")]
    return Document(truth["file"], "0" * 64, 32, truth["department"], truth["year"],
                    truth["unit"], tables, checks)
