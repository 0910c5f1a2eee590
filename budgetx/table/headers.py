"""Header paths → canonical column keys, by the aliases of the schema registry."""
from __future__ import annotations

import re

from budgetx.values.text import squash
from budgetx.vocabulary import CODE_KEYS, TEXT_KEYS
from budgetx.schema.registry import ColumnSpec, TableSpec, load_schema, normalise_header

# The printed name of a column that is not in the schema: its header path.
PATH_SEP = "/"


def path_key(path: list[str]) -> str:
    return PATH_SEP.join(squash(p) for p in path if squash(p))


def _leaf_candidates(path: list[str]) -> list[str]:
    """The texts a column may be known by: its lowest header, then that header joined
    with the ones above it (a header broken over two cells: 项目支出 / 合计)."""
    norm = [normalise_header(p) for p in path if normalise_header(p)]
    if not norm:
        return []
    joined = ["".join(norm[k:]) for k in range(len(norm) - 2, -1, -1)]
    if norm[-1] in GROUP_LEAVES and len(norm) > 1:
        # 小计 takes its meaning from the group above it: 基本支出/小计 is 基本支出,
        # 上年结转结余/小计 the carry-over, 本级财政拨款/金额 the appropriation; a name
        # printed whole (财政拨款（补助）/小计) comes first.
        return [*joined, *reversed(norm[:-1]), norm[-1]]
    out = [norm[-1]]
    # 其中：基本支出 is the column 基本支出 (a part of the column before it).
    if "其中:" in norm[-1]:
        out.append(norm[-1].split("其中:")[-1])
    return out + joined


# Leaves that name no column of their own, only a sum of the group above them.
GROUP_LEAVES = frozenset({"小计", "合计", "金额", "计"})


def part_columns(paths: list[list[str]], keys: list[str]) -> dict[str, str]:
    """Columns printed as `其中：` under a group whose own figure has a column beside
    them (本级财政拨款: 金额 | 其中：经费拨款; 事业收入: 金额 | 其中：教育收费): key → the
    group column's key. Their figures are part of the group's, not added to it."""
    out: dict[str, str] = {}
    for c, path in enumerate(paths):
        norm = [normalise_header(p) for p in path if normalise_header(p)]
        if len(norm) < 2 or not norm[-1].startswith("其中"):
            continue
        whole = next((keys[d] for d, other in enumerate(paths)
                      if d != c and [normalise_header(p) for p in other if normalise_header(p)]
                      in ([*norm[:-1], leaf] for leaf in GROUP_LEAVES)), None)
        if whole is not None and whole != keys[c]:
            out[keys[c]] = whole
    return out


def _suffix_match(path: list[str], columns: tuple[ColumnSpec, ...], used: set[str]) -> ColumnSpec | None:
    """A group and its leaf printed as one cell (本年一般公共预算基本支出人员经费,
    财政拨款支出一般公共预算): the column whose name ends the text, the longest such
    name first. Only names of three characters or more, after a prefix of two or more."""
    if not path:
        return None
    text = normalise_header(path[-1])
    if _YEAR_PREFIX.match(text):
        return None  # 2025年预算数 is a year's figure, not the 预算数 column
    best: tuple[int, ColumnSpec] | None = None
    for col in columns:
        if col.key in used or _score(col, path) == 0:
            continue
        for name in col.names:
            if len(name) >= 3 and len(text) - len(name) >= 2 and text.endswith(name) and (
                    best is None or len(name) > best[0]):
                best = (len(name), col)
    return best[1] if best else None


def _score(col: ColumnSpec, path: list[str]) -> int:
    """2: its `under` group is printed above it; 1: nothing says otherwise; 0: another
    group is printed above it."""
    if not col.under:
        return 1
    uppers = {normalise_header(p) for p in path[:-1]}
    wanted = {normalise_header(u) for u in col.under}
    if uppers & wanted:
        return 2
    return 1 if not uppers else 0


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _misread_by(text: str, name: str) -> int | None:
    """How many glyphs an OCR reading is off a name, when that is few enough for the
    reading's length to be a misreading of it (one up to 4 glyphs, two up to 10, three
    beyond); None otherwise."""
    limit = 1 if len(text) <= 4 else 2 if len(text) <= 10 else 3
    if abs(len(name) - len(text)) > limit:
        return None
    distance = edit_distance(text, name)
    return distance if distance <= limit else None


def near(text: str, names: frozenset[str]) -> bool:
    """OCR misreads a glyph or two (科日 for 科目, 合让 for 合计): a header within a
    small edit distance of a known name, scaled to its length, is that name."""
    return text in names or any(_misread_by(text, n) is not None for n in names)


def closest(text: str, names: dict[str, str]) -> str | None:
    """What `names` (a printed name → its meaning) gives the name nearest an OCR
    reading, within `near`'s distance; None when two meanings are equally near
    (公务用车购直费 is 购置费, one glyph off, not 运行费, two off)."""
    if text in names:
        return names[text]
    by_distance: dict[int, set[str]] = {}
    for name, meaning in names.items():
        if (d := _misread_by(text, name)) is not None:
            by_distance.setdefault(d, set()).add(meaning)
    if not by_distance:
        return None
    best = by_distance[min(by_distance)]
    return next(iter(best)) if len(best) == 1 else None


def map_columns(paths: list[list[str]], columns: tuple[ColumnSpec, ...], fuzzy: bool = False) -> list[str]:
    """A key for every printed column (see _map_columns). A group printed over every
    figure column (西安: 部门预算 over 合计 | 一般公共预算拨款 | …) names none of them: where
    the table's total is found in no column, the paths are read again without it, and
    its 合计 is the total, not the group's own (部门预算合计 beside a 总计)."""
    keys = _map_columns(paths, columns, fuzzy)
    if "total" in keys or "total" not in {c.key for c in columns}:
        return keys
    # The figure columns: those mapped to a figure key, and unknown ones under a group
    # (an unknown column alone, 序号, says nothing).
    known = {c.key for c in columns} - TEXT_KEYS
    figures = [i for i, k in enumerate(keys) if k in known or (k not in TEXT_KEYS and len(paths[i]) > 1)]
    tops = {normalise_header(paths[i][0]) if len(paths[i]) > 1 else None for i in figures}
    if len(figures) < 2 or len(tops) != 1 or None in tops:
        return keys
    bare = [path[1:] if i in figures else path for i, path in enumerate(paths)]
    again = _map_columns(bare, columns, fuzzy)
    return again if "total" in again else keys


def _map_columns(paths: list[list[str]], columns: tuple[ColumnSpec, ...], fuzzy: bool = False) -> list[str]:
    """A key for every printed column, left to right. A column matches the schema
    columns whose name or alias equals its lowest header (or a join of its path);
    among several, the best `under` score wins, then the first unused one in schema
    order (财政拨款/小计 before 非财政拨款/小计). Unknown columns keep their path.
    `fuzzy` (text read by OCR) also accepts names within a small edit distance."""
    used: set[str] = set()
    keys: list[str] = []
    # Two years in one header (重庆: 2025年预算数 | 2026年预算数 …): the earlier one's
    # columns are last year's figures (上年预算数), not this year's.
    years = {y for path in paths for part in path for y in _YEAR.findall(part)}
    prior = min(years) if len(years) > 1 else None
    # The groups the schema's columns stand under, for OCR's misread ones (上年结转结念),
    # beside the columns' own names, which a group may print (财政拨款收入 over 小计).
    groups = ({n: "" for c in columns for n in c.names}
              | {g: g for g in (normalise_header(u) for c in columns for u in c.under)}) if fuzzy else {}
    for printed in paths:
        path = [*(_misread_group(p, groups) for p in printed[:-1]), *printed[-1:]] if groups else printed
        if prior and any(prior in part for part in printed):
            path = ["上年" + _YEAR_PREFIX.sub("", part) for part in printed]
        elif years:
            # The budget's own year (深圳: 收入/2026年预算数; 重庆: the later of two):
            # 2026年预算数 is the 预算数 column.
            path = [_YEAR_PREFIX.sub("", part) or part for part in printed]
        choice: ColumnSpec | None = None
        # Only a header as printed may be misread, not a join of two (科目编码 / 类
        # joined is a glyph longer than 科目编码, and not that column).
        misreadable = ({t for p in path for t in (normalise_header(p), normalise_header(p).split("其中:")[-1])}
                       if fuzzy else set())
        for text in _leaf_candidates(path):
            # A column under another group than the schema's (本年收入/小计 is not
            # 财政拨款/小计) is not that column.
            candidates = [c for c in columns if text in c.names and c.key not in used and _score(c, path) > 0]
            if not candidates and text in misreadable:
                candidates = [c for c in columns if near(text, c.names) and c.key not in used and _score(c, path) > 0]
            if candidates:
                best = max(_score(c, path) for c in candidates)
                choice = next(c for c in candidates if _score(c, path) == best)
                break
        if choice is None:
            choice = _suffix_match(path, columns, used)
        if choice is not None:
            used.add(choice.key)
            keys.append(choice.key)
        else:
            keys.append(path_key(printed) or f"column_{len(keys) + 1}")
    keys = dedupe_keys(keys)
    return _by_elimination(keys, columns) if fuzzy else keys


def _misread_group(text: str, groups: dict[str, str]) -> str:
    """A group header read by OCR as the schema's group it is nearest, a glyph or two
    off (上年结转结念 is 上年结转结余), so that the columns under it are the group's.
    `groups` maps each group to itself and each column's name to "": a header nearest
    a column's name (财政拨款收入, two glyphs from the group 财政专户拨款收入) is kept."""
    norm = normalise_header(text)
    return text if norm in groups else closest(norm, groups) or text


def _by_elimination(keys: list[str], columns: tuple[ColumnSpec, ...]) -> list[str]:
    """OCR may misread a header past recognition (总计 read üIF). Such a column is the
    required schema column left between its mapped neighbours, where exactly one
    printed column and one such schema column are left there: the columns keep the
    schema's order. A column at the table's edge, a neighbour on one side only, is
    taken for an amount column only, never the label column: 长春's transposed “三公”
    table opens with its `“三公”经费合计` figure, and has no item column."""
    order = {c.key: n for n, c in enumerate(columns)}
    mapped = [i for i, k in enumerate(keys) if k in order or k.rpartition("_")[0] in order]
    out = list(keys)
    for i, key in enumerate(keys):
        if i in mapped:
            continue
        lo = max((j for j in mapped if j < i), default=-1)
        hi = min((j for j in mapped if j > i), default=len(keys))
        if any(j not in mapped for j in range(lo + 1, hi) if j != i):
            continue
        first = order.get(keys[lo], -1) + 1 if lo >= 0 else 0
        last = order.get(keys[hi], len(columns)) if hi < len(keys) else len(columns)
        # A printed 科目编码 column holds the 类/款/项 parts: they are no columns left.
        parts = set(CODE_KEYS[1:]) if CODE_KEYS[0] in keys else set()
        left = [c for c in columns[first:last] if c.key not in keys and c.key not in parts and not c.optional
                and (0 <= lo and hi < len(keys) or c.key not in TEXT_KEYS)]
        if len(left) == 1:
            out[i] = left[0].key
    return out


_YEAR = re.compile(r"(20\d\d)年")
_YEAR_PREFIX = re.compile(r"20\d\d年度?")


def dedupe_keys(keys: list[str]) -> list[str]:
    """Repeated keys get a suffix (决算数, 决算数_2): no printed column is overwritten."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        if key in seen:
            seen[key] += 1
            out.append(f"{key}_{seen[key]}")
        else:
            seen[key] = 1
            out.append(key)
    return out


def printed_row_kind(paths: list[list[str]], keys: list[str], spec: TableSpec) -> tuple[list[str], str]:
    """The keys and row kind of a table of subjects as printed. Where none of its own
    row columns (科目编码, 科目名称 …) is printed, its label columns may be another kind's
    ([row_columns]: 收入总表 printed by unit as 部门代码 | 部门名称 | 合计 …, 项目支出表
    printed by 经济分类 as 部门预算支出经济科目 | 预算): those columns take that kind's keys."""
    schema = load_schema()
    if {c.key for c in schema.shared_columns(spec.row_kind)} & set(keys):
        return keys, spec.row_kind
    known = {c.key for c in spec.columns}
    for kind, columns in schema.row_columns:
        if kind == spec.row_kind:
            continue
        labels = {c.key for c in columns}
        mapped = map_columns(paths, columns)
        new = [m if k not in known and m in labels else k for k, m in zip(keys, mapped)]
        if new != keys:
            return dedupe_keys(new), kind
    return keys, spec.row_kind


def column_name(spec: TableSpec | None, key: str) -> str:
    if spec is not None:
        for col in spec.columns:
            if col.key == key:
                return col.name
    return key
