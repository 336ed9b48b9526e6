"""The judgement rule shared by every summary and the scorecard."""

from __future__ import annotations

import pytest

from sugidx_analysis import judgement
from sugidx_analysis.judgement import judge


@pytest.mark.parametrize(
    ("value", "target", "reached", "known", "verdict"),
    [
        (1.0, 1.0, None, False, "achieved"),
        (0.5, 1.0, 2025, True, "on_track"),
        (0.5, 1.0, 2027, True, "caution"),
        (0.5, 1.0, 2028, True, "off_track"),
        (0.5, 1.0, None, True, "off_track"),  # the pace never gets there
        (0.5, 1.0, None, False, "not_judged"),
        (0.5, None, 2025, True, "not_judged"),
        (None, 1.0, 2025, True, "not_judged"),
    ],
)
def test_rule(value, target, reached, known, verdict):
    assert judge(value, target, 2025, reached, pace_known=known) == verdict


def test_every_verdict_has_a_label_named_in_the_printed_rule():
    assert set(judgement.LABELS) == {
        judgement.ACHIEVED,
        judgement.ON_TRACK,
        judgement.CAUTION,
        judgement.OFF_TRACK,
        judgement.NOT_JUDGED,
    }
    for label in judgement.LABELS.values():
        assert f"「{label}」" in judgement.RULE
    assert f"{judgement.GRACE_YEARS}年以内" in judgement.RULE
