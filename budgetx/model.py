"""Plain data passed between the stages: every type that crosses a layer lives here."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetx.vocabulary import FUNCTION_KEYS

if TYPE_CHECKING:  # pandas is imported only by the methods that return DataFrames
    import pandas


# Below this score a recogniser is unsure of a short text: a lone letter or two of it
# may be a speck, two glyphs where an index row prints its marks may be the marks.
UNSURE_SCORE = 0.5


@dataclass(frozen=True)
class Reading:
    """How sure a recogniser is of a text: the probability of its least certain glyph
    (0..1), and other readings of the whole text, most probable first, each with its
    probability relative to the reading kept (1.0 = as likely). A text layer's words
    have none: their text is certain."""

    score: float = 1.0
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def unsure(self) -> bool:
        return self.score < UNSURE_SCORE


@dataclass(frozen=True)
class Word:
    """A run of glyphs with its box; y grows downwards from the page top. Words read by
    OCR carry their Reading."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    reading: Reading | None = None

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF space (y up)


@dataclass
class Page:
    """One page: its size and words, in top-down coordinates (y grows downwards)."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    chars: int = 0
    garbage: int = 0
    paths: int = 0
    images: int = 0
    # The share of the page the largest image covers (a picture of a table, not a logo).
    image_cover: float = 0.0
    # Quarter turns between the page as shown (its image) and its reading frame: the
    # rules found on a rendering fit the words only on an unturned page.
    turned: int = 0
    # The rules the page draws, in the words' reading frame (PDF units, y up):
    # horizontal (x0, y, x1, y) and vertical (x, y0, x, y1) segments of stroked paths
    # and thin filled shapes.
    h_rules: list[Segment] = field(default_factory=list)
    v_rules: list[Segment] = field(default_factory=list)
    # False where the document's text layer as a whole is gibberish (pdf.garbled_layer).
    readable: bool = True

    @property
    def has_text(self) -> bool:
        # A page whose glyphs map to no text (garbage) is as good as a scan.
        return self.readable and self.chars >= 10 and self.garbage <= self.chars * 0.3


@dataclass
class PdfFile:
    path: Path
    sha256: str
    pages: list[Page]



@dataclass
class RuledGrid:
    """What a ruled table's rules say: column x-boundaries and row y-boundaries, and
    where each vertical rule runs (x, top, bottom; y down): a header or body cell merged
    over several columns is where the rules between them stop."""

    col_edges: list[float]
    row_edges: list[float]
    v_rules: list[tuple[float, float, float]] = field(default_factory=list)



@dataclass
class Doubt:
    """A cell whose reading is uncertain, listed in its table's `doubtful`: where it is
    (row index and label, page, column), what was read with the recogniser's score and
    other readings, why it is doubted when not for its score, and what a repair replaced."""

    row: int
    column: str
    read: str
    label: str = ""
    page: int | None = None
    score: float | None = None  # the least certain glyph's probability (0..1); None: not a score doubt
    alternatives: list[str] = field(default_factory=list)
    reason: str | None = None
    repaired_from: str | None = None


Amount = Decimal | None
Cell = str | Decimal | None



@dataclass(frozen=True)
class Column:
    """An output column: a stable key and its canonical Chinese name."""

    key: str
    name: str


@dataclass
class Table:
    """One table of a document, in canonical keys (docs/spec/tables.md) or, for tables outside the
    eleven, with header-path keys and `no=None`."""

    no: int | None
    key: str | None
    title: str
    pages: list[int] = field(default_factory=list)
    status: str = "ok"  # ok | empty | missing
    unit: str | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    note: str | None = None
    ocr: bool = False
    doubtful: list[Doubt] = field(default_factory=list)
    # The page each row was printed on (same order as rows), for reports that cite pages.
    row_pages: list[int] = field(default_factory=list)
    row_key: str = "function"  # what `code` holds: function | economic | department | none
    # The family of canonical tables it belongs to (budget | final_accounts); None for a
    # table outside the families (`no` None).
    family: str | None = "budget"
    # Columns printed as a part of another (事业收入: 金额 | 其中：教育收费): key → the key
    # of the column they are part of. Such a column is not an addend beside its whole.
    parts: dict[str, str] = field(default_factory=dict)

    def column_keys(self) -> list[str]:
        """Every column key in output order: the listed columns and any other key a row
        carries, the code hierarchy and name first in a coded table."""
        order = [c.key for c in self.columns]
        for row in self.rows:
            order.extend(k for k in row if k not in order)
        if "name" in order:
            # output.md: a coded table shows its code hierarchy first, then the name;
            # two-block tables (side, item, code) keep their own order.
            head = [k for k in FUNCTION_KEYS if k in order]
            order = head + [k for k in order if k not in head]
        return order

    def note_repair(self, row: int, column: str, read: str, fixed: str, reason: str) -> None:
        """Keep a correction of an OCR'd cell in `doubtful`, with what was read
        (`repaired_from`): in the cell's own doubt if OCR already had one, which keeps
        what OCR read before any repair."""
        for doubt in self.doubtful:
            if doubt.row == row and doubt.column == column:
                doubt.repaired_from = doubt.repaired_from or doubt.read
                doubt.read = fixed
                doubt.reason = reason
                if column == "code":
                    doubt.label = fixed
                return
        page = self.row_pages[row] if row < len(self.row_pages) else None
        self.doubtful.append(Doubt(row=row, column=column, read=fixed, label=str(self.rows[row].get("code") or ""),
                                   page=page, repaired_from=read, reason=reason))

    def to_pandas(self, floats: bool = False) -> pandas.DataFrame:
        """The rows as a DataFrame, one column per key (Chinese names: `self.columns`).
        Amounts are exact Decimals (object dtype), codes strings with their leading
        zeros; `floats=True` gives amounts as float64 instead, for plotting and sums
        where exactness does not matter. Blank cells are None (NaN with floats)."""
        import pandas as pd

        keys = self.column_keys()
        data: dict[str, Any] = {}
        for key in keys:
            values = [row.get(key) for row in self.rows]
            amounts = any(isinstance(v, Decimal) for v in values) and not any(isinstance(v, str) for v in values)
            if floats and amounts:
                data[key] = pd.Series([float(v) if v is not None else None for v in values],
                                      dtype="float64")
            else:
                data[key] = pd.Series(values, dtype=object)
        return pd.DataFrame(data, columns=keys)


@dataclass(frozen=True)
class Check:
    """A rule of docs/spec/tables.md that does not hold exactly."""

    rule: str
    table: int | None
    row: str
    column: str
    expected: Decimal
    found: Decimal
    diff: Decimal
    level: str  # rounding | error | unchecked
    page: int | None = None
    message: str = ""
    family: str = "budget"  # the family of canonical tables `table` is numbered in


@dataclass
class Tally:
    """What became of each rule of the registry on one document (the narrative's
    figures are not rules and are not counted): held (at worst within rounding),
    failed (an error), unchecked (printed, but not evaluable), absent (the document does
    not print what it needs, with why)."""

    held: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    absent: list[tuple[str, str]] = field(default_factory=list)

    def record(self, rule: str, checks: list[Check]) -> None:
        if any(c.level == "unchecked" for c in checks):
            self.unchecked.append(rule)
        elif any(c.level == "error" for c in checks):
            self.failed.append(rule)
        else:
            self.held.append(rule)


@dataclass
class Document:
    file: str
    sha256: str
    pages: int
    department: str | None = None
    year: int | None = None
    unit: str | None = None
    tables: list[Table] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    # (page number, text) of the pages outside the tables: the narrative states figures
    # that checks.py compares with the tables.
    narrative: list[tuple[int, str]] = field(default_factory=list)
    # budget | final_accounts | government_budget | other: what the document's own
    # titles say it is (not its file name).
    kind: str = "budget"
    # What became of each rule of the registry when the checks ran (see Tally).
    tally: Tally = field(default_factory=lambda: Tally())

    def table(self, no: int, family: str = "budget") -> Table | None:
        return next((t for t in self.tables if t.no == no and t.family == family), None)

    def to_pandas(self, floats: bool = False) -> dict[str, pandas.DataFrame]:
        """Every printed table as a DataFrame (see Table.to_pandas), keyed by its table
        key (`revenue`, `expenditure`, …); a table outside the eleven by its printed
        title. Missing tables are left out."""
        frames: dict[str, pandas.DataFrame] = {}
        for table in self.tables:
            if table.status == "missing":
                continue
            name = table.key if table.no is not None and table.key else table.title
            key, n = name, 2
            while key in frames:
                key, n = f"{name}~{n}", n + 1
            frames[key] = table.to_pandas(floats)
        return frames
