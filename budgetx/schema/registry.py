"""The schema registry (tables.toml) loaded once into frozen dataclasses."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

ROW_KINDS = ("function", "economic", "side", "item")


_QUOTES = re.compile(r"[“”‘’「」『』\"']")
_UNIT_NOTE = re.compile(r"\((?:单位:)?(?:万元|元)\)$")


# Cached: locating and column mapping ask for the same few thousand texts (every line
# of every page, every header cell against every column's names) tens of thousands
# of times in a long document.
@lru_cache(maxsize=1 << 16)
def normalise_header(text: str) -> str:
    """The form header texts are compared in: NFKC (full-width brackets become ASCII),
    no whitespace, one kind of quote, no trailing unit note."""
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTES.sub("", text)
    text = "".join(text.split())
    text = _UNIT_NOTE.sub("", text)
    return text


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    under: tuple[str, ...] = ()
    optional: bool = False

    @cached_property  # asked for every header cell: computed once per column
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
    family: str = "budget"
    # An item table printed across with measures (预算数/决算数) under each item: its
    # items in order, and the item whose 小计 column is its figure.
    items: tuple[str, ...] = ()
    subtotal_of: str = ""
    # A table only some templates print: listed only where printed, its rules skipped
    # where it is not.
    optional: bool = False

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

    @cached_property  # asked for every item header: computed once per table
    def spelled_items(self) -> dict[str, tuple[str, str]]:
        """Each spelling of the items (`a|b` in the registry: the item a, printed b too),
        normalised → (the item, the spelling)."""
        return {normalise_header(name): (entry.split("|")[0], name)
                for entry in self.items for name in entry.split("|")}


DEFAULT_FAMILY = "budget"


@dataclass(frozen=True)
class FamilySpec:
    """A family of canonical tables ([[family]]): the department budget (部门预算) and the
    final accounts (部门决算). A table title holding one of `markers` belongs to this
    family and to no other; a title holding none belongs to a family without markers."""

    name: str
    label: str
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSpec:
    """A kind of document that is not a department disclosure ([[kind]]): its tables are
    kept outside the families. `cover` phrases name it on its first pages (unless one of
    `unless` is there too), `titles` words mark its table titles."""

    name: str
    cover: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    tables: tuple[TableSpec, ...]
    cross_rules: tuple[dict[str, object], ...]
    # [row_columns] per row_kind (already prepended to each table's columns) and the
    # [[narrative]] entries, kept as read for docs (registry_doc.py) and rules.py.
    row_columns: tuple[tuple[str, tuple[ColumnSpec, ...]], ...] = ()
    narrative: tuple[dict[str, object], ...] = ()
    families: tuple[FamilySpec, ...] = (FamilySpec(DEFAULT_FAMILY, "部门预算"),)
    kinds: tuple[KindSpec, ...] = ()
    form_titles: tuple[str, ...] = ()
    form_value_headers: tuple[str, ...] = ()
    # Words that, just before a matched title variant, make it another table's title
    # (基本 + 支出总表 is 基本支出总表, not 支出总表).
    title_qualifiers: tuple[str, ...] = ()

    def by_no(self, no: int, family: str | None = None) -> TableSpec:
        """Table `no` of `family` (default: this registry's first family, the budget for
        the whole registry, the one family of `family(name)`)."""
        family = family or self.families[0].name
        for table in self.tables:
            if table.no == no and table.family == family:
                return table
        raise KeyError(no)

    def family(self, name: str) -> Schema:
        """The registry of one family: its tables, its cross-table rules and narrative
        figures (rules name tables by their number within the family)."""
        key = (id(self), name)
        if key not in _FAMILY_CACHE:
            def mine(entry: dict[str, object]) -> bool:
                return str(entry.get("family", DEFAULT_FAMILY)) == name

            _FAMILY_CACHE[key] = Schema(
                tuple(t for t in self.tables if t.family == name),
                tuple(r for r in self.cross_rules if mine(r)), self.row_columns,
                tuple(n for n in self.narrative if mine(n)),
                tuple(f for f in self.families if f.name == name), self.kinds, self.form_titles,
                self.form_value_headers)
        return _FAMILY_CACHE[key]

    def family_spec(self, name: str) -> FamilySpec:
        for family in self.families:
            if family.name == name:
                return family
        raise KeyError(name)

    def shared_columns(self, row_kind: str) -> tuple[ColumnSpec, ...]:
        """The row columns every table of this row_kind starts with ([row_columns])."""
        return dict(self.row_columns).get(row_kind, ())


_FAMILY_CACHE: dict[tuple[int, str], Schema] = {}


# Rules the checks compute from a table's rows rather than read as identities: parent
# = sum of children by code, and a numbered row = its numbered parts.
BUILTIN_RULES = ("hierarchy", "outline")


def _validate(table: TableSpec) -> None:
    if table.row_kind not in ROW_KINDS:
        raise ValueError(f"table {table.no}: unknown row_kind {table.row_kind!r}")
    keys = [c.key for c in table.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"table {table.no}: duplicate column keys")
    for rule in table.rules:
        if rule in BUILTIN_RULES:
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
                         tuple(raw.get("item_headers", ())), raw.get("family", DEFAULT_FAMILY),
                         tuple(raw.get("items", ())), raw.get("subtotal_of", ""),
                         bool(raw.get("optional", False)))
        _validate(spec)
        tables.append(spec)
    families = tuple(FamilySpec(f["name"], f["label"], tuple(f.get("markers", ())))
                     for f in data.get("family", ())) or (FamilySpec(DEFAULT_FAMILY, "部门预算"),)
    names = [f.name for f in families]
    for family in names:
        nos = [t.no for t in tables if t.family == family]
        if nos != sorted(set(nos)):
            raise ValueError(f"family {family}: table numbers must be unique and in order")
    if unknown := {t.family for t in tables} - set(names):
        raise ValueError(f"tables of unknown families {sorted(unknown)}")
    keys = [t.key for t in tables]
    if len(set(keys)) != len(keys):
        raise ValueError("table keys must be unique across families")
    kinds = tuple(KindSpec(k["name"], tuple(k.get("cover", ())), tuple(k.get("unless", ())),
                           tuple(k.get("titles", ()))) for k in data.get("kind", ()))
    return Schema(tuple(tables), tuple(data.get("rule", ())), tuple(shared.items()),
                  tuple(data.get("narrative", ())), families, kinds, tuple(data.get("form_titles", ())),
                  tuple(data.get("form_value_headers", ())), tuple(data.get("title_qualifiers", ())))


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
        # Items printed across (the “三公” table's 公务用车购置及运行费 over 购置费) head
        # columns there.
        names |= set(spec.spelled_items)
    return frozenset(names)


def header_vocabulary(schema: Schema) -> frozenset[str]:
    """Every header text the registry knows (normalised): what makes a line read as a
    table header, and what letter-spaced header glyphs join into."""
    return _vocabulary(schema.tables)
