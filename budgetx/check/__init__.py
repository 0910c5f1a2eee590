"""The arithmetic: figures and views of the tables, the registry's rules, the figures the
narrative states, and the OCR repair that tries other readings where a sum fails."""
