"""The `name` check: a printed code whose printed name is not the catalogue's.

A disclosure that prints `2010301 政府办公厅（室）及相关机构事务` has a typo (or a
subject renamed between years, or a misreading): the figures may still be right, so the
check is a `warning`, listed by `budgetx check` and never failing `--strict`."""
from __future__ import annotations

from decimal import Decimal

from budgetx.model import Check, Document, Table
from budgetx.schema.catalogue import load_catalogue, normalise_name
from budgetx.schema.rules import normalise_label

RULE = "name"
LEVEL = "warning"
_CODED = ("function", "economic")


def _rows(table: Table) -> list[tuple[int, str, str]]:
    """(row index, code, printed name) of the rows that print both."""
    if table.row_key not in _CODED and table.row_key != "side":
        return []
    key = "item" if table.row_key == "side" else "name"
    out = []
    for i, row in enumerate(table.rows):
        code, name = str(row.get("code") or ""), str(row.get(key) or "")
        if code and name and row.get("code_source") not in ("catalogue", "document"):
            out.append((i, code, name))
    return out


def check_names(doc: Document) -> list[Check]:
    """One warning per table row whose printed name is none the catalogue gives its
    code in the document's year. Codes the catalogue does not know are not judged."""
    catalogue = load_catalogue()
    zero = Decimal(0)
    out: list[Check] = []
    for table in doc.tables:
        for i, code, name in _rows(table):
            if not catalogue.knows(code):
                continue
            printed = normalise_name(normalise_label(name))
            if any(normalise_name(s.name) == printed for s in catalogue.names(code, doc.year)):
                continue
            expected = catalogue.name(code, doc.year) or catalogue.name(code) or ""
            other = [s for s in catalogue.names(code) if normalise_name(s.name) == printed]
            if other:
                span = other[0]
                years = f"{span.first or ''}–{span.last or ''}"
                message = f"{code} printed “{name}”, its name in {years}; in {doc.year}: “{expected}”"
            else:
                message = f"{code} printed “{name}”; the catalogue names it “{expected}”"
            page = table.row_pages[i] if i < len(table.row_pages) else None
            out.append(Check(rule=RULE, table=table.no, row=code, column="name", expected=zero, found=zero,
                             diff=zero, level=LEVEL, page=page, message=message))
    return out
