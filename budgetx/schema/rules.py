"""The arithmetic rules of the schema registry (tables.toml), parsed and validated.

A rule is an identity `LEFT = RIGHT`, each side a sum of terms. A term names figures:

    total                 column `total` of every row (a rule inside one table)
    t5.total              column `total` of table 5's 总计/合计 row
    t1[收入总计|收入合计].amount   the first row whose label is one of these
    t1[类].amount          every 类 row (3-digit code), matched across tables by code
    t2[code].general_budget  every coded row, matched across tables by code
    t10[合计]              every amount column of that row (with other such terms)
    t7.general_budget|total  the first of these columns the table prints

Labels are compared after `normalise_label` (NFKC, no spaces, no 一、/1./其中： prefix,
no （小计） suffix), so a rule is written once for all the printed spellings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from budgetx.schema.registry import BUILTIN_RULES, Schema, load_schema
from budgetx.values.outline import without_numbering

TOTAL_LABELS = ("总计", "合计")
# The words a total or subtotal row's label ends with (本年收入合计, 人员经费小计).
TOTAL_WORDS = ("合计", "小计", "总计")

_TERM = re.compile(r"(?:t(?P<table>\d+))?(?:\[(?P<select>[^\]]+)\])?(?:\.?(?P<column>[a-z_]+(?:\|[a-z_]+)*)(?P<maybe>\?)?)?")


def normalise_label(text: str) -> str:
    """The form row labels are compared in: `1. 一般公共预算拨款` and `其中：一般公共预算拨款`
    both become `一般公共预算拨款`; `公务用车购置及运行费（小计）` loses its `(小计)`, `总计：`
    its colon."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”‘’「」『』\"'\s]", "", text)
    text = without_numbering(text)
    return re.sub(r"\(小计\)$|:$", "", text)  # 总计： (长春) is 总计


@dataclass(frozen=True)
class Term:
    table: int | None  # None: the table the rule belongs to
    select: str  # row | total | label | class | code
    labels: tuple[str, ...]
    column: str | None  # None: every amount column (label terms only)
    # `t10[会议费?]`: a row some templates print; where it is not printed it reads as 0
    # (on the left of a rule: the rule does not apply). `t2.carryover?`: the same of a column.
    optional: bool = False

    def describe(self) -> str:
        where = {"row": "", "total": "", "class": "[类]", "code": "[code]"}.get(
            self.select, "[" + "|".join(self.labels) + ("?" if self.optional else "") + "]")
        head = f"t{self.table}{where}" if self.table is not None else where
        if self.column is None:
            return head
        column = self.column + ("?" if self.optional and self.select != "label" else "")
        return f"{head}.{column}" if head else column


@dataclass(frozen=True)
class Identity:
    text: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    # `a := b + c`: what a subtotal is made of, used to expand it where a template
    # does not print it; not itself a check.
    definition: bool = False
    # The same identity as another template family prints it (`otherwise` in the
    # registry): the rule holds where either reading does.
    otherwise: Identity | None = None
    # `undecided` in the registry: figures that, printed non-zero, say the rule's terms
    # hold parts it cannot tell apart (深圳's 上年结余、结转 lumps every source's
    # carry-over): a rule failing beside one is unchecked, not an error.
    undecided: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.left + self.right

    @property
    def tables(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(t.table for t in self.terms if t.table is not None))

    @property
    def keyed(self) -> str | None:
        """`class` or `code` when the rule is evaluated once per subject code."""
        kinds = {t.select for t in self.terms} & {"class", "code"}
        return kinds.pop() if kinds else None


def parse_term(text: str, table: int | None) -> Term:
    match = _TERM.fullmatch(text.strip())
    if not match or not text.strip():
        raise ValueError(f"cannot read rule term {text!r}")
    no = int(match["table"]) if match["table"] else None
    select, column = match["select"], match["column"]
    if no is None and table is None:
        raise ValueError(f"rule term {text!r} names no table")
    if no is None:
        if select:
            raise ValueError(f"rule term {text!r}: a row selector needs a table (t3[...])")
        return Term(None, "row", (), column)
    labels: tuple[str, ...] = ()
    if select is None:
        kind, labels = "total", TOTAL_LABELS
    elif select == "类":
        kind = "class"
    elif select == "code":
        kind = "code"
    else:
        optional = select.endswith("?")
        kind, labels = "label", tuple(normalise_label(s) for s in select.rstrip("?").split("|"))
        return Term(no, kind, labels, column, optional or bool(match["maybe"]))
    if kind in ("total", "class", "code") and column is None:
        raise ValueError(f"rule term {text!r} needs a column")
    # `t2.carryover?`: a column some templates print; where it is not, the term reads
    # as 0 and its absence casts no doubt on the rule.
    return Term(no, kind, labels, column, bool(match["maybe"]))


def parse_identity(text: str, table: int | None = None) -> Identity:
    """Parse `a + b = c` (inside table `table`) or a cross-table rule; raise ValueError
    on a malformed rule."""
    definition = ":=" in text
    body = text.replace(":=", "=")
    if body.count("=") != 1:
        raise ValueError(f"rule {text!r} must have exactly one '='")
    left, right = body.split("=")
    parsed = Identity(text.strip(),
                      tuple(parse_term(t, table) for t in left.split("+")),
                      tuple(parse_term(t, table) for t in right.split("+")), definition)
    selects = {t.select for t in parsed.terms}
    if len(selects & {"class", "code"}) > 1 or (parsed.keyed and selects - {"class", "code"}):
        raise ValueError(f"rule {text!r} mixes per-code terms with single rows")
    if "row" in selects and selects != {"row"}:
        raise ValueError(f"rule {text!r} mixes row columns with table terms")
    if any(t.column is None for t in parsed.terms) and any(t.column for t in parsed.terms):
        raise ValueError(f"rule {text!r}: give every term a column or none")
    return parsed


def validate(identity: Identity, schema: Schema) -> None:
    """Every table and column a rule names exists in the registry."""
    for term in identity.terms:
        if term.table is None or term.column is None:
            continue
        try:
            spec = schema.by_no(term.table)
        except KeyError:
            raise ValueError(f"rule {identity.text!r} names unknown table {term.table}") from None
        for column in term.column.split("|"):
            if column not in {c.key for c in spec.columns}:
                raise ValueError(f"rule {identity.text!r} names unknown column "
                                 f"{column!r} of table {term.table}")


@dataclass(frozen=True)
class NarrativeFigure:
    """A figure the prose states (`基本支出 938.82 万元`): the phrases that introduce it
    and the table figures it may be (any one of them agreeing is enough)."""

    label: str
    phrases: tuple[str, ...]
    figures: tuple[tuple[Term, ...], ...]


@dataclass(frozen=True)
class Rules:
    tables: dict[int, tuple[str | Identity, ...]]  # a builtin rule or a row identity
    cross: tuple[Identity, ...]
    narrative: tuple[NarrativeFigure, ...]


def rule_texts(raw: dict[str, object], key: str) -> list[str]:
    """A cross rule's `otherwise` or `undecided`: one text or a list of them."""
    value = raw.get(key, [])
    return [value] if isinstance(value, str) else [str(t) for t in value] if isinstance(value, list) else []


def parse_rules(schema: Schema, narrative: tuple[dict[str, object], ...] = ()) -> Rules:
    tables: dict[int, tuple[str | Identity, ...]] = {}
    for spec in schema.tables:
        parsed: list[str | Identity] = []
        for rule in spec.rules:
            if rule in BUILTIN_RULES:
                parsed.append(rule)
                continue
            identity = parse_identity(rule, spec.no)
            for term in identity.terms:
                if term.column not in {c.key for c in spec.columns}:
                    raise ValueError(f"table {spec.no}: rule {rule!r} names unknown "
                                     f"column {term.column!r}")
            parsed.append(identity)
        tables[spec.no] = tuple(parsed)
    cross = []
    for raw in schema.cross_rules:
        identity = parse_identity(str(raw["expr"]))
        validate(identity, schema)
        # `otherwise` may list several readings, tried in turn.
        chain: Identity | None = None
        for text in reversed(rule_texts(raw, "otherwise")):
            other = replace(parse_identity(text), otherwise=chain)
            validate(other, schema)
            chain = other
        identity = replace(identity, otherwise=chain)
        identity = replace(identity, undecided=tuple(parse_term(t, None) for t in rule_texts(raw, "undecided")))
        cross.append(identity)
    figures = []
    for raw in narrative:
        terms = []
        for expr in raw["figures"]:  # type: ignore[attr-defined]
            sums = tuple(parse_term(t, None) for t in str(expr).split("+"))
            validate(Identity(str(expr), sums, ()), schema)
            terms.append(sums)
        phrases = tuple(normalise_label(str(p)) for p in raw["phrases"])  # type: ignore[attr-defined]
        figures.append(NarrativeFigure(str(raw["label"]), phrases, tuple(terms)))
    return Rules(tables, tuple(cross), tuple(figures))


@lru_cache(maxsize=4)
def load_rules(family: str = "budget") -> Rules:
    """The rules of one family of the registry, parsed and validated once (a bad rule
    fails at first use, and in tests/test_checks.py). Table numbers in them are numbers
    within the family."""
    schema = load_schema().family(family)
    return parse_rules(schema, schema.narrative)


@lru_cache(maxsize=1)
def row_labels() -> frozenset[str]:
    """Every row label the rules name (总计, 本年收入合计, 结转下年 …), normalised: the
    labels a table may print letter-spaced across its label cell (本 年 收 入 合 计)."""
    labels = set(TOTAL_LABELS)
    for family in {t.family for t in load_schema().tables}:
        rules = load_rules(family)
        identities = [*rules.cross, *(r for rs in rules.tables.values() for r in rs if isinstance(r, Identity))]
        labels.update(label for rule in identities for term in rule.terms for label in term.labels)
    return frozenset(labels)
