"""budgetx: Chinese government budget disclosures (部门预算公开) → canonical tables.

    from budgetx import extract
    doc = extract("changji-2025.pdf")      # a budgetx.model.Document
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from budgetx.pipeline import extract

try:
    __version__ = version("budgetx")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["extract", "__version__"]
