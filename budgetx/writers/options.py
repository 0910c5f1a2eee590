"""Options shared by the writers."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WriteOptions:
    keys: str = "zh"  # header row of CSV/XLSX: canonical Chinese names (zh) or keys (en)
    bom: bool | None = None  # CSV: None = BOM in files (for Excel), none on streams
    indent: int | None = 2  # JSON
