"""Aligned cells → canonical tables: header paths mapped to column keys, codes flattened,
amounts parsed, rows assembled into Tables."""
