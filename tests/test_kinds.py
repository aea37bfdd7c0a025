"""The kinds a heading names, on headings near the session-15 phrasings' edges: a phrase that
names a kind in a health article's heading, and the same words in headings that name none."""

from __future__ import annotations

import pytest

from pagesift.extract.sections import classify, find_sections
from tests.test_sections import LI, B, H, P, titles


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Rehabilitation", "remedies"),
        ("Cardiac rehabilitation", "remedies"),
        ("Rehabilitation after a stroke", "remedies"),
        ("Wildlife rehabilitation", "other"),  # another field's
        ("Vocational rehabilitation", "other"),
        ("Knee rehabilitation exercises", "remedies"),
        ("ACL rehabilitation", "remedies"),
        ("Post-surgery rehabilitation", "remedies"),
        ("Who is affected?", "causes"),
        ("Who is most likely to get shingles?", "causes"),
        ("Who is affected by the outage?", "other"),  # the question of another story
        ("Who is affected by lupus?", "causes"),
        ("What's to blame for acne?", "causes"),
        ("What's to blame?", "causes"),
        ("What is to blame for it?", "causes"),
        ("What's to blame for the delays?", "other"),
        # the session's Chinese words, as Traditional pages write them (rules/variants.py)
        ("康復訓練", "remedies"),
        ("罪魁禍首", "causes"),
        ("易患人群", "causes"),
        ("調養", "remedies"),
        # the kind words' other senses, and the health senses beside them
        ("How to pay for IVF treatment", "other"),  # two phrases naming no kind, overlapping
        ("Heat treatment", "remedies"),
        ("Develop a treatment plan", "remedies"),
        ("Our remedies for a cold", "remedies"),
        ("Our services", "other"),
        ("Our treatments", "other"),
        ("Our top treatments for acne", "remedies"),
        ("Living with a dog allergy", "remedies"),
        ("Living with a new puppy", "other"),
        ("常用非处方药", "remedies"),
        ("处方药", "other"),
        ("急救科普", "remedies"),
        ("红光治疗仪的使用", "remedies"),
    ],
)
def test_kind_of_a_heading(heading: str, kind: str) -> None:
    assert classify(heading) == kind


def test_a_when_to_see_a_doctor_list_is_no_remedies() -> None:
    """However the doctor is named, the signs listed under "When to …" are warnings."""
    for heading in ("When to call the doctor", "When to visit your doctor", "When to seek help", "When to see a GP"):
        outline = find_sections(
            [
                H("Treatment"),
                LI("Rest in bed"),
                LI("Drink fluids"),
                H(heading, 3),
                LI("A fever over 39C"),
                LI("Trouble breathing"),
            ]
        )
        assert titles(outline.items_of("remedies")) == ["Rest in bed", "Drink fluids"], heading


def test_a_lead_in_naming_a_doctor_in_passing_keeps_its_list() -> None:
    """Only a lead-in that is the warning itself ("See a doctor if you have:") takes its list out."""
    outline = find_sections(
        [
            P("A sore throat is one of the commonest reasons people look for help at home, and it is rarely serious."),
            H("Home remedies for a sore throat"),
            P("Most sore throats get better on their own; call your GP if it gets worse, and meanwhile:"),
            LI("Gargle with salt water"),
            LI("Suck on lozenges"),
        ]
    )
    assert titles(outline.items_of("remedies")) == ["Gargle with salt water", "Suck on lozenges"]


def test_a_short_chinese_check_up_item_stays_a_remedy() -> None:
    """定期检查 names a check-up, not another kind's part: only a title ending in 不良反应, 副作用,
    症状, 表现 heads one."""
    outline = find_sections(
        [H("治疗方法"), LI("控制饮食"), LI("适量运动"), LI("定期检查"), LI("按时服药"), LI("常见不良反应")]
    )
    assert titles(outline.items_of("remedies")) == ["控制饮食", "适量运动", "定期检查", "按时服药"]


def test_a_remedy_naming_a_symptom_keeps_the_group_open() -> None:
    """ "Symptom relief creams" names remedies too: the group of bold remedies goes on."""
    outline = find_sections(
        [
            P(
                "Eczema is a common skin condition that makes the skin dry, itchy and sore; most people"
                " manage it well with a few simple treatments and some care at home."
            ),
            H("Treatment"),
            H("Medication", 3),
            B("Topical steroids"),
            P("Reduce the swelling and itching of a flare."),
            B("Symptom relief creams"),
            P("Calm the itch between flares."),
            B("Emollients"),
            P("Keep the skin moist every day."),
        ]
    )
    assert titles(outline.items_of("remedies")) == ["Topical steroids", "Emollients"]  # the group went on
