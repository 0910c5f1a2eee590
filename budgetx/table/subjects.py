"""The catalogue applied to a table's rows: codes for rows printed by name only, OCR
misreadings of names corrected, printed code/name pairs the catalogue does not know."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache

from budgetx.model import Table
from budgetx.schema.catalogue import Catalogue, Subject, load_catalogue, normalise_name
from budgetx.schema.registry import header_vocabulary, load_schema
from budgetx.schema.rules import TOTAL_LABELS, TOTAL_WORDS, normalise_label, row_labels
from budgetx.table.headers import edit_distance
from budgetx.values.codes import split_code
from budgetx.values.numbers import digit_swaps
from budgetx.values.outline import cn_numeral, outline_number
from budgetx.values.text import has_hanzi

Row = dict[str, str | Decimal | None]

# What the tables' row kinds may hold: function tables (and the expenditure side of
# tables 1 and 4) 功能分类 codes, economic tables 部门 or 政府 经济分类 codes.
KINDS = {"function": ("function",), "side": ("function",), "economic": ("economic", "gov_economic")}


def _lookup_name(name: str) -> str:
    """The name as the catalogue lists it: no `一、` / `（一）` numbering in front, nor the
    `、` of a numeral a scan lost (`、外交支出`: the thin strokes of 二 taken for specks)
    or misread (`上四、债务还本支出` for 二十四、)."""
    return normalise_label(_MISREAD_NUMBERING.sub("", name.lstrip()).lstrip("、"))


# Numbering as a scan reads it: numerals and the glyphs they are taken for (十 as 上 or
# 土, 一 as 1 or l), before the 、 that ends it. No subject name opens so (公诉、审判… has
# its 、 after glyphs that are no numerals).
_MISREAD_NUMBERING = re.compile(r"^[一二三四五六七八九十上土士千1lI|]{1,4}、")


def resolve(catalogue: Catalogue, name: str, kinds: tuple[str, ...], context: list[str]) -> str | None:
    """The code of a subject printed by name only. `context` holds the codes of the
    rows above that the name may sit under (the current 类, 款, 项): a 项 name such as
    行政运行 exists under many 款, and is the one under the nearest 款 above it. A name
    that fits nowhere in the context is taken when the catalogue gives it exactly one
    code (a 类, or a 款 whose 类 row the table does not print)."""
    wanted = _lookup_name(name)
    if not wanted:
        return None
    for parent in reversed(context):
        kids = _one(catalogue, {c for k in kinds for c in catalogue.codes(wanted, k, parent)
                                if len(c) == len(parent) + 2})
        if kids is not None:
            # Only the function classification repeats a 款's name as another 款's 项;
            # an economic 款 is one name under its 类, in whatever order a template
            # prints it (深圳: 生活补助 after 医疗费补助).
            return kids if kids and ("function" not in kinds or _in_order(kids, context)) else None
    top = {c for k in kinds for c in catalogue.codes(wanted, k) if len(c) == 3}
    if context and len(top) > 1:
        top = {c for c in top if c[0] == context[0][0]}
    found = _one(catalogue, top)
    if found is not None:
        return found or None
    return _one(catalogue, {c for k in kinds for c in catalogue.codes(wanted, k)}) or None


def _in_order(code: str, context: list[str]) -> bool:
    """Subjects are printed in code order: a 款 found for a name under the 类 comes
    after the 款 above it. One that does not (公路水路运输 after 21498 超长期特别国债
    安排的支出 is that 款's 项 of the name, not a second 21401) is not the subject
    printed; the row keeps no code rather than a wrong one."""
    if len(context) < 2 or (code.startswith(context[1]) and code != context[1]):
        return True
    return code > context[1]


def _one(catalogue: Catalogue, codes: set[str]) -> str | None:
    """The one code among candidates: the only one, or the only one the classification
    lists (a local code that disclosures print gives way to the national one). None
    when there is no candidate, "" when several remain."""
    if len(codes) > 1:
        national = {c for c in codes if catalogue.classified(c)}
        codes = national if len(national) == 1 else codes
    if not codes:
        return None
    return next(iter(codes)) if len(codes) == 1 else ""


def _context(code: str) -> list[str]:
    return [code[:n] for n in (3, 5, 7) if len(code) >= n]


def _set_code(row: Row, code: str, code_key: str = "code") -> str:
    """Give a row a code and those of its 类/款/项 parts the row carries; the code as
    written (split_code's)."""
    parts = split_code(code)
    row[code_key] = parts.code
    for key, value in (("class_code", parts.class_code), ("section_code", parts.section_code),
                       ("item_code", parts.item_code)):
        if key in row:
            row[key] = value
    return parts.code


def fill_codes(rows: list[Row], row_kind: str, name_key: str = "name", code_key: str = "code",
               catalogue: Catalogue | None = None, source: str = "catalogue") -> int:
    """Give the rows printed without a code the catalogue's code of their name, in
    printed order (see `resolve`). Where any code is filled every row gets
    `code_source`: `printed`, `catalogue` (`source`), or blank for rows without a
    code; a source already given stays. Returns the number of codes filled."""
    kinds = KINDS.get(row_kind)
    if kinds is None:
        return 0
    catalogue = catalogue if catalogue is not None else load_catalogue()
    context: list[str] = []
    filled: set[int] = set()
    for row in rows:
        code = str(row.get(code_key) or "")
        if code:
            context = _context(code)
            continue
        name = str(row.get(name_key) or "")
        if not name or normalise_label(name) in TOTAL_LABELS or (row_kind == "side" and row.get("side") != "支出"):
            continue
        found = resolve(catalogue, name, kinds, context)
        if found is None:
            continue
        _set_code(row, found, code_key)
        filled.add(id(row))
        context = _context(found)
    if filled:
        for row in rows:
            row["code_source"] = source if id(row) in filled else (
                row.get("code_source") or ("printed" if row.get(code_key) else ""))
    return len(filled)


def fill_codes_from_document(tables: list[Table]) -> int:
    """Tables 1 and 4 print their expenditure by name; a name the catalogue does not
    know (a subject newer than it: 2110106 生态环境国际合作及履约) takes the code the
    document's own function tables print beside that name, looked up as the catalogue
    is (under the nearest 款 or 类 above it). Such rows get `code_source` `document`."""
    pairs = {(str(row.get("code") or ""), str(row.get("name") or ""))
             for table in tables if table.row_key == "function" for row in table.rows}
    local = Catalogue([Subject(code, name, "function", source="disclosures")
                       for code, name in sorted(pairs) if code.isdigit() and name])
    if not local.entries:
        return 0
    for table in tables:
        if table.row_key == "side" and table.ocr:
            _correct_misread_names(table, local)
    return sum(fill_codes(table.rows, "side", name_key="item", catalogue=local, source="document")
               for table in tables if table.row_key == "side")


# An OCR reading is taken for the catalogue name of its code when it differs by at most
# this share of the name's characters (卫生健康支出 read 1生健康支出: 1 of 6), and by
# at least one character whatever the length.
MAX_MISREAD = 0.25


def _close(read: str, name: str) -> bool:
    return edit_distance(read, name) <= max(1, int(len(name) * MAX_MISREAD))


def closest_name(catalogue: Catalogue, code: str, read: str, year: int | None) -> str | None:
    """The catalogue name of `code` that an OCR reading `read` is a misreading of, or
    None when the reading is a catalogue name itself or near none of the code's names.
    A reading that is another subject's name (水费 under 30206) is left alone: then
    the code is the likelier misreading."""
    wanted = normalise_name(normalise_label(read))
    if not wanted or catalogue.by_name.get(wanted):
        return None
    near = [n for n in catalogue.likely_names(code, year) if _close(wanted, normalise_name(n))]
    return near[0] if near else None


def completed_code(catalogue: Catalogue, code: str, read: str) -> tuple[str, str] | None:
    """A code read short (its 项 digits lost: 20508 for 2050801) completed from the
    name printed beside it, when exactly one child of the short code has that name
    (or a name the reading is close to): (full code, catalogue name)."""
    wanted = normalise_name(normalise_label(read))
    if len(code) >= 7 or any(_close(wanted, normalise_name(s.name)) for s in catalogue.names(code)):
        return None
    kids = {s.code: s.name for s in catalogue.entries
            if "*" not in s.code and s.code.startswith(code) and len(s.code) > len(code)}
    exact = [c for c, n in kids.items() if normalise_name(n) == wanted]
    if len(exact) == 1:
        return exact[0], kids[exact[0]]
    near = [c for c, n in kids.items() if _close(wanted, normalise_name(n))]
    return (near[0], kids[near[0]]) if len(near) == 1 and not exact else None


def _correct_misread_names(table: Table, names: Catalogue) -> None:
    """An OCR'd expenditure row printed by name only whose name no table of the document
    prints (行政单位离退体), but one glyph or so off exactly one name they do print
    (2080501 行政单位离退休), is that name: set right, and kept in `doubtful`."""
    national = load_catalogue()
    for i, row in enumerate(table.rows):
        read = str(row.get("item") or "")
        printed = _lookup_name(read)
        wanted = normalise_name(printed)
        if (row.get("code") or row.get("side") != "支出" or not wanted or names.by_name.get(wanted)
                or national.by_name.get(wanted) or printed in TOTAL_LABELS):
            continue
        near = {e.name for e in names.entries if _close(wanted, normalise_name(e.name))}
        if len(near) != 1:
            continue
        fixed = _numbered_as(read, printed, near.pop())
        row["item"] = fixed
        table.note_repair(i, "item", read, fixed, "name printed beside its code in the document's other tables")


def _numbered_as(read: str, printed: str, name: str) -> str:
    """`name` put in place of the label `printed` in the reading `read`: the numbering in
    front of it (`2、`) stays."""
    return read[:len(read) - len(printed)] + name if read.endswith(printed) else name


def closest_row_label(read: str) -> str | None:
    """The total label the rules name (支出总计) that an OCR reading of an uncoded row's
    label (支出总让) is one glyph off, when exactly one is. A reading that itself ends in
    a total word differs from its label before that word: 本年支出小计 is printed so,
    not a misread 本年支出合计."""
    printed = normalise_label(read)
    if len(printed) < 3 or printed in row_labels():
        return None
    last = len(printed) - 2 if printed.endswith(TOTAL_WORDS) else len(printed)
    near = []
    for label in row_labels():
        if label.endswith(TOTAL_WORDS) and len(label) == len(printed):
            differ = [i for i, (a, b) in enumerate(zip(label, printed)) if a != b]
            if len(differ) == 1 and differ[0] < last:
                near.append(label)
    return near[0] if len(near) == 1 else None


def closest_side_label(read: str, side: str) -> str | None:
    """The label of a two-sided table's row that an OCR reading of it is a glyph or two
    off (国有资本经营预算披款收入: 拨 read 披), when exactly one is nearest: glyphs
    misread, none lost or added (年初结转结余 is printed so beside 年初结转和结余) but
    a 一, and none for a short label (上年结余 beside 上年结转). The income side's labels are the
    registry's header names (its items are table 2's columns), the expenditure side's
    the function classes' names too."""
    printed = normalise_label(read)
    labels = _side_labels(side)
    if len(printed) < _SIDE_LABEL_SHORTEST or printed in labels:
        return None
    allowed = 1 if len(printed) <= 10 else 2
    by_distance: dict[int, set[str]] = {}
    for label in labels:
        if len(label) == len(printed) and (d := sum(a != b for a, b in zip(label, printed))) <= allowed:
            by_distance.setdefault(d, set()).add(label)
    nearest = by_distance[min(by_distance)] if by_distance else set()
    if not nearest:
        # 一, one thin stroke, is the glyph a coarse scan loses whole (一般 read 般).
        nearest = {label for label in labels if len(label) == len(printed) + 1
                   and any(label[i] == "一" and label[:i] + label[i + 1:] == printed for i in range(len(label)))}
    return nearest.pop() if len(nearest) == 1 else None


# A label shorter than this is too like others to be mended (上年结余, 上年结转).
_SIDE_LABEL_SHORTEST = 5


@lru_cache(maxsize=2)
def _side_labels(side: str) -> frozenset[str]:
    labels = {normalise_label(name) for name in header_vocabulary(load_schema())}
    if side == "支出":
        labels |= {normalise_label(s.name) for code, found in load_catalogue().by_code.items()
                   if len(code) == 3 and code.startswith("2") for s in found}
    return frozenset(labels)


def _stop_for_dun(read: str) -> str:
    """A Chinese numeral is followed by 、 (一、), an Arabic one by a stop (1.): a stop
    after 三 is 、 read small."""
    found = _CN_STOP.match(read)
    return f"{found.group(1)}、{read[found.end():]}" if found else read


_CN_STOP = re.compile(r"^\s*([一二三四五六七八九十]+)[.．]")
_HALF_BRACKETS = re.compile(r"[()]")
_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）"})
# One or two Latin letters between Chinese glyphs: no label prints them so.
_STRAY_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z]{1,2}(?=[\u4e00-\u9fff])")


def correct_names(table: Table, year: int | None) -> None:
    """An OCR'd table's subject names set to the catalogue name of their code where the
    reading is close, codes read short completed from their name, and total labels
    misread by a glyph set right. Each change is in the table's `doubtful` list with
    what was read (`repaired_from`)."""
    catalogue = load_catalogue()
    key = "item" if table.row_key == "side" else "name"
    for i, row in enumerate(table.rows):
        for text_key in ("name", "item"):
            text = row.get(text_key)
            if isinstance(text, str) and has_hanzi(text) and _HALF_BRACKETS.search(text):
                # A label's number read as a word of its own, `(2)`, took ASCII brackets
                # (a word without Chinese does): in the label they are its full-width ones.
                row[text_key] = text.translate(_FULL_BRACKETS)
        code, read = str(row.get("code") or ""), str(row.get(key) or "")
        restored = _lost_numeral(table.rows, i, key)
        if restored is not None and (not code or table.row_key == "side"):
            row[key] = restored
            table.note_repair(i, key, read, restored, "outline number lost, from the rows beside it")
            read = str(row[key])
        if not code and _STRAY_LATIN.search(read):
            # A stroke read as a Latin letter between two glyphs (收入总i计: 计 split).
            row[key] = _STRAY_LATIN.sub("", read)
            table.note_repair(i, key, read, str(row[key]), "a stroke read as a letter")
            read = str(row[key])
        if read and table.row_key == "side" and _stop_for_dun(read) != read:
            row[key] = _stop_for_dun(read)
            table.note_repair(i, key, read, str(row[key]), "、 after a Chinese numeral read as a stop")
            read = str(row[key])
        if not code and read and not catalogue.by_name.get(normalise_name(normalise_label(read))):
            label = closest_row_label(read)
            if label is not None:
                label = _numbered_as(read, normalise_label(read), label)
                row[key] = label
                table.note_repair(i, key, read, label, "total label the rules name")
            elif table.row_key == "side" and (label := closest_side_label(read, str(row.get("side")))) is not None:
                label = _numbered_as(read, normalise_label(read), label)
                row[key] = label
                table.note_repair(i, key, read, label, "row label the registry or the classification knows")
            continue
        if not code or not read or row.get("code_source") == "catalogue":
            continue
        completed = completed_code(catalogue, code, read)
        if completed is not None:
            fixed = _set_code(row, completed[0])
            table.note_repair(i, "code", code, fixed, "code read short, completed from its name")
            code = fixed
        swapped = _code_read_with_a_confused_digit(catalogue, code, read, year)
        if swapped is not None:
            fixed = _set_code(row, swapped)
            table.note_repair(i, "code", code, fixed, "code read with a confused digit, as its name says")
            code = fixed
        name = closest_name(catalogue, code, read, year)
        if name is not None and normalise_name(name) != normalise_name(read):
            row[key] = name
            table.note_repair(i, key, read, name, f"name of {code} in the subject catalogue")
    if table.row_key == "side":
        # A label set right names its subject: its code is looked up now.
        fill_codes(table.rows, "side", name_key="item")


def _code_read_with_a_confused_digit(catalogue: Catalogue, code: str, read: str, year: int | None) -> str | None:
    """The code a scan read with one digit taken for another (30304 抚恤金 read 30301,
    离休费's code): the one code a digit swap away that the catalogue names exactly as
    printed, where the code read is not the printed name's, nor near it."""
    printed = normalise_name(normalise_label(read))
    if not printed or closest_name(catalogue, code, read, year) is not None or any(
            normalise_name(s.name) == printed for s in catalogue.names(code)):
        return None
    found = {c for c in digit_swaps(code) if any(normalise_name(s.name) == printed for s in catalogue.names(c))}
    return found.pop() if len(found) == 1 else None


def _lost_numeral(rows: Sequence[Mapping[str, object]], i: int, key: str) -> str | None:
    """The label of an outline row whose 一 was lost (`、一般公共预算收入`, `（）一般公共
    预算拨款`: a thin stroke against the cell's rule, taken for part of it) with its
    number, counted from the nearest numbered row of its list: back from the one below
    (over rows that lost their number too), or, where that counts to nothing (the row
    below opens the next list: a two-sided table's expenditure) or there is none, on
    from the one above. A two-sided table's rows count on their own side only, a
    （一） list's within its 一、 row."""
    read = str(rows[i].get(key) or "").lstrip()
    style = _lost_style(read)
    if style is None:
        return None
    side = rows[i].get("side")

    def nearest(rows_from: range) -> tuple[int, int] | None:
        """(number, numbered rows away) of the nearest numbered row; rows without a
        number (a list's sub-rows, its total) are passed over uncounted."""
        distance = 1
        for j in rows_from:
            if rows[j].get("side") != side:
                return None
            label = str(rows[j].get(key) or "").lstrip()
            found = outline_number(label)
            if found and found[0] == style:
                return found[1], distance
            if found and found[0] == "cn":
                return None  # the list's parent row: its count ends there
            if _lost_style(label) == style or (style == "cn" and not found and _MISREAD_NUMBERING.match(label)):
                distance += 1  # a number lost or misread: one more step of the count
        return None

    below, above = nearest(range(i + 1, len(rows))), nearest(range(i - 1, -1, -1))
    back = below[0] - below[1] if below is not None else 0
    on = above[0] + above[1] if above is not None else None
    if back >= 1:
        # A list's first row is so whatever came before; past it, the counts must agree
        # (a misread number on one side of the row would give it a wrong one).
        value = back if back == 1 or on in (None, back) else None
    else:
        value = on
    if value is None or value >= 100:
        return None
    rest = _LOST_NUMBER[style].sub("", read)
    # (In full-width brackets, whatever the lone brackets were read as.)
    return f"{cn_numeral(value)}、{rest}" if style == "cn" else f"（{cn_numeral(value)}）{rest}"


# An outline number lost whole, before the rest of a label: its 、 left (cn), or its
# brackets (paren_cn).
_LOST_NUMBER = {"cn": re.compile(r"^、(?=.)"), "paren_cn": re.compile(r"^[(（]\s*[)）](?=.)")}


def _lost_style(label: str) -> str | None:
    return next((style for style, pattern in _LOST_NUMBER.items() if pattern.match(label)), None)


# The two-glyph labels of a table's total row, and each by its first glyph alone.
_TOTALS = ("合计", "总计")
_TOTAL_HEADS = {word[0]: word for word in _TOTALS}


def name_misread_totals(tables: Sequence[Table]) -> None:
    """An OCR'd table's total row read with its first glyph wrong (介计, t计: one glyph
    from 合计, 总计 and 小计 alike) is labelled as the document's other tables label
    theirs: the first or last uncoded row of a subject table, two glyphs ending in 计.
    A document printing neither, or both as often, leaves it as read. One read as its
    first glyph alone (合, its 计 lost) is the total word that opens so."""
    def ends(table: Table) -> list[int]:
        return sorted({0, len(table.rows) - 1}) if table.rows and table.row_key != "side" else []

    def label(table: Table, i: int) -> str:
        row = table.rows[i]
        return "" if row.get("code") else normalise_label(str(row.get("name") or ""))

    printed = [label(t, i) for t in tables for i in ends(t)]
    counts = sorted(((printed.count(w), w) for w in _TOTALS), reverse=True)
    # A document printing neither, or both as often, says nothing of a misread one.
    word = counts[0][1] if counts[0][0] != counts[1][0] else None
    for table in tables:
        for i in ends(table) if table.ocr else []:
            read = label(table, i)
            whole = _TOTAL_HEADS.get(read)
            if whole is not None:
                # 计 lost (合 alone): the one total word that opens so.
                table.rows[i]["name"] = whole
                table.note_repair(i, "name", read, whole, "total label read short")
            elif word is not None and len(read) == 2 and read.endswith("计") and read not in TOTAL_WORDS:
                table.rows[i]["name"] = word
                table.note_repair(i, "name", read, word, "total label misread, as the document's other tables print it")
