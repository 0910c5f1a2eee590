"""furniture.py: running heads and feet are dropped, a long table's repeated header is not."""
from __future__ import annotations

from budgetx.model import Page, Word
from budgetx.reader.furniture import drop_furniture
from tests.layout import centred, right, word

HEIGHT = 842.0


def _page(number: int, *words: Word) -> Page:
    return Page(number, 595.0, HEIGHT, list(words))


def _row(top: float, code: str, name: str, amount: str) -> list[Word]:
    return [word(code, 60, top), word(name, 120, top), right(amount, 500, top)]


def _document(head: str) -> list[Page]:
    """Six pages, one table each, under a running head and over a page number."""
    return [_page(n, centred(head, 297, 30), word(f"表{n}", 60, 80), *_row(200, "201", "一般公共服务支出", f"{n},000.00"),
                  centred(f"- {n} -", 297, 800))
            for n in range(1, 7)]


def test_running_head_and_foot_are_dropped() -> None:
    pages = drop_furniture(_document("无锡市统计局 2026 年度部门预算公开"), [{n} for n in range(1, 7)])
    texts = [[w.text for w in p.words] for p in pages]
    assert all("无锡市统计局 2026 年度部门预算公开" not in t for t in texts)
    assert all(not any(x.startswith("- ") for x in t) for t in texts)
    # The table rows stay, figures and all.
    assert [t[-1] for t in texts] == [f"{n},000.00" for n in range(1, 7)]


def test_a_head_on_too_few_pages_stays() -> None:
    pages = _document("部门预算公开")
    for page in pages[2:]:
        page.words = page.words[1:]  # the head on two pages of six only
    out = drop_furniture(pages, [{n} for n in range(1, 7)])
    assert out[0].words[0].text == "部门预算公开"


def test_a_long_tables_repeated_header_stays() -> None:
    # One project table over six pages repeats its header's top row (`财政拨款`) atop each:
    # it belongs to that table, not to the document.
    pages = [_page(n, centred("财政拨款", 400, 40), *_row(200, "2010101", "行政运行", "12.00")) for n in range(1, 7)]
    out = drop_furniture(pages, [set(range(1, 7))])
    assert all(p.words[0].text == "财政拨款" for p in out)


def test_a_line_with_figures_is_never_furniture() -> None:
    # A total row that happens to close every page of a form is data.
    pages = [_page(n, word("合计", 120, 20), word("1,000.00", 150, 20)) for n in range(1, 7)]
    out = drop_furniture(pages, [{n} for n in range(1, 7)])
    assert all(len(p.words) == 2 for p in out)
