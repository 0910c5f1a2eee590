"""Find the tables of a disclosure: title lines, the pages and page regions each
table occupies, and the document's department, year and unit."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from budgetx.reader.line_kinds import BARE_FIGURE, DEPARTMENT, SENTENCE, UNIT, is_footer, is_meta, is_scope_note
from budgetx.reader.lines import Line, group_lines, segments
from budgetx.reader.titles import OWN_LABEL, is_label, match_title, same_title, strip_title, unmarked_title
from budgetx.model import Page
from budgetx.values.numbers import is_amount
from budgetx.schema.registry import Schema, TableSpec, header_vocabulary, normalise_header

# What a cover or title calls the document: 2024年部门预算, 2023年度部门决算.
_ACCOUNTS = ("预算", "决算")
_YEAR = re.compile(r"(20\d{2})\s*年")
# A cover's title, its lines joined: [department] 20xx年(度) [department] (部门|单位)预算/决算.
_COVER_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>20\d{2})年度?(?P<post>.*?)(?:部门|单位)?(?:预算|决算)")

@dataclass
class Region:
    """Part of a page holding (part of) one table: lines between `top` and `bottom`."""

    page: int
    top: float
    bottom: float


@dataclass
class Located:
    spec: TableSpec | None
    title: str
    regions: list[Region] = field(default_factory=list)
    unit: str | None = None
    label: str | None = None
    # Found by its header line of column names rather than by a title: a table of
    # columns, though its heading names a form (重点项目绩效目标情况如下).
    headed: bool = False


@dataclass
class Layout:
    tables: list[Located]
    department: str | None
    year: int | None
    unit: str | None
    narrative_pages: list[int]


def same_table(a: Located, b: Located) -> bool:
    """Whether `b`, titled again on the page after `a`, continues it: the same printed
    title (less a 续表 mark) and no other 表N label."""
    def number(label: str | None) -> tuple[str, ...] | None:
        digits = tuple(re.findall(r"\d+", unicodedata.normalize("NFKC", label or "")))
        return digits or None

    la, lb = number(a.label), number(b.label)
    ca, cb = unmarked_title(a.title), unmarked_title(b.title)
    # One of them may carry a first title line (year, department) the other lacks.
    return (ca.endswith(cb) or cb.endswith(ca)) and (la is None or lb is None or la == lb)


def _is_figure(text: str) -> bool:
    """A printed amount with decimals or grouping (a bare 2026 or 100 may be anything)."""
    return is_amount(text) and ("." in text or "," in text)


def _content_score(lines: list[Line], header_words: frozenset[str]) -> int:
    """How much a run of lines looks like a table: header words and printed figures."""
    score = 0
    for line in lines:
        if SENTENCE.search(line.text):
            continue
        # Segments, not words: headers are often letter-spaced (合 计, 金 额). A figure
        # set close to the text of the next cell (3.00 具体时间按会议通知) counts too.
        for seg in segments(line, 1.5):
            t = normalise_header(seg.text)
            if t in header_words or _is_figure(t) or any(_is_figure(w.text) for w in seg.words):
                score += 1
    return score


def _page_lines(page: Page) -> list[Line]:
    return group_lines(page.words)


def _title_candidates(lines: list[Line], schema: Schema) -> list[tuple[int, TableSpec | None, str]]:
    found: list[tuple[int, TableSpec | None, str]] = []
    for i, line in enumerate(lines):
        if found and found[-1][0] == i:
            continue  # the scope note of the title above, read with it
        for seg in [line, *segments(line)]:
            spec, is_title = match_title(seg.text, schema)
            if is_title and spec is None and seg is not line and _cell_figure(line) and not _is_prose_line(line):
                # A cell of a row of figures that ends in 表 (其他专用仪器仪表 in a
                # 采购目录 column) names no table.
                continue
            if is_title:
                title = "".join(seg.text.split())
                # A cell's text beside the title on its line (a row of the page before
                # wrapped into the top of this one) is not the title: its label opens it.
                label = OWN_LABEL.search(title)
                if label and label.start() > 0 and match_title(title[label.start():], schema)[1]:
                    title = title[label.start():]
                note = lines[i + 1].text if i + 1 < len(lines) else ""
                if is_scope_note(note) and "按" in note:
                    # The note on how the rows are classed, under the title, is part of
                    # it: 一般公共预算支出明细表 over （按支出功能分类科目） is the table by
                    # function, over （按经济分类科目） another.
                    joined = title + "".join(note.split())
                    joined_spec, joined_is_title = match_title(joined, schema)
                    if joined_is_title:
                        found.append((i + 1, joined_spec, joined))
                        break
                found.append((i, spec, title))
                break
        else:
            # A title broken over two lines whose second does not read as one: too short
            # (…政府采购（资产配置、购买服务） over 预算表（不含上年结转）) or broken inside
            # its scope note (…支出明细表（按支出功能分类科 over 目-不含上年结转）).
            tail = normalise_header(line.text)
            broken = strip_title(line.text).endswith("表") or (tail.endswith(")") and "(" not in tail)
            if i > 0 and broken and (not found or found[-1][0] != i - 1):
                joined = lines[i - 1].text + line.text
                spec, is_title = match_title(joined, schema)
                if is_title:
                    found.append((i, spec, "".join(joined.split())))
    return found


def _runs_over(body: list[Line], after: list[Page], schema: Schema, header_words: frozenset[str]) -> bool:
    """A table whose title and first header line end a page, its header's other lines
    and its rows opening the next (四、财政拨款收支预算总表 over 收入 | 支出): the two
    together read as a table."""
    score = _content_score(body, header_words)
    if not after or not score or _is_prose(body):
        return False
    lines = _page_lines(after[0])
    candidates = _title_candidates(lines, schema)
    top = lines[:candidates[0][0]] if candidates else lines
    return score + _content_score(top, header_words) >= 3 and not _is_prose(top)


def _form_runs_over(body: list[Line], after: list[Page], schema: Schema) -> bool:
    """A form whose title and first line end a page, its other lines opening the next
    (福州医保's …项目绩效目标表 over 项目名称 | …): the two together read as a form."""
    if not after or _is_prose(body):
        return False
    lines = [ln for ln in _page_lines(after[0]) if not is_footer(ln.text)]
    candidates = _title_candidates(lines, schema)
    top = lines[:candidates[0][0]] if candidates else lines
    return bool(top) and _form_like(body + top) and not _is_margin_prose(top)


def _form_lines(lines: list[Line]) -> bool:
    """Lines that go on with an open form: label and value lines, not prose."""
    return _form_like(lines) and not _is_margin_prose(lines)


def _whole_title(lines: list[Line], i: int, spec: TableSpec | None, title: str,
                 schema: Schema) -> tuple[Line | None, TableSpec | None, str]:
    """The title whose last line is line `i`, with its first line where it is broken
    over two (and that line): the whole title names the table where its last line alone
    did not (…“三公”经费、 over 会议费、培训费表). A title opening with its own label
    (预算表12 …) starts there."""
    head = None if OWN_LABEL.match(title) else _title_head(lines, i)
    # A section heading that names the title's subject (（七）236…房屋修缮项目 over
    # 236…房屋修缮项目绩效目标表) is no part of it.
    if head is None or unicodedata.normalize("NFKC", title).startswith(
            _HEADING.sub("", unicodedata.normalize("NFKC", "".join(head.text.split())))):
        return None, spec, title
    title = "".join(head.text.split()) + title
    return head, spec or match_title(title, schema)[0], title


@dataclass(frozen=True)
class _Foot:
    """A title printed at the foot of a page, its table on the next."""
    spec: TableSpec | None
    title: str
    label: str | None
    unit: str | None
    top: float


def _foot_title(lines: list[Line], candidates: list[tuple[int, TableSpec | None, str]],
                schema: Schema) -> _Foot | None:
    """The page's last title when nothing follows it but its 部门/单位 line and the page
    number: its table begins on the next page."""
    if not candidates:
        return None
    i, spec, title = candidates[-1]
    if any(not is_footer(ln.text) and not is_meta(ln.text) for ln in lines[i + 1:]):
        return None
    head, spec, title = _whole_title(lines, i, spec, title, schema)
    start = lines.index(head) if head is not None else i
    label = lines[start - 1].text if start > 0 and is_label(lines[start - 1].text) else None
    top = lines[start - 1].top if label is not None else lines[start].top
    unit = next((m.group(1) for ln in lines[i:] if (m := UNIT.search(unicodedata.normalize("NFKC", ln.text)))), None)
    return _Foot(spec, title, label, unit, top)


def find_tables(pages: list[Page], schema: Schema) -> Layout:
    """Locate every table: accepted titles (followed by table content), the regions
    below them, and pages that continue a table without repeating its title."""
    tables: list[Located] = []
    carried: _Foot | None = None  # a title at the foot of the page before
    department = year = unit = None
    named: list[str] = []  # every 部门名称/编制单位 line's name
    narrative: list[int] = []
    open_table: Located | None = None
    # An untitled table inside the prose (绩效目标 of key projects) running to the page end.
    open_inline: Located | None = None
    inline_span = (0.0, 0.0)
    # That table while it holds only its header (at the foot of its page).
    header_only: Located | None = None
    # The right edges of the open table's figure columns, to know its continuation by.
    edges: frozenset[float] = frozenset()
    header_words = header_vocabulary(schema)
    # The heading, or line introducing a table, that ended the page before: the name of
    # an untitled table opening this one.
    foot_heading = ""
    for n, page in enumerate(pages):
        lines = _page_lines(page)
        carried_heading, foot_heading = foot_heading, ""
        for line in lines:
            text = line.text
            if m := DEPARTMENT.search(text):
                named.append(m.group(1).strip())
            if unit is None and (m := UNIT.search(unicodedata.normalize("NFKC", text))):
                unit = m.group(1)
        candidates = _title_candidates(lines, schema)
        # The page's own content ends above a title printed at its foot, whose table
        # starts on the next page (会议费明细表 over nothing but the page number).
        foot = _foot_title(lines, candidates, schema)
        page_bottom = page.height
        # (Words may stand past the page's height, where its content overflows its box:
        # only a title at the foot cuts them off.)
        limit = math.inf
        if foot is not None:
            candidates = candidates[:-1]
            page_bottom = limit = foot.top
        accepted: list[tuple[int, TableSpec | None, str]] = []
        before, carried = carried, foot
        if before is not None:
            first = candidates[0][0] if candidates else len(lines)
            if _content_score(lines[:first], header_words) >= 3:
                accepted.append((-1, before.spec, before.title))
        for k, (i, spec, title) in enumerate(candidates):
            end = candidates[k + 1][0] if k + 1 < len(candidates) else len(lines)
            body = [ln for ln in lines[i + 1:end] if ln.top < limit]
            at_foot = k + 1 == len(candidates) and foot is None
            if (_content_score(body, header_words) >= 3 or (_is_form_title(title, schema) and _form_like(body))
                    or (at_foot and spec is not None and _runs_over(body, pages[n + 1:n + 2], schema, header_words))
                    or (at_foot and _is_form_title(_whole_title(lines, i, spec, title, schema)[2], schema)
                        and _form_runs_over(body, pages[n + 1:n + 2], schema))):
                _, spec, title = _whole_title(lines, i, spec, title, schema)
                accepted.append((i, spec, title))
        if not accepted:
            body = [ln for ln in lines if not is_footer(ln.text) and ln.top < limit]
            if open_table is not None and body and (_content_score(body, header_words) >= 3 and (
                    not _is_margin_prose(body) or _aligned_figures(body, edges) >= _ALIGNED_ROWS)
                    or _carried_rows(body, edges)
                    or _is_form_title(open_table.title, schema) and _form_lines(body)):
                # A continuation page is the table's to its foot: a wide text column
                # (项目概述, 绩效目标) reads like prose, so prose is no sign of its end,
                # and figures standing in the table's own columns say the page is its.
                bottom = page_bottom
                if open_table.spec is None and not _is_form_title(open_table.title, schema):
                    # (A table outside the families may end on it, where the prose or the
                    # next part of the document begins: 第三部分 … 情况说明.)
                    stop = next((n for n, ln in enumerate(lines) if ln.top >= page_bottom), len(lines))
                    end = table_end(lines, 0, stop)
                    bottom = lines[end].top if end < stop else page_bottom
                open_table.regions.append(Region(page.number, 0.0, bottom))
                edges = edges | _figure_edges(body)
                if bottom < page_bottom:
                    open_table = None
            else:
                inline = _inline_tables(lines, header_words, inline_span if open_inline is not None else None,
                                        frozenset(i for i, _, _ in candidates))
                if header_only and (not inline or inline[0][2] is not None):
                    tables.remove(header_only)  # no rows under the header at the page's foot
                header_only = None
                for k, end, heading in inline:
                    region = Region(page.number, lines[k].top - 0.5 if k else 0.0,
                                    lines[end].top if end < len(lines) else page.height)
                    if heading is None and open_inline is not None:
                        open_inline.regions.append(region)
                    else:
                        if not heading and all(is_footer(ln.text) for ln in lines[:k]):
                            heading = carried_heading
                        tables.append(Located(None, heading or "", [region], headed=True))
                last_line = next((i for i in reversed(range(len(lines))) if not is_footer(lines[i].text)), None)
                if last_line is not None and (not inline or inline[-1][1] <= last_line) and _introduces(lines[last_line]):
                    foot_heading = _heading_above(lines, last_line + 1)
                last = inline[-1] if inline else None
                open_inline = None
                if last is not None and last[2] is not None and not any(_is_row(ln) for ln in lines[last[0]:last[1]]):
                    header_only = tables[-1]
                if last is not None and all(is_footer(ln.text) for ln in lines[last[1]:]):
                    open_inline = tables[-1]
                    rows = lines[last[0]:last[1]]
                    span = (min(ln.x0 for ln in rows), max(ln.x1 for ln in rows))
                    # A page of one cell's wrapped lines (深圳生态's goal over eight
                    # pages) is narrower than the table: its span is the table's still.
                    inline_span = (span if last[2] is not None
                                   else (min(span[0], inline_span[0]), max(span[1], inline_span[1])))
                open_table = None
                if body:
                    narrative.append(page.number)
            continue
        if header_only:
            tables.remove(header_only)
        open_inline = header_only = None
        first_line = accepted[0][0]
        if open_table is not None and first_line > 0:
            above = [ln for ln in lines[:first_line] if not is_footer(ln.text) and not is_label(ln.text)]
            # (A form runs on in lines of label and value cells, with few figures.)
            if above and (_content_score(above, header_words) >= 2 and not _is_prose(above)
                          or _carried_rows(above, edges)
                          or _is_form_title(open_table.title, schema) and _form_lines(above)):
                open_table.regions.append(Region(page.number, 0.0, lines[first_line].top))
        for k, (i, spec, title) in enumerate(accepted):
            top = lines[i].bottom if i >= 0 else 0.0  # -1: the title carried from the page before
            if k + 1 < len(accepted):
                j = accepted[k + 1][0]
                # A 表N label line just above the next title belongs to that table.
                if j > 0 and is_label(lines[j - 1].text):
                    j -= 1
                bottom = lines[j].top
            else:
                bottom = page_bottom
            ended = False
            if spec is None and not _is_form_title(title, schema):
                # A table outside the families ends where the prose resumes under it
                # (西安's 培训费明细表, then 十一、国有资产占有使用…情况说明 and its text).
                stop = next((n for n, ln in enumerate(lines) if ln.top >= bottom), len(lines))
                end = table_end(lines, max(i + 1, 0), stop)
                if end < stop:
                    bottom, ended = lines[end].top, True
            label = lines[i - 1].text if i > 0 and is_label(lines[i - 1].text) else None
            local_unit = None
            for ln in lines[max(i, 0):i + 4]:
                if m := UNIT.search(unicodedata.normalize("NFKC", ln.text)):
                    local_unit = m.group(1)
                    break
            if i < 0 and before is not None:
                label, local_unit = before.label, before.unit or local_unit
            located = Located(spec, title, [Region(page.number, top, bottom)], local_unit, label)
            tables.append(located)
            edges = _figure_edges([ln for ln in lines if top <= ln.top < bottom])
            if year is None and (m := _YEAR.search(title)):
                year = int(m.group(1))
        open_table = None if ended else tables[-1]
    if header_only:
        tables.remove(header_only)
    cover = _cover_title(pages)
    if year is None and cover is not None:
        year = cover[1]
    if year is None:
        for page in pages[:3]:
            for line in _page_lines(page):
                if (m := _YEAR.search(unicodedata.normalize("NFKC", line.text))) and any(
                        w in line.text for w in _ACCOUNTS):
                    year = int(m.group(1))
                    break
            if year is not None:
                break
    if named:
        # The name most tables print: one table's cell may wrap it (江苏省人大 over
        # 常委会办公厅) where the others print it whole.
        department = max(named, key=lambda name: (named.count(name), -named.index(name)))
    if department is None and cover is not None:
        department = cover[0]
    return Layout(tables, department, year, unit, narrative)


# Figures in a column end within this many points of each other (right-aligned cells).
_EDGE_TOLERANCE = 3.0
# Rows whose figures stand in the open table's columns: enough to call a page its continuation.
_ALIGNED_ROWS = 3


def _lone_figure(text: str) -> bool:
    """A cell's text that is a figure: decimals or grouped, or whole (a table in 元
    prints 1414000; its codes, 302, stand in columns of their own as well)."""
    text = unicodedata.normalize("NFKC", text).strip()
    return bool(BARE_FIGURE.match(text) or _WHOLE.fullmatch(text))


def _figure_edges(lines: list[Line]) -> frozenset[float]:
    """The right edges of the figures that stand alone in their cell."""
    return frozenset(round(seg.x1) for ln in lines for seg in segments(ln, 1.5) if _lone_figure(seg.text))


def _aligned_figures(lines: list[Line], edges: frozenset[float]) -> int:
    """How many lines print a lone figure right under one of the table's figure columns
    (a figure in a sentence is no cell of its own)."""
    if not edges:
        return 0
    return sum(1 for ln in lines if any(
        any(abs(seg.x1 - e) <= _EDGE_TOLERANCE for e in edges)
        for seg in segments(ln, 1.5) if _lone_figure(seg.text)))


# Lines besides the carried-over rows a page may hold: its running head, a note.
_CARRIED_BESIDE = 2


def _carried_rows(lines: list[Line], edges: frozenset[float]) -> bool:
    """A page holding only the last row or two of the open table (2210203 购房补贴 167.18
    alone under the page's running head): rows whose figures stand in the table's figure
    columns, and nothing else with a figure in it."""
    rows = [ln for ln in lines if not _is_prose_line(ln) and _aligned_figures([ln], edges)]
    others = [ln for ln in lines if not any(ln is r for r in rows)]
    if any(_FIGURE.search(ln.text) for ln in others):
        return False
    # The wrapped lines of those rows' labels (非财政拨 / 款资金结余) and a row number
    # without figures (39) are the rows' own, whatever their count.
    beside = [ln for ln in others if not _label_piece(ln)]
    return bool(rows) and len(beside) <= _CARRIED_BESIDE


# A label cell's wrapped line is short: a few glyphs of a name.
_PIECE_CHARS = 12


def _label_piece(line: Line) -> bool:
    """A line that is one short cell: a wrapped piece of a row's label, or a row number."""
    text = "".join(unicodedata.normalize("NFKC", line.text).split())
    return (len(segments(line, 1.5)) == 1 and len(text) <= _PIECE_CHARS and not _is_prose_line(line)
            and not any(mark in text for mark in ",;:。"))


def _is_form_title(title: str, schema: Schema) -> bool:
    return any(word in title for word in schema.form_titles)


def _form_like(lines: list[Line]) -> bool:
    """A form (绩效目标表) has few figures and no header words: its content is lines of
    label and value cells, at least two lines of two cells or more."""
    cells = [ln for ln in lines if not SENTENCE.search(ln.text) and len(segments(ln)) >= 2]
    return len(cells) >= 2


# The gap between a title's two lines, in its glyph heights: set wide (西南大学's
# …项目(小学) over 绩效目标表, a glyph apart) but no wider.
_TITLE_LEADING = 1.0


def _title_head(lines: list[Line], i: int) -> Line | None:
    """The first line of a title broken over two (`…项目` over `绩效目标表`): set in the
    same size, centred over it, close above, and not a label, footer or sentence, nor a
    title of its own (a list's heading, 2.其他一级项目绩效目标表, over the first of
    its tables)."""
    if i == 0:
        return None
    head, title = lines[i - 1], lines[i]
    text = head.text
    overlap = min(head.x1, title.x1) - max(head.x0, title.x0)
    if (is_label(text) or is_footer(text) or is_meta(text) or SENTENCE.search(text) or len(text) > 40
            or text.rstrip().endswith(("：", ":", "。", "表"))
            or head.height < 0.8 * title.height or title.top - head.bottom > _TITLE_LEADING * title.height
            or overlap < 0.5 * min(head.x1 - head.x0, title.x1 - title.x0)):
        return None
    return head


# A figure written with its unit or as a share (`490,808.40 万元`, `44.12%`) is prose.
_STATED = re.compile(r"\d\s*(?:万元|亿元|元|%)")
_BARE_PERCENT = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*%$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
# A figure's caption: 图3 …, or a line naming a chart (…预算对比图, …构成图).
_CAPTION = re.compile(r"^(?:图\d+\D.*|.{4,}(?<!\d)图)$")
_PART = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
# (Not a figure: one run on from a Latin name, PM2.5, V1.0.)
_FIGURE = re.compile(r"(?<![A-Za-z\d])(?:\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)")
# A figure of a row's cell: no measure word run on after it in its word (a goal's
# 不少于1,300个巡查点 is a sentence).
_CELL_FIGURE = re.compile(_FIGURE.pattern + r"(?![\d,]*[\u3400-\u9fff])")
_WHOLE = re.compile(r"(?!(?:19|20)\d\d$)\d{2,}")
_SERIAL = re.compile(r"[1-9]\d{0,2}")


def _is_prose_line(line: Line) -> bool:
    text = unicodedata.normalize("NFKC", line.text)
    if SENTENCE.search(line.text) or text.endswith("。"):
        return True
    if not _STATED.search(text):
        return False
    # A figure with its unit is stated in a sentence (增长 10.30%); a percentage alone in
    # its cell is a table's 增减(%) column, and its rows are no prose.
    cells = [unicodedata.normalize("NFKC", s.text).strip() for s in segments(line, 1.5)]
    if len(cells) < 3:  # a chart's label (16.65%), a figure after its name: no row of cells
        return True
    return any(_STATED.search(c) and not _BARE_PERCENT.match(c) for c in cells)


def _is_prose(lines: list[Line]) -> bool:
    prose = sum(1 for ln in lines if _is_prose_line(ln))
    return prose * 2 > len(lines)


def _is_margin_prose(lines: list[Line]) -> bool:
    """Whether most lines are prose running from the page's text margin in one piece.
    A table's wide text column (绩效目标, 项目概述) wraps sentences too, but its lines
    start inside the table or share the line with other cells: those are not prose."""
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    prose = sum(1 for ln in lines if _is_prose_line(ln) and ln.x0 <= left + 0.25 * (right - left)
                and len(segments(ln)) == 1)
    return prose * 2 > len(lines)


def _cell_figure(line: Line) -> bool:
    """Whether a figure of the line stands in a cell: a sentence's figure runs on into
    the words either side of it, a space apart at most (不少于 1,300 个巡查点)."""
    words = line.words
    close = _SENTENCE_GAP * line.height
    for i, w in enumerate(words):
        if not _CELL_FIGURE.search(w.text):
            continue
        before = w.x0 - words[i - 1].x1 if i > 0 else math.inf
        after = words[i + 1].x0 - w.x1 if i + 1 < len(words) else math.inf
        if before >= close or after >= close:
            return True
    return False


# A space between a sentence's words, in glyph heights, at most.
_SENTENCE_GAP = 0.5


def _is_row(line: Line) -> bool:
    """A line that reads as a table row: a printed figure, not in a sentence, or a cell
    that is a figure alone beside others (a wrapped text cell may end its sentence); a
    whole number alone in a cell of its own counts (广州's 重点项目 table prints 预算数
    3000), a year not; so does a serial number in a cell of its own before the others
    (a list of units: 序号 | 单位名称 | 备注, no figure in it)."""
    if not _cell_figure(line):
        cells = segments(line, 1.5)
        return len(cells) >= 2 and (any(_WHOLE.fullmatch(unicodedata.normalize("NFKC", c.text)) for c in cells)
                                    or _SERIAL.fullmatch(unicodedata.normalize("NFKC", cells[0].text)) is not None)
    if not _is_prose_line(line):
        return True
    cells = segments(line, 1.5)
    return len(cells) >= 2 and any(BARE_FIGURE.match(unicodedata.normalize("NFKC", c.text)) for c in cells)


# The last word of a column header: how a header line of an untitled table reads.
_HEADER_TAIL = ("名称", "数", "金额", "目标", "合计", "项目", "编码", "代码", "单位", "指标", "内容", "说明")


def _header_line(line: Line, header_words: frozenset[str]) -> bool:
    if _is_prose_line(line) or _FIGURE.search(line.text):
        return False
    segs = [normalise_header(s.text) for s in segments(line, 1.5)]
    named = sum(1 for t in segs if t in header_words or t.endswith(_HEADER_TAIL))
    # Two columns only where both name columns (项目名称 | 自评分数).
    return (len(segs) >= 3 and named >= 2) or (len(segs) == 2 and named == 2)


def _names_over_figures(lines: list[Line], k: int) -> bool:
    """A line of short column names, no figure among them, over rows whose figures stand
    under its names: an untitled table's header though its names are none the registry
    knows (年度 | 总收入支出 | 专项业务费 | 基本支出, 经济分类科目 | 2022年 | 2021年 | 主要原因).
    A line of a stacked name may stand between (2021 under 2022比), and the lines of a
    text cell wrapped round the rows' figures."""
    line = lines[k]
    if _is_prose_line(line) or _FIGURE.search(line.text):
        return False
    names = segments(line, 1.5)
    if len(names) < 3 or any(len("".join(c.text.split())) > _NAME_CHARS for c in names):
        return False
    rows = 0
    for below in lines[k + 1:k + 7]:
        if not _row_of_cells(below):
            continue
        figures = [w for w in below.words if BARE_FIGURE.match(unicodedata.normalize("NFKC", w.text).lstrip("+"))]
        under = {j for w in figures for j, c in enumerate(names)
                 if j > 0 and c.x0 - line.height <= (w.x0 + w.x1) / 2 <= c.x1 + line.height}
        if len(under) < 2:
            return False
        rows += 1
        if rows == 2:
            return True
    return False


# A column name longer than this is a sentence's piece, not a header cell.
_NAME_CHARS = 12


def _header_block(lines: list[Line], k: int, header_words: frozenset[str]) -> int:
    """How many lines from `k` an untitled table's header takes: one line of column
    names, or two or three where the names wrap in their cells (二级预算 | 预算数 over
    一级项目名称 | 绩效目标 over 单位名称 | （万元）): lines of two cells or more, close
    together, naming three columns between them. 0: no header there."""
    if _header_line(lines[k], header_words) or _names_over_figures(lines, k):
        return 1
    for n in (2, 3):
        block = lines[k:k + n]
        if len(block) < n or any(_is_prose_line(ln) or _FIGURE.search(ln.text) or len(segments(ln, 1.5)) < 2
                                 for ln in block):
            return 0
        if any(b.top - a.bottom > a.height for a, b in zip(block, block[1:])):
            return 0
        names = [normalise_header(s.text) for ln in block for s in segments(ln, 1.5)]
        if sum(1 for t in names if t in header_words or t.endswith(_HEADER_TAIL)) >= 3:
            return n
    return 0


def _stacked_name(piece: Line, header: Line) -> bool:
    """A header cell's first line set close over the header line (2022比 over the 2021
    under it): short, no figure, no sentence, no heading, within the header's width."""
    text = unicodedata.normalize("NFKC", "".join(piece.text.split()))
    return (header.top - piece.bottom < piece.height and len(text) <= _NAME_CHARS
            and not _FIGURE.search(text) and not _is_prose_line(piece) and not _HEADING.match(text)
            and not is_footer(piece.text) and not is_meta(piece.text)
            and piece.x0 >= header.x0 - piece.height and piece.x1 <= header.x1 + piece.height)


def _row_of_cells(line: Line) -> bool:
    return _is_row(line) and len(segments(line, 1.5)) >= 3


def _inline_tables(lines: list[Line], header_words: frozenset[str], continuing: tuple[float, float] | None,
                   titles: frozenset[int] = frozenset()) -> list[tuple[int, int, str | None]]:
    """Tables printed inside the prose without a title of their own, or under a title
    too short a table to be taken for one by its content alone (lines `titles`): a
    header line of column names over rows of figures, up to where the prose resumes.
    Each is (first line, end line, title: the title or section heading above, or None
    for the lines at the top of the page that continue such a table, spanning
    `continuing`, from the page before: rows, or a wrapped cell's lines, narrower than
    the table)."""
    out: list[tuple[int, int, str | None]] = []
    body = [ln for ln in lines if not is_footer(ln.text)]
    if continuing is not None and body:
        x0, x1 = continuing

        def cells(line: Line) -> bool:
            # A wrapped cell's line (narrower than the table, or starting well inside it:
            # the last column's sentence), or lines of several cells (a name cell beside
            # a wrapped sentence of a text column: cells apart).
            # (A sentence of the last column may run wider than the rows of the page
            # before did.)
            narrow = line.x0 >= x0 - 5 and (
                line.x1 <= x1 + 5 and line.x1 - line.x0 < 0.5 * (x1 - x0) or x0 + 0.25 * (x1 - x0) < line.x0 < x1)
            return narrow or (len(segments(line, 1.5)) > 1 and (not _is_prose_line(line) or len(segments(line)) > 1))

        first_row = next((i for i, ln in enumerate(body[:4]) if _row_of_cells(ln)), None)
        opening = body[:4 if first_row is None else first_row]
        titled = {id(lines[i]) for i in titles}
        if all(cells(ln) for ln in opening) and not any(id(ln) in titled for ln in opening):
            out.append((0, table_end(lines, 0, len(lines)), None))
    k = out[-1][1] if out else 0
    while k < len(lines):
        n = _header_block(lines, k, header_words)
        # A header at the foot of the page opens a table whose rows are on the next.
        if n and (_rows_follow(lines, k + n, lines[k + n - 1]) or all(is_footer(ln.text) for ln in lines[k + n:])):
            end = table_end(lines, k + n, len(lines))
            first = k
            while first > 0 and _stacked_name(lines[first - 1], lines[first]):
                first -= 1
            out.append((first, end, _heading_above(lines, first, titles)))
            k = max(end, k + 1)
            continue
        k += 1
    return out


def _amount_in_cell(line: Line, i: int) -> bool:
    """Whether the line's word `i` is a figure, or a whole number (预算数 1500; no
    year) ending its cell: a whole number in a sentence runs on into its words
    (编制234人，…)."""
    text = unicodedata.normalize("NFKC", line.words[i].text)
    if BARE_FIGURE.match(text):
        return True
    after = line.words[i + 1] if i + 1 < len(line.words) else None
    return bool(_WHOLE.fullmatch(text)) and (after is None or after.x0 - line.words[i].x1 > 1.5 * line.height)


def _rows_follow(lines: list[Line], start: int, header: Line | None = None) -> bool:
    """Whether rows of cells follow a header line before the prose resumes. A row's
    figure is set against the middle of its cells: under a wide text column (绩效目标)
    several wrapped lines come before the first figure, and none of them starts at the
    page's margin in one piece as the prose does. A figure set close after its row's
    name, or a whole number alone, counts where it stands under a column of the `header`
    other than the first."""
    columns = segments(header, 1.5)[1:] if header is not None else []
    body = [ln for ln in lines if not is_footer(ln.text)]
    if not body:
        return False
    left = min(ln.x0 for ln in body)
    right = max(ln.x1 for ln in body)
    for line in lines[start:]:
        # A row of several cells, or a figure set apart in a cell of its own.
        if _row_of_cells(line) or any(BARE_FIGURE.match(unicodedata.normalize("NFKC", c.text))
                                      for c in segments(line, 1.5)):
            return True
        if any(_amount_in_cell(line, i) and any(c.x0 - 2 <= (w.x0 + w.x1) / 2 <= c.x1 + 2 for c in columns)
               for i, w in enumerate(line.words)):
            return True
        if (_is_prose_line(line) and line.x0 <= left + 0.25 * (right - left)
                and len(segments(line)) == 1 and not _is_row(line)):
            return False
    return False


def _heading_above(lines: list[Line], k: int, titles: frozenset[int] = frozenset()) -> str:
    """The title an untitled table goes by: a title over it but for its 单位 line
    (会议费明细表 over one row), the section heading over it, or the line introducing it."""
    for j in range(k - 1, max(k - 4, -1), -1):
        text = "".join(lines[j].text.split())
        if j in titles and all(is_meta(ln.text) for ln in lines[j + 1:k]):
            return text
        if _HEADING.match(unicodedata.normalize("NFKC", text)):
            return _HEADING.sub("", unicodedata.normalize("NFKC", text)).strip() or text
    j = k - 1
    while j >= 0 and is_meta(lines[j].text):  # 金额单位：万元 over the header
        j -= 1
    above = "".join(lines[j].text.split()) if j >= 0 else ""
    if above.endswith(("。", "；", ";")) and "表" not in above:
        return ""  # the end of a paragraph of prose, not a line introducing the table
    # The sentence introducing the table may wrap: it starts after the last full stop
    # of the lines it runs on from (…决算。纳入…编制范 over 围的单位包括：).
    start = j
    while start > 0 and j - start < 3 and _wraps_into(lines[start - 1], lines[start]):
        start -= 1
    if start < j:
        above = _SENTENCE_END.split("".join("".join(ln.text.split()) for ln in lines[start:j + 1]))[-1]
    return above.rstrip(":：")


_SENTENCE_END = re.compile(r"[。；;]")


def _wraps_into(line: Line, below: Line) -> bool:
    """Whether a line of prose runs on into the line below it: one piece, close above
    it, no heading, not ending its sentence."""
    text = unicodedata.normalize("NFKC", "".join(line.text.split()))
    return (len(segments(line)) == 1 and below.top - line.bottom < below.height and not _HEADING.match(text)
            and not text.endswith(("。", ";", ":")) and not is_meta(line.text) and not is_footer(line.text))


def _introduces(line: Line) -> bool:
    """A section heading (七、重点项目预算绩效目标情况) or a line introducing what follows
    (…情况如下：)."""
    text = unicodedata.normalize("NFKC", "".join(line.text.split()))
    return bool(_HEADING.match(text)) or text.endswith(":")


def table_end(lines: list[Line], start: int, stop: int) -> int:
    """Where a table that starts at line `start` ends before `stop`: the explanation that
    follows it on the same page (its heading, then prose) holds hardly a row. A note
    under a table without rows (为空表) stays with it."""
    seen_row = False
    left, right = 1e9, -1e9
    for k in range(start, stop):
        if _is_row(lines[k]):
            seen_row = True
            left, right = min(left, lines[k].x0), max(right, lines[k].x1)
            continue
        if (seen_row and len(segments(lines[k])) == 1
                and _CAPTION.match(unicodedata.normalize("NFKC", "".join(lines[k].text.split())))):
            # A chart drawn under the table (2022年与2021年…对比图, then its axis): its
            # caption is a line of its own, no row's wrapped cells (…一张图融 | …一张图).
            return k
        if (seen_row or k > start) and _PART.match(unicodedata.normalize("NFKC", lines[k].text)):
            # The next part of the document (第八部分), however little prose follows on
            # the page, and though only a wrapped cell's lines come before it.
            return k
        # Prose starts at the margin and runs on in one piece; a line starting inside the
        # table, or in pieces apart (级） … 序开展，…), is wrapped cells.
        if (not seen_row or is_footer(lines[k].text) or lines[k].x0 > left + 0.25 * (right - left)
                or len(segments(lines[k])) > 1):
            continue
        rest = [ln for ln in lines[k:stop] if not is_footer(ln.text)]
        # A figure in a wrapped sentence may read as a row; most of the rest is prose.
        if _is_margin_prose(rest) and 3 * sum(_is_row(ln) for ln in rest) < len(rest):
            prose = next((j for j in range(k, stop) if _is_prose_line(lines[j])), stop)
            last_row = max((j for j in range(k, prose) if _is_row(lines[j])), default=None)
            if last_row is not None:
                # Rows above the first sentence are the table's (the last project's
                # figures under its wrapped name, 立法费及法 over 印刷费 120.00): it ends
                # after them, where a heading or the prose begins.
                return next((j for j in range(last_row + 1, prose) if _HEADING.match(_flat(lines[j]))
                             or _PART.match(_flat(lines[j]))), prose)
            # The section headings over the prose go with it.
            while k - 1 > start and not _is_row(lines[k - 1]) and _HEADING.match(_flat(lines[k - 1])):
                k -= 1
            return k
    return stop


def _flat(line: Line) -> str:
    return unicodedata.normalize("NFKC", line.text)


def _cover_title(pages: list[Page]) -> tuple[str | None, int] | None:
    """(department, year) from the cover's title: the department above or before
    `20xx年部门预算` (or 决算), or after the year (`2026年度苏州市审计局部门预算公开`); the
    title may wrap anywhere (`…（本级）部` over `门预算`, `社会工作部 2024 年度` over `部门决算`)."""
    if not pages:
        return None
    lines = [ln for ln in _page_lines(pages[0]) if not is_footer(ln.text)]
    if any(is_amount(w.text) and ("." in w.text or "," in w.text) for ln in lines for w in ln.words):
        return None  # a table on the first page: no cover
    for i, line in enumerate(lines):
        if not _YEAR.search(unicodedata.normalize("NFKC", line.text)):
            continue
        joined = "".join("".join(unicodedata.normalize("NFKC", ln.text).split()) for ln in lines[i:i + 3])
        m = _COVER_TITLE.match(joined)
        if m is None or len(m["post"]) > 40:
            continue
        above = "".join("".join(unicodedata.normalize("NFKC", ln.text).split()) for ln in lines[max(0, i - 3):i])
        # (`北京市医疗保障局部门` over `2026年预算`: 部门 belongs to the title.)
        name = re.sub(r"(?:部门|单位)$", "", above + m["pre"]) or m["post"]
        return name or None, int(m["year"])
    return None


def merge_repeats(located: list[Located]) -> list[Located]:
    """A title repeated on the next page (续表) continues the same table; the next table
    under another title or number (基本支出总表 after 支出总表, 表8 after 表7) does not,
    even where both map onto one canonical table. A table outside the families continues
    where its title is repeated on the next page."""
    out: list[Located] = []
    for loc in located:
        prev = out[-1] if out else None
        if prev is None:
            same = False
        elif loc.spec is not None:
            same = (prev.spec is loc.spec and loc.regions[0].page == prev.regions[-1].page + 1
                    and same_table(prev, loc))
        else:
            same = (prev.spec is None and same_title(prev.title, loc.title)
                    and prev.regions[-1].page <= loc.regions[0].page <= prev.regions[-1].page + 1)
        if prev is not None and same:
            prev.regions.extend(loc.regions)
        else:
            out.append(loc)
    return out
