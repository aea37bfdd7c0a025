"""Causes and remedies from a page's schema.org JSON-LD, where its markup shows none."""

from __future__ import annotations

import json

from pagesift.extract.pipeline import process

CONDITION = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "name": "Gout"},
        {
            "@type": "MedicalCondition",
            "name": "Gout",
            "cause": [
                {"@type": "MedicalCause", "name": "High uric acid"},
                {"@type": "MedicalCause", "name": "Kidney disease"},
            ],
            "riskFactor": {"@type": "MedicalRiskFactor", "name": "Obesity"},
            "possibleTreatment": [{"@type": "MedicalTherapy", "name": "Colchicine"}, "Rest and ice"],
            "primaryPrevention": {"@type": "LifestyleModification", "name": "Drink water"},
        },
    ],
}
HOW_TO = {
    "@context": "https://schema.org",
    "@type": "HowTo",
    "name": "How to ease a tension headache",
    "step": [
        {"@type": "HowToStep", "name": "Rest in a dark room", "text": "Lie down for twenty minutes."},
        {
            "@type": "HowToSection",
            "itemListElement": [{"@type": "HowToStep", "text": "Put a cold cloth on your forehead. Keep it there."}],
        },
    ],
}
PROSE = "<p>" + "Gout is a kind of arthritis that comes in sudden attacks of pain and swelling. " * 6 + "</p>"


def page(data: object, body: str = PROSE) -> bytes:
    script = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    return f"<html><head><title>Gout</title>{script}</head><body><article><h1>Gout</h1>{body}</article></body></html>".encode()


def record(html: bytes) -> dict:
    outcome = process("gout.html", html, "2024-01-01T00:00:00Z")
    assert outcome.record is not None, outcome.rejection
    return outcome.record


def test_a_medical_condition_gives_its_causes_and_treatments_prevention_aside() -> None:
    r = record(page(CONDITION))
    assert [i["title"] for i in r["causes"]] == ["High uric acid", "Kidney disease", "Obesity"]
    assert [i["title"] for i in r["remedies"]] == ["Colchicine", "Rest and ice"]


def test_a_how_to_gives_its_steps_as_remedies() -> None:
    r = record(page(HOW_TO))
    assert [i["title"] for i in r["remedies"]] == ["Rest in a dark room", "Put a cold cloth on your forehead"]


def test_the_markup_is_preferred_where_it_has_items_and_bad_json_is_passed_over() -> None:
    body = PROSE + "<h2>Treatment</h2><ul><li>NSAIDs</li><li>Steroids</li></ul>"
    r = record(page(CONDITION, body))
    assert [i["title"] for i in r["remedies"]] == ["NSAIDs", "Steroids"]
    assert [i["title"] for i in r["causes"]] == ["High uric acid", "Kidney disease", "Obesity"]
    broken = page(CONDITION).replace(b'"@graph"', b'"@graph" oops')
    assert record(broken)["causes"] == []


def test_deep_json_ld_a_repeated_condition_and_a_diagnostic_how_to() -> None:
    deep = page(CONDITION).replace(
        b"</script>", b"</script><script type='application/ld+json'>" + b"[" * 100000 + b"]" * 100000 + b"</script>", 1
    )
    assert [i["title"] for i in record(deep)["causes"]] == ["High uric acid", "Kidney disease", "Obesity"]
    twice = {
        "@context": "https://schema.org",
        "@graph": [CONDITION["@graph"][1], {"@type": "WebPage", "mainEntity": CONDITION["@graph"][1]}],
    }
    assert len(record(page(twice))["causes"]) == 3
    test = {**HOW_TO, "name": "How to prepare for a colonoscopy"}
    assert record(page(test))["remedies"] == []
