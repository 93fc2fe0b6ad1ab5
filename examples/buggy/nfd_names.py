"""NFD-normalises candidate names, so "Zoë" leaves as "Zoe" plus a combining diaeresis.

The names look the same on screen but are different bytes, and no longer
match the ATS record.
"""

import unicodedata

from examples.reference_integration import Integration


class Variant(Integration):
    def person_name(self, first: str, last: str) -> tuple[str, str]:
        return unicodedata.normalize("NFD", first), unicodedata.normalize("NFD", last)
