"""The schema registry (tables.toml) rendered for users: docs/schema.md and `budgetx schema`.

Output depends on the registry alone (no dates, no paths), so the committed doc can be
compared with a fresh rendering (tests/test_registry_doc.py).
"""
from __future__ import annotations

import json
from typing import Any

from budgetx.schema.rules import parse_identity, rule_texts
from budgetx.schema.registry import ColumnSpec, Schema, TableSpec

FORMAT_VERSION = 2

_ROW_KINDS = {
    "function": "功能分类 subject codes (类/款/项), one row per printed subject",
    "economic": "经济分类 subject codes (类/款), one row per printed subject",
    "side": "two blocks, 收入 left and 支出 right, read as one list of rows: income rows first, "
            "then expenditure rows; `side` says which",
    "item": "one row per printed item label, no subject codes",
}

_INTRO = """\
# The schema registry

<!-- Generated from budgetx/schema/tables.toml by `make docs` (`budgetx schema`). Do not edit by
hand: change tables.toml and run `make docs`; tests/test_registry_doc.py fails otherwise. -->

Every disclosure budgetx reads is mapped onto canonical tables, in two families: the
department budget (部门预算, the eleven tables, `family = "budget"`) and the final
accounts (部门决算, the national template's nine tables and those some provinces add,
`family = "final_accounts"`). What those tables are — their family, their number within
it, keys (unique across families), titles and the title variants they absorb, their
columns (a stable English key, the canonical Chinese name and the header texts it
absorbs) and their arithmetic rules — is data, kept in one file, `budgetx/schema/tables.toml`:
the schema registry. `budgetx/schema.py` loads and validates it, and `budgetx/rules.py`
parses its rules; no other code knows a table by its number. This page lists the whole
registry. `budgetx schema` prints it (`--format json` for programs).

## Families and kinds of document

{families}

A document's `kind` comes from its own titles, not its file name: `budget` or
`final_accounts` when most of its canonical tables belong to that family (a 部门预算 file
that prints only 决算 tables is final accounts); a kind of the `[[kind]]` list below when
its first pages hold one of that kind's cover phrases (and none of its `unless` phrases),
or at least three and half of its table titles hold one of its title words; otherwise
the family its cover names, else `other`. The document's own family lists all its tables
(`missing` where not printed); tables of the other family it prints follow; a document
of any other kind has every table outside the families.

{kinds}

## How printed tables are recognised

- A title line is compared after normalisation (below) and after dropping its label
  (`表1`, `附表 1`, `表一：`), a leading `一、` / `1.`, and a trailing `(续)` or short
  bracketed note. It names the canonical table whose title or variant it ends with (the
  longest such variant wins): a year or department name before the title is allowed
  (`2025年部门收支总体情况表`), but not a qualifier ({title_qualifiers}): `基本支出总表`
  is not `支出总表`; a shorter variant or the keyword groups may still name it.
- A title-like line ending in `表` that matches no variant names a table when it holds
  every word of one of that table's keyword groups (tables 8, 9 and 10 below).
- A title is matched only against the tables of its family: one holding a family's
  marker word (`决算`) against that family's, any other against the budget's.
- A table outside the families (any other table title the document prints) is still
  extracted: it follows the families in the JSON `tables` list with `"no": null`,
  `"key": null` and `"family": null`, its printed title, and columns keyed by their header
  path (header texts from top to bottom joined with `/`, e.g. `本年收入/小计`), whose names
  are those paths too. It is one table however many pages it runs over (its title repeated
  or not). A form (a title holding one of {forms}) has rows `{{"label", "value"}}`: a line of
  two cells is a label and its value, a line of four is two such pairs, a longer line is
  its leading cells as the label path and its last cell as the value. Its `unit` is given
  only where it holds amounts. CSV writes it as `xNN_<title>.csv`; XLSX as a sheet of its own.

## How printed columns are matched

1. Header texts are normalised before any comparison: Unicode NFKC (full-width brackets
   and colons become ASCII), all whitespace dropped (`工资福利 支出` → `工资福利支出`),
   quotes removed (`“三公”` → `三公`), and a trailing unit note `(万元)` / `(元)` dropped.
   Aliases may be written in either form.
2. Each printed column has a header path (its header cells from top to bottom). It
   matches a schema column when its lowest header equals the column's name or one of its
   aliases; failing that, the text after `其中：` in that header, then the lowest header
   joined with the ones above it (a header broken over two cells).
3. `under` names the header groups a column sits below. A printed column whose upper
   headers include one of them is preferred; one printed below a different group is not
   that column (本年收入/小计 is not 财政拨款/小计); one with no upper header may still match.
4. Ties go to the first schema column not yet used, in the order listed below, so the
   first 小计 becomes `fiscal_subtotal` and the second `nonfiscal_subtotal`.
5. A header that matches no schema column is never dropped: the column is kept under its
   header path (`key` and name both the path joined with `/`).

## How the rules read

- `hierarchy`: in every amount column, each parent row equals the sum of its children
  (项 → 款 → 类 → 总计).
- `outline`: in every amount column, a numbered row equals the sum of the rows numbered
  one level below it (`一、本年收入` = `1.` + `2.` + …; `其中` lines are parts of the row
  above, not of the list), on each side of the table.
- `a = b + c`: an identity that holds on every row of the table.
- `a := b + c`: a definition (what a subtotal is made of, used where a template does not
  print the subtotal); not itself a check.
- Cross-table rules name figures as `t5.total` (column `total` of table 5's 总计/合计
  row), `t1[收入总计|收入合计].amount` (the first row with one of these labels),
  `t1[类].amount` (every 类 row, matched across tables by code), `t2[code].general_budget`
  (every coded row, matched by code) and `t10[合计]` (every amount column of that row).
  The left side is the figure reported as found, the right side what it should be.
- Printed figures are rounded one by one: a gap of up to (n + 1) × half the printed
  precision for a sum of n figures (the total is rounded too) is `rounding`, a larger
  one `error`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _codes(items: tuple[str, ...] | list[str], sep: str = ", ") -> str:
    return sep.join(f"`{_cell(i)}`" for i in items)


def _column_table(columns: tuple[ColumnSpec, ...]) -> list[str]:
    lines = ["| key | 中文 | aliases | under | listed |", "|---|---|---|---|---|"]
    for col in columns:
        lines.append(f"| `{col.key}` | {_cell(col.name)} | {_cell('、'.join(col.aliases))} "
                     f"| {_cell('、'.join(col.under))} | {'where printed' if col.optional else 'always'} |")
    return lines


def _own_columns(schema: Schema, spec: TableSpec) -> tuple[ColumnSpec, ...]:
    shared = schema.shared_columns(spec.row_kind)
    return spec.columns[len(shared):]


def _cross_tables(expr: str) -> tuple[int, ...]:
    return parse_identity(expr).tables


def _table_section(schema: Schema, spec: TableSpec) -> list[str]:
    lines = [f"### {spec.no} `{spec.key}` {spec.title}", ""]
    lines.append(f"- Title variants: {'、'.join(spec.variants) or 'none'}")
    if spec.keywords:
        groups = "; ".join(" + ".join(group) for group in spec.keywords)
        lines.append(f"- Keyword groups (a title holding all words of one): {groups}")
    shared = schema.shared_columns(spec.row_kind)
    kind = f"- Row kind: `{spec.row_kind}`: {_ROW_KINDS.get(spec.row_kind, spec.row_kind)}"
    if shared:
        kind += f"; row columns {_codes([c.key for c in shared])} first (see Shared row columns)"
    lines.append(kind)
    if spec.item_headers:
        lines.append("- Printed across (one row per unit) when the header holds two of: "
                     + "、".join(spec.item_headers))
    lines += ["", *_column_table(_own_columns(schema, spec)), ""]
    lines.append("Rules: " + (_codes(spec.rules, "; ") if spec.rules else "none") + ".")
    family = schema.family(spec.family)
    cross = [r for r in family.cross_rules if spec.no in _cross_tables(str(r["expr"]))]
    if cross:
        lines += ["", "Cross-table rules naming it:", ""]
        for r in cross:
            lines.append(f"- `{r['expr']}`")
            lines += _readings(r)
    return [*lines, ""]


def _readings(rule: dict[str, object]) -> list[str]:
    """A cross rule's other readings (`otherwise`, one or a list) and its `undecided` figure."""
    return ([f"  - or, as other templates print it: `{o}`" for o in rule_texts(rule, "otherwise")]
            + [f"  - unchecked where `{t}` is printed non-zero and no reading holds" for t in rule_texts(rule, "undecided")])


def _families(schema: Schema) -> str:
    lines = ["| family | 中文 | title marker words | tables |", "|---|---|---|---|"]
    for f in schema.families:
        count = len(schema.family(f.name).tables)
        lines.append(f"| `{f.name}` | {f.label} | {_codes(f.markers) or 'none (every other title)'} | {count} |")
    return "\n".join(lines)


def _kinds(schema: Schema) -> str:
    lines = ["| kind | cover phrases | unless | title words |", "|---|---|---|---|"]
    for k in schema.kinds:
        lines.append(f"| `{k.name}` | {'、'.join(k.cover)} | {'、'.join(k.unless)} | {'、'.join(k.titles)} |")
    return "\n".join(lines)


def render_markdown(schema: Schema) -> str:
    """docs/schema.md: the intro, the families, the shared row columns, every canonical
    table of each family with its columns and rules, the cross-table rules and the
    narrative figures."""
    out = [_INTRO.format(families=_families(schema), kinds=_kinds(schema),
                         forms=_codes(schema.form_titles) or "none",
                         title_qualifiers=_codes(schema.title_qualifiers) or "none")]
    out += ["## Shared row columns", "",
            "The columns that carry a row's code and name, the same in every table of a row kind\n"
            "(`[row_columns]`); they come first in each such table. Codes stay strings (`03`).", ""]
    for kind, columns in schema.row_columns:
        nos = [_ref(t) for t in schema.tables if t.row_kind == kind]
        out += [f"### `{kind}`: table{'s' if len(nos) > 1 else ''} {', '.join(nos)}", "", _ROW_KINDS.get(kind, kind) + ".", "",
                *_column_table(columns), ""]
    rest = [k for k in _ROW_KINDS if k not in dict(schema.row_columns)]
    if rest:
        out += [f"Row kinds {_codes(rest)} have no shared row columns: each table lists its own.", ""]
    for f in schema.families:
        family = schema.family(f.name)
        out += [f"## The tables: `{f.name}` ({f.label})", "",
                "| no | key | canonical title | row kind |", "|---|---|---|---|"]
        out += [f"| {t.no} | `{t.key}` | {_cell(t.title)} | `{t.row_kind}` |" for t in family.tables]
        out.append("")
        for spec in family.tables:
            out += _table_section(schema, spec)
        out += [f"### Cross-table rules: `{f.name}`", "",
                "The `[[rule]]` list of the registry for this family (`t5` is table 5 of the family),\n"
                "checked after every table is read.", ""]
        for r in family.cross_rules:
            out.append(f"- `{r['expr']}`")
            out += _readings(r)
        out.append("")
    if schema.narrative:
        out += ["## Narrative figures", "",
                "Figures the prose states (`[[narrative]]`, budget family), compared with the tables: a stated\n"
                "figure is an error only when it matches none of the table figures it may mean.", "",
                "| figure | introduced by | table figures |", "|---|---|---|"]
        for entry in schema.narrative:
            out.append(f"| {_cell(str(entry['label']))} | {_cell('、'.join(_strings(entry['phrases'])))} "
                       f"| {_codes(_strings(entry['figures']))} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _ref(spec: TableSpec) -> str:
    return str(spec.no) if spec.family == "budget" else f"{spec.family} {spec.no}"


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _column_dict(col: ColumnSpec) -> dict[str, Any]:
    return {"key": col.key, "name": col.name, "aliases": list(col.aliases), "under": list(col.under),
            "optional": col.optional}


def schema_to_dict(schema: Schema) -> dict[str, Any]:
    """The registry as plain data; each table's `columns` include its shared row columns."""
    return {
        "format": FORMAT_VERSION,
        "families": [{"name": f.name, "label": f.label, "markers": list(f.markers)} for f in schema.families],
        "kinds": [{"name": k.name, "cover": list(k.cover), "unless": list(k.unless), "titles": list(k.titles)}
                  for k in schema.kinds],
        "form_titles": list(schema.form_titles),
        "title_qualifiers": list(schema.title_qualifiers),
        "row_columns": {kind: [_column_dict(c) for c in cols] for kind, cols in schema.row_columns},
        "tables": [{
            "family": t.family, "no": t.no, "key": t.key, "title": t.title, "variants": list(t.variants),
            "keywords": [list(g) for g in t.keywords], "item_headers": list(t.item_headers),
            "row_kind": t.row_kind, "columns": [_column_dict(c) for c in t.columns],
            "rules": list(t.rules),
        } for t in schema.tables],
        "cross_rules": [{"family": str(r.get("family", "budget")), "expr": str(r["expr"]),
                         **({"otherwise": str(r["otherwise"])} if "otherwise" in r else {})}
                        for r in schema.cross_rules],
        "narrative": [{"label": str(n["label"]), "phrases": _strings(n["phrases"]),
                       "figures": _strings(n["figures"])} for n in schema.narrative],
    }


def render_json(schema: Schema) -> str:
    return json.dumps(schema_to_dict(schema), ensure_ascii=False, indent=2) + "\n"
