"""budgetx: Chinese government budget disclosures (部门预算公开) → canonical tables.

    import budgetx
    doc = budgetx.extract("changji-2025.pdf")   # a budgetx.model.Document
    frames = doc.to_pandas()                   # {"revenue": DataFrame, …}, exact Decimals
    same = budgetx.read("changji-2025.json")   # a saved JSON document back (budgetx.load too)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from budgetx.pipeline import extract
    from budgetx.writers.json import read_json as load
    from budgetx.writers.json import read_json as read

    __version__: str

__all__ = ["extract", "read", "load", "__version__"]


def __getattr__(name: str) -> Any:
    # Importing budgetx (or any of its modules) must not load the PDF and table stack:
    # `budgetx --help` and `budgetx schema` never need it.
    if name == "extract":
        from budgetx.pipeline import extract

        return extract
    if name in ("read", "load"):
        # The reading stage's subpackage is budgetx.reader, so that budgetx.read can be
        # this function whatever has been imported.
        from budgetx.writers.json import read_json

        return read_json
    if name == "__version__":
        # Looked up when asked for: importlib.metadata costs every process tens of ms.
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("budgetx")
        except PackageNotFoundError:  # running from a source tree that is not installed
            return "0+unknown"
    raise AttributeError(f"module 'budgetx' has no attribute {name!r}")
