import re

import pytest

from harness.report.html import render_html
from harness.results import LAYERS


def attrs_with(found, name):
    return {a[name]: a for _, a in found if name in a}


def test_layer_verdicts(failing_run, elements):
    layers = attrs_with(elements(render_html(failing_run)), "data-layer")
    assert set(layers) == set(LAYERS)
    verdicts = {k: v["data-verdict"] for k, v in layers.items()}
    assert verdicts == {
        "communication": "passed",
        "scheduling": "not_run",
        "documents": "failed",
        "hris_sync": "failed",
        "reporting": "passed",
        "end_to_end": "not_run",
    }


def test_overall_and_criteria_verdicts(failing_run, elements):
    html = render_html(failing_run)
    found = elements(html)
    overall = next(a for _, a in found if a.get("id") == "overall-verdict")
    assert overall["data-verdict"] == "failed"
    criteria = {k: v["data-verdict"] for k, v in attrs_with(found, "data-criterion").items()}
    assert criteria == {
        "recruiter_time": "not_measurable",
        "offer_documents": "failed",
        "hris_records": "failed",
        "reporting_freshness": "passed",
        "error_alerts": "passed",
    }
    assert "Not measurable by a harness" in html
    assert "Offers judged: 1 (the guide asks for the first 20). Problems found: 1." in html


def test_everything_from_outside_is_escaped(failing_run, make):
    failing_run.sut = make.EVIL
    failing_run.journeys[1].error = make.EVIL
    html = render_html(failing_run)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in html
    # facts, failure message, where, expected/actual, timeline note, SUT name, error text
    assert html.count("&lt;script&gt;") >= 7


def test_header_carries_what_replays_the_run(failing_run):
    html = render_html(failing_run)
    assert re.search(
        r'<pre class="cmd" id="replay-command"><code>ats-harness run scenarios/ --profile acme.yaml '
        r"--seed 777</code></pre>",
        html,
    )
    assert '<dd id="seed">777</dd>' in html
    assert '<dd id="run-id">run-777</dd>' in html
    assert "acme.yaml" in html and "acme_sync" in html
    assert "partial-banner" not in html


def test_partial_banner_with_reason(partial_run, elements):
    html = render_html(partial_run)
    assert 'id="partial-banner"' in html
    assert "PARTIAL RUN" in html
    assert "KeyboardInterrupt during journey documents/offer#1" in html
    overall = next(a for _, a in elements(html) if a.get("id") == "overall-verdict")
    assert overall["data-verdict"] == "partial"


def test_lost_time_control_is_shown(passing_run):
    passing_run.time_control = "lost: SUT image has no libfaketime"
    html = render_html(passing_run)
    assert "lost: SUT image has no libfaketime" in html
    assert "Time control lost." in html


def test_field_diffs_mark_the_differing_characters(failing_run, make):
    html = render_html(failing_run)
    assert '1<mark class="d">03</mark>000.00' in html
    assert '1<mark class="d">30</mark>000.00' in html
    assert f'Zo<mark class="d">{make.NFC_ZOE[-1]}</mark>' in html
    assert f'Zo<mark class="d">{make.NFD_ZOE[-2:]}</mark>' in html
    for code in ("U+00EB", "U+0065", "U+0308", "COMBINING DIAERESIS"):
        assert code in html
    assert "different Unicode normalisation" in html
    assert "greenhouse offer salary -&gt; docusign tab salary" in html


def test_timeline_of_failing_journeys(failing_run):
    html = render_html(failing_run)
    timelines = re.findall(r'<ol class="timeline">(.*?)</ol>', html, re.S)
    assert len(timelines) == 2
    first = timelines[0]
    assert first.index("webhook offer_created") < first.index("POST envelopes")
    assert "greenhouse &rarr; sut" in first
    # the SUT's call into the system where the value changed is flagged
    assert first.count("on-hop") == 1 and "on the hop where a value changed" in first
    assert "s-bad" in timelines[1]


def test_every_journey_listed_with_checks_and_duration(failing_run, elements):
    html = render_html(failing_run)
    rows = [a for t, a in elements(html) if t == "tr" and "data-journey" in a]
    assert [r["data-journey"] for r in rows] == [j.journey for j in failing_run.journeys]
    assert [r["data-verdict"] for r in rows] == ["passed", "failed", "failed", "passed"]
    assert "1.50 s" in html and "250 ms" in html
    assert "✗ data_fidelity" in html


def test_error_journey_detail(error_run):
    html = render_html(error_run)
    assert "SUT crashed: KeyError &#39;starts_at&#39;" in html
    assert 'data-verdict="error"' in html


@pytest.mark.parametrize("name", ["passing_run", "failing_run", "error_run", "partial_run"])
def test_self_contained_and_printable(request, name):
    html = render_html(request.getfixturevalue(name))
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.I)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html and "url(" not in html
    assert "@media print" in html
    assert 'id="signoff"' in html
    for label in ("Name", "Signature", "Date"):
        assert f'<div class="line-label">{label}</div>' in html


def test_empty_run_is_not_a_pass(make):
    html = render_html(make.run())
    assert 'data-verdict="empty"' in html
    assert "No journeys ran" in html
