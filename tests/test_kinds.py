"""The kinds a heading names, on headings near the session-15 phrasings' edges: a phrase that
names a kind in a health article's heading, and the same words in headings that name none."""

from __future__ import annotations

import pytest

from pagesift.extract.sections import classify


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Rehabilitation", "remedies"),
        ("Cardiac rehabilitation", "remedies"),
        ("Rehabilitation after a stroke", "remedies"),
        ("Wildlife rehabilitation", "other"),  # not the heading's own word: another field's
        ("Vocational rehabilitation", "other"),
        ("Who is affected?", "causes"),
        ("Who is most likely to get shingles?", "causes"),
        ("Who is affected by the outage?", "other"),  # the question of another story
        ("What's to blame?", "causes"),
        ("What is to blame for it?", "causes"),
        ("What's to blame for the delays?", "other"),
        # the session's Chinese words, as Traditional pages write them (rules/variants.py)
        ("康復訓練", "remedies"),
        ("罪魁禍首", "causes"),
        ("易患人群", "causes"),
        ("調養", "remedies"),
    ],
)
def test_kind_of_a_heading(heading: str, kind: str) -> None:
    assert classify(heading) == kind
