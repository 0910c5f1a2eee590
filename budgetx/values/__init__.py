"""Printed values: text normalised, amounts parsed to Decimal, subject codes split."""
