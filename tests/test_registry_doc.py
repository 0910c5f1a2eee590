from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from budgetx.cli.app import app
from budgetx.schema.doc import render_markdown, schema_to_dict
from budgetx.schema.registry import load_schema, parse_schema

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "schema.md"
runner = CliRunner()


def test_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(load_schema()), \
        "docs/schema.md is out of date with budgetx/tables.toml: run `make docs`"


def test_rendering_is_deterministic() -> None:
    text = (ROOT / "budgetx" / "schema" / "tables.toml").read_text(encoding="utf-8")
    assert render_markdown(parse_schema(text)) == render_markdown(load_schema())


# The column keys of /work/shared/spec/tables.md, table by table ("The tables"), and the
# shared row keys ("Row keys shared by several tables").
ROW_KEYS = {"function": ["code", "class_code", "section_code", "item_code", "name"],
            "economic": ["code", "class_code", "section_code", "name"]}
SPEC_KEYS = {
    1: ["side", "item", "code", "amount"],
    2: ["total", "fiscal_subtotal", "general_budget", "general_transfer", "gov_fund",
        "gov_fund_transfer", "state_capital", "state_capital_transfer", "special_account",
        "unit_funds", "fiscal_carryover", "nonfiscal_carryover"],
    3: ["total", "basic", "project"],
    4: ["side", "item", "code", "total", "general_budget", "gov_fund", "state_capital"],
    5: ["total", "basic", "project"],
    6: ["total", "personnel", "public"],
    7: ["project_name", "total", "wages", "goods_services", "household_subsidy", "debt_interest",
        "capital_construction", "capital", "enterprise_subsidy_construction",
        "enterprise_subsidy", "social_security_subsidy", "other"],
    8: ["total", "basic_personnel", "basic_public", "project"],
    9: ["total", "basic_personnel", "basic_public", "project"],
    10: ["item", "total", "general_budget", "gov_fund", "state_capital"],
    11: ["item", "total", "fiscal_subtotal", "fiscal_basic_personnel", "fiscal_basic_public",
         "fiscal_project", "nonfiscal_subtotal", "nonfiscal_basic_personnel",
         "nonfiscal_basic_public", "nonfiscal_project"],
}


def _section(doc: str, heading: str) -> str:
    start = doc.index(heading)
    end = doc.find("\n### ", start + 1)
    return doc[start:end if end >= 0 else len(doc)]


def test_every_canonical_column_key_is_documented() -> None:
    schema = load_schema()
    doc = DOC.read_text(encoding="utf-8")
    for kind, keys in ROW_KEYS.items():
        rows = _section(doc, f"### `{kind}`: table")
        for key in keys:
            assert f"| `{key}` |" in rows, (kind, key)
    for no, keys in SPEC_KEYS.items():
        table = schema.by_no(no)
        section = _section(doc, f"### {no} `{table.key}` {table.title}")
        for key in keys:
            assert f"| `{key}` | {table.column(key).name} |" in section or \
                key in ROW_KEYS.get(table.row_kind, ()), (no, key)
    # And every key of the registry, whether tables.md names it or not.
    for col in (c for t in schema.tables for c in t.columns):
        assert f"| `{col.key}` | {col.name} |" in doc, col.key


def test_cli_prints_the_doc() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(load_schema())


def test_cli_json() -> None:
    result = runner.invoke(app, ["schema", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == schema_to_dict(load_schema())
    assert [t["no"] for t in data["tables"] if t["family"] == "budget"] == list(range(1, 12))
    assert [t["no"] for t in data["tables"] if t["family"] == "final_accounts"][:9] == list(range(1, 10))
    t2 = data["tables"][1]
    assert t2["key"] == "revenue" and t2["columns"][0]["key"] == "code"
    assert {"key": "fiscal_subtotal", "name": "财政拨款（补助）小计",
            "aliases": ["财政拨款(补助)小计", "财政拨款小计", "财政拨款收入", "财政拨款", "本级财政拨款",
                        "财政拨款(补助)"], "under": [], "optional": False} in t2["columns"]
    assert {"key": "business_income", "name": "事业收入", "aliases": ["事业收入（不含教育收费）"], "under": [], "optional": True} in t2["columns"]
    t11 = data["tables"][10]
    assert {"key": "nonfiscal_subtotal", "name": "小计", "aliases": [], "under": ["非财政拨款"],
            "optional": False} in t11["columns"]
    assert data["families"][1] == {"name": "final_accounts", "label": "部门决算", "markers": ["决算"]}
    assert {"family": "final_accounts", "expr": "t3.total = t1[本年支出合计].amount"} in data["cross_rules"]


def test_cli_rejects_unknown_format() -> None:
    result = runner.invoke(app, ["schema", "--format", "yaml"])
    assert result.exit_code == 2
