from decimal import Decimal

from harness.report._diff import clusters, diff_values


def changed(side) -> list[str]:
    return [s.text for s in side.segments if s.changed]


def test_transposed_digits_mark_the_swapped_pair():
    d = diff_values("103000.00", "130000.00")
    assert d.expected.marked == "1[03]000.00"
    assert d.actual.marked == "1[30]000.00"
    assert any("swapped" in n for n in d.notes)
    assert d.expected.codepoints == [] and d.actual.codepoints == []  # plain ASCII needs no code points


def test_decimal_money_diffs_by_its_exact_digits():
    d = diff_values(Decimal("103000.00"), Decimal("130000.00"))
    assert d.expected.text == "103000.00" and d.actual.text == "130000.00"
    assert changed(d.expected) == ["03"]


def test_nfc_against_nfd_shows_code_points_and_says_why():
    d = diff_values("Zo\u00eb", "Zoe\u0308")
    assert changed(d.expected) == ["\u00eb"]
    assert changed(d.actual) == ["e\u0308"]  # the combining mark stays with its letter
    assert [p.code for p in d.expected.codepoints] == ["U+00EB"]
    assert [p.code for p in d.actual.codepoints] == ["U+0065", "U+0308"]
    assert d.actual.codepoints[1].name == "COMBINING DIAERESIS"
    assert d.notes == ["Same text, different Unicode normalisation: expected is NFC, actual is NFD."]


def test_invisible_and_whitespace_differences_are_spelled_out():
    zw = diff_values("ab", "a\u200bb")
    assert [p.name for p in zw.actual.codepoints] == ["ZERO WIDTH SPACE"]
    assert "invisible" in zw.notes[0]
    nbsp = diff_values("a b", "a\u00a0b")
    assert [p.code for p in nbsp.actual.codepoints] == ["U+00A0"]
    trailing = diff_values("Acme", "Acme ")
    assert trailing.notes == ["Differs only in leading or trailing whitespace."]
    assert [p.name for p in trailing.actual.codepoints] == ["SPACE"]


def test_dropped_accent_and_case():
    assert "accents" in diff_values("Nuñez", "Nunez").notes[0]
    assert "case" in diff_values("McDonald", "Mcdonald").notes[0]


def test_missing_values_mark_only_the_present_side():
    d = diff_values("2025-04-01", None)
    assert d.actual.missing and changed(d.actual) == []
    assert changed(d.expected) == ["2025-04-01"]
    assert d.notes == ["The value is missing on arrival."]


def test_type_mismatch_is_named():
    d = diff_values(Decimal("20"), 20.0)
    assert "Types differ: expected Decimal, got float." in d.notes


def test_structures_are_compared_line_by_line():
    d = diff_values({"hours": 20, "type": "Part-time"}, {"hours": 40, "type": "Part-time"})
    assert d.kind == "lines"
    assert changed(d.expected) == ['  "hours": 20,\n']
    assert changed(d.actual) == ['  "hours": 40,\n']


def test_clusters_keep_marks_and_joiners_with_their_base():
    assert clusters("Zoe\u0308!") == ["Z", "o", "e\u0308", "!"]
    assert clusters("a\u200db") == ["a\u200db"]


def test_amounts_and_dates_are_diffed_as_whole_values() -> None:
    d = diff_values("25.00", "2500")
    assert d.kind == "value" and d.expected.marked == "[25.00]" and d.actual.marked == "[2500]"
    dates = diff_values("2026-04-01", "2026-01-04")
    assert dates.expected.marked == "[2026-04-01]" and dates.expected.codepoints == []


def test_a_value_with_nothing_to_compare_against_lists_no_code_points() -> None:
    d = diff_values(None, ["POST /services/T000/B000/x"])
    assert d.actual.codepoints == [] and d.expected.codepoints == []
