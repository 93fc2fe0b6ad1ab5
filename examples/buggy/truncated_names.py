"""Cuts last names to 10 characters (a column width copied from an old payroll export)."""

from examples.reference_integration import Integration


class Variant(Integration):
    def person_name(self, first: str, last: str) -> tuple[str, str]:
        return first, last[:10]
