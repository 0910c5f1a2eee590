"""Whole documents: every sample PDF extracted and compared with its ground truth cell by
cell, with its golden JSON, and named values read off the printed tables."""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from budgetx.model import Cell, Document, Table
from budgetx.writers.json import document_to_dict, dumps
from truthcompare import DATA, SAMPLES, compare_document, load_truth, norm_text, same_cell

Extracted = Callable[[str], Document]


def table(doc: Document, no: int) -> Table:
    found = doc.table(no)
    assert found is not None, f"table {no} not in the document"
    return found


def row(t: Table, **match: str) -> dict[str, Cell]:
    """The one row whose text cells equal `match`."""
    hits = [r for r in t.rows if all(r.get(k) == v for k, v in match.items())]
    assert len(hits) == 1, f"t{t.no}: {len(hits)} rows match {match}"
    return hits[0]


# --- ground truth ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_matches_truth(extracted: Extracted, name: str) -> None:
    result = compare_document(extracted(name), load_truth(SAMPLES[name][1]))
    assert result.perfect, result.report()
    assert result.cells > 500


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_document_fields(extracted: Extracted, name: str) -> None:
    truth = load_truth(SAMPLES[name][1])
    doc = extracted(name)
    assert (doc.department, doc.year, doc.unit) == (truth["department"], truth["year"], truth["unit"])
    assert [t.no for t in doc.tables[:11]] == list(range(1, 12))
    assert all(t.status != "missing" for t in doc.tables[:11])
    assert all(t.unit == truth["unit"] for t in doc.tables[:11])


# The comparison itself must see a wrong cell, a missing or extra row, a lost empty table.

def test_compare_sees_a_changed_amount(extracted: Extracted) -> None:
    doc = copy.deepcopy(extracted("changji-2025"))
    row(table(doc, 3), name="总计")["total"] = Decimal("2104.56")
    result = compare_document(doc, load_truth(SAMPLES["changji-2025"][1]))
    assert result.problems == ["t3 row 总计 total: want '2104.55', got Decimal('2104.56')"]
    assert result.ok == result.cells - 1


def test_compare_sees_missing_and_extra_rows(extracted: Extracted) -> None:
    doc = copy.deepcopy(extracted("changji-2025"))
    t2 = table(doc, 2)
    dropped = t2.rows.pop(3)
    t2.rows.append({**dropped, "code": "2010399", "item_code": "99"})
    problems = compare_document(doc, load_truth(SAMPLES["changji-2025"][1])).problems
    assert "t2 row 2010301 total: want '596.61', got no such row" in problems
    assert "t2: extra row 2010399" in problems


def test_compare_sees_a_filled_empty_table(extracted: Extracted) -> None:
    doc = copy.deepcopy(extracted("changji-2025"))
    t8 = table(doc, 8)
    t8.status, t8.rows = "ok", [{"code": "", "name": "合计", "total": Decimal("0")}]
    assert compare_document(doc, load_truth(SAMPLES["changji-2025"][1])).problems == [
        "t8: expected an empty table, got status ok with 1 rows"]


def test_compare_sees_an_extra_filled_column(extracted: Extracted) -> None:
    doc = copy.deepcopy(extracted("changji-2025"))
    row(table(doc, 5), code="201")["备注"] = "x"
    problems = compare_document(doc, load_truth(SAMPLES["changji-2025"][1])).problems
    assert problems == ["t5 row 201: unexpected column 备注='x'"]


def test_compare_scales_units(extracted: Extracted) -> None:
    """The 元 sample rescaled to 万元 still matches its (元) truth exactly."""
    doc = copy.deepcopy(extracted("shihekou-health-2025--yuan"))
    for t in doc.tables[:11]:
        t.unit = "万元"
        for r in t.rows:
            for k, v in r.items():
                if isinstance(v, Decimal):
                    r[k] = v / 10000
    assert compare_document(doc, load_truth(SAMPLES["shihekou-health-2025--yuan"][1])).perfect
    table(doc, 1).rows[0]["amount"] = Decimal("8420.99")
    assert not compare_document(doc, load_truth(SAMPLES["shihekou-health-2025--yuan"][1])).perfect


@pytest.mark.parametrize(("key", "want", "got", "same"), [
    ("item", "财政拨款“三公”经费", '财政拨款"三公"经费', True),
    ("item", "1. 一般公共预算拨款", "1.一般公共预算拨款", True),
    ("name", "政府办公厅（室）", "政府办公厅(室)", True),
    ("name", "行政运行", "行政事务", False),
    ("total", None, Decimal("0.00"), True),
    ("total", "-", None, True),
    ("total", "0", Decimal("0"), True),
    ("total", "140.00", Decimal("140"), True),
    ("total", "140.00", Decimal("140.01"), False),
    ("total", None, Decimal("0.01"), False),
])
def test_same_cell(key: str, want: object, got: object, same: bool) -> None:
    assert same_cell(key, want, got, Decimal(1)) is same


def test_norm_text_quotes_and_widths() -> None:
    assert norm_text("“三公”经费 （小计）") == '"三公"经费(小计)'


# --- golden JSON -------------------------------------------------------------------------

def _stable(value: object) -> object:
    """Golden form: Decimal amounts as their printed text (140.00 ≠ 140.0), checks in a
    fixed order (the only field whose order says nothing)."""
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        out = {k: _stable(v) for k, v in value.items()}
        if "checks" in out and isinstance(out["checks"], list):
            out["checks"] = sorted(out["checks"], key=lambda c: json.dumps(c, ensure_ascii=False, sort_keys=True))
        return out
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _differences(want: object, got: object, path: str = "$") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k in [*want, *(k for k in got if k not in want)]:
            if k not in got:
                out.append(f"{path}.{k}: missing")
            elif k not in want:
                out.append(f"{path}.{k}: unexpected {got[k]!r}")
            else:
                out += _differences(want[k], got[k], f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = [d for i, (a, b) in enumerate(zip(want, got)) for d in _differences(a, b, f"{path}[{i}]")]
        if len(want) != len(got):
            out.append(f"{path}: {len(want)} items expected, {len(got)} found")
        return out
    return [] if want == got else [f"{path}: want {want!r}, got {got!r}"]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_golden_json(extracted: Extracted, update_golden: bool, name: str) -> None:
    golden = DATA / f"{name}.expected.json"
    text = dumps(document_to_dict(extracted(name))) + "\n"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} missing: run pytest --update-golden and review it"
    want = _stable(json.loads(golden.read_text(encoding="utf-8"), parse_float=Decimal))
    got = _stable(json.loads(text, parse_float=Decimal))
    diffs = _differences(want, got)
    assert not diffs, f"{len(diffs)} differences from {golden.name} (pytest --update-golden " \
                      f"regenerates it):\n" + "\n".join(diffs[:30])


def test_golden_differences_are_reported() -> None:
    want = {"tables": [{"rows": [{"total": {"$decimal": "140.00"}}]}], "checks": []}
    got = {"tables": [{"rows": [{"total": {"$decimal": "140.0"}}, {}]}], "checks": [], "x": 1}
    assert _differences(want, got) == [
        "$.tables[0].rows[0].total.$decimal: want '140.00', got '140.0'",
        "$.tables[0].rows: 1 items expected, 2 found",
        "$.x: unexpected 1",
    ]


# --- named values ------------------------------------------------------------------------

def test_changji_totals(extracted: Extracted) -> None:
    doc = extracted("changji-2025")
    assert (doc.department, doc.year, doc.unit, doc.pages) == (
        "昌吉回族自治州政务服务和公共资源交易中心", 2025, "万元", 32)
    total = row(table(doc, 3), name="总计")
    assert (total["total"], total["basic"], total["project"]) == (
        Decimal("2104.55"), Decimal("938.82"), Decimal("1165.73"))
    assert row(table(doc, 1), side="收入", item="收入总计")["amount"] == Decimal("2104.55")
    assert row(table(doc, 1), side="收入", item="一、本年收入")["amount"] == Decimal("1388.82")
    # Printed precision is kept: 140.00, not 140.
    assert str(row(table(doc, 2), name="总计")["nonfiscal_carryover"]) == "140.00"


def test_changji_t2_codes_and_continuation(extracted: Extracted) -> None:
    t2 = table(extracted("changji-2025"), 2)
    assert t2.pages == [7, 8]  # 表2 continues on a second page with its header repeated
    r = row(t2, code="2010301")
    assert (r["class_code"], r["section_code"], r["item_code"], r["name"]) == ("201", "03", "01", "行政运行")
    assert (r["total"], r["general_budget"], r["fiscal_carryover"]) == (Decimal("596.61"), Decimal("596.61"), None)
    assert row(t2, code="20103")["name"] == "政府办公厅（室）及相关机构事务"
    assert len(t2.rows) == 20
    assert t2.row_pages[0] == 7 and t2.row_pages[-1] == 8


def test_changji_empty_tables_keep_their_sentence(extracted: Extracted) -> None:
    doc = extracted("changji-2025")
    for no, fund in [(8, "政府性基金预算"), (9, "国有资本经营预算")]:
        t = table(doc, no)
        assert (t.status, t.rows) == ("empty", [])
        assert t.note is not None and t.note.endswith("为空表。")
        assert f"没有使用{fund}拨款安排的支出" in t.note
        assert [c.key for c in t.columns][-4:] == ["total", "basic_personnel", "basic_public", "project"]


def test_changji_t7_unit_row_and_t10_items(extracted: Extracted) -> None:
    doc = extracted("changji-2025")
    t7 = table(doc, 7)
    unit_row = t7.rows[1]
    assert (unit_row["code"], unit_row["name"], unit_row["total"]) == (
        "", "昌吉回族自治州政务服务和公共资源交易中心", Decimal("450.00"))
    t10 = table(doc, 10)
    assert [r["item"] for r in t10.rows] == ["合计", "因公出国（境）费", "公务接待费",
                                              "公务用车购置及运行费（小计）", "其中：公务用车购置费", "公务用车运行费"]
    assert row(t10, item="合计")["total"] == Decimal("5.00")


def test_changji_t6_economic_codes(extracted: Extracted) -> None:
    t6 = table(extracted("changji-2025"), 6)
    assert t6.row_key == "economic"
    assert "item_code" not in t6.rows[0]
    r = row(t6, code="30101")
    assert (r["class_code"], r["section_code"], r["name"], r["total"]) == ("301", "01", "基本工资", Decimal("148.97"))


def test_changji_extra_tables_follow_the_eleven(extracted: Extracted) -> None:
    doc = extracted("changji-2025")
    extras = doc.tables[11:]
    assert [(t.no, t.key, t.title) for t in extras] == [
        (None, None, "部门整体绩效目标表"), (None, None, "项目支出绩效目标表")]
    assert all(t.rows and t.status == "ok" for t in extras)
    # The 部门整体 form's last indicators run onto page 29, above the next form's title.
    assert extras[0].pages == [28, 29] and extras[1].pages == [29]
    last = extras[0].rows[-1]
    assert "管理代理从业人员" in last["label"] and last["value"] == 20


def test_changji_nolines_reads_as_the_ruled_replica(extracted: Extracted) -> None:
    """Without vertical rules the columns come from text alignment: same rows."""
    ruled, unruled = extracted("changji-2025"), extracted("changji-2025--nolines")
    for a, b in zip(ruled.tables, unruled.tables, strict=True):
        assert (a.no, a.pages, a.columns, a.rows, a.note) == (b.no, b.pages, b.columns, b.rows, b.note)


def test_qinghe_police_single_code_column(extracted: Extracted) -> None:
    doc = extracted("qinghe-police-2025--codecol")
    assert (doc.department, doc.year, doc.unit) == ("青禾县公安局", 2025, "万元")
    t2 = table(doc, 2)
    r = row(t2, code="20402")
    assert (r["class_code"], r["section_code"], r["item_code"], r["name"]) == ("204", "02", "", "公安")
    assert row(t2, name="总计")["total"] == Decimal("6938.47")
    coded = [r for r in t2.rows if r["code"]]
    assert coded and all(str(r["code"]) == f"{r['class_code']}{r['section_code']}{r['item_code']}" for r in coded)
    # Names printed indented by level come out without the indent.
    assert all(r["name"] == str(r["name"]).strip() for r in t2.rows)


def test_qinghe_police_t7_project_names(extracted: Extracted) -> None:
    t7 = table(extracted("qinghe-police-2025--codecol"), 7)
    car = row(t7, code="2040202", project_name="公务用车购置经费")
    assert (car["name"], car["total"], car["capital"], car["goods_services"]) == (
        "一般行政管理事务", Decimal("45.00"), Decimal("45.00"), None)
    assert row(t7, project_name="辅警及警务保障人员劳务派遣经费")["goods_services"] == Decimal("1241.00")
    assert len([r for r in t7.rows if r["code"] == "2040202"]) >= 2


def test_qinghe_edu_funds_columns(extracted: Extracted) -> None:
    doc = extracted("qinghe-edu-2025--replica")
    assert (doc.department, doc.year, doc.unit) == ("青禾县教育局", 2025, "万元")
    total = row(table(doc, 2), name="总计")
    assert (total["special_account"], total["unit_funds"], total["general_transfer"]) == (
        Decimal("217.00"), Decimal("74.04"), Decimal("1003.60"))
    t8 = table(doc, 8)
    assert t8.status == "ok"
    assert row(t8, code="229")["total"] == Decimal("105.93")
    assert table(doc, 9).status == "empty"
    r = row(table(doc, 7), project_name="全县中小学教师招聘及培训经费")
    assert (r["code"], r["goods_services"], r["household_subsidy"]) == ("2050102", Decimal("25.51"), Decimal("6.38"))


def test_shihekou_agri_long_tables(extracted: Extracted) -> None:
    doc = extracted("shihekou-agri-2025--replica")
    assert (doc.department, doc.year, doc.unit) == ("石河口市农业农村局", 2025, "万元")
    t2, t7 = table(doc, 2), table(doc, 7)
    assert (t2.pages, len(t2.rows)) == ([7, 8, 9], 61)
    assert (t7.pages, len(t7.rows)) == ([17, 18, 19, 20], 61)
    assert row(t2, name="总计")["total"] == Decimal("18629.88")
    assert row(table(doc, 8), code="21208")["project"] == Decimal("1334.93")
    assert table(doc, 9).status == "ok" and len(table(doc, 9).rows) == 4
    r = row(t7, project_name="离退休干部死亡抚恤金")
    assert (r["code"], r["household_subsidy"]) == ("2080801", Decimal("17.50"))


def test_shihekou_health_amounts_in_yuan(extracted: Extracted) -> None:
    doc = extracted("shihekou-health-2025--yuan")
    assert (doc.department, doc.year, doc.unit) == ("石河口市卫生健康委员会", 2025, "元")
    assert {t.unit for t in doc.tables[:11]} == {"元"}
    assert row(table(doc, 1), side="收入", item="收入总计")["amount"] == Decimal("84209967.13")
    assert row(table(doc, 1), side="支出", item="支出总计")["amount"] == Decimal("84209967.13")
    total = row(table(doc, 2), name="总计")
    assert (total["unit_funds"], total["general_transfer"]) == (Decimal("25074525.00"), Decimal("8610472.18"))
    # Zeros printed 0.00 stay zero amounts with their precision, not blanks.
    assert str(total["gov_fund"]) == "0.00"
    r = row(table(doc, 7), project_name="卫生健康系统信息化建设及运维经费")
    assert (r["code"], r["total"], r["capital"]) == ("2100102", Decimal("720000.00"), Decimal("288000.00"))


def test_json_amounts_keep_printed_precision(extracted: Extracted) -> None:
    text = dumps(document_to_dict(extracted("changji-2025")))
    data = json.loads(text, parse_float=Decimal)
    t3 = data["tables"][2]
    assert (t3["no"], t3["rows"][0]["name"]) == (3, "总计")
    assert str(t3["rows"][0]["total"]) == "2104.55"
    assert '"nonfiscal_carryover": 140.00' in text
    assert Path(SAMPLES["changji-2025"][0]).name == data["source"]["file"]
