import json

from harness.report import demo


def test_demo_writes_a_failing_report(tmp_path, capsys):
    assert demo.main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    folder = tmp_path / demo.demo_run().run_id
    assert str(folder / "report.html") in printed
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert doc["passed"] is False
    assert doc["layers"]["documents"] == "failed"


def test_demo_usage(capsys):
    assert demo.main([]) == 2
    assert "usage" in capsys.readouterr().err
