"""The schema registry: the canonical tables, their columns, aliases and rules, as data
(tables.toml), loaded and validated once; the lowest layer above the model."""
