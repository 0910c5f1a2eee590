"""locate.py: title lines, which pages and page regions hold which table, and the
document's department, year and unit, on synthetic pages."""
from __future__ import annotations

import pytest

from budgetx.reader.locate import find_tables
from budgetx.reader.region_text import figure_heads, region_words
from budgetx.reader.lines import group_lines
from budgetx.model import Word
from budgetx.model import Page
from budgetx.schema.registry import load_schema
from layout import centred, right, word

SCHEMA = load_schema()


def page(number: int, words: list[Word], height: float = 842) -> Page:
    return Page(number, 595, height, words, chars=500)


def summary_words(title: str = "2025年部门收支总体情况表", meta: str = "编制部门：青禾县教育局",
                  label: str | None = "表1", dy: float = 0) -> list[Word]:
    """Table 1 as printed: label, title, meta line, header, three body rows, footer."""
    words = [word(label, 40, 60 + dy)] if label else []
    words += [centred(title, 297, 80 + dy, 14), right("单位：万元", 555, 104 + dy)]
    if meta:
        words.append(word(meta, 40, 104 + dy))
    words += [centred(t, x, 124 + dy) for t, x in [("项目", 120), ("预算数", 240), ("项目", 380), ("预算数", 500)]]
    body = [("一、本年收入", "1,388.82", "一般公共服务支出", "1,222.89"),
            ("二、上年结转结余", "715.73", "社会保障和就业支出", "88.93"),
            ("收入总计", "2,104.55", "支出总计", "2,104.55")]
    for k, (a, b, c, d) in enumerate(body):
        y = 144 + 16 * k + dy
        words += [word(a, 44, y), right(b, 296, y), word(c, 304, y), right(d, 551, y)]
    return words


def summary_page(number: int, title: str = "2025年部门收支总体情况表", meta: str = "编制部门：青禾县教育局") -> Page:
    return page(number, [*summary_words(title, meta), centred(f"- {number} -", 297, 800)])


def prose(number: int, *sentences: str) -> Page:
    return page(number, [word(t, 60, 100 + 20 * i) for i, t in enumerate(sentences)])


COVER = page(1, [centred("青禾县教育局", 297, 200, 20), centred("2025年部门预算公开", 297, 240, 20)])
TITLES = [spec.title for spec in SCHEMA.tables]
TOC = page(2, [centred("目 录", 297, 80)]
           + [w for i, t in enumerate(TITLES)
              for w in (word(f"表{i + 1} {t}", 60, 100 + 20 * i), right(str(i + 6), 540, 100 + 20 * i))])
PROSE = prose(7, "一、关于部门收支总体情况表的说明。", "2025年收支总预算2,104.55万元，比上年增加，主要原因是人员增加。",
              "部门收支总体情况表反映了本部门的收支情况。")


def test_table_page_gives_title_region_label_and_document_fields() -> None:
    layout = find_tables([COVER, TOC, summary_page(6), PROSE], SCHEMA)
    assert (layout.department, layout.year, layout.unit) == ("青禾县教育局", 2025, "万元")
    [table] = layout.tables
    assert table.spec is not None and table.spec.no == 1
    assert (table.title, table.label, table.unit) == ("2025年部门收支总体情况表", "表1", "万元")
    assert [r.page for r in table.regions] == [6]
    # Cover, table of contents and prose are narrative, not tables.
    assert layout.narrative_pages == [1, 2, 7]


def test_table_of_contents_listing_every_title_is_not_a_table() -> None:
    layout = find_tables([COVER, TOC], SCHEMA)
    assert layout.tables == []
    assert layout.narrative_pages == [1, 2]


def test_department_from_the_cover_when_no_meta_line() -> None:
    layout = find_tables([COVER, summary_page(6, meta="")], SCHEMA)
    assert (layout.department, layout.year) == ("青禾县教育局", 2025)


def test_final_accounts_title_names_a_table_of_the_final_accounts_family() -> None:
    layout = find_tables([summary_page(6, title="2024年部门收支决算总表")], SCHEMA)
    [table] = layout.tables
    assert table.spec is not None and table.title == "2024年部门收支决算总表"
    assert (table.spec.family, table.spec.no, table.spec.key) == ("final_accounts", 1, "final_summary")


def test_continuation_page_without_title_extends_the_region() -> None:
    rows = [("三、事业收入", "10.00"), ("四、经营收入", "20.00"), ("五、其他收入", "30.00"), ("六、附属单位上缴收入", "1.50")]
    cont = page(7, [w for k, (a, b) in enumerate(rows) for w in (word(a, 44, 60 + 16 * k), right(b, 296, 60 + 16 * k))])
    layout = find_tables([summary_page(6), cont], SCHEMA)
    [table] = layout.tables
    assert [(r.page, r.top, r.bottom) for r in table.regions][1] == (7, 0.0, 842)


def test_region_words_drop_title_meta_footer_and_keep_notes() -> None:
    sheet = page(14, [
        centred("政府性基金预算支出情况表", 297, 80, 14),
        word("编制部门：青禾县教育局", 40, 104), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("科目编码", 80), ("科目名称", 200), ("合计", 320), ("基本支出", 420),
                                          ("项目支出", 520)]),
        word("青禾县教育局2025年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。", 40, 144, 7),
        centred("- 14 -", 297, 800),
    ])
    layout = find_tables([sheet], SCHEMA)
    [table] = layout.tables
    assert table.spec is not None and table.spec.no == 8
    text = region_words(sheet, table.regions[0], table.title)
    assert [w.text for w in text.words] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert text.notes == ["青禾县教育局2025年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"]


def test_a_remark_under_a_table_is_a_note_not_a_row() -> None:
    # 福州: 备注：本部门 2026 年没有使用… under the table's 合计 row, its 出。 wrapped.
    sheet = page(19, [
        centred("国有资本经营预算支出情况表", 297, 80, 14), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("科目编码", 80), ("科目名称", 200), ("合计", 320), ("基本支出", 420),
                                          ("项目支出", 520)]),
        word("合计", 180, 144), right("0.00", 340, 144), right("0.00", 440, 144), right("0.00", 540, 144),
        word("备注：本部门", 40, 170), word("2026", 110, 170), word("年没有使用国有资本经营预算拨款安排的支", 140, 170),
        word("出。", 40, 186), centred("- 19 -", 297, 800),
    ])
    [table] = find_tables([sheet], SCHEMA).tables
    text = region_words(sheet, table.regions[0], table.title)
    assert "2026" not in [w.text for w in text.words]
    assert text.notes == ["备注：本部门2026年没有使用国有资本经营预算拨款安排的支", "出。"]


def test_a_note_runs_on_over_its_wrapped_lines() -> None:
    # 广州: 注：一、行政经费是指… wrapped over lines that read as no sentence on their own
    # (租赁费、会议费、…、公务用车购), the last ending in 。.
    sheet = page(18, [
        centred("财政拨款“三公”经费支出情况表", 297, 80, 14), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("项目", 120), ("合计", 320), ("一般公共预算", 440)]),
        word("“三公”经费", 40, 144), right("51.75", 340, 144), right("51.75", 460, 144),
        word("注：一、行政经费是指用于维持行政单位机关运行的经费。具体包括：办公费、印刷费、", 40, 170),
        word("租赁费、会议费、培训费、公务接待费、公务用车购", 40, 186),
        word("置、其他交通工具购置经济科目对应的预算资金。", 40, 202), centred("- 16 -", 297, 800),
    ])
    [table] = find_tables([sheet], SCHEMA).tables
    text = region_words(sheet, table.regions[0], table.title)
    assert [w.text for w in text.words][-3:] == ["“三公”经费", "51.75", "51.75"]
    assert len(text.notes) == 3


def test_two_tables_on_one_page_split_the_page() -> None:
    both = page(6, summary_words() + summary_words(title="财政拨款收支预算总体情况表", label="表4", dy=400), 1242)
    layout = find_tables([both], SCHEMA)
    assert [t.spec.no for t in layout.tables if t.spec] == [1, 4]
    first, second = layout.tables
    # The first region ends at the 表4 label line above the second title.
    assert first.regions[0].bottom == pytest.approx(460)
    assert second.regions[0].top == pytest.approx(480 + 14)


def test_a_title_broken_over_two_lines_is_read_whole() -> None:
    from budgetx.reader.locate import _title_head
    from budgetx.reader.lines import Line
    from budgetx.model import Word

    head = Line([Word("社会组织管理工作经费", 200, 100, 400, 114)])
    title = Line([Word("项目绩效目标表", 230, 118, 370, 132)])
    sentence = Line([Word("具体情况见下表：", 60, 100, 560, 114)])
    assert _title_head([head, title], 1) is head
    assert _title_head([sentence, title], 1) is None
    assert _title_head([title], 0) is None


def coded_page(number: int, title: str, label: str | None, rows: list[tuple[str, str, str]]) -> Page:
    """A coded table page: label, title, header, rows of code, name and one figure."""
    words = [word(label, 40, 60)] if label else []
    words += [centred(title, 297, 80, 14), right("单位：万元", 555, 104)]
    words += [centred(t, x, 124) for t, x in [("科目编码", 80), ("科目名称", 200), ("合计", 480)]]
    for k, (code, name, amount) in enumerate(rows):
        y = 144 + 16 * k
        words += [word(code, 44, y), word(name, 140, y), right(amount, 551, y)]
    return page(number, [*words, centred(f"- {number} -", 297, 800)])


FUNCTION_ROWS = [("201", "一般公共服务支出", "100.00"), ("20101", "人大事务", "100.00"), ("2010101", "行政运行", "100.00")]
ECONOMIC_ROWS = [("301", "工资福利支出", "80.00"), ("30101", "基本工资", "50.00"), ("30102", "津贴补贴", "30.00")]


@pytest.mark.parametrize(("first", "second", "merged"), [
    # The next table whose title ends in the same words (支出总表) is another table.
    (("支出总表", "表3"), ("基本支出总表", "表4"), False),
    # One title, two numbers: two tables (by function, then by economic class).
    (("一般公共预算支出表（按功能分类）", "表7"), ("一般公共预算支出表（按经济分类）", "表8"), False),
    (("一般公共预算支出表（按功能分类）", "表7"), ("一般公共预算支出表（按功能分类）", "表7"), True),
    (("部门支出总表", None), ("部门支出总表（续表）", None), True),
])
def test_a_title_on_the_next_page_continues_only_the_same_table(first: tuple[str, str | None],
                                                                second: tuple[str, str | None], merged: bool) -> None:
    from budgetx.reader.locate import merge_repeats as _merge_repeats

    pages = [coded_page(6, *first, FUNCTION_ROWS), coded_page(7, *second, ECONOMIC_ROWS)]
    located = _merge_repeats(find_tables(pages, SCHEMA).tables)
    assert [[r.page for r in t.regions] for t in located] == ([[6, 7]] if merged else [[6], [7]])


def key_projects_page(number: int, header: bool, rows: list[tuple[str, str, str, list[str]]],
                      prose_after: list[str] = ()) -> Page:  # type: ignore[assignment]
    """A prose page holding an untitled table (重点项目绩效目标): section heading, a line
    introducing it, a header line, rows whose last cell wraps over several lines."""
    words: list[Word] = []
    y = 80.0
    if header:
        words += [word("第七部分 重点项目预算绩效情况说明", 112, y), word("2026年，本单位重点项目绩效目标情况如下：", 119, y + 30)]
        y += 60
        words += [word("二级预算单位名称", 85, y), word("一级项目名称", 199, y), word("预算数（万元）", 307, y),
                  word("绩效目标", 465, y)]
        y += 20
    for unit, name, amount, goal in rows:
        words += [w for w in (word(unit, 82, y), word(name, 195, y), right(amount, 330, y)) if w.text]
        for k, text in enumerate(goal):
            words.append(word(text, 425, y + 15.6 * k))
        y += 15.6 * max(len(goal), 1) + 4
    for text in prose_after:
        y += 30
        words.append(word(text, 90, y))
    return page(number, [*words, centred(f"- {number} -", 297, 800)])


def test_an_untitled_table_in_the_prose_is_found_with_its_continuation() -> None:
    first = key_projects_page(11, True, [("统计局（本级）", "统计管理", "352.27", ["为统计管理工作提供", "支持保障。"]),
                                         ("统计局（本级）", "专项普查活动", "110.00", ["完成普查准备工作，", "试点调研", "次数达到5次"])])
    second = key_projects_page(12, False, [("", "", "", ["以上。"]),
                                           ("统计局（本级）", "政务信息化项目", "7.50", ["保障系统正常运行。"])],
                               ["第八部分 其他需要说明情况", "一、机关运行经费", "2026年本单位机关运行经费财政拨款预算1,695.26万元，",
                                "较2025年增加80.84万元，增长5.0%。主要是增加了专用设备购置经费预算。",
                                "二、国有资产占用情况", "截至2025年10月，本单位共有车辆2辆，其中机要通信用车1辆。",
                                "单位价值100万元以上的设备0台（套）。"])
    layout = find_tables([COVER, first, second, prose(13, "第九部分 名词解释。")], SCHEMA)
    [table] = layout.tables
    assert (table.spec, table.title) == (None, "重点项目预算绩效情况说明")
    assert [r.page for r in table.regions] == [11, 12]
    words = region_words(second, table.regions[1]).words
    assert "7.50" in [w.text for w in words] and not any("机关运行经费" in w.text for w in words)
    assert layout.narrative_pages == [1, 11, 12, 13]


@pytest.mark.parametrize(("above", "title"), [
    ("2026年，本单位重点项目绩效目标情况如下：", "2026年，本单位重点项目绩效目标情况如下"),
    # The last line of a paragraph is no name for the table under it.
    ("助4.53，2022年未列支。", ""),
])
def test_an_untitled_table_goes_by_the_line_introducing_it(above: str, title: str) -> None:
    words = [word("对机关事业单位职业年金的补", 90, 60), word(above, 90, 80)]
    words += [word(t, x, 110) for t, x in [("二级预算单位名称", 85), ("一级项目名称", 199), ("预算数（万元）", 307),
                                           ("绩效目标", 465)]]
    for k, (name, amount) in enumerate([("统计管理", "352.27"), ("专项普查活动", "110.00"), ("政务信息化项目", "7.50")]):
        words += [word("统计局（本级）", 82, 130 + 20 * k), word(name, 195, 130 + 20 * k),
                  right(amount, 330, 130 + 20 * k), word("保障运行。", 425, 130 + 20 * k)]
    [table] = find_tables([COVER, page(11, words)], SCHEMA).tables
    assert (table.spec, table.title) == (None, title)


def test_a_title_over_a_single_row_names_its_table_and_the_next_pages_title_opens_another() -> None:
    # 西安's 会议费明细表 and 培训费明细表 close the 说明, one row each, one a page: too
    # little a table for its title to be taken by content, found by its header instead.
    def sheet(number: int, title: str, prose_lines: list[str]) -> Page:
        words = [word(t, 60, 80 + 20 * i) for i, t in enumerate(prose_lines)]
        y = 100 + 20 * len(prose_lines)
        words += [centred(title, 297, y, 12), right("单位：万元", 540, y + 20)]
        words += [word(t, x, y + 40) for t, x in [("序号", 50), ("会议名称", 140), ("时间", 280), ("人数", 340),
                                                 ("金额", 420), ("备注", 500)]]
        words += [word("1", 52, y + 60), word("因涉密，不予公开。", 100, y + 60), right("55.85", 440, y + 60)]
        return page(number, [*words, centred(f"- {number} -", 297, 800)])

    layout = find_tables([COVER, sheet(17, "会议费明细表", ["本部门当年一般公共预算会议费预算支出55.85万元。"]),
                          sheet(18, "培训费明细表", [])], SCHEMA)
    assert [(t.title, [r.page for r in t.regions]) for t in layout.tables] == [("会议费明细表", [17]),
                                                                            ("培训费明细表", [18])]


def test_the_next_part_ends_a_table_whose_last_page_holds_only_a_wrapped_cell() -> None:
    # 深圳: the last project's goal runs onto the next page, where 第八部分 follows it.
    first = key_projects_page(11, True, [("统计局（本级）", "统计管理", "352.27", ["为统计管理工作提供", "支持保障。"])])
    second = key_projects_page(12, False, [("", "", "", ["工作", "次数达到5次以上"])],
                               ["第八部分 其他需要说明情况", "一、机关运行经费", "2026年本单位机关运行经费财政拨款预算1,695.26万元，",
                                "较2025年增加80.84万元，增长5.0%。主要是增加了专用设备购置经费预算。"])
    [table] = find_tables([COVER, first, second], SCHEMA).tables
    words = [w.text for w in region_words(second, table.regions[1]).words]
    assert "次数达到5次以上" in words and not any("第八部分" in w or "机关运行经费" in w for w in words)


def test_a_two_column_table_in_the_prose_is_found_by_its_header() -> None:
    # 佛山: the projects' self-assessed scores under the paragraph that reports them.
    prose_lines = ["发现的问题及原因：一是", "部分项目实施的经费是从市交通运输局划转过来，与我局实际需",
                   "求差距较大，需后续追加。下一步改进措施：一是加强对专项经", "费的使用管理，提高专项经费绩效水平。"]
    words = [word(t, 60, 80 + 20 * i) for i, t in enumerate(prose_lines)]
    words += [word("项目名称", 60, 170), word("自评分数", 300, 170)]
    for k, (name, score) in enumerate([("质量抽检和试验检测管理", "100"), ("2019年度聘请专家人员经费", "96.53"),
                                       ("佛山市轨道交通局开办经费", "97.87")]):
        words += [word(name, 60, 190 + 20 * k), right(score, 340, 190 + 20 * k)]
    [table] = find_tables([COVER, page(29, words)], SCHEMA).tables
    # No heading over it: the paragraph's last line is no name, nor its line opening 部分.
    assert (table.spec, table.title, table.headed) == (None, "", True)
    kept = [w.text for w in region_words(page(29, words), table.regions[0]).words]
    assert kept[:2] == ["项目名称", "自评分数"] and "96.53" in kept and "97.87" in kept


def test_a_figure_set_close_after_its_rows_name_under_the_amount_header_makes_a_row() -> None:
    # 广州气象局: one project, its name wrapped round its 预算数, set a space after it.
    words = [word("项目", 141, 80), word("预算数（单位：万元）", 219, 80), word("绩效目标", 399, 80),
             word("保障各应用系统运行稳定，通过日常维", 328, 100), word("广州市气象综合保障中心", 92, 110),
             word("护、系统优化降低故障率；通过常规及专项", 323, 120), word("2026年-2027年信息化运维项", 87, 132),
             Word("568.42", 205.5, 132, 233.0, 141), word("的网络安全防护，确保气象网络的安全，总", 324, 142),
             word("目", 89, 154), word("体上保证业务的稳定运行。", 323, 164), word("注：无。", 86, 190)]
    [table] = find_tables([COVER, page(27, words)], SCHEMA).tables
    assert table.headed and "568.42" in [w.text for w in region_words(page(27, words), table.regions[0]).words]


@pytest.mark.parametrize(("heading", "title"), [("七、重点项目预算绩效目标情况", "重点项目预算绩效目标情况"),
                                              ("二、部门预算单位构成", "部门预算单位构成")])
def test_an_untitled_table_opening_a_page_goes_by_the_heading_that_ended_the_page_before(heading: str,
                                                                                        title: str) -> None:
    # 广州: the section heading and the line introducing the table end one page, the
    # table opens the next.
    before = page(26, [word("上年减少511.71万元，下降56%，主要原因是阶段性项目已完成。", 60, 80),
                       word(heading, 60, 120), word("2026年，本部门重点项目绩效目标情况如下：", 60, 150),
                       centred("- 24 -", 297, 800)])
    first = key_projects_page(27, True, [("统计局（本级）", "统计管理", "352.27", ["为统计管理工作提供", "支持保障。"]),
                                         ("统计局（本级）", "专项普查活动", "110.00", ["完成普查准备工作"])])
    opening = page(27, [w for w in first.words if w.top >= 140])  # the page without its own heading
    [table] = find_tables([COVER, before, opening], SCHEMA).tables
    assert (table.title, [r.page for r in table.regions]) == (title, [27])


def test_a_row_of_run_together_figures_is_read_as_its_cells() -> None:
    sheet = coded_page(8, "部门收入总体情况表", "表二", [("205", "教育支出", "64,945.40")])
    merged = right("12,063.9611,476.19", 420, 144)
    layout = find_tables([page(8, [*sheet.words, merged])], SCHEMA)
    [table] = layout.tables
    texts = [w.text for w in region_words(page(8, [*sheet.words, merged]), table.regions[0]).words]
    assert "12,063.96" in texts and "11,476.19" in texts


def test_a_wrapped_cell_at_the_page_end_is_not_the_prose_after_the_table() -> None:
    from budgetx.reader.lines import group_lines
    from budgetx.reader.locate import table_end

    words = [word("深圳市公安局（本", 82, 100), word("严控类项目", 195, 100), right("21.56", 309, 100),
             word("保障内外宾接待工作及时有", 425, 100),
             # The unit name's second line at the margin, the goal's second line far apart.
             word("级）", 82, 116), word("序开展，加强外事交流，深", 425, 116)]
    lines = group_lines(words)
    assert table_end(lines, 0, len(lines)) == len(lines)
    prose_after = lines + group_lines([word("第八部分 其他需要说明情况", 156, 160), word("一、机关运行经费", 121, 190),
                                       word("2026年本单位机关运行经费财政拨款预算1,695.26万元，", 90, 220)])
    assert table_end(prose_after, 0, len(prose_after)) == len(lines)


def test_an_untitled_table_continues_under_a_first_line_of_several_cells() -> None:
    first = key_projects_page(10, True, [("发展和改革委", "物资储备业务", "124.73", ["对储备粮油进行检查，开展"])])
    # The page after opens with the unit name's and the goal's second lines, apart.
    second = key_projects_page(11, False, [("员会（本级）", "", "", ["储备费用结算审计，落实粮", "食安全责任制。"]),
                                           ("发展和改革委", "项目管理业务", "924.27", ["完成年度扶持项目评审。"])])
    layout = find_tables([first, second], SCHEMA)
    [table] = layout.tables
    assert [r.page for r in table.regions] == [10, 11]


def test_items_without_figures_before_the_total_row_stay_in_the_table() -> None:
    from budgetx.reader.lines import group_lines
    from budgetx.reader.locate import table_end

    items = [("一、财政拨款收入", "118,853,953"), ("1、一般公共预算", "118,853,953"), ("2、政府性基金预算", ""),
             ("3、国有资本经营预算", ""), ("二、事业收入", ""), ("三、事业单位经营收入", ""), ("四、其他收入", ""),
             ("收入总计", "118,853,953")]
    words = [w for k, (a, b) in enumerate(items) for w in (word(a, 60, 100 + 23 * k), right(b, 329, 100 + 23 * k)) if w.text]
    lines = group_lines(words)
    assert table_end(lines, 0, len(lines)) == len(lines)


def test_a_continuation_page_of_rows_with_percentages_is_not_prose() -> None:
    # Tables comparing with last year print 增减(%) cells; a page of such rows without the
    # title repeated still continues the table (a percentage in a sentence is prose).
    rows = [("2080501", "行政单位离退休", "929.97", "-11.97%"), ("2080503", "离退休人员管理机构", "193.52", "-8.10%"),
            ("2210201", "住房公积金", "649.58", "0.39%"), ("2210202", "提租补贴", "65.00", "1.56%")]
    cont = page(7, [w for k, (c, n, a, p) in enumerate(rows)
                    for w in (word(c, 44, 60 + 16 * k), word(n, 100, 60 + 16 * k),
                              right(a, 400, 60 + 16 * k), right(p, 551, 60 + 16 * k))])
    layout = find_tables([summary_page(6), cont], SCHEMA)
    [table] = layout.tables
    assert [r.page for r in table.regions] == [6, 7]
    stated = prose(7, "比上年增长 10.30%", "其他收入 31,888.00万元", "比上年减少 8.10%", "主要原因是人员减少",
                   "16.65%", "44.12%", "25.27%")  # a pie chart's labels are no rows
    assert [r.page for r in find_tables([summary_page(6), stated], SCHEMA).tables[0].regions] == [6]


def test_a_continuation_page_with_a_wide_text_column_is_known_by_its_figure_columns() -> None:
    # A project table whose 项目概述 column wraps into sentences: the page reads like prose,
    # but each row prints its amount right under the table's own figure column.
    words: list[Word] = []
    for k, (unit, amount) in enumerate([("某某支队", "794.83"), ("某某中心", "1,876.67"), ("某某分局", "5,870.33")]):
        y = 60 + 48 * k
        words += [word("保障单位日常运转，规范队伍管理，开展表彰奖励。", 150, y - 16),
                  word(unit, 44, y), word("为日常运转履职尽责提供基础保障", 150, y), right(amount, 551, y),
                  word("有效提升队伍建设水平，推进平安建设。", 150, y + 16)]
    layout = find_tables([summary_page(6), page(7, words)], SCHEMA)
    assert [r.page for r in layout.tables[0].regions] == [6, 7]
    # The same figures inside sentences are the narrative after the table, not its rows.
    stated = prose(7, "某某支队支出 794.83 万元，主要用于日常运转。", "某某中心支出 1,876.67 万元，比上年增加。",
                   "某某分局支出 5,870.33 万元，主要原因是人员增加。", "其他支出 12.00 万元。")
    assert [r.page for r in find_tables([summary_page(6), stated], SCHEMA).tables[0].regions] == [6]


def project_rows(y: float, rows: list[tuple[str, str, list[str]]], size: float = 9) -> list[Word]:
    """Rows of a project table (项目名称 | 合计 | 财政拨款 | 绩效目标): the goal wraps over
    several lines of sentences in the last column, the figures set against its middle."""
    words: list[Word] = []
    for name, amount, goal in rows:
        middle = y + 15.6 * (len(goal) // 2)
        words += [word(name, 44, middle), right(amount, 250, middle), right(amount, 330, middle)]
        words += [word(text, 360, y + 15.6 * k) for k, text in enumerate(goal)]
        y += 15.6 * len(goal) + 6
    return words


GOAL = ["通过开展道路养护工作，主要达到如下目标：", "1.路面技术状况指数≥90；2.每日巡查", "不少于1次；3.不发生重大安全事故；",
        "4.项目验收合格率为100%。"]


def test_a_continuation_page_whose_text_column_wraps_sentences_is_the_table() -> None:
    """A titled table with a wide text column (绩效目标): on the page after, most lines
    are that column's wrapped sentences. They start inside the table, not at the margin
    as prose does, so the page continues the table."""
    header = [word("项目名称", 60, 100), word("合计", 230, 100), word("财政拨款", 290, 100), word("绩效目标", 420, 100)]
    first = page(20, [centred("部门预算项目支出预算表", 297, 60, 14), *header,
                      *project_rows(120, [("道路养护项目", "1,550.00", GOAL), ("桥梁维护项目", "1,440.00", GOAL)]),
                      centred("- 20 -", 297, 800)])
    second = page(21, [*header, *project_rows(120, [(f"养护项目{k}", f"{k},310.00", GOAL) for k in range(1, 5)]),
                       centred("- 21 -", 297, 800)])
    after = prose(22, "第三部分 部门预算情况说明", "一、部门预算收支增减变化情况。",
                  "2026年本部门收入预算632,065.7万元，比上年减少，主要原因是项目调整。")
    layout = find_tables([first, second, after], SCHEMA)
    [table] = layout.tables
    assert [r.page for r in table.regions] == [20, 21]
    assert layout.narrative_pages == [22]


def key_goals_page(number: int, intro: bool, rows: list[tuple[str, str, list[str]]]) -> Page:
    """A prose page holding an untitled table (项目 | 预算数 | 绩效目标) after the
    section's text: each amount is set against the middle of its goal, several wrapped
    lines below the row's first; amounts are whole (3,500) or with decimals."""
    words: list[Word] = []
    y = 40.0
    if intro:
        words += [word("本部门一般公共预算安排委托业务费5,838.71万元，比上年减少，", 117, y),
                  word("主要原因是落实过紧日子要求。", 88, y + 30), word("七、重点项目预算绩效目标情况", 119, y + 70),
                  word("2026年，本部门重点项目绩效目标情况如下：", 117, y + 110)]
        y += 140
    words += [word("项目", 141, y), word("预算数（单位：万元）", 200, y), word("绩效目标", 400, y)]
    y += 16
    for name, amount, goal in rows:
        middle = y + 15.6 * (len(goal) // 2)
        words += [word(name, 92, middle), centred(amount, 240, middle)]
        words += [word(text, 323, y + 15.6 * k, 8) for k, text in enumerate(goal)]
        y += 15.6 * len(goal) + 2
    return page(number, [*words, centred(f"- {number} -", 297, 818)])


def test_an_untitled_table_whose_first_amount_is_lines_below_its_header_is_found() -> None:
    """Under a wide text column the first figure comes several lines below the header,
    and a row may hold a name and a figure only: still a table, continued on the next
    page where a name cell shares its first line with a wrapped sentence."""
    goal = ["通过开展公共交通财政补贴，主要达", "到如下目标：安排专项资金对公交企", "业进行补贴，保持行业平稳运行；",
            "缓解中心区交通压力，提升营商宜", "居环境，落实公交优先的工作要求。"]
    first = key_goals_page(81, True, [("货车通行费补贴", "3,500", goal), ("公共交通财政补贴", "300,000.00", goal)])
    # The page after opens with a name cell's first line beside a goal's sentence.
    goal2 = ["收合格率为100%；2.项目检测合格率为", *goal[1:]]
    second = key_goals_page(82, False, [("日常维护项目", "1,440", goal2)])
    second.words[:] = [w for w in second.words if w.text not in ("项目", "预算数（单位：万元）", "绩效目标")]
    second.words.append(word("东城养护所国省道", 92, 56))
    layout = find_tables([COVER, first, second, prose(83, "第四部分 名词解释。")], SCHEMA)
    [table] = layout.tables
    assert table.spec is None and table.title == "重点项目预算绩效目标情况"
    assert [r.page for r in table.regions] == [81, 82]
    # The goal's sentences are the text column's cells; the figure beside one is the row's.
    words = [w.text for w in region_words(second, table.regions[1], text_cells=True).words]
    assert {"1,440", "居环境，落实公交优先的工作要求。", "东城养护所国省道", "收合格率为100%；2.项目检测合格率为"} <= set(words)
    # Read as a canonical table's region, a sentence line is a note unless a figure
    # of its own shares it.
    kept = [w.text for w in region_words(second, table.regions[1]).words]
    assert "1,440" in kept and "业进行补贴，保持行业平稳运行；" in kept
    assert "居环境，落实公交优先的工作要求。" not in kept


@pytest.mark.parametrize(("lines", "no"), [
    # The last line alone names no canonical table; the whole title does.
    (["2025年部门综合预算一般公共预算拨款“三公”经费、", "会议费、培训费表（不含上年结转）"], 10),
    # The last line is too short to read as a title at all.
    (["2025年部门综合预算政府采购（资产配置、购买服务）", "预算表（不含上年结转）"], None),
    # The title broken inside its scope note.
    (["2025年部门综合预算一般公共预算支出明细表（按支出功能分类科", "目-不含上年结转）"], 5),
    # The scope note on a line of its own under the title says which table it is: by
    # function the general budget's table 5; its basic expenditure by economic class
    # table 6, by function another table.
    (["２０２１年部门综合预算一般公共预算支出明细表", "（按支出功能分类科目－不含上年结转）"], 5),
    (["2021年部门综合预算一般公共预算支出明细表", "（按支出经济分类科目）"], None),
    (["2021年部门综合预算一般公共预算基本支出明细表", "（按支出经济分类科目-不含上年结转）"], 6),
    (["2021年部门综合预算一般公共预算基本支出明细表", "（按支出功能分类科目-不含上年结转）"], None),
])
def test_a_title_broken_over_two_lines_names_its_table_whole(lines: list[str], no: int | None) -> None:
    words = [centred(lines[0], 297, 80, 14), centred(lines[1], 297, 98, 14), right("单位：万元", 555, 120)]
    words += [centred(t, x, 140) for t, x in [("项目", 120), ("合计", 300), ("预算数", 480)]]
    for k, (a, b, c) in enumerate([("甲", "1,000.00", "2.50"), ("乙", "300.00", "1.25"), ("丙", "7.00", "3.75")]):
        words += [word(a, 44, 160 + 16 * k), right(b, 320, 160 + 16 * k), right(c, 551, 160 + 16 * k)]
    [table] = find_tables([page(5, words)], SCHEMA).tables
    assert table.title == "".join(lines)
    assert (table.spec.no if table.spec else None) == no


def test_the_department_is_the_name_most_tables_print() -> None:
    # The first table's 编制部门 cell wraps the name (青禾县教育 | 局); the others print it whole.
    pages = [summary_page(6, meta="编制部门：青禾县教育"),
             page(7, summary_words("2025年部门收入总体情况表", label="表2")),
             page(8, summary_words("2025年部门支出总体情况表", label="表3"))]
    assert find_tables(pages, SCHEMA).department == "青禾县教育局"
    # With one name only, that name.
    assert find_tables(pages[:1], SCHEMA).department == "青禾县教育"


def test_a_page_carrying_only_the_tables_last_row_continues_it() -> None:
    # The last row alone on the next page, under the page's running head.
    head = word("青禾县教育局2025年度部门预算公开", 40, 30)
    carried = page(7, [head, word("购房补贴", 304, 60), right("167.18", 551, 60), centred("- 7 -", 297, 800)])
    layout = find_tables([summary_page(6), carried], SCHEMA)
    assert [r.page for r in layout.tables[0].regions] == [6, 7]
    # A figure elsewhere than the table's columns, or a page of prose, is not its row.
    astray = page(7, [head, word("购房补贴", 44, 60), right("167.18", 420, 60)])
    assert [r.page for r in find_tables([summary_page(6), astray], SCHEMA).tables[0].regions] == [6]
    stated = page(7, [head, word("购房补贴支出", 44, 60), right("167.18", 551, 60),
                      word("主要用于发放职工购房补贴。", 44, 80), word("比上年增加 12.00 万元。", 44, 100)])
    assert [r.page for r in find_tables([summary_page(6), stated], SCHEMA).tables[0].regions] == [6]


def wrapped_goal_rows(rows: list[tuple[str, str, str, list[str]]], y: float) -> tuple[list[Word], float]:
    """Rows of a key-projects table: the unit and project names wrapped in narrow cells
    (three lines each), the amount, a goal sentence wrapped in the wide last column."""
    words: list[Word] = []
    for unit, name, amount, goal in rows:
        for k in range(max(len(goal), 3)):
            if unit[4 * k:4 * k + 4]:
                words.append(word(unit[4 * k:4 * k + 4], 82, y + 15.6 * k))
            if name[4 * k:4 * k + 4]:
                words.append(word(name[4 * k:4 * k + 4], 135, y + 15.6 * k))
            if k < len(goal):
                words.append(word(goal[k], 250, y + 15.6 * k))
        if amount:
            words.append(right(amount, 236, y))
        y += 15.6 * max(len(goal), 3) + 4
    return words, y


GOAL = ["本项目聚焦深圳陆路口岸防汛抢险能力提升，针", "对地势低洼、易受深圳河洪水影响的实际情况", "开展大型排水抢险设备的采购工作。"]
PART_SEVEN = [word("第七部分 重点项目预算绩效情况说明", 112, 80), word("2026年，本单位重点项目绩效目标情况如下：", 119, 110)]
# The header's names wrapped in their cells: 二级预算 | 预算数 over 一级项目名称 | 绩效目标
# over 单位名称 | （万元）.
WRAPPED_HEADER = [word("二级预算", 82, 140), word("预算数", 196, 140), word("一级项目名称", 124, 155.6),
                  word("绩效目标", 330, 155.6), word("单位名称", 82, 171.2), word("（万元）", 192, 171.2)]


def test_an_untitled_tables_header_wrapped_over_three_lines_is_found() -> None:
    rows, _ = wrapped_goal_rows([("深圳市口岸办公室", "安全生产和应急管理专项", "40.00", GOAL),
                                 ("深圳市口岸办公室", "口岸管理业务", "40,000.70", GOAL)], 190)
    layout = find_tables([COVER, page(10, [*PART_SEVEN, *WRAPPED_HEADER, *rows, centred("- 10 -", 297, 800)])], SCHEMA)
    [table] = layout.tables
    assert (table.spec, table.title) == (None, "重点项目预算绩效情况说明")
    words = [w.text for w in region_words(page(10, [*PART_SEVEN, *WRAPPED_HEADER, *rows]), table.regions[0]).words]
    assert {"二级预算", "单位名称", "40,000.70"} <= set(words)


def test_two_lines_of_names_are_no_header_without_three_column_names() -> None:
    # Two lines of two cells each naming one column between them are not a header.
    lines = [word("单位", 82, 140), word("说明文字", 240, 140), word("其他内容", 143, 155.6), word("附注", 330, 155.6)]
    rows, _ = wrapped_goal_rows([("深圳市口岸办公室", "口岸管理业务", "40,000.70", GOAL)], 190)
    assert find_tables([COVER, page(10, [*PART_SEVEN, *lines, *rows])], SCHEMA).tables == []


def test_a_header_at_the_foot_of_the_page_opens_the_table_of_the_next() -> None:
    header = [word("二级预算单位名称", 85, 760), word("一级项目名称", 199, 760), word("预算数（万元）", 307, 760),
              word("绩效目标", 465, 760)]
    intro = [word("第七部分 重点项目预算绩效情况说明", 112, 700), word("2026年，本单位重点项目绩效目标情况如下：", 119, 730)]
    first = page(12, [*[word("本单位所有项目支出预算纳入部门预算绩效管理，涉及预算资金7,816.49万元。", 90, 140 + 20 * k)
                        for k in range(3)], *intro, *header, centred("- 12 -", 297, 800)])
    rows, y = wrapped_goal_rows([("深圳市司法局（本级）", "非发改立项的建设项目", "7.56", GOAL),
                                 ("深圳市司法局（本级）", "公共法律服务", "3,493.83", GOAL)], 60)
    second = page(13, [*rows, word("第八部分 其他需要说明情况", 156, y + 30), word("一、机关运行经费", 121, y + 60),
                       centred("- 13 -", 297, 800)])
    layout = find_tables([COVER, first, second], SCHEMA)
    [table] = layout.tables
    assert table.title == "重点项目预算绩效情况说明"
    assert [r.page for r in table.regions] == [12, 13]
    assert table.regions[0].top < 760
    # The next part's heading ends the table, though little prose follows it on the page.
    kept = [w.text for w in region_words(second, table.regions[1]).words]
    assert "3,493.83" in kept and "一、机关运行经费" not in kept and "第八部分 其他需要说明情况" not in kept
    # A header at the foot of a page followed by prose only is no table.
    assert find_tables([COVER, first, prose(13, "第八部分 其他需要说明情况。", "本单位无其他需要说明的情况。")], SCHEMA).tables == []


def test_a_table_continues_under_its_last_columns_wrapped_sentence() -> None:
    # The page after opens with the goal's wrapped lines only: wider than half the
    # table, but starting well inside it.
    rows, _ = wrapped_goal_rows([("深圳市口岸办公室", "安全生产和应急管理专项", "40.00", GOAL)], 190)
    first = page(10, [*PART_SEVEN, *WRAPPED_HEADER, *rows, centred("- 10 -", 297, 800)])
    tail = [word("水倒灌、内涝等问题，开展大型排水抢险设备", 250, 60 + 15.6 * k) for k in range(4)]
    more, _ = wrapped_goal_rows([("深圳市口岸办公室", "口岸管理业务", "40,000.70", GOAL)], 130)
    layout = find_tables([COVER, first, page(11, [*tail, *more, centred("- 11 -", 297, 800)])], SCHEMA)
    [table] = layout.tables
    assert [r.page for r in table.regions] == [10, 11]
def test_the_wrapped_end_of_a_figure_is_no_page_number() -> None:
    """A narrow figure column wraps a long amount over two lines, right-aligned in its
    cell (`116,780.6` over `2`): the lone digit under it is the figure's end, read into
    the same cell; the page number at the foot is still dropped."""
    from budgetx.reader.align import align
    sheet = page(9, [
        centred("部门支出总体情况表", 297, 80, 14), word("编制部门：青禾县交通运输局", 40, 104), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("科目编码", 60), ("科目名称", 160), ("合计", 300), ("基本支出", 400),
                                          ("项目支出", 500)]),
        word("214", 50, 150), word("交通运输支出", 120, 150), right("174,982.14", 330, 150), right("58,201.52", 430, 150),
        right("116,780.6", 530, 145), right("2", 530, 157),
        word("21401", 50, 176), word("公路水路运输", 120, 176), right("106,604.22", 330, 176),
        right("58,201.52", 430, 176), right("48,402.70", 530, 176),
        centred("2", 297, 800),
    ])
    [table] = find_tables([sheet], SCHEMA).tables
    words = region_words(sheet, table.regions[0], table.title).words
    assert "116,780.62" in [w.text for w in words] and "2" not in [w.text for w in words]
    rows = align(words).rows
    assert rows == [["214", "交通运输支出", "174,982.14", "58,201.52", "116,780.62"],
                    ["21401", "公路水路运输", "106,604.22", "58,201.52", "48,402.70"]]
def test_several_figures_of_a_row_wrapped_in_their_cells_are_whole() -> None:
    """杭州's 合计 wraps two figures of its narrow columns (`370,219.2` over `5`,
    `293,191.8` over `6`, their first lines above the label's line): both tails are read
    into their figures, and the figures' line is no header line."""
    from budgetx.reader.align import align
    sheet = page(7, [
        centred("一般公共预算支出情况表", 297, 80, 14), word("部门名称：青禾市公安局", 40, 104), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("功能分类科目名称", 90), ("合计", 230), ("基本支出", 330), ("项目支出", 480)]),
        right("370,219.2", 260, 142), right("293,191.8", 360, 142),
        word("合计", 40, 150), right("77,027.38", 510, 150),
        right("5", 260, 158), right("6", 360, 158),
        word("一般公共服务支出", 40, 176), right("5,140.00", 260, 176), right("5,140.00", 510, 176),
        word("公共安全支出", 40, 200), right("365,079.25", 260, 200), right("293,191.86", 360, 200),
        right("71,887.39", 510, 200),
    ])
    [table] = find_tables([sheet], SCHEMA).tables
    words = region_words(sheet, table.regions[0], table.title).words
    assert {"370,219.25", "293,191.86"} <= {w.text for w in words} and "5" not in [w.text for w in words]
    assert align(words).rows[0] == ["合计", "370,219.25", "293,191.86", "77,027.38"]


def test_a_scanned_figures_wrapped_end_is_read_into_it() -> None:
    """OCR boxes hug the ink: the wrapped end of a figure lies about a digit's height
    under its first line (杭州's scan: `370,219.2` ending at 160.2, `5` at 167.8)."""
    line = group_lines([Word("5", 319.8, 167.8, 323.4, 175.0)])[0]
    head = Word("370,219.2", 279.9, 151.9, 323.4, 160.2)
    assert figure_heads(line, [head, Word("合计", 44.6, 158.8, 63.3, 168.1)]) == [head]


def test_a_scanned_figures_end_a_line_and_a_third_below_is_read_into_it() -> None:
    """A lone digit's box is shorter than its head's (the comma reaches below the line):
    杭州's 18,536.8 boxed 6.9 tall, its 8 6.1 tall and 8.6 under it."""
    line = group_lines([Word("8", 406.7, 183.2, 410.0, 189.3)])[0]
    head = Word("18,536.8", 379.4, 167.7, 410.0, 174.6)
    assert figure_heads(line, [head, Word("合计", 15.5, 174.9, 29.9, 182.1)]) == [head]
    # Two lines further down, it is another row's.
    line = group_lines([Word("8", 406.7, 198.2, 410.0, 204.3)])[0]
    assert figure_heads(line, [head]) == []


def test_a_wrapped_figures_end_boxed_taller_than_its_glyph_is_read_into_it() -> None:
    """A font that boxes a 12 pt glyph 20 pt tall (福州): the wrapped end `4` of
    `24995.9`, on a line of its own, overlaps its head's box, their centres a line
    apart; the row's other figure, boxed as tall, is no head of it."""
    head = Word("24995.9", 456.8, 616.2, 504.5, 636.6)
    row = [Word("本年收入合计", 125.9, 628.5, 191.8, 640.8), Word("24995.94", 240.8, 624.0, 296.4, 644.4),
           Word("本年支出合计", 341.7, 628.5, 407.6, 640.8), head]
    [tail] = group_lines([Word("4", 498.2, 631.8, 504.6, 652.2)])
    assert figure_heads(tail, row) == [head]
    assert figure_heads(tail, row[:3]) == []


def test_carried_rows_keep_their_wrapped_labels_and_row_numbers() -> None:
    # 西安: the last rows on the next page, their labels wrapped (非财政拨 / 款资金结余) and
    # a numbered row without figures (39) between them.
    carried = page(7, [word("资金结转", 304, 40), word("非财政拨", 320, 52), word("38", 280, 58), right("0.00", 551, 58),
                       word("款资金结余", 304, 64), word("39", 280, 80),
                       word("40", 294, 96), word("支出总计", 304, 96), right("167.18", 551, 96)])
    layout = find_tables([summary_page(6), carried], SCHEMA)
    assert [r.page for r in layout.tables[0].regions] == [6, 7]
    # Prose around a figure is no carried row, however short its lines.
    prose = page(7, [word("支出总计", 304, 60), right("167.18", 551, 60), word("主要用于发放职工购房补贴。", 44, 80),
                     word("比上年有所增加，", 44, 100), word("原因是人员增加。", 44, 120)])
    assert [r.page for r in find_tables([summary_page(6), prose], SCHEMA).tables[0].regions] == [6]


def test_a_table_whose_figures_touch_the_next_cells_text_is_found() -> None:
    # 会议费明细表: 金额 | 备注, each figure set close to its remark (3.00具体时间按会议通知).
    words = [centred("会议费明细表", 297, 40, 14), right("单位：万元", 555, 60)]
    words += [word(h, x, 80) for h, x in [("序号", 40), ("会议名称", 80), ("人数", 300), ("金额", 360), ("备注", 420)]]
    for k, (name, people, amount) in enumerate([("综合会议", "100", "3.00"), ("监督员会议", "75", "1.50"),
                                                ("法治会议", "280", "11.76")]):
        y = 100 + 18 * k
        words += [word(str(k + 1), 40, y), word(name, 80, y), word(people, 300, y), right(amount, 392, y),
                  word("具体时间按会议通知", 394, y)]
    layout = find_tables([page(3, words)], SCHEMA)
    assert [(t.title, [r.page for r in t.regions]) for t in layout.tables] == [("会议费明细表", [3])]


def test_a_title_at_the_foot_of_a_page_opens_its_table_on_the_next() -> None:
    # 表5's rows fill page 6 and a title stands alone at its foot (with its 部门 line);
    # the table it names is printed on page 7 without its title.
    foot = [word("表6", 40, 700), centred("一般公共预算机关运行经费支出预算表", 297, 720, 14),
            word("部门：青禾县教育局", 40, 744), right("单位：万元", 555, 744)]
    first = coded_page(6, "一般公共预算支出表", "表5", FUNCTION_ROWS)
    first = page(6, [*first.words, *foot])
    body = coded_page(7, "", None, ECONOMIC_ROWS)
    second = page(7, [w for w in body.words if w.text])
    layout = find_tables([first, second], SCHEMA)
    assert [(t.title, t.label, [(r.page, r.bottom) for r in t.regions]) for t in layout.tables] == [
        ("一般公共预算支出表", "表5", [(6, 700)]),
        ("一般公共预算机关运行经费支出预算表", "表6", [(7, 842)]),
    ]
    assert layout.tables[1].unit == "万元"
    # Without a table to open on the next page (prose), the title opens nothing.
    assert [t.title for t in find_tables([first, prose(7, "以上为本部门预算情况。")], SCHEMA).tables] == [
        "一般公共预算支出表"]


def test_a_title_and_header_line_at_a_pages_foot_open_their_table() -> None:
    # 表4's title and its header's first line (收入 | 支出) end page 6 under 表3; the
    # rest of its header and its rows open page 7. The rows are 表4's, not 表3's.
    foot = [centred("四、部门财政拨款收支总体情况表", 297, 700, 14), right("单位：万元", 555, 724),
            centred("收入", 170, 748), centred("支出", 430, 748)]
    first = coded_page(6, "部门支出总体情况表", "表3", FUNCTION_ROWS)
    first = page(6, [*first.words, *foot])
    rows = [("一、一般公共预算", "33,172.15", "一、基本支出", "18,570.82"),
            ("二、政府性基金预算", "", "二、项目支出", "11,343.27"),
            ("收入合计", "33,172.15", "支出合计", "33,172.15")]
    body = [centred(t, x, 40) for t, x in [("项目名称", 120), ("金额", 240), ("项目名称", 380), ("金额", 500)]]
    for k, (a, b, c, d) in enumerate(rows):
        y = 60 + 16 * k
        body += [word(a, 44, y), word(c, 304, y), *(right(v, x, y) for v, x in [(b, 296), (d, 551)] if v)]
    second = page(7, [*body, centred("- 7 -", 297, 800)])
    layout = find_tables([first, second], SCHEMA)
    assert [(t.spec.no if t.spec else None, [r.page for r in t.regions]) for t in layout.tables] == [
        (3, [6]), (4, [6, 7])]
    # A title with a header line but only prose after it opens nothing.
    assert [t.spec.no if t.spec else None for t in find_tables(
        [first, prose(7, "以上为本部门预算情况，特此说明。")], SCHEMA).tables] == [3]


def test_a_last_row_above_the_next_tables_title_stays_in_its_table() -> None:
    # 30312 提租补贴 carried to the top of the page that prints the next table.
    carried = [word("30312", 44, 40), word("提租补贴", 140, 40), right("1,018.01", 551, 40)]
    nxt = coded_page(7, "政府性基金预算支出表", "表8", [("229", "其他支出", "5.00")])
    shifted = [Word(w.text, w.x0, w.top + 40, w.x1, w.bottom + 40) for w in nxt.words]
    layout = find_tables([coded_page(6, "一般公共预算基本支出表", "表6", ECONOMIC_ROWS),
                          page(7, [*carried, *shifted])], SCHEMA)
    assert [[r.page for r in t.regions] for t in layout.tables] == [[6, 7], [7]]


def test_a_continuation_page_whose_content_overflows_its_box_continues_the_table() -> None:
    # A producer's page box shorter than its content: rows below the page's height.
    rows = [word("30113", 44, y) for y in (380, 420, 460)] + [right("12.00", 500, y) for y in (380, 420, 460)]
    rows += [word(n, 140, y) for n, y in (("住房公积金", 380), ("医疗费", 420), ("其他工资福利支出", 460))]
    over = page(7, rows, height=400)
    layout = find_tables([coded_page(6, "一般公共预算基本支出表", "表6", ECONOMIC_ROWS), over], SCHEMA)
    assert [[r.page for r in t.regions] for t in layout.tables] == [[6, 7]]


def test_a_cells_text_on_the_title_line_is_not_the_title() -> None:
    # A row of the page before wraps into the top of this one, its last line level with
    # the repeated title: the title begins at its label.
    words = [word("验鉴定和身体检", 343, 70), word("预算表12 项目支出绩效目标表", 420, 70, 12),
             word("项目名称", 40, 100), word("项目总额", 200, 100), word("绩效目标", 360, 100),
             word("执法办案", 40, 130), right("40.000000", 260, 130), word("追逃差旅费", 360, 130),
             word("交通管理", 40, 160), right("12.000000", 260, 160), word("宣传教育", 360, 160)]
    titles = [t.title for t in find_tables([page(26, words, height=595)], SCHEMA).tables]
    assert titles == ["预算表12项目支出绩效目标表"]


def test_a_label_printed_in_the_titles_line_leaves_the_title_whole() -> None:
    # 四川's template prints label and title on one line (表3 一般公共预算支出预算表):
    # read as 表3一 and 般公共预算支出预算表, the title named table 3 (支出预算表) and the
    # document lost its table 5 to the real table 3.
    pages = [coded_page(6, "表1-2 部门支出总表", None, FUNCTION_ROWS),
             coded_page(7, "表3 一般公共预算支出预算表", None, FUNCTION_ROWS),
             coded_page(8, "表3-1 一般公共预算基本支出预算表", None, ECONOMIC_ROWS)]
    located = find_tables(pages, SCHEMA).tables
    assert [t.spec.no if t.spec else None for t in located] == [3, 5, 6]


def comparison_words(top: float, rows: list[tuple[str, str, str, str, str]]) -> list[Word]:
    """A year-on-year table in the 说明 (西安): 经济分类科目 | 2022年 | 2021年 | 2022比2021 |
    主要原因, the third figure column's name stacked over the header line, none of its
    names the registry's."""
    words = [centred("2022比", 330, top), centred("经济分类科目", 100, top + 8), centred("2022年", 200, top + 8),
             centred("2021年", 265, top + 8), centred("主要原因", 460, top + 8), centred("2021", 330, top + 16)]
    for k, (name, now, before, change, why) in enumerate(rows):
        y = top + 40 + 24 * k
        words += [word(name, 40, y), right(now, 225, y), right(before, 290, y), right(change, 355, y)]
        words += [word(why, 380, y)] if why else []
    return words


XIAN_ROWS = [("合计", "93,664.77", "60,634.18", "33,030.59", ""),
             ("(1)工资福利支出（301）", "4182.68", "4516.14", "-333.46", "人员经费绩效增量标准降低。"),
             ("(2)商品和服务支出（302）", "1768.13", "1113.91", "654.22", "专项业务费增加。")]


def test_a_table_in_the_prose_is_found_by_names_over_its_figures() -> None:
    prose_lines = ["⑥对企业补助支出（312）87446万元，较上年增加32539.05万元，主要原因是：", "金融专项资金增加8916万元。"]
    words = [word(t, 60, 80 + 20 * i) for i, t in enumerate(prose_lines)]
    sheet = page(30, [*words, *comparison_words(140, XIAN_ROWS), centred("- 30 -", 297, 800)])
    [table] = find_tables([COVER, sheet], SCHEMA).tables
    assert (table.spec, table.title) == (None, "")
    kept = [w.text for w in region_words(sheet, table.regions[0]).words]
    # From the stacked name over the header line to the last row.
    assert kept[0] == "2022比" and "654.22" in kept and not any("金融专项" in t for t in kept)


def test_names_over_figures_they_do_not_head_make_no_table() -> None:
    # Three short names over rows whose figures stand under none of them but the first.
    words = [word(t, x, 140) for t, x in [("年度", 40), ("说明", 200), ("备考", 400)]]
    for k, amount in enumerate(["1,493.51", "1,899.90"]):
        words += [word(f"第{k + 1}期", 40, 160 + 20 * k), right(amount, 90, 160 + 20 * k), right("2.00", 130, 160 + 20 * k)]
    assert find_tables([COVER, page(30, words)], SCHEMA).tables == []


def test_a_chart_under_a_table_in_the_prose_ends_it() -> None:
    # 西安气象: the year's figures, then the chart drawn from them, its caption and axis.
    words = [word(t, x, 70) for t, x in [("年度", 220), ("总收入支出", 290), ("专项业务费", 400), ("基本支出", 520)]]
    for k, row in enumerate([("2021", "1493.51", "1290.47", "203.04"), ("2022", "1899.9", "1535.82", "183.93")]):
        y = 100 + 30 * k
        words += [word(row[0], 220, y), right(row[1], 340, y), right(row[2], 450, y), right(row[3], 560, y)]
    words.append(centred("2022年与2021年地方财政预算对比图", 420, 180))
    words += [right(str(v), 234, 200 + 18 * i) for i, v in enumerate(range(2000, 0, -200))]
    sheet = page(10, words)
    [table] = find_tables([COVER, sheet], SCHEMA).tables
    kept = [w.text for w in region_words(sheet, table.regions[0]).words]
    assert "183.93" in kept and "1800" not in kept and not any("对比图" in t for t in kept)


def test_a_tables_last_column_may_run_wider_on_the_page_after() -> None:
    # The reason of the last row on the page before wraps onto the next, wider than the
    # rows were (西安科技: to 705 pt, where the rows had reached 654).
    sheet = page(30, [*comparison_words(600, XIAN_ROWS[:2]), centred("- 30 -", 297, 800)])
    more = [word("2022年度人员增加，日常公用经费正常增加36.33万元，专项业", 380, 60)]
    more += [word("(2)商品和服务支出（302）", 40, 80), right("1768.13", 225, 80), right("1113.91", 290, 80),
             right("654.22", 355, 80), word("务费增加612.10万元。", 380, 80)]
    prose_after = [word("4、本部门无2021年结转财政资金一般公共预算拨款资金支出。", 60, 200)]
    [table] = find_tables([COVER, sheet, page(31, [*more, *prose_after, centred("- 31 -", 297, 800)])], SCHEMA).tables
    assert [r.page for r in table.regions] == [30, 31]


def test_a_forms_rows_above_the_next_forms_title_continue_it() -> None:
    # 西南大学: a project's 绩效目标表 runs its indicators onto the next page, above the
    # next project's title.
    def form(title: str, top: float) -> list[Word]:
        words = [centred(title, 297, top, 12)]
        words += [word(t, x, top + 30) for t, x in [("项目名称", 60), ("房屋修缮项目", 200)]]
        words += [word(t, x, top + 50) for t, x in [("年度资金总额：", 60), ("3,532.64", 300)]]
        return words

    first = page(25, [*form("房屋修缮项目绩效目标表", 80), centred("- 25 -", 297, 800)])
    carried = [word(t, x, 60) for t, x in [("一级指标", 50), ("二级指标", 150), ("三级指标", 260), ("指标值", 400), ("分值", 500)]]
    carried += [word(t, x, 80) for t, x in [("成本指标", 50), ("经济成本指标", 150), ("修缮项目成本控制有效性", 260),
                                            ("有效", 400), ("20", 505)]]
    carried += [word(t, x, 100) for t, x in [("数量指标", 150), ("修缮房屋的建筑面积", 260), ("≥13071.01平方米", 400),
                                             ("10", 505)]]
    second = page(26, [*carried, *form("基础设施改造项目绩效目标表", 200), centred("- 26 -", 297, 800)])
    tables = find_tables([COVER, first, second], SCHEMA).tables
    assert [(t.title, [r.page for r in t.regions]) for t in tables] == [
        ("房屋修缮项目绩效目标表", [25, 26]), ("基础设施改造项目绩效目标表", [26])]


def test_whole_amounts_alone_under_the_amount_header_make_rows() -> None:
    # 广州宣传部: 预算数 printed whole, the first (2000) shaped like a year, the second
    # alone on its line between its name's wrapped lines; the goal wraps beside them.
    words = [word("2026年，本部门重点项目绩效目标情况如下：", 118, 57)]
    words += [word(t, x, 84) for t, x in [("项目", 141), ("预算数（单位：万元）", 219), ("绩效目标", 399)]]
    words += [word("加快落实省、市关于推动游戏电竞工作高", 328, 100), word("质量发展的各项决策部署，引导各游戏电竞", 323, 116),
              word("广州游戏电竞产业扶持资金", 92, 131), word("2000", 221, 131), word("企业在原创游戏研发等方面发", 323, 131),
              word("力。", 323, 147), word("以“展+会”的形式，鼓励企业和行业机构", 329, 179),
              word("2026年广州电影产业博览", 97, 186), word("1500", 222, 194), word("利用广州影博会平台自主组织推介活动。", 323, 194),
              word("交易会工作经费", 87, 202)]
    sheet = page(27, [*words, centred("- 27 -", 297, 800)])
    [table] = find_tables([COVER, sheet], SCHEMA).tables
    assert table.title == "2026年，本部门重点项目绩效目标情况如下"
    kept = [w.text for w in region_words(sheet, table.regions[0], text_cells=True).words]
    assert "2000" in kept and "1500" in kept and "交易会工作经费" in kept


def test_a_whole_number_in_a_sentence_under_a_header_makes_no_rows() -> None:
    # 西安: the list of units (no figures) and then prose whose 234 stands under 单位名称.
    words = [word(t, x, 100) for t, x in [("序号", 167), ("单位名称", 314), ("拟变动情况", 544)]]
    words += [w for k, name in enumerate(["西安市商务局本级（机关）", "西安市商务综合执法支队"])
              for w in (word(str(k + 1), 180, 120 + 20 * k), word(name, 250, 120 + 20 * k), word("无变动", 560, 120 + 20 * k))]
    words.append(word("四、部门人员情况说明", 108, 180))
    x = 186.0  # (234 under 单位名称)
    for text in ["截止", "2021", "年底，本部门人员编制", "234", "人，其中行政编制", "75", "人、事业编制159人；"]:
        words.append(word(text, x, 200))
        x = words[-1].x1 + 4  # pdfium's words of one sentence, split where digits meet hanzi
    # (The page after opens with a short line a table's wrapped cell could be.)
    after = page(20, [word("人员情况饼状图：", 200, 60), centred("- 20 -", 297, 800)])
    # The list is a table (its rows numbered 1, 2), ending where the prose's heading
    # begins: the sentence is none of its rows.
    [units] = find_tables([COVER, page(19, words), after], SCHEMA).tables
    assert [(r.page, r.bottom) for r in units.regions] == [(19, 180)]


def indicator_lines(top: float, rows: list[tuple[str, str, str, str]]) -> list[Word]:
    """A 绩效目标表's indicators: 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值权重."""
    words = [word(t, x, top) for t, x in [("一级指标", 50), ("二级指标", 130), ("三级指标", 260), ("指标值", 420),
                                           ("分值权重", 500)]]
    for k, (second, third, value, weight) in enumerate(rows):
        y = top + 20 * (k + 1)
        words += [word("产出指标", 50, y), word(second, 130, y), word(third, 210, y), word(value, 420, y), word(weight, 510, y)]
    return words


def test_a_numbered_heading_ending_in_a_title_is_no_first_line_of_the_title_under_it() -> None:
    # 福州信访: 2.其他一级项目绩效目标表 over 信访综合保障经费绩效目标表.
    words = [centred("2.其他一级项目绩效目标表", 297, 80, 12), centred("信访综合保障经费绩效目标表", 297, 96, 12),
             word("项目名称", 60, 130), word("信访综合保障经费", 200, 130), word("主管部门", 60, 150), word("福州市信访局", 200, 150),
             *indicator_lines(180, [("数量指标", "接待来访群众人次", "≥3000人次", "20"), ("时效指标", "办结时限", "60日", "10")])]
    [table] = find_tables([COVER, page(31, [*words, centred("- 31 -", 297, 800)])], SCHEMA).tables
    assert table.title == "信访综合保障经费绩效目标表"


def test_a_forms_indicators_continue_on_a_page_without_a_title() -> None:
    # 西安公安: the indicators run onto the next page under their header printed again
    # (分值权重 …), whole numbers their only figures.
    first = [centred("部门专项业务经费绩效目标表", 297, 88, 12), word("项目名称", 60, 136), word("危爆物品仓储租赁", 200, 136),
             word("实施期资金总额：", 60, 156), word("211.23", 300, 156),
             *indicator_lines(200, [("数量指标", "租赁房屋面积", "≥500平方米", "4"), ("质量指标", "交付标准达标率", "100%", "4")])]
    second = indicator_lines(60, [("时效指标", "仓储服务监控时长(小时/天)", "24", "4"), ("时效指标", "租赁时间", "2026年全年", "6")])
    layout = find_tables([COVER, page(51, [*first, centred("- 51 -", 297, 800)]),
                          page(52, [*second, centred("- 52 -", 297, 800)])], SCHEMA)
    assert [(t.title, [r.page for r in t.regions]) for t in layout.tables] == [("部门专项业务经费绩效目标表", [51, 52])]


def test_a_forms_title_ending_a_page_over_its_first_line_opens_the_form_there() -> None:
    # 福州医保: the title broken over two lines and the form's first line end page 26;
    # the rest of the form fills page 27, no title over it.
    first = [word("（二）绩效目标表及说明", 60, 600), word("1.项目支出绩效目标表", 60, 630),
             word("2026年医疗服务与保障能力提升补助资金项目绩", 100, 700, 14), centred("效目标表", 297, 716, 14),
             word("项目名称", 60, 750), word("2026年医疗服务与保障能力提升补助资", 200, 750), centred("24", 297, 800)]
    second = [word("主管部门", 60, 60), word("福州市医疗保障局", 200, 60), word("实施单位", 380, 60), word("福州市医疗保障局", 460, 60),
              word("资金总额", 60, 90), right("745.00", 360, 90), word("财政拨款", 60, 110), right("745.00", 360, 110),
              *indicator_lines(150, [("数量指标", "开展医保宣传活动次数", "≥18次", "10"), ("时效指标", "资金结算及时率", "≥80%", "10")]),
              centred("25", 297, 800)]
    [table] = find_tables([COVER, page(26, first), page(27, second)], SCHEMA).tables
    assert table.title == "2026年医疗服务与保障能力提升补助资金项目绩效目标表"
    assert [r.page for r in table.regions] == [26, 27]


def test_a_section_heading_naming_the_title_under_it_is_no_part_of_it() -> None:
    # 西南大学: （七）236…房屋修缮项目 over 236…房屋修缮项目绩效目标表; and a title
    # broken over two lines a glyph apart (…项目(小学) over 绩效目标表).
    words = [word("（七）236-房屋修缮项目", 60, 100, 16), centred("236-房屋修缮项目绩效目标表", 297, 125, 16),
             word("项目名称", 60, 160), word("236-房屋修缮项目", 200, 160), word("主管部门", 60, 180), word("教育部", 200, 180),
             word("（八）236-基础设施改造", 60, 400, 16), word("项目(小学)", 52, 425, 16),
             centred("236-基础设施改造项目(小学)", 297, 452, 16), centred("绩效目标表", 297, 483, 16),
             word("项目名称", 60, 520), word("236-基础设施改造项目(小学)", 200, 520), word("主管部门", 60, 540), word("教育部", 200, 540)]
    tables = find_tables([COVER, page(23, [*words, centred("- 23 -", 297, 800)])], SCHEMA).tables
    assert [t.title for t in tables] == ["236-房屋修缮项目绩效目标表", "236-基础设施改造项目(小学)绩效目标表"]


def test_a_page_of_whole_amounts_in_the_tables_columns_continues_it() -> None:
    # 西安医保's 政府采购预算表 in 元: whole amounts and codes in columns of their own,
    # no decimals, no header on the page after.
    def rows(top: float, items: list[tuple[str, str, str]]) -> list[Word]:
        out: list[Word] = []
        for k, (name, item, amount) in enumerate(items):
            y = top + 20 * k
            out += [word("210", 40, y), word("15", 70, y), word("06", 95, y), word(name, 120, y), word(item, 260, y),
                    right("302", 420, y), right("99", 445, y), right("502", 480, y), right(amount, 560, y)]
        return out

    first = [centred("2022年部门综合预算政府采购预算表", 297, 60, 12), right("单位：元", 560, 80)]
    first += [word(t, x, 100) for t, x in [("功能科目", 40), ("项目名称", 140), ("采购品目", 260), ("经济科目", 400),
                                           ("金额", 530)]]
    first += rows(120, [("医保业务宣传费", "C0806广告服务", "1414000"), ("医保业务宣传费", "C081401印刷服务", "86000")] * 3)
    second = rows(60, [("系统开发和运行维护费", "C0201软件开发服务", "1500000"), ("医保审计经费", "C0803审计服务", "182250"),
                       ("业务档案专项费", "C0908其他专业技术服务", "600000")])
    [table] = find_tables([COVER, page(43, [*first, centred("- 43 -", 297, 800)]),
                           page(44, [*second, centred("- 44 -", 297, 800)])], SCHEMA).tables
    assert [r.page for r in table.regions] == [43, 44]


def test_a_goal_wrapped_over_several_pages_keeps_its_table_open() -> None:
    # 深圳生态: one project's goal runs over pages of its wrapped lines only (narrower
    # than the table), a name in it printing a decimal (PM2.5), before the next row.
    rows, _ = wrapped_goal_rows([("深圳市生态环境局", "污染防治", "18,686.86", GOAL)], 190)
    first = page(38, [*PART_SEVEN, *WRAPPED_HEADER, *rows, centred("- 35 -", 297, 800)])
    goal_page = [word(t, 250, 60 + 15.6 * k) for k, t in enumerate(
        ["粒物（PM2.5）浓度为主线，大力推动氮氧化", "物和挥发性有机物减排，协调各区各部门协力", "完成改善目标，以高水平保护助推高质量发展，",
         "建设空气质量改善先行示范区。目标4：支撑完", "成不少于30家企业完成清洁生产审核验收工作。"] * 3)]
    # A figure a space apart from the words either side of it is the sentence's.
    x, y = 250.0, 60 + 15.6 * len(goal_page)
    for text in ["选定不少于", "1,300", "个巡查点"]:
        goal_page.append(word(text, x, y))
        x = goal_page[-1].x1 + 4
    goal_page.append(word("100%完成率；", 250, y + 15.6))
    second, third = (page(n, [*goal_page, centred(f"- {n - 3} -", 297, 800)]) for n in (39, 40))
    more, _ = wrapped_goal_rows([("深圳市生态环境局", "生态环境专项资金", "2,304.00", GOAL)], 60)
    fourth = page(41, [*more, centred("- 38 -", 297, 800)])
    [table] = find_tables([COVER, first, second, third, fourth], SCHEMA).tables
    assert [r.page for r in table.regions] == [38, 39, 40, 41]


def test_a_row_cell_ending_in_biao_is_no_title() -> None:
    # A 政府采购 table's row whose 采购目录 cell names a product ending in 表 (其他专用
    # 仪器仪表): a cell of a row of figures, not the title of a table of the rows below.
    words = [centred("2022年部门综合预算政府采购预算表", 297, 60, 14)]
    words += [centred(t, x, 100) for t, x in [("序号", 50), ("采购项目", 150), ("采购目录", 280), ("数量", 400),
                                              ("预算金额", 520)]]
    body = [("90", "办公设备采购", "A02010104台式计算机", "13", "78000.00"),
            ("91", "湿地动态监测建设项目", "A033499其他专用仪器仪表", "20", "2000000.00"),
            ("92", "全市森林火灾风险普查", "C99其他服务", "1", "2930000.00"),
            ("93", "西安市森林防火经费", "A032501消防设备", "1", "600000.00"),
            ("94", "森林防火语音播报", "A032501消防设备", "2", "6000.00")]
    for k, (a, b, c, d, e) in enumerate(body):
        y = 120 + 16 * k
        words += [right(a, 60, y), word(b, 100, y), word(c, 230, y), right(d, 410, y), right(e, 555, y)]
    [table] = find_tables([page(5, words)], SCHEMA).tables
    assert table.title == "2022年部门综合预算政府采购预算表"
    assert [(r.page, r.bottom) for r in table.regions] == [(5, 842)]


def test_a_list_without_figures_under_the_sentence_that_introduces_it() -> None:
    # 部门决算单位构成: a list of units (序号 | 单位名称 | 备注), no figure in it, under
    # a paragraph whose last sentence introduces it over two lines.
    words = [word("二、部门决算单位构成", 60, 260, 12)]
    text = ["从预算单位构成看，青禾县财政局部门决算包括：青禾县财政局本",
            "级决算、下属行政事业单位决算。纳入青禾县财政局2024年度部门决算编制范", "围的单位包括："]
    words += [word(t, 60 if i else 80, 290 + 16 * i) for i, t in enumerate(text)]
    words += [centred(t, x, 350) for t, x in [("序号", 150), ("单位名称", 250), ("备注", 400)]]
    for i, (name, note) in enumerate([("青禾县财政局（本级）", ""), ("青禾县财政局财政所", "预算不单列，并入本级"),
                                      ("青禾县国库收付中心", "预算不单列，并入本级")]):
        y = 370 + 16 * i
        words += [centred(str(i + 1), 150, y), word(name, 180, y)] + ([word(note, 340, y)] if note else [])
    words += [word("三、收入支出决算总体情况说明", 60, 440, 12),
              word("2024年度收、支总计均为1,234.56万元。与2023年度相比，收、支总计各增加12.34万元，增长1.0%。", 60, 470)]
    [table] = find_tables([page(5, words)], SCHEMA).tables
    assert table.title == "纳入青禾县财政局2024年度部门决算编制范围的单位包括"
    [region] = table.regions
    assert region.top < 350 and 418 < region.bottom <= 440


def test_a_table_outside_the_families_ends_where_the_prose_resumes() -> None:
    # 西安's 培训费明细表 closes the 说明 part: its rows, then the next sections' headings
    # and paragraphs on the same page, none of them its rows.
    words = [centred("培训费明细表", 297, 60, 14), right("单位：万元", 555, 84)]
    words += [centred(t, x, 100) for t, x in [("序号", 50), ("培训名称", 160), ("时间", 300), ("人数", 380), ("金额", 460)]]
    for k, (name, day, people, amount) in enumerate([("全市审计机关年度综合培训", "2026-03-12", "95", "3.65"),
                                                    ("全市经责审计培训", "2026-10-19", "50", "2.65"),
                                                    ("审计业务相关知识技能培训", "2026-12-21", "120", "6.00")]):
        y = 120 + 16 * k
        words += [right(str(k + 1), 56, y), word(name, 90, y), word(day, 270, y), right(people, 390, y),
                  right(amount, 480, y)]
    words += [word("十一、国有资产占有使用及资产购置情况说明", 60, 220, 12),
              word("截至上年底，本部门所属预算单位共有车辆4辆，单价20万元以上的设备14台（套）。当年", 40, 244),
              word("部门预算安排购置车辆0辆；安排购置单价20万元以上的设备0台（套）。", 40, 260),
              word("十二、政府采购情况说明", 60, 290, 12),
              word("当年本部门政府采购预算共402.00万元，其中政府采购货物类预算0.00万元、政府采购服", 40, 314),
              word("务类预算402.00万元、政府采购工程类预算0.00万元（详见公开报表中的政府采购表）。", 40, 330)]
    [table] = find_tables([page(18, words)], SCHEMA).tables
    assert table.title == "培训费明细表"
    assert [(r.page, r.bottom) for r in table.regions] == [(18, 220)]


def test_a_rows_wrapped_cells_ending_in_tu_are_no_chart_caption() -> None:
    # 西安规划's 政府采购 table: a project named …森林资源一张图 wraps in two cells of its
    # row (…一张图融 | …一张图 over the row's figures, then 合汇总 | 融合汇总 under
    # them); the rows go on under it.
    words = [centred("2022年部门综合预算政府采购预算表", 297, 60, 14)]
    words += [centred(t, x, 100) for t, x in [("序号", 50), ("采购项目", 150), ("规格型号", 300), ("数量", 400),
                                              ("预算金额", 520)]]
    y = 120.0
    for k, (name, spec, rest) in enumerate([("办公设备购置", "台式计算机", None),
                                            ("西安市森林资源一张图融", "西安市森林资源一张图", ("合汇总", "融合汇总")),
                                            ("林业技术推广项目", "技术测试", None), ("湿地保护项目", "监测仪器", None)]):
        if rest:
            words += [word(name, 100, y - 10), word(spec, 250, y - 10), word(rest[0], 100, y + 10),
                      word(rest[1], 250, y + 10)]
        else:
            words += [word(name, 100, y), word(spec, 250, y)]
        words += [right(str(k + 71), 60, y), right("1", 410, y), right(f"{k + 2}98000.00", 555, y)]
        y += 40 if rest else 20
    [table] = find_tables([page(78, words)], SCHEMA).tables
    assert [(r.page, r.bottom) for r in table.regions] == [(78, 842)]


def test_a_table_outside_the_families_ends_on_its_last_page_where_the_next_part_begins() -> None:
    # 江苏's 政府采购预算表 runs over pages; its last rows (a name wrapped round its
    # figures: 立法费及法 | 印刷费 120.00 | 制专刊费) are followed by 第三部分 and the
    # 说明's paragraphs on the same page.
    def rows(top: float, items: list[tuple[str, str, str]]) -> list[Word]:
        out: list[Word] = []
        for k, (name, way, amount) in enumerate(items):
            y = top + 24 * k
            out += [word(name, 60, y), word(way, 250, y), right(amount, 420, y)]
        return out

    first = [centred("2017年政府采购预算表", 297, 60, 14)]
    first += [centred(t, x, 100) for t, x in [("采购项目", 100), ("组织形式", 280), ("金额", 400)]]
    first += rows(130, [(f"办公设备购置{k}", "分散自行组织", f"{k + 1}0.00") for k in range(27)])
    last = rows(40, [("印刷费", "", "30.00"), ("印刷服务", "分散自行组织", "30.00")])
    last += [word("立法费及法", 40, 100), word("印刷费", 150, 112), right("120.00", 420, 112), word("制专刊费", 40, 124),
             word("印刷服务", 60, 148), word("分散自行组织", 250, 148), right("120.00", 420, 148),
             word("第三部分  江苏省人大常委会办公厅2017年度部门预算情况说明", 80, 200, 12),
             word("一、收支预算总表情况说明", 40, 230),
             word("本表反映部门年度总体收支预算情况。根据《江苏省财政厅关于2017年省级部门预算的批复》填列。", 40, 250),
             word("江苏省人大常委会办公厅2017年度收入、支出预算总计13649.07万元，与上年相比增加844.15万元。", 40, 270),
             word("主要原因是政策性增资、住房公积金和提租补贴调整等原因，增加基本支出844.15万元。", 40, 290)]
    last += [word(f"（{n}）收入预算总计13649.07万元，全部由省财政拨款，与上年相比增加844.15万元。", 40, 310 + 20 * k)
             for k, n in enumerate("一二三四五六")]
    [table] = find_tables([page(20, first), page(21, last)], SCHEMA).tables
    assert [(r.page, r.bottom) for r in table.regions] == [(20, 842), (21, 200)]
