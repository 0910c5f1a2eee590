"""`budgetx codes [QUERY]`: look a budget subject up in the catalogue, by code or name.

Registered by cli.py; the catalogue and its lookups live in budgetx/schema/catalogue.py."""
from __future__ import annotations

import enum
import json
from typing import Annotated

import typer

from budgetx.schema.catalogue import Catalogue, Subject, load_catalogue

_KIND_NAMES = {"function": "支出功能分类", "economic": "部门预算支出经济分类", "gov_economic": "政府预算支出经济分类"}


class CodesFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _path(catalogue: Catalogue, code: str, year: int | None, name: str | None = None) -> str:
    """`201 一般公共服务支出 › 20103 … › 2010301 行政运行` (`name`: the last one's)."""
    parts = []
    for n in (3, 5, 7):
        if len(code) > n:
            prefix = code[:n]
            parts.append(f"{prefix} {catalogue.name(prefix, year) or _generic(catalogue, prefix) or '?'}")
    parts.append(f"{code} {name or catalogue.name(code, year) or _generic(catalogue, code) or '?'}")
    return " › ".join(parts)


def _generic(catalogue: Catalogue, code: str) -> str | None:
    """The name of a code the catalogue lists only as a generic entry (`*****01 行政运行`)."""
    for s in catalogue.generic:
        if len(s.code) == len(code) and code.endswith(s.code.lstrip("*")) and "*" not in s.name:
            return s.name
    return None


def _line(catalogue: Catalogue, s: Subject, year: int | None) -> str:
    if "*" in s.code:
        digits = s.code.lstrip("*")
        return f"{s.name}: {digits} under every {'款' if len(s.code) == 7 else '类'} that has it  [{s.source}]"
    valid = "" if s.first is None and s.last is None else f" ({s.first or ''}–{s.last or ''})"
    seen = f", printed {s.years}" if s.years else ""
    return f"{_path(catalogue, s.code, year, s.name)}{valid}  [{s.source}{seen}]"


def codes(
    query: Annotated[str | None, typer.Argument(
        help="A code (2010301, or its first digits) or part of a subject name.", show_default=False)] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only names valid in this year.")] = None,
    fmt: Annotated[CodesFormat, typer.Option("-f", "--format", help="text for people, json for programs.")] =
        CodesFormat.text,
) -> None:
    """Look a budget subject (政府收支分类科目) up: a code gives its name and its 类 › 款 › 项
    path, a name the codes it has. Without QUERY, every 类. See docs/catalogue.md."""
    catalogue = load_catalogue()
    if query is None:
        hits = [s for s in catalogue.entries if len(s.code) == 3 and "*" not in s.code and s.valid_in(year)]
    else:
        hits = catalogue.search(query, year)
    if fmt is CodesFormat.json:
        typer.echo(json.dumps([{"code": s.code, "name": s.name, "classification": s.kind, "from": s.first,
                                "to": s.last, "source": s.source, "years": s.years} for s in hits],
                              ensure_ascii=False, indent=2))
        return
    if not hits and query is not None and query.strip().isdigit() and len(query.strip()) in (5, 7):
        name = _generic(catalogue, query.strip())
        if name:
            typer.echo(f"{_path(catalogue, query.strip(), year)}  [generic 项 of the classification]")
            return
    if not hits:
        typer.echo(f"budgetx: no subject matches {query!r}", err=True)
        raise typer.Exit(1)
    kind = None
    for s in hits:
        if s.kind != kind:
            kind = s.kind
            typer.echo(f"# {_KIND_NAMES.get(kind, kind)}")
        typer.echo(_line(catalogue, s, year))
