"""``sugidx synth``: each theme's generator writes its own files and its own README section."""

from __future__ import annotations

import pytest

from sugidx_analysis import examples
from sugidx_analysis.cli import main
from sugidx_analysis.errors import SugidxError


def test_readme_keeps_the_sections_it_was_not_asked_to_rewrite(monkeypatch):
    # a second generator, as the next theme will add
    other = examples.Theme("other", "02_other", "他のテーマ", ("x",), synth=True)
    monkeypatch.setattr(examples, "THEMES", (*examples.THEMES, other))
    first = examples.assemble_readme("", {"online": "## online\n", "other": "## other v1\n"})
    again = examples.assemble_readme(first, {"online": "## online v2\n"})
    assert "## other v1" in again and "## online v2" in again and "## online\n" not in again
    assert again.startswith(examples.README_HEAD)
    assert again.index("online v2") < again.index("other v1")  # registry order
    # a section whose generator this version does not know is kept, not dropped
    monkeypatch.setattr(examples, "THEMES", examples.THEMES[:1])
    assert "## other v1" in examples.assemble_readme(again, {"online": "## online v3\n"})


def test_bad_requests_are_refused_before_anything_is_written(tmp_path, capsys):
    with pytest.raises(SugidxError, match="unknown theme 'nothing'"):
        examples.write_examples(["nothing"], tmp_path)
    with pytest.raises(SugidxError, match="0 or more"):
        examples.write_examples(["online"], tmp_path, seed=-5)
    assert list(tmp_path.iterdir()) == []
    assert main(["synth", "--seed", "-5", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "0 or more" in err and "Traceback" not in err
