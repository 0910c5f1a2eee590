"""Aligned cells + column keys → canonical rows: codes flattened, amounts parsed."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType

from budgetx.model import Doubt, Reading
from budgetx.schema.catalogue import load_catalogue
from budgetx.values.codes import EMPTY, Code, join_code, split_code, split_code_name
from budgetx.values.text import has_hanzi, squash, squash_apart
from budgetx.table.headers import PATH_SEP, map_columns, near
from budgetx.values.numbers import figure_edits, is_amount, malformed_figure, parse_amount
from budgetx.schema.rules import TOTAL_LABELS
from budgetx.vocabulary import (CODE_KEYS, CODE_PARTS, ECONOMIC_KEYS, ECONOMIC_PAIR_KEYS, FUNCTION_KEYS,
                                SECOND_CODE_KEYS, TEXT_KEYS)
from budgetx.schema.registry import ColumnSpec, TableSpec, normalise_header


Row = dict[str, str | Decimal | None]


# Below this OCR confidence a cell's reading is listed as doubtful (a fifth of the
# words on the scanned sample, and every misreading found there).
DOUBT_SCORE = 0.9
# Why a figure OCR read with a grouping no amount has is doubted.
MALFORMED = "not a well-formed figure"
# (row, what OCR was unsure of in it): collected while rows are built, numbered once the
# table's rows are in their final order.
Doubts = list[tuple["Row", Doubt]]
_LATIN_IN_CJK = re.compile(r"[\u4e00-\u9fff][A-Za-z]|[A-Za-z][\u4e00-\u9fff]")


# How sure the reading of each OCR'd cell is, by (row, column) of the aligned cells.
Readings = Mapping[tuple[int, int], Reading]
EMPTY_READINGS: Readings = MappingProxyType({})


def note_doubt(doubts: Doubts | None, record: Row, key: str, text: str, reading: Reading | None) -> None:
    """Remember that OCR was unsure of the cell `key` of `record`."""
    if doubts is None or reading is None:
        return
    if key != "code" and malformed_figure(text):
        # Whatever the recogniser's confidence: no printed amount is grouped so.
        alts = [a for a, _ in reading.alternatives] + figure_edits(text)
        doubts.append((record, Doubt(row=-1, column=key, read=text, score=reading.score, alternatives=alts,
                                     reason=MALFORMED)))
    elif reading.score < DOUBT_SCORE or _LATIN_IN_CJK.search(text):
        alts = [a for a, _ in reading.alternatives]
        doubts.append((record, Doubt(row=-1, column=key, read=text, score=reading.score, alternatives=alts)))


def amount_or_text(text: str) -> str | Decimal | None:
    if not text.strip():
        return None
    if is_amount(text):
        return parse_amount(text)
    return squash_apart(text)


_SERIAL_HEADERS = frozenset({"序号", "编号", "行次", "栏次"})
_CODE_ENDINGS = ("编码", "代码")


# The label of the row that numbers a table's columns (栏次 | 1 | 2 | 3 …).
INDEX_LABELS = frozenset({"栏次", "行次"})


def is_index_label(label: str) -> bool:
    """Whether a row label is that of the row numbering the columns: 栏次, or marks
    alone (杭州 `**`, ※) where a template prints no word."""
    text = "".join(label.split())
    # (A scan's rule or speck read into the label between its glyphs: 栏☑次.)
    return (text in INDEX_LABELS or "".join(ch for ch in text if ch.isalnum()) in INDEX_LABELS
            or bool(text) and not any(ch.isalnum() for ch in text))


def is_label_column(key: str) -> bool:
    """A column headed 序号 / 行次 or …编码 / …代码 (单位编码, 政府经济科目编码) holds
    serial numbers or codes: text (leading zeros kept), never an amount to sum."""
    leaf = normalise_header(key.split(PATH_SEP)[-1])
    return leaf in _SERIAL_HEADERS or leaf.endswith(_CODE_ENDINGS)


def cell_value(key: str, text: str) -> str | Decimal | None:
    """An unmapped column's cell: text under a serial or code header, else amount or text."""
    if is_label_column(key):
        return squash(text) or None
    return amount_or_text(text)


_TOTAL_LABELS = frozenset(TOTAL_LABELS)


# The code columns' headers (类 款 项) set on the total row's line, read into its label.
_HEADER_LED_TOTAL = re.compile(r"^[类款项\s]+(?=(?:合计|总计)$)")


def _total_label(name: str) -> str:
    """OCR reads a letter-spaced 总  计 with noise between the glyphs (总i计); a colon
    after the label (总计：) is printed, no noise."""
    cjk = "".join(ch for ch in name if "\u4e00" <= ch <= "\u9fff")
    colon = name[-1] if name.endswith((":", "：")) else ""
    return cjk + colon if cjk in _TOTAL_LABELS and len(name) <= 4 else name


def coded_rows(keys: list[str], cells: list[list[str]], spec: TableSpec, fuzzy: bool = False,
               doubts: Doubts | None = None, readings: Readings = EMPTY_READINGS,
               row_kind: str | None = None, above: Code = EMPTY) -> list[Row]:
    """Rows of a table keyed by budget subject codes (功能分类 / 经济分类); `row_kind`:
    the kind printed, where it is not the table's own (headers.printed_row_kind). `above`
    is the code of the last coded row of the pages before: a page may begin with a row
    printed with its 项 only (`99`), continuing the 款 the page before ended in."""
    code_keys = FUNCTION_KEYS if (row_kind or spec.row_kind) == "function" else ECONOMIC_KEYS
    second = _second_code_columns(keys, code_keys)
    second_key = SECOND_CODE_KEYS[0] if second and any(c.key == SECOND_CODE_KEYS[0] for c in spec.columns) else None
    extra = [k for k in keys if k not in code_keys and not (second_key and k in second)]
    out: list[Row] = []
    last = above
    last_second = EMPTY
    whole_items = False  # the last 项 was printed with its whole code (2080505)
    for i, row in enumerate(cells):
        if not any(c.strip() for c in row):
            continue
        cell = dict(zip(keys, row))
        column_of = {k: c for c, k in enumerate(keys[:len(row)])}
        originals = dict(cell)
        misprint = _misprinted_class(cell, last)
        _inherit_code_parts(cell, last)
        partial = _partial_code(cell, last, whole_items)
        code, name = (partial, squash(cell.get("name", ""))) if partial is not EMPTY else _code_and_name(cell)
        clipped = _clipped_code(name, last) if fuzzy and code is EMPTY else None
        if clipped is not None:
            code, name, clipped_from = clipped
        if len(code.code) == 7:
            whole_items = partial is EMPTY
        if code is not EMPTY:
            last = code
        record: Row = {k: "" for k in code_keys}
        record.update({"code": code.code, "class_code": code.class_code, "section_code": code.section_code})
        if "item_code" in record:
            record["item_code"] = code.item_code
        if not code.code:
            name = _total_label(name) if fuzzy else _HEADER_LED_TOTAL.sub("", name)
        record["name"] = name
        unit = _UNIT_LABEL.match(name) if not code.code else None
        if unit:
            # A unit's row heading its block of subjects (西安: `125001 西安市…局`, its
            # 类 / 款 / 项 below): the unit's code and name, no subject.
            record["name"] = ""
            record["unit_code"], record["unit_name"] = unit["code"], squash(unit["name"])
        spilled = _spilled_label(keys, cell, spec)
        if "name" not in keys and not code.code and normalise_header(cell.get("project_name", "")) in _TOTAL_LABELS:
            # A project table printed without subjects (项目名称 | 项目类别 | 合计 …): its
            # 合计 line is the table's total row.
            record["name"] = squash(cell["project_name"])
        if second_key is not None:
            record[second_key], last_second = _second_code(cell, second, last_second)
        for key in extra:
            text = cell.get(key, "")
            # The parts of a second code are text (a code is no amount) even where the
            # table has no key for that code.
            record[key] = squash(text) or None if key in TEXT_KEYS or key in second else cell_value(key, text)
        if second_key is None:
            _split_named_codes(record, spec)
        if not code.code and not record["name"]:
            _total_label_to_name(record)
        if spilled is not None:
            label_key, key, label, figure = spilled
            record[key] = parse_amount(figure)
            record[label_key] = str(record.get(label_key) or "") + label
        for key, text in originals.items():
            note_doubt(doubts, record, "code" if key in ("class_code", "section_code", "item_code") else key, text,
                       readings.get((i, column_of[key])))
        if misprint is not None and doubts is not None:
            doubts.append((record, Doubt(row=-1, column="code", read=code.code, repaired_from=misprint,
                                         reason="类 misprinted, the 类 and 款 of the row above")))
        if clipped is not None and doubts is not None:
            doubts.append((record, Doubt(row=-1, column="code", read=code.code, repaired_from=clipped_from,
                                         reason="first digit clipped: the 类 of the row above")))
        out.append(record)
    return out


# A code read without its first digit (the scan's edge cut it off), before its name.
_CLIPPED_CODE = re.compile(r"^(\d{4}|\d{6})(?!\d)\s*([^\d年].*)$")


def _clipped_code(name: str, last: Code) -> tuple[Code, str, str] | None:
    """A scan whose edge clipped the code column's first digit reads `0302 退休费` under
    303: the code one digit short, run into the name. Its 类's first digit before it
    makes a code the classification knows under that 类 (30302): that code, the
    name, and the digits read."""
    match = _CLIPPED_CODE.match(name)
    if match is None or last is EMPTY:
        return None
    whole = split_code(last.class_code[0] + match.group(1))
    if whole is EMPTY or whole.class_code != last.class_code or not load_catalogue().knows(whole.code):
        return None
    return whole, squash(match.group(2)), match.group(1)


def carry_units(rows: list[Row]) -> None:
    """A table printed unit by unit (a row naming the unit, in a 预算单位 column 深圳 or
    as `125001 西安市…局` in the code column 西安, that unit's subjects below it) gives
    each subject row its unit, so that a row read alone says whose it is: 20805 of one
    unit is not 20805 of the next. Rows above the first unit row get none."""
    unit: dict[str, str | Decimal | None] = {}
    for row in rows:
        code, name = squash(str(row.get("code") or "")), squash(str(row.get("name") or ""))
        if row.get("unit_name") and not code and not name:
            unit = {k: row.get(k) for k in _UNIT_KEYS if k in row}
        elif unit and not row.get("unit_name") and (code or name) and name not in _TOTAL_LABELS:
            row.update(unit)


_UNIT_KEYS = ("unit_code", "unit_name")


# A budget unit's code before its name in the code column: 6 digits, or 8 and more (a
# subject code has 3, 5 or 7).
_UNIT_LABEL = re.compile(r"^(?P<code>\d{6}|\d{8,12})\s*(?P<name>[^\d.,，].*)$")


def _total_label_to_name(record: Row, keys: list[str] | None = None) -> None:
    """The 合计 of a table whose total label is centred over all its label columns lands
    in whichever of them is under its middle (西安: under 政府经济科目名称): without a
    code or name of its own, the row's label is that total. `keys`: the columns it may
    be in (a table outside the families: any), else the second code's."""
    for key in keys if keys is not None else (*SECOND_CODE_KEYS, "unit_code"):
        text = record.get(key)
        if isinstance(text, str) and normalise_header(text) in _TOTAL_LABELS:
            record["name"], record[key] = squash(text), None
            return


def _partial_code(cell: dict[str, str], last: Code, whole_items: bool) -> Code:
    """A 款 or 项 printed with its own two digits only in a one-column code (西安: `208`
    社会保障和就业支出, `05` 行政事业单位离退休, `2080505` 机关事业单位…): the code
    the reader completes from the rows above. A 款 under a 类; under a 款 the 项, or
    another 款 where the table prints its 项 codes whole; the subject catalogue decides
    where it names one of the two as printed."""
    digits = squash(cell.get("code", ""))
    name = normalise_header(cell.get("name", ""))
    if "code" not in cell or len(digits) != 2 or not digits.isdigit() or last is EMPTY:
        return EMPTY
    catalogue = load_catalogue()
    # Only under a 类 of the classification, and only a subject with a name: a column of
    # counts (参训人数 180, 60) is no code column.
    if not catalogue.knows(last.class_code) or not has_hanzi(name):
        return EMPTY
    section = split_code(last.class_code + digits)
    item = split_code(last.class_code + last.section_code + digits) if last.section_code else EMPTY
    if item is EMPTY:
        return section
    named = [c for c in (section, item) if name and catalogue.matches(c.code, name)]
    if len(named) == 1:
        return named[0]
    if len(last.code) == 7:
        return section if whole_items else item
    return item


def unit_rows(keys: list[str], cells: list[list[str]], doubts: Doubts | None = None,
              readings: Readings = EMPTY_READINGS) -> list[Row]:
    """Rows of a table of subjects printed by unit (部门代码 | 部门名称 | 合计 …): `code`
    the unit's code as printed (024001, leading zeros kept; blank where none is
    printed), `name` its name, the amounts under their keys."""
    out: list[Row] = []
    for i, row in enumerate(cells):
        if not any(c.strip() for c in row):
            continue
        record: Row = {"code": "", "name": ""}
        for c, (key, text) in enumerate(zip(keys, row)):
            if key in ("code", "name"):
                record[key] = squash(text)
            else:
                record[key] = (squash(text) or None) if key in TEXT_KEYS else cell_value(key, text)
            note_doubt(doubts, record, key, text, readings.get((i, c)))
        out.append(record)
    return out


_LABEL_AND_FIGURE = re.compile(r"^(?P<label>.*\S)\s+(?P<figure>\S+)$")


def _spilled_label(keys: list[str], cell: dict[str, str], spec: TableSpec) -> tuple[str, str, str, str] | None:
    """A row label printed nearer the figure column than its own (江苏 table 2 of 2018:
    `收入总计 24,458.43` read as one figure cell): (label key, figure key, label, figure).
    Only the leftmost figure column, only when its cell is words then one amount."""
    canonical = {c.key for c in spec.columns}
    figures = [k for k in keys if k in canonical and k not in TEXT_KEYS]
    if not figures:
        return None
    key = figures[0]
    match = _LABEL_AND_FIGURE.match(cell.get(key, "").strip())
    if (not match or not is_amount(match["figure"]) or any(ch.isdigit() for ch in match["label"])
            or not has_hanzi(match["label"])):
        return None
    label_key = next((k for k in keys[:keys.index(key)] if k not in canonical), "name")
    return label_key, key, squash(match["label"]), match["figure"]


def _second_code_columns(keys: list[str], code_keys: tuple[str, ...]) -> list[str]:
    """The columns of a second classification printed beside the first (部门预算 301 01 |
    政府预算 501 01 支出经济分类): their headers repeat 类 / 款 / 项, whose keys the first
    code's columns already took, so they keep their header path."""
    return [k for k in keys if k not in code_keys and k.split(PATH_SEP)[-1] in CODE_PARTS]


def _split_named_codes(record: Row, spec: TableSpec) -> None:
    """北京: a second (or third) classification printed as code and name in one cell
    (`50101-工资奖金津补贴`), with no 类 / 款 columns of its own: its code is split off
    into the table's code column for it."""
    for code_key, name_key in (SECOND_CODE_KEYS, ECONOMIC_PAIR_KEYS):
        if name_key not in record or record.get(code_key) or all(c.key != code_key for c in spec.columns):
            continue
        code, name = split_code_name(str(record.get(name_key) or ""))
        if code is not EMPTY:
            record[code_key], record[name_key] = code.code, name or None


def _second_code(cell: dict[str, str], columns: list[str], last: Code) -> tuple[str, Code]:
    """A row's second code, whole (501 + 01 → 50101), and that code; a 款 printed
    without its 类 takes the 类 of the row above, as the first code does."""
    parts = [squash(cell.get(k, "")) for k in columns]
    if not any(p.isdigit() for p in parts):
        return "", last
    if not parts[0].isdigit() and last is not EMPTY:
        parts[0] = last.class_code
    code = join_code(*[p for p in parts if p.isdigit()][:3])
    return code.code, code


def _misprinted_class(cell: dict[str, str], last: Code) -> str | None:
    """A 类 cell that holds no 类 (`7` for 210) under the 款 the row above is in, with a
    项 of its own (`7 | 11 | 02` under 210 11): the document's slip; the row is a 项 of
    that 款. Returns what was printed, the cell set right."""
    parts = [squash(cell.get(k, "")) for k in ("class_code", "section_code", "item_code")]
    if (not parts[0].isdigit() or len(parts[0]) == 3 or not last.section_code or parts[1] != last.section_code
            or len(parts[2]) != 2 or not parts[2].isdigit()):
        return None
    cell["class_code"] = last.class_code
    return " ".join(parts)


def _inherit_code_parts(cell: dict[str, str], last: Code) -> None:
    """Some templates print 类/款/项 only where they change (`201`, then `40` alone,
    then `01`): a row with a 款 or 项 but no 类 takes the missing parts from the row
    above, the way a reader of the printed table does."""
    parts = [squash(cell.get(k, "")) for k in ("class_code", "section_code", "item_code")]
    if parts[0] or not any(p.isdigit() for p in parts) or last is EMPTY:
        return
    if not parts[1] and parts[2].isdigit() and last.section_code:
        cell["class_code"], cell["section_code"] = last.class_code, last.section_code
    elif parts[1].isdigit():
        cell["class_code"] = last.class_code


_SPACED_DIGITS = re.compile(r"\d[\d ]*\d")


def _code_and_name(cell: dict[str, str]) -> tuple[Code, str]:
    """Codes in 类/款/项 columns, one 科目编码 column, or in front of the name."""
    stray = []
    parts = []
    for key in ("class_code", "section_code", "item_code"):
        text = squash(cell.get(key, ""))
        if text and text.isdigit():
            parts.append(text)
        elif text and text not in _PART_HEADERS:
            # (The 类 | 款 | 项 header cells printed on the 合计 line are no name.)
            stray.append(text)
    code = join_code(*parts) if parts else EMPTY
    name = squash(cell.get("name", ""))
    raw = cell.get("code", "")
    if code is EMPTY and raw.strip():
        c, rest = split_code_name(raw)
        if c is EMPTY and _SPACED_DIGITS.fullmatch(raw.strip()):
            c = split_code("".join(raw.split()))  # OCR sets a code's digits apart (2101 1)
        if c is not EMPTY:
            code = c
            if rest and not name:
                name = rest
        else:
            stray.append(squash(raw))
    if code is EMPTY and name:
        c, rest = split_code_name(cell.get("name", ""))
        if c is not EMPTY:
            code, name = c, rest
    if stray:
        # Text in the code columns is part of the name (合 | 计 spread over a merged cell).
        name = "".join(stray) + name
    return code, name


def item_rows(keys: list[str], cells: list[list[str]], doubts: Doubts | None = None,
              readings: Readings = EMPTY_READINGS) -> list[Row]:
    out: list[Row] = []
    for i, row in enumerate(cells):
        if not any(c.strip() for c in row):
            continue
        record: Row = {}
        for c, (key, text) in enumerate(zip(keys, row)):
            record[key] = squash(text) if key in TEXT_KEYS else cell_value(key, text)
            note_doubt(doubts, record, key, text, readings.get((i, c)))
        out.append(record)
    return out


def side_blocks(paths: list[list[str]], spec: TableSpec, fuzzy: bool = False,
                cells: list[list[str]] | None = None) -> list[tuple[int, int]]:
    """The income and expenditure blocks of a two-block table (1, 4): each starts at a
    column whose lowest header names items (项目 / 功能分类 …)."""
    item_names = spec.column("item").names
    starts = [i for i, p in enumerate(paths) if p and (_names_items(p[-1], item_names)
                                                          or fuzzy and (near(_unqualified(p[-1]), item_names)
                                                                        or _clipped_name(p[-1], item_names)))]
    if len(starts) < 2:
        # An item header misread past recognition (项目 read `项E1` from a poor scan):
        # the sides' own group headers, 收入 over one block and 支出 over the next, say
        # where each block begins; failing those, the body's own columns of labels.
        sides = _side_starts(paths)
        if sides is None and fuzzy and cells is not None:
            sides = _label_column_starts(cells)
        if sides is None or not set(starts) <= set(sides):
            return [(0, len(paths))]
        starts = sides
    return list(zip(starts, [*starts[1:], len(paths)]))


# The share of a column's filled cells that must be labels (or figures) for it to be a
# block's item (or amount) column.
_BLOCK_COLUMN_SHARE = 0.8
# A block's item column lists this many labels at least.
_BLOCK_LABELS = 3


def _label_column_starts(cells: list[list[str]]) -> list[int] | None:
    """Where each block begins, read from the body alone: at the first column, a column
    of labels, and at each later column of labels that stands right of a column of
    figures (a block ends with its amounts). None unless there are two such starts."""
    width = max((len(r) for r in cells), default=0)
    columns = [[squash(r[c]) for r in cells if c < len(r) and r[c].strip()] for c in range(width)]

    def share(texts: list[str], kind: Callable[[str], bool]) -> float:
        return sum(map(kind, texts)) / len(texts) if texts else 0.0

    labels = [c for c, texts in enumerate(columns)
              if len(texts) >= _BLOCK_LABELS and share(texts, _is_label) >= _BLOCK_COLUMN_SHARE]
    if not labels or labels[0] != 0:
        return None
    starts = [0] + [c for c in labels[1:] if share(columns[c - 1], is_amount) >= _BLOCK_COLUMN_SHARE]
    return starts if len(starts) >= 2 else None


def _is_label(text: str) -> bool:
    return not is_amount(text) and has_hanzi(text)


def _side_starts(paths: list[list[str]]) -> list[int] | None:
    """The first column under 收入 and the first under 支出, where the header prints those
    two groups over every column, 收入 first; None otherwise."""
    tops = [normalise_header(p[0]) if len(p) > 1 else "" for p in paths]
    if not tops or tops[0] != "收入" or set(tops) != {"收入", "支出"}:
        return None
    first = tops.index("支出")
    return [0, first] if all(t == "支出" for t in tops[first:]) else None


# A piece of text that only closes a bracket opened above it (类）).
_CLOSING_PIECE = re.compile(r"[^（()）]{0,8}[)）]")
_GLUED_FIGURE = re.compile(r"^(.*[\u4e00-\u9fff)）])(-?\d[\d,]*\.\d{2})$")
_QUALIFIER = re.compile(r"\(按[^()]*\)?$")


def _unqualified(header: str) -> str:
    """A header without its trailing scope note: 支出功能分科目（按大类） names items as
    支出功能分科目 does (a summary printing several breakdowns of its expenditure), also
    where the narrow cell cut the note short (政府预算支出经济分类科目（按大)."""
    return _QUALIFIER.sub("", normalise_header(header))


def _names_items(header: str, names: frozenset[str]) -> bool:
    """Whether a header names a block's items, also when the side's group header is
    printed in the same cell (支出部门预算支出经济分类科目（按大类）)."""
    text = _unqualified(header)
    return text in names or (text[:2] in ("收入", "支出") and text[2:] in names)


# The fewest glyphs left of a name whose start a narrow cell hides.
_CLIPPED_LEAST = 5


def _clipped_name(header: str, names: frozenset[str]) -> bool:
    """Whether a header read from the page image is the end of a name whose start the
    cell clips (西安: `部门预算支` hidden, `出经济分类科目（按大类）` shown); the text layer
    holds such a name whole."""
    text = _unqualified(header)
    return len(text) >= _CLIPPED_LEAST and any(len(n) > len(text) and n.endswith(text) for n in names)


def side_rows(paths: list[list[str]], cells: list[list[str]], spec: TableSpec,
              fuzzy: bool = False, doubts: Doubts | None = None,
              readings: Readings = EMPTY_READINGS, economic: list[Row] | None = None,
              block_of: dict[int, str] | None = None) -> tuple[list[Row], list[Row]]:
    """Two-block table rows: (income rows, expenditure rows), each in printed order.
    `economic` collects the rows of blocks that break the expenditure down by economic
    classification (西安: 部门预算支出经济科目 | 政府预算支出经济分类科目 beside the
    function classes): their items are no function subjects. `block_of` collects, by
    `id`, the header naming each expenditure row's block, so that a table printing its
    breakdowns side by side over several pages can be put back block by block."""
    blocks = side_blocks(paths, spec, fuzzy, cells)
    amount_specs = tuple(c for c in spec.columns if c.key not in ("side", "item", "code"))
    item_spec = spec.column("item")
    result: list[list[Row]] = [[], []]
    by_line: list[dict[int, Row]] = [{} for _ in blocks]
    # A third block (支出 by use: 基本支出 / 项目支出) is more expenditure rows.
    for b, (lo, hi) in enumerate(blocks):
        keys = _side_amount(_side_named(map_columns(paths[lo + 1:hi], amount_specs, fuzzy), paths[lo + 1:hi],
                                        amount_specs, fuzzy), paths[lo + 1:hi])
        side = "收入" if b == 0 and len(blocks) > 1 else "支出"
        head = normalise_header(paths[lo][-1]) if paths[lo] else ""  # the header naming the block's items
        for i, row in enumerate(cells):
            item_text = row[lo] if lo < len(row) else ""
            values = row[lo + 1:hi]
            if (head.count("(") > head.count(")") and _CLOSING_PIECE.fullmatch(squash(item_text))
                    and not any(v.strip() for v in values)):
                # The end of the block's header wrapped in its cell (…分类科目（按大 | 类）),
                # level with the other blocks' first row: no row of its own.
                continue
            glued = _GLUED_FIGURE.match(squash(item_text))
            if glued and values and not values[0].strip():
                # A long name run into its figure (…公用经费支出1839311.66): the figure
                # is the empty amount cell's.
                item_text, values = glued.group(1), [glued.group(2), *values[1:]]
            if not item_text.strip() and not any(v.strip() for v in values):
                continue
            code, item = split_code_name(item_text) if side == "支出" else (EMPTY, squash(item_text))
            record: Row = {"side": side, "item": item, "code": code.code}
            note_doubt(doubts, record, "item", item_text, readings.get((i, lo)))
            for c, (key, text) in enumerate(zip(keys, values), start=lo + 1):
                if key in record and not text.strip():
                    continue  # two columns read as one (see _side_amount): the printed one
                record[key] = amount_or_text(text)
                note_doubt(doubts, record, key, text, readings.get((i, c)))
            for col in amount_specs:
                if not col.optional:  # an optional column only where it is printed
                    record.setdefault(col.key, None)
            result[0 if side == "收入" else 1].append(record)
            by_line[b][i] = record
            if block_of is not None and side == "支出":
                block_of[id(record)] = _unqualified(head)
            if economic is not None and side == "支出" and "经济" in head:
                economic.append(record)
    for i in range(len(cells)):
        line = [block[i] for block in by_line[1:] if i in block]
        for k, labelled in enumerate(line):
            for figures in line[k + 1:]:
                if _join_shared_total(labelled, figures, result[1]):
                    break
    del item_spec
    return result[0], result[1]


_SIDE_NAMES = frozenset({"收入", "支出"})


def _side_named(keys: list[str], paths: list[list[str]], columns: tuple[ColumnSpec, ...],
                fuzzy: bool) -> list[str]:
    """A block's column whose header was read with the side's name above it joined on
    (支出 centred over 合计: 支出合计) is the column the rest of it names."""
    known = {c.key for c in columns}
    out = list(keys)
    for c, (key, path) in enumerate(zip(keys, paths)):
        leaf = normalise_header(path[-1]) if path else ""
        side = next((s for s in _SIDE_NAMES if leaf.startswith(s) and len(leaf) > len(s)), None)
        if key in known or side is None:
            continue
        free = tuple(col for col in columns if col.key not in out)
        retry = map_columns([[*path[:-1], leaf[len(side):]]], free, fuzzy)[0]
        if retry in known:
            out[c] = retry
    return out


def _side_amount(keys: list[str], paths: list[list[str]]) -> list[str]:
    """A block's figure column whose header reads only the side's name (江苏: 支出 over
    功能分类 | 支出用途, its own 金额 split off into a column of its own) is the block's
    amount; the split-off 金额 column, blank, gives way to it."""
    named = [c for c, path in enumerate(paths)
             if [normalise_header(p) for p in path if normalise_header(p)] in ([n] for n in _SIDE_NAMES)]
    if len(named) != 1 or keys[named[0]] in ("amount", "basic", "basic_personnel", "basic_public", "project"):
        return keys
    if "amount" in keys and paths[keys.index("amount")][-1:] != ["金额"]:
        return keys
    return [("amount" if c == named[0] else k) for c, k in enumerate(keys)]


def _join_shared_total(labelled: Row, figures: Row, rows: list[Row]) -> bool:
    """Expenditure printed twice side by side (江苏: by function | by use) shares its
    total lines: 支出合计 printed under the first block's items, its amount in the last
    block's column. The label line without figures takes the amounts of the line beside
    it that has figures and no label."""
    if figures.get("item") or not any(isinstance(v, Decimal) for v in figures.values()):
        return False
    texts = [v for k, v in labelled.items() if k not in ("side", "item", "code") and isinstance(v, str) and v]
    if any(isinstance(v, Decimal) for v in labelled.values()) or labelled.get("code"):
        return False
    label = str(labelled.get("item") or "") or (texts[0] if len(texts) == 1 else "")
    if not label:
        return False
    for key, value in figures.items():
        if key not in ("side", "item", "code"):
            labelled[key] = value
    labelled["item"] = label
    rows.remove(figures)
    return True


_TOTAL_NAMES = _TOTAL_LABELS | {"小计"}


def is_transposed(paths: list[list[str]], keys: list[str], spec: TableSpec) -> bool:
    """An item table printed with its items as columns (see `item_headers`)."""
    if not spec.item_headers or "item" in keys:
        return False
    hits = sum(1 for p in paths if p and any(h in normalise_header(p[-1]) for h in spec.item_headers))
    return hits >= 2


# A header cut off by its cell's edge keeps at least this many glyphs.
_CLIPPED_MIN = 4


def clipped_item(header: str, spec: TableSpec) -> str | None:
    """The item whose name a header is the start of, cut off where its narrow cell
    clips the text (西安: 因公出国（ and 公务用车运行维护 in a cramped “三公” table),
    when only one of the spec's items has names that start so."""
    norm = normalise_header(header)
    if len(norm) < _CLIPPED_MIN or norm in spec.spelled_items:
        return None  # (a name printed whole is no clipped one, whichever it starts)
    found = {item for name, (item, _) in spec.spelled_items.items() if name.startswith(norm)}
    return found.pop() if len(found) == 1 else None


def misread_item(header: str, spec: TableSpec) -> str | None:
    """The name of an item an OCR reading of its header misreads one glyph of (公务用车运行曾
    for 公务用车运行费), when only one name is. One glyph read as another only: a name a
    glyph longer or shorter is another name printed (烟台's 公务用车购置经费), and one two
    glyphs off another item (科研因公出国（境）费用)."""
    norm = normalise_header(header)
    if norm in spec.spelled_items or len(norm) < _CLIPPED_MIN:
        return None
    found = [name for key, (_, name) in spec.spelled_items.items()
             if len(key) == len(norm) and sum(a != b for a, b in zip(key, norm)) == 1]
    return found[0] if len(found) == 1 else None


def _figures_row(cells: list[list[str]]) -> int | None:
    """The first row that is figures: at least half its cells amounts (beside its label,
    合计 or a unit's name). A scan may leave a header's wrapped last glyphs as a row above
    it (费 | 费 | 费), one read as a `0`."""
    for i, row in enumerate(cells):
        filled = [c for c in row if c.strip()]
        if filled and sum(is_amount(c) for c in filled) * 2 >= len(filled):
            return i
    return None


def transposed_rows(paths: list[list[str]], cells: list[list[str]], doubts: Doubts | None = None,
                    readings: Readings = EMPTY_READINGS, spec: TableSpec | None = None,
                    fuzzy: bool = False) -> list[Row]:
    """Items printed as columns → one row per item from the first row of figures (the
    total row). The leading text column (unit names) is the row label, not an item.
    `fuzzy`: the headers were read by OCR, and one a glyph off an item is that item."""
    at = _figures_row(cells)
    if at is None:
        return []
    figures = cells[at]
    out: list[Row] = []
    first_amount = True
    current = current_period_columns(paths)
    for c, (path, text) in enumerate(zip(paths, figures)):
        if text.strip() and not is_amount(text):
            continue  # the label column (合计 / a unit's name)
        if not path or is_label_column(path[-1]):
            continue  # 序号 / 单位编码: the row's number or code, no item
        if current is not None and c not in current:
            continue  # last year's figures, or the change: the printed table keeps them
        leaf = squash(path[-1])
        if normalise_header(leaf) in _TOTAL_NAMES and first_amount:
            item = "合计"
        elif normalise_header(leaf) == "小计" and len(path) > 1:
            item = f"{squash(path[-2])}（小计）"
        else:
            named = None if spec is None else clipped_item(leaf, spec) or (misread_item(leaf, spec) if fuzzy else None)
            item = named or leaf
        first_amount = False
        record: Row = {"item": item, "total": amount_or_text(text)}
        note_doubt(doubts, record, "total", text, readings.get((at, c)))
        out.append(record)
    return out


_PRIOR_PERIODS = frozenset({"上年", "上年预算", "上年预算数", "增减变化情况", "增减变化", "增减", "比上年增减", "增减情况"})
_CURRENT_PERIODS = frozenset({"当年", "本年", "本年预算", "本年预算数", "当年预算", "当年预算数"})
_PERIOD_YEAR = re.compile(r"^(20\d\d)年度?(?:预算数?)?$")


def _period(text: str) -> bool:
    return text in _PRIOR_PERIODS or text in _CURRENT_PERIODS or bool(_PERIOD_YEAR.match(text))


def current_period_columns(paths: list[list[str]]) -> set[int] | None:
    """The columns of this year's group where the items are printed for several periods
    side by side (上年 | 当年 | 增减变化情况, 2021年 | 2022年): the group under 当年 /
    本年 / the latest year. None for a table of one period. A group header may come
    out over some of its columns only (centred over its group): the groups are the runs
    that each start with the first figure column's header (合计 … 合计 …), where there
    are as many as periods; else the columns under the period's header."""
    marks = {c: normalise_header(p[0]) for c, p in enumerate(paths) if len(p) > 1 and _period(normalise_header(p[0]))}
    tops = list(dict.fromkeys(marks.values()))
    years = [t for t in tops if _PERIOD_YEAR.match(t)]
    current = [t for t in tops if t in _CURRENT_PERIODS]
    if current and len(tops) > 1:
        chosen = current[0]
    elif len(years) >= 2:
        chosen = max(years, key=lambda t: int(t[:4]))
    else:
        return None
    marked = {c for c, t in marks.items() if t == chosen}
    leaves = [normalise_header(p[-1]) if p else "" for p in paths]
    first = next((c for c, p in enumerate(paths) if p and not is_label_column(p[-1]) and leaves[c] in _TOTAL_LABELS), None)
    if first is None:
        return marked
    starts = [c for c in range(first, len(paths)) if leaves[c] == leaves[first]]
    if len(starts) != len(tops):
        return marked
    at = max(c for c in starts if c <= min(marked)) if min(marked) >= first else first
    end = next((c for c in starts if c > at), len(paths))
    return set(range(at, end))


_DEPARTMENT_HEADERS = ("单位编码", "单位代码", "部门编码", "部门代码", "单位编号")


_PART_HEADERS = dict(zip(CODE_PARTS, CODE_KEYS[1:]))


def code_part_columns(paths: list[list[str]]) -> dict[int, str]:
    """Columns headed 类 / 款 / 项: a code printed in parts."""
    found = {c: _PART_HEADERS[normalise_header(p[-1])] for c, p in enumerate(paths)
             if p and normalise_header(p[-1]) in _PART_HEADERS}
    return found if "class_code" in found.values() else {}


def code_column(paths: list[list[str]], cells: list[list[str]]) -> int | None:
    """The column of an unknown table that holds codes: subject codes (201, 2010301,
    `[301]`) in most of its cells, or a 单位/部门 code header."""
    for c, path in enumerate(paths):
        if path and any(h in normalise_header(path[-1]) for h in _DEPARTMENT_HEADERS):
            return c
    best: tuple[int, int] | None = None
    catalogue = load_catalogue()

    def coded_cell(text: str, headed: bool) -> bool:
        # A bare number is a code under a code header or a 类 the classification has:
        # whole amounts (预算数 950, 30000, 47500) are not.
        code, name = split_code_name(text)
        return code is not EMPTY and (headed or bool(name) or catalogue.knows(code.class_code))

    for c in range(len(paths)):
        filled = [row[c] for row in cells if c < len(row) and row[c].strip()]
        headed = bool(paths[c]) and normalise_header(paths[c][-1]).endswith(_CODE_ENDINGS)
        coded = sum(1 for t in filled if coded_cell(t, headed))
        if coded >= 3 and coded * 2 >= len(filled) and (best is None or coded > best[0]):
            best = (coded, c)
    return best[1] if best else None


def _part_groups(parts: dict[int, str]) -> list[dict[int, str]]:
    """类/款/项 columns by classification: a table may print a second one's code in parts
    beside the first (科目编码 类 款 项 | 部门经济科目 类 款 | 政府经济科目 类 款); each
    group begins at a 类 or after a gap."""
    groups: list[dict[int, str]] = []
    for c in sorted(parts):
        if not groups or parts[c] == "class_code" or c - 1 not in groups[-1]:
            groups.append({})
        groups[-1][c] = parts[c]
    return groups


def _group_key(keys: list[str], group: dict[int, str], n: int) -> str:
    """A second classification's column: the header its 类 / 款 stand under."""
    above = {PATH_SEP.join(keys[c].split(PATH_SEP)[:-1]) for c in group if c < len(keys)}
    return above.pop() if len(above) == 1 and "" not in above else f"code_{n}"


def _figures_or_codes(cells: list[list[str]], col: int) -> bool:
    """Whether a column holds amounts, or codes with their names (`50205委托业务费`, a
    second classification beside the first): no name column for the code before it."""
    filled = [row[col] for row in cells if col < len(row) and row[col].strip()]
    coded = sum(1 for text in filled if split_code_name(text)[0] is not EMPTY and split_code_name(text)[1])
    return any(is_amount(text) for text in filled) or coded * 2 > len(filled)


def extra_coded_rows(keys: list[str], cells: list[list[str]], col: int,
                     parts: dict[int, str] | None = None, above: Code = EMPTY) -> tuple[list[Row], str]:
    """Rows of an unknown coded table: code columns first, the name from the code cell
    or the text column after it, the other columns under their header paths. `parts`
    are 类/款/项 columns (the code printed in pieces, carried down like the eleven's);
    `above` the last code of the pages before, which a page that begins with a 项
    alone (`50`) continues."""
    groups = _part_groups(parts or {})
    parts = groups[0] if groups else {}
    seconds = [(_group_key(keys, group, n), group) for n, group in enumerate(groups[1:], start=2)]
    last_seconds = [EMPTY] * len(seconds)
    if parts:
        col = max(parts)
    department = not parts and any(h in normalise_header(keys[col]) for h in _DEPARTMENT_HEADERS)
    name_col = col + 1 if col + 1 < len(keys) and not _figures_or_codes(cells, col + 1) else None
    out: list[Row] = []
    economic = 0
    last = above
    whole_items = False
    for row in cells:
        if not any(c.strip() for c in row):
            continue
        text = row[col] if col < len(row) else ""
        if parts:
            pieces = {key: row[c] for c, key in parts.items() if c < len(row)}
            _inherit_code_parts(pieces, last)
            code_parts = [squash(pieces.get(k, "")) for k in ("class_code", "section_code", "item_code")]
            text = join_code(*code_parts).code if all(p.isdigit() or not p for p in code_parts) else ""
        if department:
            code, name = EMPTY, ""
            record: Row = {"code": squash(text), "name": squash(row[name_col]) if name_col is not None else ""}
        else:
            printed_name = row[name_col] if name_col is not None and name_col < len(row) else ""
            partial = EMPTY if parts else _partial_code({"code": text, "name": printed_name}, last, whole_items)
            code, name = (partial, "") if partial is not EMPTY else split_code_name(text)
            if printed_name.strip():
                name = (name + squash(printed_name)) if not code.code else squash(printed_name) or name
            record = {"code": code.code, "class_code": code.class_code, "section_code": code.section_code,
                      "item_code": code.item_code, "name": name}
            unit = _UNIT_LABEL.match(name) if not code.code else None
            if unit:
                record["name"] = ""
                record["unit_code"], record["unit_name"] = unit["code"], squash(unit["name"])
            economic += code.code.startswith("3")
            if len(code.code) == 7:
                whole_items = partial is EMPTY
            if code is not EMPTY:
                last = code
        for n, (key, group) in enumerate(seconds):
            pieces = {part: row[c] for c, part in group.items() if c < len(row)}
            record[key], last_seconds[n] = _second_code(pieces, list(group.values()), last_seconds[n])
        for c, (key, value) in enumerate(zip(keys, row)):
            if c in (col, name_col) or any(c in group for group in groups):
                continue
            record[key] = cell_value(key, value)
        if not department and not record["code"] and not record["name"]:
            _total_label_to_name(record, [k for k in keys if k in record])
        out.append(record)
    kind = "department" if department else ("economic" if economic * 2 > len(out) else "function")
    return out, kind
