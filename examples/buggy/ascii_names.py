"""Folds accented names to ASCII ("Zoë O'Brien-Nuñez" becomes "Zoe O'Brien-Nunez")."""

import unicodedata

from examples.reference_integration import Integration


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Variant(Integration):
    def person_name(self, first: str, last: str) -> tuple[str, str]:
        return _fold(first), _fold(last)
