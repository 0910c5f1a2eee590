"""Figures the narrative states (`基本支出 938.82 万元`) checked against the tables.

The prose also states last year's figures and changes (`比上年预算增加 307.80 万元`) and
breakdowns (`主要用于…人员经费 367.93 万元` in changji, the 人员经费 of one 类 only), so a
figure is compared only when it can be attributed reliably: its phrase is followed
directly by the number, nothing before it in its clause speaks of another year or of a
change, and it is not inside a `用于` breakdown. A false error is worse than a missed one:
a figure is wrong only when it agrees with none of the table figures its phrase may mean.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from budgetx.check.figures import UNIT_SCALE, ZERO, Figure, Unevaluable, View, is_unit_row, judge, single, tidy
from budgetx.model import Check, Document
from budgetx.schema.rules import NarrativeFigure, Rules, Term

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# Words allowed between the phrase and its number: 预算数为, 合计, 安排 …
_FILLER = r"(?:预算数|预算|数|为|是|合计|共计|总额|安排|:)*"
# Clause prefixes that make the figure another year's, a change, or a carry-over part.
_OTHER = re.compile(r"上年|去年|上一年|比|较|增加|减少|增长|下降|增减|结转|结余|同比")
_BEFORE = re.compile(r"(?:上级|中央|省级|市级|非|其他)$")
_CLAUSE_END = re.compile(r"[。;；!?！？]|,(?!\d{3}(?:\D|$))")
# What may stand before the phrase in its clause: the department, the year, 其中 …
# Anything else (涉及, a unit's name, a project) makes the figure a part of something.
# Section headings run into the next sentence once line breaks are gone
# (`二、关于…收入预算情况说明昌吉…中心部门收入预算 2,104.55 万元`).
_SUBJECT = re.compile(r"关于.*?说明|\([一二三四五六七八九十]+\)[^,:()]*?情况|20\d\d年(?:度)?|本部门|本单位|我部门|我单位|部门|单位|全年|其中|包括|"
                      r"[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十\d]+\)|的|:")
_AGENCY = re.compile(r"^.{2,40}?(?:局|委员会|中心|办公室|办公厅|厅|院|委|处|站|所|馆|队)")


def normalise_prose(text: str) -> str:
    """NFKC, no quotes, no whitespace (the prose is printed `一 般 公 共 预 算 4,772.56
    万 元` and broken across lines), except a space kept between two digits so that
    two numbers never run into one."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”‘’「」『』\"']", "", text)
    return re.sub(r"\s+", lambda m: " " if _digits_around(m) else "", text)


def _digits_around(m: re.Match[str]) -> bool:
    s = m.string
    return m.start() > 0 and m.end() < len(s) and s[m.start() - 1].isdigit() \
        and s[m.end()].isdigit()


def _pattern(figures: tuple[NarrativeFigure, ...]) -> re.Pattern[str]:
    phrases = sorted({p for f in figures for p in f.phrases}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?P<phrase>{alternatives}){_FILLER}{_NUMBER}(?P<unit>万元|元)"
                      r"(?!以上|以下)")


def _is_subject(prefix: str, department: str | None) -> bool:
    """True when the clause before the phrase names only the department and the year
    (`昌吉…中心 2025 年支出预算`), so the figure is the department's own."""
    if department:
        prefix = prefix.replace(normalise_prose(department), "")
    else:
        prefix = _AGENCY.sub("", prefix)
    return not _SUBJECT.sub("", prefix)


Stated = tuple[NarrativeFigure, Decimal, str]


def stated_figures(text: str, figures: tuple[NarrativeFigure, ...], year: int | None,
                   department: str | None = None) -> list[Stated]:
    """(what, number, unit) for every figure the text states that can be attributed."""
    return [s for s, _ in _stated(normalise_prose(text), figures, year, department)]


def _stated(text: str, figures: tuple[NarrativeFigure, ...], year: int | None,
            department: str | None) -> list[tuple[Stated, int]]:
    by_phrase = {p: f for f in figures for p in f.phrases}
    out: list[tuple[Stated, int]] = []
    pattern = _pattern(figures)
    for m in pattern.finditer(text):
        start = m.start()
        sentence_start = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
        clause_start = _clause_start(text, start)
        prefix = text[clause_start:start]
        if "用于" in text[sentence_start:start] or _OTHER.search(prefix) \
                or _BEFORE.search(prefix) or not _is_subject(prefix, department):
            continue
        lead = text[sentence_start:start]
        if "其中" in lead and not _whole_is_stated(lead[:lead.find("其中")], pattern):
            continue
        if _in_coded_item(text, start):
            continue
        years = {int(y) for y in re.findall(r"(20\d\d)年", prefix)}
        if year is not None and years - {year}:
            continue
        value = Decimal(m["num"].replace(",", ""))
        out.append(((by_phrase[m["phrase"]], value, m["unit"]), start))
    return out


# A list item's number: (8), (三), 二、, 3. (① is 1 once NFKC has run).
_ITEM = re.compile(r"\((?:[一二三四五六七八九十]+|\d{1,2})\)|[一二三四五六七八九十]+、|(?<![\d.,])\d{1,2}[.、](?!\d)")
# A subject named by its code: 其他社会保障和就业支出(20899), 对个人和家庭的补助(303).
_CODED = re.compile(r"\(\d{3}(?:\d{2}){0,2}\)")
# How far back a list item's number is looked for.
_ITEM_REACH = 800


def _in_coded_item(text: str, start: int) -> bool:
    """True when the figure stands in a list item about one subject (`(8)其他社会保障和
    就业支出(20899)25,190.50万元…。具体为：人员经费2.50万元…；公用经费0.00万元`): the
    item names the subject by its code before the figure, and what it breaks down is
    that subject's budget, not the department's."""
    window = text[max(0, start - _ITEM_REACH):start]
    last = None
    for last in _ITEM.finditer(window):
        pass
    return last is not None and _CODED.search(window, last.end()) is not None


def _whole_is_stated(head: str, pattern: re.Pattern[str]) -> bool:
    """A 其中 figure is a part of the figure the sentence stated before it: one of the
    figures the tables print (支出预算 11,380.57 万元，其中：基本支出 …), not a project's
    or an economic class's (`污水处理费预算总额 87,946.96 万元，…，其中：一般公共预算
    67,409.16 万元` is that project's funding, not the department's)."""
    whole = re.search(_NUMBER + r"(?:万元|元)", head)
    if whole is None:
        return True  # 其中 under a heading or a list: nothing else it could be part of
    stated = pattern.search(head)
    return stated is not None and stated.end() == whole.end()


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding `start` begins: the end of the last clause mark before
    it (0 if none), as `_CLAUSE_END.finditer(text, 0, start)` finds them. Looked for in
    a window before `start`, widened until one is found: a document's prose runs to
    tens of thousands of characters, and scanning it all for every stated figure
    costs more than the rest of the narrative check. (Every mark is one character:
    the marks in a window are the same as in the whole text.)"""
    width = 64
    while True:
        low = max(0, start - width)
        last = None
        for last in _CLAUSE_END.finditer(text, low, start):
            pass
        if last is not None:
            return last.end()
        if low == 0:
            return 0
        width *= 4


def _candidates(views: dict[int, View], what: NarrativeFigure) -> list[list[Figure]]:
    found = []
    for terms in what.figures:
        try:
            figures = [single(views, t, str(t.column)) for t in terms]
        except Unevaluable:
            continue  # skip figures this document lacks: unknown is not wrong
        # A blank cell may be a zero or a column that was not read: it cannot refute.
        if any(f.value is not None for f in figures):
            found.append(figures)
        found.extend(_unit_figures(views, terms))
    return found


def _unit_figures(views: dict[int, View], terms: tuple[Term, ...]) -> list[list[Figure]]:
    """The same figures on each unit's own row: a department of several units explains
    each unit's budget in a section of its own (深圳: `深圳市环境科学研究院…项目支出
    9,402.71 万元`), a figure of that unit's row, not the department's."""
    tables = {t.table for t in terms}
    if len(tables) != 1 or any(t.select != "total" for t in terms):
        return []
    view = views.get(next(iter(tables)) or 0)
    if view is None:
        return []
    rows = [i for i, row in enumerate(view.table.rows) if is_unit_row(row)]
    if len(rows) < 2:
        return []  # one unit: its row is the department's
    out = []
    for i in rows:
        figures = [view.figure(i, str(t.column)) for t in terms]
        if any(f.value is not None for f in figures):
            out.append(figures)
    return out


_FOOTER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$", re.M)


def join_pages(pages: list[tuple[int, str]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Runs of consecutive narrative pages as one normalised text each, with (offset,
    page) marks: a sentence broken by a page break (省法院 2017: `…财政拨款基本` | `支出预算
    17123.19 万元`) must be read whole. Page-number footers (`- 13 -`) are dropped."""
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    previous: int | None = None
    for page, raw in sorted(pages):
        text = normalise_prose(_FOOTER.sub("", raw))
        if previous is not None and page == previous + 1 and runs:
            joined, marks = runs[-1]
            runs[-1] = (joined + text, [*marks, (len(joined), page)])
        else:
            runs.append((text, [(0, page)]))
        previous = page
    return runs


def check_narrative(doc: Document, views: dict[int, View], rules: Rules) -> list[Check]:
    checks: list[Check] = []
    seen: set[tuple[str, int, Decimal]] = set()
    for text, marks in join_pages(doc.narrative):
        for (what, value, unit), at in _stated(text, rules.narrative, doc.year,
                                               doc.department):
            page = max((p for offset, p in marks if offset <= at), default=marks[0][1])
            if (what.label, page, value) in seen:
                continue
            seen.add((what.label, page, value))
            check = _compare(what, value, unit, page, _candidates(views, what))
            if check:
                checks.append(check)
    return checks


def _compare(what: NarrativeFigure, value: Decimal, unit: str, page: int,
             candidates: list[list[Figure]]) -> Check | None:
    if not candidates:
        return None
    stated = Figure(value, None, what.label, "", page, UNIT_SCALE[unit])
    best: tuple[Decimal, list[Figure], tuple[Decimal, Decimal, str]] | None = None
    for parts in candidates:
        verdict = judge([stated], parts)
        if verdict is None:
            return None
        gap = abs(verdict[0] - verdict[1])
        # The prose restates a finer table figure in coarser units (30,000.00 元 as
        # 3.00 万元), rounded or cut off (93,664.78843 as 93,664.78, 1,361.6271 as
        # 1,361): a gap under one unit of the prose's last digit is no finding.
        finest = max((p.half_ulp for p in parts if p.value), default=ZERO)
        if stated.half_ulp > finest and gap * stated.scale < 2 * stated.half_ulp:
            return None
        if best is None or gap < best[0]:
            best = (gap, parts, verdict)
    assert best is not None
    _, parts, (got, want, level) = best
    anchor = parts[0]
    return Check(rule=f"narrative: {what.label}", table=anchor.table, row=anchor.row,
                 column=anchor.column, expected=tidy(want), found=tidy(got),
                 diff=tidy(got - want), level=level, page=page,
                 message=f"the text states {what.label} {value} {unit}, "
                         f"table {anchor.table} prints {tidy(want)} {unit}")
