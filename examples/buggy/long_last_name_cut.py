"""Cuts last names longer than 48 characters to 48 (the width of a legacy payroll column).

Only a last name of 49 characters or more shows it: the longest in the data packs has 46, so the
fixed suite (`certify`, every pack record included) passes it; `ats-harness fuzz` draws longer names.
"""

from examples.reference_integration import Integration

WIDTH = 48


class Variant(Integration):
    def person_name(self, first: str, last: str) -> tuple[str, str]:
        return first, last[:WIDTH]
