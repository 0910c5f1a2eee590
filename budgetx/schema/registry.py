"""The schema registry (tables.toml) loaded once into frozen dataclasses."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

ROW_KINDS = ("function", "economic", "side", "item")


def normalise_header(text: str) -> str:
    """The form header texts are compared in: NFKC (full-width brackets become ASCII),
    no whitespace, one kind of quote, no trailing unit note."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”‘’「」『』\"']", "", text)
    text = "".join(text.split())
    text = re.sub(r"\((?:万元|元)\)$", "", text)
    return text


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    under: tuple[str, ...] = ()
    optional: bool = False

    @property
    def names(self) -> frozenset[str]:
        return frozenset(normalise_header(n) for n in (self.name, *self.aliases))


@dataclass(frozen=True)
class TableSpec:
    no: int
    key: str
    title: str
    variants: tuple[str, ...]
    row_kind: str
    columns: tuple[ColumnSpec, ...]
    rules: tuple[str, ...]
    keywords: tuple[tuple[str, ...], ...] = ()
    item_headers: tuple[str, ...] = ()

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def default_keys(self) -> list[str]:
        """The columns every document's version of this table lists: its row columns
        ([row_columns], prepended to `columns` on loading) and the columns not marked
        optional."""
        return [c.key for c in self.columns if not c.optional]

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.variants)


@dataclass(frozen=True)
class Schema:
    tables: tuple[TableSpec, ...]
    cross_rules: tuple[dict[str, object], ...]
    not_canonical: tuple[str, ...] = ()
    # [row_columns] per row_kind (already prepended to each table's columns) and the
    # [[narrative]] entries, kept as read for docs (registry_doc.py) and rules.py.
    row_columns: tuple[tuple[str, tuple[ColumnSpec, ...]], ...] = ()
    narrative: tuple[dict[str, object], ...] = ()

    def by_no(self, no: int) -> TableSpec:
        for table in self.tables:
            if table.no == no:
                return table
        raise KeyError(no)

    def shared_columns(self, row_kind: str) -> tuple[ColumnSpec, ...]:
        """The row columns every table of this row_kind starts with ([row_columns])."""
        return dict(self.row_columns).get(row_kind, ())


def _validate(table: TableSpec) -> None:
    if table.row_kind not in ROW_KINDS:
        raise ValueError(f"table {table.no}: unknown row_kind {table.row_kind!r}")
    keys = [c.key for c in table.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"table {table.no}: duplicate column keys")
    for rule in table.rules:
        if rule == "hierarchy":
            continue
        for name in re.findall(r"[a-z_]+", rule):
            if name not in keys:
                raise ValueError(f"table {table.no}: rule {rule!r} names unknown column {name!r}")


def _column(raw: dict[str, Any]) -> ColumnSpec:
    return ColumnSpec(raw["key"], raw["name"], tuple(raw.get("aliases", ())), tuple(raw.get("under", ())),
                      bool(raw.get("optional", False)))


def parse_schema(text: str) -> Schema:
    data = tomllib.loads(text)
    shared = {kind: tuple(_column(c) for c in cols) for kind, cols in data.get("row_columns", {}).items()}
    tables = []
    for raw in data["table"]:
        columns = (*shared.get(raw["row_kind"], ()), *(_column(c) for c in raw["columns"]))
        spec = TableSpec(raw["no"], raw["key"], raw["title"], tuple(raw.get("variants", ())),
                         raw["row_kind"], columns, tuple(raw.get("rules", ())),
                         tuple(tuple(group) for group in raw.get("keywords", ())),
                         tuple(raw.get("item_headers", ())))
        _validate(spec)
        tables.append(spec)
    nos = [t.no for t in tables]
    if nos != sorted(set(nos)):
        raise ValueError("table numbers must be unique and in order")
    return Schema(tuple(tables), tuple(data.get("rule", ())), tuple(data.get("not_canonical", ())),
                  tuple(shared.items()), tuple(data.get("narrative", ())))


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    text = resources.files("budgetx.schema").joinpath("tables.toml").read_text(encoding="utf-8")
    return parse_schema(text)


# Words that read as table headers besides the schema's column names and aliases.
_GENERIC_HEADER_WORDS = (
    "项目", "科目", "合计", "总计", "小计", "类", "款", "项", "※", "预算数", "金额", "收入", "支出",
    "科目编码", "科目名称", "功能分类", "经济分类", "基本支出", "项目支出", "人员经费", "公用经费",
)


@lru_cache(maxsize=4)
def _vocabulary(tables: tuple[TableSpec, ...]) -> frozenset[str]:
    names = {normalise_header(w) for w in _GENERIC_HEADER_WORDS}
    for spec in tables:
        for col in spec.columns:
            names |= col.names
    return frozenset(names)


def header_vocabulary(schema: Schema) -> frozenset[str]:
    """Every header text the registry knows (normalised): what makes a line read as a
    table header, and what letter-spaced header glyphs join into."""
    return _vocabulary(schema.tables)
