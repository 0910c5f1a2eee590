"""Output writers: WRITERS[fmt](doc, target, options) writes a Document to a path
(atomically) or to a binary stream."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from budgetx.model import Document
from budgetx.writers.csv import write_csv
from budgetx.writers.json import document_to_dict, dumps, write_json
from budgetx.writers.options import WriteOptions

Writer = Callable[[Document, Path | IO[bytes], WriteOptions], None]


def write_xlsx(doc: Document, target: Path | IO[bytes], options: WriteOptions) -> None:
    """budgetx.writers.xlsx.write_xlsx, imported when first used: openpyxl takes
    longer to import than a small PDF takes to read."""
    from budgetx.writers.xlsx import write_xlsx as write

    write(doc, target, options)


WRITERS: dict[str, Writer] = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}

__all__ = ["WRITERS", "WriteOptions", "Writer", "document_to_dict", "dumps",
           "write_csv", "write_json", "write_xlsx"]
