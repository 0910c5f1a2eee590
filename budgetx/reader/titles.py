"""Reading a line as a table title: the canonical table a printed title names, its
family and how closely it names it, its 表N label, and when two printed titles are one
table's."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from budgetx.reader.line_kinds import SENTENCE
from budgetx.schema.registry import Schema, TableSpec, normalise_header

# Some producers name whose table it is (部门公开表7, 单位预算表3).
_LABEL = re.compile(r"^(?:部门|单位)?(?:预算|决算)?(?:附?表|公开表?)\s*[0-9０-９一二三四五六七八九十]+(?:[-－—][0-9]+)?\s*(?:表)?[:：.、]?$")
# The label's number is digits or Chinese numerals, never both, and never takes the 一 of
# a title's 一般 (表3一般公共预算支出预算表 is table 3's label and the 一般公共预算 title).
_TITLE_PREFIX = re.compile(
    r"^(?:(?:附?表|公开)\s*(?:[0-9]+|[一二三四五六七八九十]+(?!般))(?:[-—][0-9]+)?\s*表?[:：.、]?\s*|"
    r"[一二三四五六七八九十]+[、.]\s*|[0-9]+[、.]\s*)")
# A table's own label inside a title's text (预算表12, 附表3, 公开表1): where the title
# begins. Digits only: 表一 would be found inside …表一般公共预算….
OWN_LABEL = re.compile(r"(?:附|公开|预算|决算)?表[0-9０-９]+")
_TITLE_SUFFIX = re.compile(r"(?:\([^()]{0,12}\)|续表?)$")
_SCOPE_NOTE = re.compile(r"\([^()]{0,30}\)$")
# An amount (220,000.00; 12.50) in a line ending in 表 makes it a table's row, whose
# text cell wraps before 表 (…编制反馈表), not a title.
_AMOUNT_IN = re.compile(r"\d,\d{3}(?!\d)|\d\.\d\d(?!\d)")


@lru_cache(maxsize=1 << 16)
def is_label(text: str) -> bool:
    return bool(_LABEL.match(unicodedata.normalize("NFKC", "".join(text.split()))))


def strip_title(text: str) -> str:
    norm = normalise_header(text)
    norm = _TITLE_PREFIX.sub("", norm)
    norm = _TITLE_SUFFIX.sub("", norm)
    return norm


_VARIANTS: dict[int, tuple[tuple[TableSpec, str], ...]] = {}
_ENDINGS: dict[int, dict[str, tuple[tuple[TableSpec, str], ...]]] = {}


def _variants(tables: tuple[TableSpec, ...]) -> tuple[tuple[TableSpec, str], ...]:
    # Keyed by identity: hashing the whole registry on every line costs more than the
    # matching itself.
    key = id(tables)
    if key not in _VARIANTS:
        _VARIANTS[key] = tuple((spec, normalise_header(v)) for spec in tables for v in spec.titles)
    return _VARIANTS[key]


def _variants_ending(tables: tuple[TableSpec, ...], last: str) -> tuple[tuple[TableSpec, str], ...]:
    """The variants a text ending in `last` can end with, in _variants' order: every
    line of a document is matched, and few lines end as any title does."""
    key = id(tables)
    if key not in _ENDINGS:
        endings: dict[str, list[tuple[TableSpec, str]]] = {}
        for spec, v in _variants(tables):
            endings.setdefault(v[-1:], [])
        for spec, v in _variants(tables):
            for end, found in endings.items():
                if not v or v.endswith(end):  # an empty variant ends every text
                    found.append((spec, v))
        _ENDINGS[key] = {end: tuple(found) for end, found in endings.items()}
    endings_of = _ENDINGS[key]
    return endings_of.get(last, endings_of.get("", ()))


_TITLE_ENDS: dict[int, frozenset[str]] = {}


def _title_ends(schema: Schema) -> frozenset[str]:
    """The last characters a title's core can end with and be read as one: those of
    every family's variants, 表 (a title no variant names) and ")" (a scope note that
    match_title strips again). Keyed by identity, as _variants."""
    key = id(schema.tables)
    if key not in _TITLE_ENDS:
        _TITLE_ENDS[key] = frozenset(v[-1:] for spec in schema.tables for v in map(normalise_header, spec.titles)) | {"表", ")"}
    return _TITLE_ENDS[key]


def match_title(text: str, schema: Schema) -> tuple[TableSpec | None, bool]:
    """(spec, is_title) for a line: spec is the canonical table a title-like line names
    (longest variant contained), is_title says the line reads as any table title."""
    ends = _title_ends(schema)
    if "" not in ends:
        # Most lines (table rows end in a figure): no variant ends as this one does, so
        # the rest would find no title either. Stripping the title's prefix keeps the
        # text's end, and its suffix (a scope note, 续表) ends in ")" or 续/表.
        norm = normalise_header(text)
        if not norm or (norm[-1] not in ends and norm[-1] != "续"):
            return None, False
    core = strip_title(text)
    if not core or (core[-1] not in ends and "" not in ends):
        return None, False
    if len(core) > 60 or SENTENCE.search(core) or core.endswith((":", "：")) or _AMOUNT_IN.search(core):
        return None, False
    tables = schema.family(title_family(core, schema)).tables
    # A variant may keep the scope note the core loses (支出明细表（按功能科目分）, where
    # （按经济分类科目分） names another table).
    full = _TITLE_PREFIX.sub("", normalise_header(text))
    # A longer scope note than the suffix rule takes (（按支出功能分类科目-不含上年结转）).
    bare = _SCOPE_NOTE.sub("", core)
    best: tuple[int, TableSpec] | None = None
    for spec, v in _variants_ending(tables, core[-1]):
        # The title ends the line; text before it is a year or a department name, not
        # a word that makes it another table's title.
        for told in {core, full, bare}:
            if told.endswith(v) and (best is None or len(v) > best[0]) and not _qualified(told[:-len(v)], schema):
                best = (len(v), spec)
    if best is None and bare.endswith("表"):
        # The scope note counts here: 支出明细表（按支出功能分类科目） is by function.
        named = [spec for spec in tables if any(all(k in full for k in group) for group in spec.keywords)]
        # A title holding two tables' keywords is neither's (四川's 政府性基金预算“三公”经费
        # 支出预算表 beside its 政府性基金 and its “三公” table).
        if len(named) == 1:
            best = (0, named[0])
    if best is not None and _other_classification(full, best[1]):
        return None, True
    if best is not None:
        return best[1], True
    return None, bare.endswith("表") and len(bare) >= 4


_NOTE = re.compile(r"\(([^()]*)\)")


def _other_classification(title: str, spec: TableSpec) -> bool:
    """A title whose scope note puts an economic table's rows by function class
    (基本支出明细表（按支出功能分类科目）: general_basic is by economic class) is that
    table printed another way, not the canonical table. (Not the other way round: a
    function table's note may name its columns, 项目支出情况表（按经济分类科目）.)"""
    notes = [n for n in _NOTE.findall(title) if "按" in n]
    return spec.row_kind == "economic" and any("功能" in n for n in notes)


_YEAR_TAIL = re.compile(r"(?:20\d{2}年度?|部门|单位|预算|[(（][^()（）]*[)）]|[:：、\s])+$")


def _qualified(prefix: str, schema: Schema) -> bool:
    """Whether the text before a matched variant qualifies it into another table."""
    stem = _YEAR_TAIL.sub("", prefix)
    return any(stem.endswith(normalise_header(q)) for q in schema.title_qualifiers)


def title_family(title: str, schema: Schema) -> str:
    """The family a title belongs to: the first whose marker it holds (决算), else the
    first family without markers (the budget)."""
    for family in schema.families:
        if any(word in title for word in family.markers):
            return family.name
    return next((f.name for f in schema.families if not f.markers), schema.families[0].name)


def title_rank(title: str, spec: TableSpec) -> int:
    """How closely a printed title names its canonical table: the position of the first
    of the spec's titles it ends with (0: the canonical title); keyword matches last.
    When two tables of a document map onto one number, the closer one is that table."""
    core = strip_title(title)
    full = _TITLE_PREFIX.sub("", normalise_header(title))
    for rank, variant in enumerate(spec.titles):
        if core.endswith(normalise_header(variant)) or full.endswith(normalise_header(variant)):
            return rank
    return len(spec.titles)


_CONTINUED = re.compile(r"[(（]?续(?:表|前表)?\d*[)）]?")


def unmarked_title(title: str) -> str:
    """A printed title less its label and any 续表 mark: what it reads again on the page
    its table continues onto."""
    return _CONTINUED.sub("", _TITLE_PREFIX.sub("", normalise_header(title)))


# A table label or numbering before a title (表3, 附表 3-1, 一、), a continuation or
# short note after it (（续表）, (续)): not part of what the title says.
_TITLE_LABEL = re.compile(r"^(?:(?:附?表|公开)\d+(?:[-—]\d+)?表?[:.、]?|[一二三四五六七八九十]+[、.]|\d+[、.]|\([一二三四五六七八九十\d]+\))")
_TITLE_TAIL = re.compile(r"(?:\((?:续表?|续\d*|[^()]{0,3})\)|续表?)$")

def title_core(title: str) -> str:
    text = "".join(unicodedata.normalize("NFKC", title).split())
    text = re.sub(r"[“”‘’\"']", "", text)
    text = _TITLE_LABEL.sub("", text)
    return _TITLE_TAIL.sub("", text)


def same_title(a: str, b: str) -> bool:
    """Two printed titles of one table: equal once the label and 续表 are dropped."""
    return bool(title_core(a)) and title_core(a) == title_core(b)
