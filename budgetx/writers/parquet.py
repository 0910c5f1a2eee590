"""Combined tables as Parquet files (`budgetx[parquet]`, pyarrow): one file per table,
amounts as exact decimals, codes and names as strings, counts as integers, so that
pandas, DuckDB and Spark read the same numbers the disclosure prints.

Amount columns are decimal128(38, scale) with scale the largest number of decimals any
value of the column prints (2 for 万元 tables, 0 for whole 元; a column without values
gets 2): every printed amount fits exactly, and the precision does not change from one
batch to the next, so files of several batches read together.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

PRECISION = 38  # decimal128's largest: no printed amount comes near it
EMPTY_SCALE = 2
ROW_GROUP = 10_000  # rows buffered per table before a row group is written
INSTALL = "Parquet output needs pyarrow: pip install 'budgetx[parquet]'"


@dataclass(frozen=True)
class ParquetColumn:
    """One column: its key and kind, `int`, `text` or `decimal` (with its scale)."""

    key: str
    kind: str
    scale: int = EMPTY_SCALE


def available() -> bool:
    """Whether pyarrow is installed (the optional extra)."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None


def decimal_places(value: object) -> int | None:
    """Decimals printed by an amount (Decimal("1.50") → 2, a JSON integer → 0), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 0
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return None


def _arrow_type(column: ParquetColumn) -> Any:
    import pyarrow as pa

    if column.kind == "int":
        return pa.int64()
    if column.kind == "text":
        return pa.string()
    return pa.decimal128(PRECISION, column.scale)


def _cell(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "text":
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    return value if isinstance(value, Decimal) else Decimal(value)  # type: ignore[arg-type]


class ParquetSink:
    """Streams rows into one Parquet file per table, a row group at a time, so memory
    stays flat whatever the number of documents."""

    def __init__(self, paths: dict[str, Path], columns: dict[str, list[ParquetColumn]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.columns = columns
        self.schemas = {key: pa.schema([pa.field(c.key, _arrow_type(c)) for c in cols])
                        for key, cols in columns.items()}
        self.writers = {key: pq.ParquetWriter(paths[key], self.schemas[key], compression="zstd")
                        for key in columns}
        self.buffer: dict[str, list[dict[str, object]]] = {key: [] for key in columns}

    def _flush(self, key: str) -> None:
        import pyarrow as pa

        rows = self.buffer[key]
        if not rows:
            return
        arrays = [pa.array([_cell(row.get(c.key), c.kind) for row in rows], type=_arrow_type(c))
                  for c in self.columns[key]]
        self.writers[key].write_table(pa.Table.from_arrays(arrays, schema=self.schemas[key]))
        self.buffer[key] = []

    def row(self, key: str, row: dict[str, object]) -> None:
        self.buffer[key].append(row)
        if len(self.buffer[key]) >= ROW_GROUP:
            self._flush(key)

    def close(self) -> None:
        for key in self.columns:
            self._flush(key)
            self.writers[key].close()
