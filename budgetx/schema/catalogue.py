"""The catalogue of budget subjects (政府收支分类科目): every code's name, every name's code.

Data, one TSV file per classification in budgetx/schema/subjects/ (docs/catalogue.md says where
each entry comes from and how to extend it):

- function.tsv      支出功能分类 (201 一般公共服务支出 → 20103 … → 2010301 行政运行)
- economic.tsv      部门预算支出经济分类 (301 工资福利支出 → 30101 基本工资)
- gov_economic.tsv  政府预算支出经济分类 (501 机关工资福利支出 → 50101 …)

Columns: code, name, from, to (the years a name is valid for, blank = open), source
(`classification`: the published classification; `disclosures`: a pair that public
disclosures print), years (the years of the disclosures that print it). A code written
with `*` (`*****01 行政运行`) is a 项 the classification gives the same number under
every 款 that has it."""
from __future__ import annotations

import unicodedata
from fnmatch import fnmatchcase
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "subjects"
FILES = {"function": "function.tsv", "economic": "economic.tsv", "gov_economic": "gov_economic.tsv"}
_KIND_BY_DIGIT = {"2": "function", "3": "economic", "5": "gov_economic"}
_COLUMNS = ("code", "name", "from", "to", "source", "years")


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    kind: str
    first: int | None = None  # the first year the name is valid for (None: open)
    last: int | None = None
    source: str = "classification"  # classification | disclosures
    years: str = ""  # years of the disclosures that print the pair

    def valid_in(self, year: int | None) -> bool:
        return year is None or ((self.first is None or year >= self.first) and (self.last is None or year <= self.last))


def kind_of(code: str) -> str | None:
    """The classification a code belongs to, by its first digit (2xx 功能, 3xx 部门经济,
    5xx 政府经济)."""
    return _KIND_BY_DIGIT.get(code[:1]) if code else None


_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'", "—": "-", "－": "-"})


def normalise_name(name: str) -> str:
    """Names compared as printed characters: width, spaces, quotes and bracket forms
    (（） or ()) are printing, not the name."""
    return "".join(unicodedata.normalize("NFKC", name).translate(_QUOTES).split())


def _year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def load_entries(kind: str) -> list[Subject]:
    out: list[Subject] = []
    for line in (DATA / FILES[kind]).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * len(_COLUMNS))[:len(_COLUMNS)]
        code, name, first, last, source, years = (c.strip() for c in cells)
        if code == "code":
            continue  # the header line
        out.append(Subject(code, name, kind, _year(first), _year(last), source or "classification", years))
    return out


def write_entries(path: Path, entries: list[Subject]) -> None:
    """Rewrite a catalogue file, keeping its leading comment lines."""
    head = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")] if path.exists() else []
    lines = head + ["\t".join(_COLUMNS)]
    for s in entries:
        lines.append("\t".join([s.code, s.name, str(s.first or ""), str(s.last or ""), s.source, s.years]).rstrip("\t"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Catalogue:
    """Lookups by code and by name over the three classifications."""

    def __init__(self, entries: list[Subject]) -> None:
        self.entries = entries
        self.by_code: dict[str, list[Subject]] = {}
        self.by_name: dict[str, list[Subject]] = {}
        # Generic entries (`*****01 行政运行`, `***99 其他*`): the same number under
        # every parent of the level above.
        self.generic: list[Subject] = []
        for s in entries:
            if "*" in s.code:
                self.generic.append(s)
                continue
            self.by_code.setdefault(s.code, []).append(s)
            self.by_name.setdefault(normalise_name(s.name), []).append(s)

    def names(self, code: str, year: int | None = None) -> list[Subject]:
        """The names of a code valid in `year`, the classification's first."""
        found = [s for s in self.by_code.get(code, []) if s.valid_in(year)]
        # The classification's current name first, then older ones, then local usage.
        return sorted(found, key=lambda s: (s.source != "classification", s.last is not None, -(s.first or 0)))

    def likely_names(self, code: str, year: int | None = None) -> list[str]:
        """The code's names in `year` (any year if none), or else the generic 项 name its
        number has (2050101: 行政运行) when the catalogue knows its 款."""
        found = self.names(code, year) or self.names(code)
        if found:
            return [s.name for s in found]
        return [s.name for s in self.generic if len(s.code) == len(code) and "*" not in s.name
                and code.endswith(s.code.lstrip("*")) and code[:len(code) - 2] in self.by_code]

    def name(self, code: str, year: int | None = None) -> str | None:
        found = self.names(code, year)
        return found[0].name if found else None

    def classified(self, code: str) -> bool:
        """The code is in the published classification (not only in disclosures)."""
        return any(s.source == "classification" for s in self.by_code.get(code, []))

    def knows(self, code: str) -> bool:
        return code in self.by_code

    def matches(self, code: str, name: str, year: int | None = None) -> bool:
        """The name is one the catalogue gives the code in `year`."""
        wanted = normalise_name(name)
        return any(normalise_name(s.name) == wanted for s in self.names(code, year))

    def codes(self, name: str, kind: str | None = None, parent: str = "") -> list[str]:
        """The codes a name has (under `parent`, a 类 or 款 code), shortest first. Where
        the catalogue lists no child of `parent` by that name, the generic entries
        (行政运行 → 01, 其他… → 99) give one."""
        wanted = normalise_name(name)
        found = {s.code for s in self.by_name.get(wanted, [])
                 if (kind is None or s.kind == kind) and s.code.startswith(parent)}
        depth = len(parent) + 2
        if parent and not any(len(c) == depth for c in found):
            # A name the catalogue lists elsewhere (其他交通费用 is 30239) is that
            # subject, not the “other” one of the parent (其他…); 行政运行 is 01 everywhere.
            # The parent's own name is not elsewhere: the 项 of 20599 其他教育支出 printed
            # by the same name is its “other” one, 2059999.
            elsewhere = any(s.kind == kind_of(parent) and s.code != parent for s in self.by_name.get(wanted, []))
            for s in self.generic:
                pattern = "*" in s.name
                if (s.kind == kind_of(parent) and (kind is None or s.kind == kind) and len(s.code) == depth
                        and fnmatchcase(wanted, normalise_name(s.name)) and not (pattern and elsewhere)):
                    found.add(parent + s.code[len(parent):])
        return sorted(found, key=lambda c: (len(c), c))

    def search(self, query: str, year: int | None = None) -> list[Subject]:
        """Entries whose code starts with the query (digits) or whose name contains it."""
        q = normalise_name(query)
        if q.isdigit():
            hits = [s for s in self.entries if s.code.startswith(q) and "*" not in s.code]
        elif not q:
            hits = []
        else:
            hits = [s for s in self.entries if q in normalise_name(s.name)]
        hits = [s for s in hits if s.valid_in(year)]
        return sorted(hits, key=lambda s: (s.code.replace("*", "0"), s.source != "classification"))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    return Catalogue([s for kind in FILES for s in load_entries(kind)])


# --- rebuilding the disclosure-derived entries (tools/build_catalogue.py) -------------

# A name that only one document prints for a classified code is not catalogued: it may
# be that document's typo. Two documents agreeing are a local usage worth knowing.
MIN_DOCUMENTS = 2


@dataclass
class Found:
    """The documents (by sha256) and years that print one (code, name) pair."""

    docs: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


def merge_harvest(seen: dict[tuple[str, str], Found]) -> dict[str, list[Subject]]:
    """The catalogue files' entries: every `classification` entry as it is, plus a
    `disclosures` entry for each printed pair whose code the classification lacks (the
    name most documents print, and any other that `MIN_DOCUMENTS` print), or whose
    name `MIN_DOCUMENTS` documents print for a classified code."""
    out: dict[str, list[Subject]] = {}
    names: dict[str, set[str]] = {}
    for kind in FILES:
        out[kind] = [s for s in load_entries(kind) if s.source == "classification"]
        for s in out[kind]:
            names.setdefault(s.code, set()).add(normalise_name(s.name))
    classified = set(names)
    # A name the classification gives another code is that code's, not a second name
    # of this one (a wrapped cell can put 其他资本性支出 beside 310).
    owner = {name: code for code, known in names.items() if "*" not in code for name in known}
    printed: dict[str, list[tuple[int, str, set[int]]]] = {}
    for (code, name), found in seen.items():
        printed.setdefault(code, []).append((len(found.docs), name, found.years))
    for code, pairs in sorted(printed.items()):
        code_kind = kind_of(code)
        if code_kind is None:
            continue
        most = max(n for n, _, _ in pairs)
        for count, name, years in sorted(pairs, key=lambda p: (-p[0], p[1])):
            known = names.setdefault(code, set())
            if normalise_name(name) in known or owner.get(normalise_name(name), code) != code:
                continue
            if count < MIN_DOCUMENTS and (code in classified or most >= MIN_DOCUMENTS or known):
                continue  # one document's spelling beside the classification's or the usual one
            out[code_kind].append(Subject(code, name, code_kind, None, None, "disclosures", ",".join(map(str, sorted(years)))))
            known.add(normalise_name(name))
    for kind in out:
        out[kind].sort(key=lambda s: (s.code.replace("*", "0"), s.source != "classification"))
    return out
