"""Language identification on pages written for the project: eight languages, short pages, mixed
Chinese/English, and the page's own (sometimes wrong) claim kept beside the model's answer."""

from __future__ import annotations

import os
import time
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pagesift.dataset.card import dataset_card
from pagesift.dataset.datapackage import Release
from pagesift.dataset.report import PublishSummary
from pagesift.extract import language, links, rules
from pagesift.extract.language import MIN_CONFIDENCE, declared_language, identify, probabilities
from pagesift.extract.links import find_text_links
from pagesift.extract.page import parse_html
from pagesift.extract.pipeline import process
from pagesift.extract.rules import en
from pagesift.extract.sections import classify

NOW = "2026-01-01T00:00:00Z"

#: (language, title, paragraphs) of articles written for these tests.
ARTICLES = {
    "en": (
        "Why your lower back hurts after sitting",
        "Sitting for hours flattens the natural curve of the spine and tires the muscles that hold it. "
        "Stand up every half hour, walk for two minutes and stretch your hips before you sit down again. "
        "A small cushion behind the lower back keeps the curve while you work.",
    ),
    "zh": (
        "久坐后腰痛怎么办",
        "长时间坐着会让腰椎失去自然的弧度，支撑脊柱的肌肉也会疲劳。每隔半小时站起来走动两分钟，"
        "再坐下之前先拉伸一下髋部。工作时在腰后放一个小靠垫，可以帮助保持腰椎的弧度，减轻疼痛。",
    ),
    "es": (
        "Por qué duele la espalda después de estar sentado",
        "Pasar horas sentado aplana la curva natural de la columna y cansa los músculos que la sostienen. "
        "Levántese cada media hora, camine dos minutos y estire las caderas antes de volver a sentarse. "
        "Un cojín pequeño detrás de la zona lumbar mantiene la curva mientras trabaja.",
    ),
    "fr": (
        "Pourquoi le bas du dos fait mal après une journée assise",
        "Rester assis pendant des heures aplatit la courbure naturelle de la colonne et fatigue les muscles "
        "qui la soutiennent. Levez-vous toutes les demi-heures, marchez deux minutes et étirez vos hanches "
        "avant de vous rasseoir. Un petit coussin derrière le bas du dos garde la courbure.",
    ),
    "de": (
        "Warum der untere Rücken nach langem Sitzen schmerzt",
        "Stundenlanges Sitzen flacht die natürliche Krümmung der Wirbelsäule ab und ermüdet die Muskeln, die "
        "sie halten. Stehen Sie jede halbe Stunde auf, gehen Sie zwei Minuten und dehnen Sie die Hüften, "
        "bevor Sie sich wieder setzen. Ein kleines Kissen im Rücken erhält die Krümmung.",
    ),
    "ru": (
        "Почему болит поясница после долгого сидения",
        "Многочасовое сидение выпрямляет естественный изгиб позвоночника и утомляет мышцы, которые его "
        "поддерживают. Вставайте каждые полчаса, ходите две минуты и растягивайте бёдра, прежде чем снова "
        "сесть. Небольшая подушка за поясницей сохраняет изгиб во время работы.",
    ),
    "ja": (
        "座りっぱなしで腰が痛くなる理由",
        "長時間座っていると、背骨の自然なカーブが失われ、それを支える筋肉が疲れてしまいます。"
        "三十分ごとに立ち上がって二分ほど歩き、座る前に股関節をストレッチしましょう。"
        "仕事中は腰の後ろに小さなクッションを置くと、カーブを保つことができます。",
    ),
    "pt": (
        "Por que a lombar dói depois de ficar sentado",
        "Ficar sentado durante horas achata a curva natural da coluna e cansa os músculos que a sustentam. "
        "Levante-se a cada meia hora, caminhe dois minutos e alongue os quadris antes de se sentar de novo. "
        "Uma pequena almofada atrás da lombar mantém a curva enquanto você trabalha.",
    ),
}


def _page(title: str, body: str, lang: str | None = None) -> bytes:
    attr = f' lang="{lang}"' if lang else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<!doctype html><html{attr}><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _record(html: bytes) -> dict:
    outcome = process("raw/page.html", html, NOW)
    assert outcome.record is not None, outcome.rejection
    return outcome.record


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_each_language_is_identified_from_the_text_with_confidence(lang: str) -> None:
    record = _record(_page(*ARTICLES[lang]))
    assert record["language"] == lang
    assert record["language_confidence"] >= 0.9
    assert record["declared_language"] is None


def test_a_wrong_claim_is_kept_as_declared_but_the_text_decides() -> None:
    record = _record(_page(*ARTICLES["es"], lang="en-US"))  # a template that says English on every page
    assert (record["language"], record["declared_language"]) == ("es", "en")


def test_short_pages_are_identified() -> None:
    en = _record(
        _page(
            "Ice or heat for a sprained ankle?",
            "Use ice for the first two days to keep the swelling down, then switch to gentle heat "
            "to bring blood back and ease the stiffness.",
        )
    )
    zh = _record(
        _page(
            "扭伤后冷敷还是热敷",
            "扭伤后头两天用冰敷消肿，两天后再改用热敷，促进血液循环，缓解僵硬。如果疼痛加重，应及时就医。",
        )
    )
    assert en["language"] == "en" and zh["language"] == "zh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese article that names drugs and doses in English
        (
            "布洛芬（Ibuprofen）是一种常用的非甾体抗炎药，可以缓解头痛、牙痛和肌肉疼痛。服用时请注意剂量，"
            "成人每次200mg，每天不超过1200mg。如果症状持续超过三天，请咨询医生。",
            "zh",
        ),
        # English article that names herbs in Chinese
        (
            "Traditional Chinese medicine uses herbs such as 当归 (dong quai) and 黄芪 (astragalus) to support "
            "recovery after illness. Ask your doctor before you take them with other medicines, because they can "
            "change how blood thinners work.",
            "en",
        ),
        # a farm's bilingual page: each Chinese sentence followed by its English translation
        (
            "腰背部麻木的原因有哪些？ What causes numbness in the back? 睡姿不当会压迫神经。 An improper sleeping "
            "position can press on the nerves. 缺乏运动也会导致麻木。 Lack of exercise can also cause numbness.",
            "zh",
        ),
    ],
)
def test_mixed_chinese_and_english(text: str, expected: str) -> None:
    assert identify(text).language == expected


def test_chinese_varieties_are_folded_into_zh() -> None:
    ranked = probabilities("头痛怎么办")  # the model splits short Chinese between zh, Wu and Cantonese
    assert "wuu" not in ranked and "yue" not in ranked
    assert next(iter(ranked)) == "zh" and identify("头痛怎么办").confidence >= 0.9


def test_when_the_model_is_unsure_the_declared_language_decides_unless_ruled_out() -> None:
    text = "Back pain causes"
    ranked = probabilities(text)
    assert next(iter(ranked.values())) < MIN_CONFIDENCE  # three words: the model is unsure
    assert identify(text, "en").language == "en"
    plausible = [code for code, p in ranked.items() if p >= 0.05 and code != next(iter(ranked))]
    assert plausible, ranked
    chosen = identify(text, plausible[0])
    assert chosen.language == plausible[0] and chosen.confidence == round(ranked[plausible[0]], 4)
    assert identify(text, "ko").language == next(iter(ranked))  # the model rules Korean out: its best stands


def test_confident_model_overrides_the_claim_and_text_without_letters_has_no_language() -> None:
    assert identify(ARTICLES["de"][1], "fr").language == "de"
    assert identify("12 345 — 2026-01-01 !!!").language is None
    assert identify("12 345").confidence is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<html lang="zh-CN">', "zh"),
        ('<html lang="zh_Hans">', "zh"),
        ('<html lang="EN">', "en"),
        ('<html xml:lang="de-AT">', "de"),
        ('<html lang="123">', None),
        ("<html>", None),
        ('<html><meta http-equiv="Content-Language" content="zh-CN">', "zh"),
    ],
)
def test_declared_language_is_the_primary_subtag_of_the_page_claim(head: str, expected: str | None) -> None:
    assert declared_language(parse_html(f"{head}<body><p>x</p></body></html>")) == expected


def _esperanto() -> types.ModuleType:
    """A fake rules module: every table en.py has, empty, then a few words of its own."""
    module = types.ModuleType("pagesift.extract.rules.eo")
    for name, table in vars(en).items():
        if name.isupper():
            setattr(module, name, {key: [] for key in table} if isinstance(table, dict) else [])
    module.NAME = "Esperanto"
    module.STRONG_KINDS = {"causes": [r"\bkaŭzoj\b"], "remedies": [r"\bkuracado\b"]}
    module.PREVIOUS = [r"^\s*antaŭa\s*:"]
    module.PAGINATION = [r"\bsekva paĝo\b"]
    module.TRAILING_MARKERS = ["Sekva"]
    module.DATE_WORDS = {"year": ["j"], "month": ["m"], "day": ["t"]}
    return module


def test_a_new_language_is_one_module_in_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engineer adding a language writes: a module of its words in rules/, listed in
    LANGUAGES. Kinds, previous/next markers, pagination, dates, a button's trailing word and the
    card's list of languages follow; links.py holds no words of its own (its patterns are the rules')."""
    page = parse_html(
        "<html><body><p>Kapdoloro.</p><p><a rel='next' href='/kapdoloro/2'>Sekva paĝo</a></p></body></html>"
    )
    assert [link.relation for link in links.find_links(page, None).links] == ["next"]
    try:
        with monkeypatch.context() as patch:
            patch.setattr(rules, "LANGUAGES", (*rules.LANGUAGES, _esperanto()))
            rules.rules_for.cache_clear()
            found = rules.compiled()
            assert classify("Kaŭzoj de kapdoloro") == "causes" and classify("Kuracado") == "remedies"
            assert [(link.relation, link.title) for link in find_text_links(["Antaŭa: La lasta artikolo"]).links] == [
                ("previous", "La lasta artikolo")
            ]
            assert found.pagination.search("Sekva paĝo") and found.pagination.search("下一页")
            assert links.find_links(page, None).links == []  # links.py reads the rules as they are now
            assert found.trailing_marker.sub("", "Kapdoloro Sekva »") == "Kapdoloro"
            assert found.date_only.fullmatch("2024j3m5t 10:30") and found.date_only.fullmatch("2024年3月5日")
            assert "rules for English, Chinese and Esperanto pages" in dataset_card(
                PublishSummary(0, 0, 0, {}, {}, []), {}, {}, Release("raw", NOW)
            )
    finally:
        rules.rules_for.cache_clear()
    assert classify("Kaŭzoj de kapdoloro") == "other"


def test_a_pages_outline_is_read_in_its_own_language_only() -> None:
    """A Japanese page's 原因 and 治療 headings are Japanese, not Chinese: with no Japanese rules,
    its outline gives no causes or remedies (nothing is invented from another language's words);
    the same markup written in Chinese gives both."""

    def page(causes: str, remedy: str, body: str) -> bytes:
        return (
            f"<html><head><title>{body[:8]}</title></head><body><article><h1>{body[:8]}</h1><p>{body}</p>"
            f"<h2>{causes}</h2><ul><li>{body[:6]}</li><li>{body[6:12]}</li></ul>"
            f"<h2>{remedy}</h2><ul><li>{body[12:18]}</li><li>{body[18:24]}</li></ul></article></body></html>"
        ).encode()

    ja = page(
        "頭痛の原因",
        "頭痛の治療",
        "頭痛はとてもよくある症状です。ストレスや睡眠不足、目の疲れなどが原因になることが多いです。"
        "首や肩のこりも関係しています。十分な休息をとり、水をたくさん飲むことが大切です。" * 2,
    )
    zh = page(
        "头痛的原因",
        "头痛的治疗",
        "头痛是一种非常常见的症状。压力大、睡眠不足和眼睛疲劳都可能引起头痛。"
        "颈部和肩部肌肉紧张也有关系。要注意充分休息，多喝水，保持规律的作息。" * 2,
    )
    records = [process("p.html", data, "2024-01-01T00:00:00Z").record for data in (ja, zh)]
    assert [(r["language"], len(r["causes"]), len(r["remedies"])) for r in records if r] == [("ja", 0, 0), ("zh", 2, 2)]


def test_an_unsure_identification_does_not_choose_the_rules() -> None:
    """A short English list of Latin drug and fungus names can look Latin to the model (0.40): the
    outline is then read with the declared language's rules, or every language's, never with none."""
    from pagesift.extract.language import Identified
    from pagesift.extract.pipeline import _reading_language

    assert _reading_language(Identified("ja", 0.93), None) == "ja"
    assert _reading_language(Identified("la", 0.40), "en") == "en"
    assert _reading_language(Identified("la", 0.40), None) is None
    assert _reading_language(Identified(None, None), None) is None


def _ranked(model: dict, texts: list[str]) -> list[list[tuple[str, float]]]:
    """py3langid's ranking of each text by an identifier built as `language._identifier` builds it."""
    language._identifier.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(language, "_model", lambda: model)
            identifier = language._identifier()
            return [identifier.rank(text) for text in texts]
    finally:
        language._identifier.cache_clear()


def test_the_prepared_model_is_kept_in_the_cache_and_reads_every_text_as_py3langid_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first process prepares the model and keeps it under $PAGESIFT_CACHE/language, and maps
    what it kept; the next maps it from there (no xz, no conversion); both rank every language's
    text with the same probabilities, to the bit, as py3langid's own identifier restricted to the
    same labels."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path))
    monkeypatch.setattr(language, "_prepare", _counting(language._prepare))
    first = language._model()
    (kept,) = (tmp_path / "language").iterdir()
    assert sorted(p.name for p in kept.iterdir()) == sorted(f"{name}.npy" for name in language._ARRAYS)
    again = language._model()
    assert language._prepare.calls == 1  # type: ignore[attr-defined]
    for model in (first, again):
        assert isinstance(model["table"], np.memmap) and isinstance(model["nextmove"], np.memmap)
    texts = [" ".join(article) for article in ARTICLES.values()] + ["Back pain", "腰痛", "12345 !!"]
    reference = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
    reference.set_languages(sorted({str(label) for label in again["classes"]}))
    expected = [reference.rank(text) for text in texts]
    assert _ranked(language._prepare(MODEL_DIR / MODEL_FILE), texts) == _ranked(again, texts) == expected


@pytest.mark.parametrize("cut", ["empty", "half", "depth 0", "depth huge", "depth text"])
def test_a_kept_model_that_is_not_whole_is_prepared_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: str
) -> None:
    """A kept file cut short (a disk that filled up, a crash of the file system), or a tokenizer
    depth no automaton of the model can have, is not read: the model is prepared again and kept whole."""
    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path))
    language._model()
    (kept,) = (tmp_path / "language").iterdir()
    depth = np.load(kept / "depth.npy")
    if cut.startswith("depth"):
        wrong = {"depth 0": [0], "depth huge": [2**40], "depth text": ["x"]}[cut]
        np.save(kept / "depth.npy", np.array(wrong))
    for name in ("pc", "table") if not cut.startswith("depth") else ():
        data = (kept / f"{name}.npy").read_bytes()
        (kept / f"{name}.npy").write_bytes(b"" if cut == "empty" else data[: len(data) // 2])
    again = language._model()
    assert isinstance(again["table"], np.memmap)
    assert (kept / "table.npy").stat().st_size > again["table"].nbytes  # whole again, and mapped
    assert np.array_equal(np.load(kept / "depth.npy"), depth)
    assert _ranked(again, ["Sitting for hours tires the muscles of the back."])[0][0][0] == "en"


def test_the_cache_removes_only_what_it_left_and_what_is_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the model in use: a folder written aside by a process killed while it wrote is
    removed once it is old, not while another process may be writing it; another key's
    preparation unused for a month goes, one used lately stays; names the cache did not make stay."""
    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path))
    language._model()
    folder = tmp_path / "language"
    names = {
        "abandoned": ".0123456789abcdef-x1y2",
        "writing": ".fedcba9876543210-z3",
        "unused": "00000000000000aa",
        "recent": "00000000000000bb",
        "foreign": "notes",
        "foreign-hidden": ".language-server",
    }
    for name in names.values():
        (folder / name).mkdir()
    for name, age in (("abandoned", 3600), ("unused", 40 * 86_400), ("recent", 86_400), ("foreign-hidden", 3600)):
        then = time.time() - age
        os.utime(folder / names[name], (then, then))
    language._model()
    left = {path.name for path in folder.iterdir()}
    assert left == {*(names[n] for n in ("writing", "recent", "foreign", "foreign-hidden")), language._key(_source())}


def test_an_interrupted_write_leaves_nothing_and_an_unwritable_cache_leaves_the_model_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C while the model is written removes what was written; a cache that cannot be
    written, or a user without a home folder, leaves the model in memory, and the page is read."""
    monkeypatch.setenv("PAGESIFT_CACHE", str(tmp_path))
    saved = np.save

    def interrupted(handle: Any, array: Any, **options: Any) -> None:
        saved(handle, array, **options)
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(np, "save", interrupted)
        with pytest.raises(KeyboardInterrupt):
            language._model()
    assert list((tmp_path / "language").iterdir()) == []
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PAGESIFT_CACHE", str(blocked))
    model = language._model()
    assert not isinstance(model["table"], np.memmap)
    assert _ranked(model, ["Sitting for hours tires the muscles of the back."])[0][0][0] == "en"
    monkeypatch.delenv("PAGESIFT_CACHE")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    assert not isinstance(language._model()["table"], np.memmap)  # no home, no cache: still read


def _source() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR / MODEL_FILE)


def _counting(function: Any) -> Any:
    def counted(*args: Any) -> Any:
        counted.calls += 1  # type: ignore[attr-defined]
        return function(*args)

    counted.calls = 0  # type: ignore[attr-defined]
    return counted
