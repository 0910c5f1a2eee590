"""What a document is, from its own titles (never its file name): a department budget
(部门预算), final accounts (部门决算), a government's own budget report (预算执行情况和
预算草案, a province's 总预算 tables), or something else."""
from __future__ import annotations

import unicodedata

from budgetx.reader.locate import Located
from budgetx.schema.registry import Schema

# The first pages read for the cover's words: cover, table of contents, first heading.
COVER_PAGES = 3


def cover_text(page_texts: list[str]) -> str:
    """The first pages' text in the form phrases are compared in (NFKC, no spaces)."""
    text = "".join(page_texts[:COVER_PAGES])
    return "".join(unicodedata.normalize("NFKC", text).split())


def document_kind(located: list[Located], cover: str, schema: Schema) -> str:
    """`government_budget` (a [[kind]] of the registry) when its cover phrases or most
    table titles say so; else the family most of the canonical tables belong to
    (`budget`, `final_accounts`); else the family the cover names; else `other`."""
    titles = ["".join(unicodedata.normalize("NFKC", loc.title).split()) for loc in located]
    for kind in schema.kinds:
        if any(p in cover for p in kind.cover) and not any(p in cover for p in kind.unless):
            return kind.name
        marked = sum(1 for t in titles if any(w in t for w in kind.titles))
        if marked >= 3 and 2 * marked >= len(titles):
            return kind.name
    counts = {f.name: 0 for f in schema.families}
    for loc in located:
        if loc.spec is not None:
            counts[loc.spec.family] += 1
    best = max(counts, key=lambda name: counts[name])
    if counts[best]:
        return best
    for family in schema.families:
        if family.label in cover or any(m in cover for m in family.markers):
            return family.name
    return "other"
