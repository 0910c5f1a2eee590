"""The JSON document of docs/spec/output.md (schema budgetx/2), amounts as exact JSON numbers."""
from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from budgetx.errors import NotADocument
from budgetx.model import Cell, Check, Column, Document, Doubt, Table
from budgetx.writers.atomic import write_bytes
from budgetx.writers.options import WriteOptions

SCHEMA = "budgetx/2"


def table_to_dict(table: Table) -> dict[str, object]:
    out: dict[str, object] = {
        "no": table.no,
        "key": table.key,
        "family": table.family if table.no is not None else None,
        "title": table.title,
        "pages": list(table.pages),
        "status": table.status,
        "unit": table.unit,
        "columns": [{"key": c.key, "name": c.name} for c in table.columns],
        "rows": [dict(row) for row in table.rows],
        "note": table.note,
    }
    # docs/spec/output.md: only tables read by OCR carry these two fields.
    if table.ocr:
        out["ocr"] = True
        out["doubtful"] = [doubt_to_dict(d) for d in table.doubtful]
    return out


def doubt_to_dict(doubt: Doubt) -> dict[str, object]:
    """A doubtful cell as output.md lists it; `reason` and `repaired_from` only when set."""
    out: dict[str, object] = {"row": doubt.row, "label": doubt.label, "page": doubt.page,
                              "column": doubt.column, "read": doubt.read, "score": doubt.score,
                              "alternatives": list(doubt.alternatives)}
    if doubt.reason is not None:
        out["reason"] = doubt.reason
    if doubt.repaired_from is not None:
        out["repaired_from"] = doubt.repaired_from
    return out


def doubt_from_dict(data: dict[str, Any]) -> Doubt:
    return Doubt(row=int(data["row"]), column=str(data["column"]), read=str(data["read"]),
                 label=str(data.get("label") or ""), page=data.get("page"), score=data.get("score"),
                 alternatives=list(data.get("alternatives") or []), reason=data.get("reason"),
                 repaired_from=data.get("repaired_from"))


def check_to_dict(check: Check, file: str | None = None) -> dict[str, object]:
    """One check as JSON-ready data, the same in `extract` output and `check -f json`
    (which adds the file); amounts stay Decimal for dumps. An unchecked rule and a
    name warning have no figures, only their reason in `message`."""
    record: dict[str, object] = {} if file is None else {"file": file}
    figures = check.level not in ("unchecked", "warning")  # a name warning compares no figures
    record.update({
        "rule": check.rule, "family": check.family, "table": check.table, "row": check.row,
        "column": check.column, "expected": check.expected if figures else None,
        "found": check.found if figures else None,
        "diff": check.diff if figures else None,
        "level": check.level, "page": check.page, "message": check.message,
    })
    return record


def document_to_dict(doc: Document) -> dict[str, object]:
    """The document as docs/spec/output.md shows it; amounts stay Decimal (see dumps)."""
    return {
        "schema": SCHEMA,
        "source": {"file": doc.file, "sha256": doc.sha256, "pages": doc.pages},
        "kind": doc.kind,
        "department": doc.department,
        "year": doc.year,
        "unit": doc.unit,
        "tables": [table_to_dict(t) for t in doc.tables],
        "checks": [check_to_dict(c) for c in doc.checks],
    }


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as a JSON number")
    # "f" keeps the printed precision (140.00) and never uses an exponent (1E+3).
    return format(value, "f")


# The standard encoder's own string writer (C where available): quotes and escapes only.
_string: Callable[[str], str] = json.encoder.encode_basestring


def _encode(value: object, indent: int | None, level: int) -> str:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{_string(str(k))}: {_encode(v, indent, level + 1)}" for k, v in value.items()]
        return _join(items, "{", "}", indent, level)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return _join([_encode(v, indent, level + 1) for v in value], "[", "]", indent, level)
    # The scalars as json.dumps(ensure_ascii=False) writes them, without its per-call
    # set-up (a large document has tens of thousands of cells).
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _join(items: list[str], open_: str, close: str, indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ", ".join(items) + close
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    return open_ + "\n" + ",\n".join(pad + item for item in items) + "\n" + end + close


def dumps(value: object, indent: int | None = 2) -> str:
    """json.dumps with Decimal written as a number with its own precision
    (Decimal("140.00") → 140.00); the json module would need a float, which loses it."""
    return _encode(value, indent, 0)


def write_json(doc: Document, target: Path | IO[bytes], options: WriteOptions) -> None:
    # Serialise fully before writing: a failure then leaves no partial output.
    data = (dumps(document_to_dict(doc), indent=options.indent) + "\n").encode("utf-8")
    if isinstance(target, Path):
        write_bytes(target, data)
    else:
        target.write(data)
        target.flush()


def _cell(value: object) -> Cell:
    # JSON integers are amounts printed without decimals (tables in whole 元).
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value if isinstance(value, str) or value is None else str(value)
    return Decimal(value)


def load_document(text: str) -> Document:
    """The Document back from its docs/spec/output.md JSON, amounts exact (Decimal("140.00"))."""
    data = json.loads(text, parse_float=Decimal)
    tables = [
        Table(t["no"], t["key"], t["title"], list(t["pages"]), t["status"], t["unit"],
              [Column(c["key"], c["name"]) for c in t["columns"]],
              [{k: _cell(v) for k, v in row.items()} for row in t["rows"]],
              t["note"], bool(t.get("ocr", False)), [doubt_from_dict(d) for d in t.get("doubtful", [])],
              family=t.get("family", "budget" if t["no"] is not None else None))
        for t in data["tables"]
    ]
    checks = [Check(c["rule"], c["table"], c["row"], c["column"], Decimal(c["expected"] or 0),
                    Decimal(c["found"] or 0), Decimal(c["diff"] or 0), c["level"], c.get("page"),
                    c.get("message", ""), family=c.get("family", "budget"))
              for c in data["checks"]]
    source = data["source"]
    return Document(source["file"], source["sha256"], source["pages"], data["department"],
                    data["year"], data["unit"], tables, checks, kind=data.get("kind", "budget"))


def read_json(path: Path | str) -> Document:
    """A document budgetx wrote as JSON (`budgetx extract X.pdf` → X.json), read back.
    Raises NotADocument for a file that is not one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotADocument(path, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise NotADocument(path, "not a budgetx JSON document (not UTF-8 text)") from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise NotADocument(path, f"not a budgetx JSON document ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise NotADocument(path, f"not a budgetx JSON document (no \"schema\": \"{SCHEMA}\")")
    try:
        return load_document(text)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise NotADocument(path, f"not a budgetx JSON document ({type(exc).__name__}: {exc})") from None
