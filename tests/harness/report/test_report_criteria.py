import pytest

from harness.report.criteria import CRITERIA, evaluate, evaluate_all
from harness.results import LAYERS, CheckResult


def by_key(run):
    return {r.criterion.key: r for r in evaluate_all(run)}


def test_mapping_is_data_in_the_guides_order():
    keys = [c.key for c in CRITERIA]
    assert keys == ["recruiter_time", "offer_documents", "hris_records", "reporting_freshness", "error_alerts"]
    c = {c.key: c for c in CRITERIA}
    offers = c["offer_documents"]
    assert (offers.layers, offers.checks) == (("documents", "end_to_end"), ("data_fidelity",))
    assert c["offer_documents"].sample == 20
    assert (c["hris_records"].layers, c["hris_records"].checks) == (("hris_sync", "end_to_end"), ("data_fidelity",))
    assert (c["error_alerts"].layers, c["error_alerts"].checks) == ((), ("error_halting",))
    assert (c["reporting_freshness"].layers, c["reporting_freshness"].checks) == (("reporting",), ("reporting",))
    assert not c["recruiter_time"].measurable and "Not measurable by a harness" in c["recruiter_time"].why_not
    for criterion in CRITERIA:
        assert set(criterion.layers) <= set(LAYERS)


def test_passing_run(passing_run):
    r = by_key(passing_run)
    assert r["recruiter_time"].verdict == "not_measurable"
    assert r["hris_records"].verdict == "passed" and r["hris_records"].judged == 2
    assert r["reporting_freshness"].verdict == "passed"
    assert r["error_alerts"].verdict == "passed" and r["error_alerts"].judged == 1
    # Two offers are not the twenty the guide asks for: honest, not green.
    assert r["offer_documents"].verdict == "incomplete"
    assert r["offer_documents"].judged == 2


def test_failing_run_counts_transcription_errors(failing_run):
    r = by_key(failing_run)
    assert r["offer_documents"].verdict == "failed"
    assert (r["offer_documents"].judged, r["offer_documents"].problems) == (1, 1)
    assert r["offer_documents"].journeys == ["documents/offer#1"]
    assert r["hris_records"].verdict == "failed" and r["hris_records"].problems == 2
    assert r["error_alerts"].verdict == "passed"


def test_only_the_first_twenty_offers_count(make):
    def offers(bad_at: int | None):
        out = []
        for n in range(1, 26):
            check = CheckResult("data_fidelity", "passed")
            if n == bad_at:
                check = CheckResult("data_fidelity", "failed", [make.salary_failure()])
            out.append(make.journey("documents/offer", n, "documents", check))
        return make.run(*out)

    offer = next(c for c in CRITERIA if c.key == "offer_documents")
    assert evaluate(offer, offers(None)).verdict == "passed"
    assert evaluate(offer, offers(None)).judged == 20
    assert evaluate(offer, offers(3)).verdict == "failed"
    assert evaluate(offer, offers(22)).verdict == "passed"  # the 22nd offer is past the spot-check


def test_skipped_checks_and_other_layers_do_not_count(make):
    run = make.run(
        make.journey("documents/offer", 1, "documents", CheckResult("data_fidelity", "skipped", note="no offer")),
        make.journey("scheduling/link", 1, "scheduling", make.ok("data_fidelity")),
    )
    r = by_key(run)
    assert r["offer_documents"].verdict == "not_judged"
    assert "No journey in this run exercised it" in r["offer_documents"].evidence
    assert r["error_alerts"].verdict == "not_judged"


def test_a_crash_in_scope_is_an_error_not_a_pass(error_run):
    r = by_key(error_run)
    assert r["hris_records"].verdict == "error"
    assert r["hris_records"].journeys == ["end_to_end/hire#1"]


def test_partial_run_never_passes_a_criterion(make):
    run = make.run(*make.passing_journeys(), partial=True, partial_reason="boom")
    assert by_key(run)["hris_records"].verdict == "incomplete"


@pytest.mark.parametrize("flag", [True, False])
def test_lost_clock_is_noted(make, flag):
    check = CheckResult("reporting", "passed", lost_time_control=flag)
    run = make.run(make.journey("reporting/freshness", 1, "reporting", check))
    notes = by_key(run)["reporting_freshness"].notes
    assert any("clock" in n for n in notes) is flag


def test_every_named_check_is_a_registered_check():
    from harness.checks.registry import names

    named = {name for c in CRITERIA for name in c.checks}
    assert named <= set(names())
