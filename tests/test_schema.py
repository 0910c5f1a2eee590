"""schema.py + tables.toml: the registry loads, is consistent, and rejects bad entries.
(docs/schema.md staying in sync with the registry is tested in test_registry_doc.py.)"""
from __future__ import annotations

from importlib import resources

import pytest

from budgetx.schema.registry import TableSpec, header_vocabulary, load_schema, normalise_header, parse_schema

SCHEMA = load_schema()
KEYS = ["budget_summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
        "general_project", "gov_fund_expenditure", "state_capital_expenditure", "three_public", "carryover"]


def test_registry_loads_the_eleven_tables() -> None:
    budget = SCHEMA.family("budget").tables
    assert [(t.no, t.key) for t in budget] == list(enumerate(KEYS, start=1))
    assert SCHEMA.by_no(3).title == "部门支出总体情况表"
    assert SCHEMA.by_no(10).title == "财政拨款“三公”经费支出情况表"
    assert [t.row_kind for t in budget] == ["side", "function", "function", "side", "function", "economic",
                                                   "function", "function", "function", "item", "item"]
    with pytest.raises(KeyError):
        SCHEMA.by_no(12)


def test_registry_has_the_final_accounts_family_numbered_on_its_own() -> None:
    final = SCHEMA.family("final_accounts").tables
    assert [t.title for t in final][:9] == [
        "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表"]
    assert [t.no for t in final] == list(range(1, len(final) + 1))
    assert all(t.family == "final_accounts" for t in final)
    assert SCHEMA.by_no(3, "final_accounts").key == "final_expenditure"
    assert {"opening_balance", "income", "total", "closing_balance"} <= {c.key for c in SCHEMA.by_no(8, "final_accounts").columns}
    keys = [t.key for t in SCHEMA.tables]
    assert len(keys) == len(set(keys))
    # The provinces' additions are listed only where printed.
    assert [t.no for t in final if t.optional] == [10, 11]


def test_family_numbers_and_keys_are_validated() -> None:
    text = """
[[family]]
name = "budget"
label = "部门预算"
[[family]]
name = "final_accounts"
label = "部门决算"
markers = ["决算"]
[[table]]
no = 1
key = "a"
title = "甲表"
row_kind = "item"
columns = [{key = "item", name = "项目"}]
[[table]]
family = "final_accounts"
no = 1
key = "b"
title = "甲决算表"
row_kind = "item"
columns = [{key = "item", name = "项目"}]
"""
    schema = parse_schema(text)
    assert schema.by_no(1).key == "a" and schema.by_no(1, "final_accounts").key == "b"
    with pytest.raises(ValueError, match="unique across families"):
        parse_schema(text.replace('key = "b"', 'key = "a"'))
    with pytest.raises(ValueError, match="unknown families"):
        parse_schema(text.replace('family = "final_accounts"', 'family = "accounts"'))


@pytest.mark.parametrize("table", SCHEMA.tables, ids=lambda t: str(t.no))
def test_every_table_has_unique_column_keys(table: TableSpec) -> None:
    keys = [c.key for c in table.columns]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("table", SCHEMA.tables, ids=lambda t: str(t.no))
def test_a_header_name_means_one_column_unless_groups_tell_them_apart(table: TableSpec) -> None:
    """Two columns of one table answering to the same header text must be told apart
    by the group they sit under: each names its own (财政拨款/小计 vs 非财政拨款/小计),
    or one names a group and the other is the header printed under no such group
    (上年结转结余/一般公共预算 vs 一般公共预算)."""
    columns = table.columns
    for i, a in enumerate(columns):
        for b in columns[i + 1:]:
            shared = a.names & b.names
            if shared:
                assert (a.under or b.under) and set(a.under) != set(b.under), (a.key, b.key, shared)


def test_coded_tables_start_with_their_row_columns() -> None:
    for table in SCHEMA.tables:
        keys = [c.key for c in table.columns]
        if table.row_kind == "function":
            assert keys[:5] == ["code", "class_code", "section_code", "item_code", "name"]
        elif table.row_kind == "economic":
            assert keys[:4] == ["code", "class_code", "section_code", "name"]
        elif table.row_kind == "side":
            assert keys[:3] == ["side", "item", "code"]
        else:
            assert keys[0] == "item"


def test_column_lookup_and_names() -> None:
    t2 = SCHEMA.by_no(2)
    col = t2.column("special_account")
    assert col.name == "财政专户（教育收费）"
    assert "财政专户(教育收费)" in col.names and "财政专户" in col.names
    with pytest.raises(KeyError):
        t2.column("nope")


def test_header_vocabulary_holds_names_aliases_and_generic_words() -> None:
    vocabulary = header_vocabulary(SCHEMA)
    assert {"合计", "科目编码", "一般公共预算拨款", "财政专户(教育收费)", "※"} <= vocabulary
    assert "一般公共服务支出" not in vocabulary


@pytest.mark.parametrize(("text", "norm"), [
    ("财政拨款（补助）", "财政拨款(补助)"), ("合  计", "合计"), ("“三公”经费", "三公经费"),
    ("合计（万元）", "合计"), ("其中：基本支出", "其中:基本支出"), ("预算数（单位：万元）", "预算数"),
])
def test_normalise_header(text: str, norm: str) -> None:
    assert normalise_header(text) == norm


REGISTRY = resources.files("budgetx.schema").joinpath("tables.toml").read_text(encoding="utf-8")

TABLE = """
[[table]]
no = {no}
key = "t{no}"
title = "表{no}"
row_kind = "{kind}"
columns = [{{key = "total", name = "合计"}}, {{key = "basic", name = "基本支出"}}{extra}]
rules = [{rules}]
"""


def toml(*tables: dict[str, object]) -> str:
    defaults = {"kind": "function", "extra": "", "rules": '"hierarchy", "total = basic"'}
    return "".join(TABLE.format(**{**defaults, **t}) for t in tables)


def test_parse_schema_accepts_a_small_registry() -> None:
    schema = parse_schema(toml({"no": 1}, {"no": 2, "kind": "item"}))
    assert [t.no for t in schema.tables] == [1, 2]
    assert schema.by_no(1).rules == ("hierarchy", "total = basic")


def test_the_shipped_registry_parses_the_same() -> None:
    assert parse_schema(REGISTRY) == SCHEMA


@pytest.mark.parametrize(("table", "message"), [
    ({"no": 1, "rules": '"total = basic + project"'}, "unknown column 'project'"),
    ({"no": 1, "kind": "matrix"}, "unknown row_kind"),
    ({"no": 1, "extra": ', {key = "total", name = "总计"}'}, "duplicate column keys"),
])
def test_validation_rejects_bad_tables(table: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_schema(toml(table))


def test_validation_rejects_unordered_or_repeated_numbers() -> None:
    with pytest.raises(ValueError, match="unique and in order"):
        parse_schema(toml({"no": 2}, {"no": 1}))
    with pytest.raises(ValueError, match="unique and in order"):
        parse_schema(toml({"no": 1}, {"no": 1}))


def test_validation_rejects_an_unknown_key_in_the_shipped_registry() -> None:
    broken = REGISTRY.replace('"total = basic + project"', '"total = basic + projects"', 1)
    assert broken != REGISTRY
    with pytest.raises(ValueError, match="unknown column 'projects'"):
        parse_schema(broken)


def test_items_printed_across_are_header_words() -> None:
    # 上海's “三公” table: 公务用车购置及运行费 heads 小计 | 购置费 | 运行费. Known as a
    # header, it is never read as the first piece of a header wrapped in its cell.
    vocabulary = header_vocabulary(load_schema())
    assert {"公务用车购置及运行费", "公务用车购置及运行维护费", "公务接待费"} <= vocabulary
