"""Near-duplicate groups: shingles and signatures, the grouping's order and stability, and runs
that publish the groups, keep them across incremental runs, and drop the copies on request."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from datasketch import MinHash

from pagesift.dataset import neardup
from pagesift.dataset.neardup import Options, State, group, signature_line
from pagesift.extract import minhash
from pagesift.extract.minhash import NUM_PERM, shingles, signature, similarity
from pagesift.flows.process_pages import process_pages

BACK = [
    "Sitting for hours flattens the natural curve of the lower spine and tires the muscles that hold it upright.",
    "Office workers who rarely stand up report stiffness by the afternoon and a dull ache that spreads to the hips.",
    "Stand up every half hour, walk for two minutes and stretch your hips before you sit down again at the desk.",
    "A small cushion behind the lower back keeps the curve while you work and takes the load off the discs.",
    "Set the screen at eye level so that you do not lean forward, and keep both feet flat on the floor.",
    "If the pain runs down one leg, or comes with numbness or weakness, see a doctor within a few days.",
    "Most back pain of this kind eases within two weeks when you keep moving instead of resting in bed.",
    "Heat relaxes tight muscles in the evening, and gentle walks are better than long rests on the sofa.",
]
SLEEP = [
    "Going to bed and getting up at the same time every day sets the body clock that decides when you feel tired.",
    "Bright light in the morning tells the brain that the day has begun, so open the curtains or walk outside.",
    "Caffeine stays in the blood for many hours, and a coffee after lunch can still keep you awake at midnight.",
    "A cool, dark and quiet bedroom helps, and the bed should be kept for sleep rather than for work or films.",
    "If you lie awake for more than twenty minutes, get up and read something dull in dim light until sleepy.",
    "Alcohol makes it easier to fall asleep but breaks up sleep in the second half of the night.",
    "Long naps late in the day steal sleep from the night; keep a nap short and before three o'clock.",
    "Worries written down before bed are easier to put aside, and a short list for tomorrow quiets the mind.",
]
COLD = (
    "手脚冰凉是很多女性冬天常见的困扰，主要和血液循环不好有关。长时间坐着不动，下肢的血液回流变慢，"
    "手脚末端得到的血液就少了。饮食过于清淡、吃得太少，身体产生的热量不足，也会觉得手脚发冷。"
    "改善的方法包括每天坚持快走或慢跑半小时，睡前用温水泡脚十五分钟，平时多吃一些羊肉、生姜和红枣。"
    "如果手脚冰凉同时伴有麻木、疼痛或者皮肤颜色发白发紫，应该及时到医院检查，排除血管方面的疾病。"
)


def _page(title: str, paragraphs: list[str], url: str, chrome: str = "Home | News | Health") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<link rel='canonical' href='{url}'></head><body><nav>{chrome}</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>{chrome} © 2026</footer></body></html>"
    )


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    copied = [*BACK[:4], "Standing desks help some people, but standing all day strains the back as well.", *BACK[5:]]
    pages = {
        "b-back.html": _page("Why your back hurts after sitting", BACK, "https://farm-a.example/back-pain"),
        "c-back-copy.html": _page(
            "Why your back hurts after sitting",
            copied,
            "https://farm-b.example/p/123",
            chrome="Start | Latest | Wellness | Contact",
        ),
        "d-sleep.html": _page("How to fall asleep faster", SLEEP, "https://farm-a.example/sleep"),
        "e-cold.html": _page("手脚冰凉怎么办", [COLD], "https://farm-a.example/cold"),
        "f-cold-copy.html": _page(
            "手脚冰凉怎么办", [COLD.replace("十五分钟", "二十分钟左右")], "https://farm-c.example/cold.html"
        ),
    }
    for name, html in pages.items():
        (raw / name).write_text(html, encoding="utf-8")
    return raw


def _table(out: Path, name: str) -> pd.DataFrame:
    rows = [json.loads(line) for line in (out / "tables" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    return pd.DataFrame(rows, dtype=object)


# --- shingles and signatures ---------------------------------------------------------------------


def test_words_make_shingles_and_each_cjk_character_is_a_token() -> None:
    assert shingles("One two three four five six") == {b"one two three four five", b"two three four five six"}
    assert shingles("手脚冰凉怎么") == {"手 脚 冰 凉 怎".encode(), "脚 冰 凉 怎 么".encode()}
    assert shingles("Short text") == {b"short text"} and shingles("— 12 —") == {b"12"} and shingles("…") == set()
    assert signature("…") is None


def test_small_edits_keep_the_similarity_high_and_other_articles_stay_apart() -> None:
    original = " ".join(BACK)
    edited = original.replace("a dull ache that spreads to the hips", "an ache that reaches the hips and knees")
    assert similarity(signature(original), signature(edited)) >= 0.8
    assert similarity(signature(original), signature(" ".join(SLEEP))) < 0.1
    assert similarity(signature(COLD), signature(COLD.replace("十五分钟", "二十分钟左右"))) >= 0.8


def test_a_copy_with_a_paragraph_added_is_found_by_the_share_of_the_original_it_holds() -> None:
    original, longer = " ".join(BACK), " ".join(BACK + SLEEP[:4])
    sig, more = signature(original), signature(longer)
    shared = len(shingles(original) & shingles(longer))
    assert shared / len(shingles(original) | shingles(longer)) < 0.7  # plain Jaccard would miss it
    assert similarity(sig, more) == similarity(more, sig) >= 0.8
    assert similarity(signature(" ".join(BACK[:3])), more) < 0.5  # a short text inside a long one is no copy


def test_the_signature_is_datasketchs_affine32_minhash_of_the_shingles() -> None:
    """`signature` computes datasketch's MinHash of the shingles (hashed by `shingle_hash`) with
    numpy alone and from the tokens (so a worker need not import datasketch nor build the
    shingles): its permutations and values are datasketch's, bit for bit, and its count the
    shingles', across texts of one shingle, of fewer tokens than a shingle, of many (past one
    block of `_ROWS`), with repeated shingles, English and Chinese."""
    reference = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme="affine32")
    a, b = minhash.permutations()
    assert a.dtype == b.dtype == reference.permutations.dtype == np.uint32
    assert (a == reference.permutations[0]).all() and (b == reference.permutations[1]).all()
    numbered = " ".join(f"{word}{i}" for i, word in enumerate(" ".join(BACK + SLEEP).split() * 40))
    texts = [
        " ".join(BACK),
        COLD,
        " ".join(SLEEP[:1]),
        "Short text",
        "手",
        "one two three four five",
        numbered,
        COLD * 30,
    ]
    assert len(shingles(numbered)) > minhash._ROWS
    for text in texts:
        expected = MinHash(
            num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme="affine32", hashfunc=minhash.shingle_hash
        )
        expected.update_batch(shingles(text))
        assert signature(text) == np.append(expected.hashvalues, len(shingles(text))).astype("<u4").tobytes()
    assert signature("") is None and signature("— —") is None


# --- grouping ------------------------------------------------------------------------------------


def _shard(staging: Path, index: int, pages: dict[str, tuple[str, str]]) -> None:
    """A signature shard of pages {path: (id, text)}."""
    with neardup.shard_path(staging, index).open("wb") as handle:
        for path, (aid, text) in pages.items():
            record = {"id": aid, "source": {"sha256": "0" * 64}}
            handle.write(signature_line(path, record, signature(text)))


def _group(staging: Path, shards: list[int], previous: State) -> tuple[neardup.Grouping, bytes]:
    """Group the shards; the grouping and the state it wrote."""
    grouping = group(staging, shards, previous, Options(), staging / neardup.STATE)
    return grouping, (staging / neardup.STATE).read_bytes()


def _state(state: bytes) -> State:
    lines = state.splitlines()
    header = json.loads(lines[0])
    pages = {
        item["path"]: (item["sha256"], item["first_seen"], item["signature"]) for item in map(json.loads, lines[1:])
    }
    return State(run=header["run"], options=header["options"], pages=pages)


def test_the_bands_and_rows_are_datasketchs_choice_without_scipy() -> None:
    """`bands_and_rows` makes MinHashLSH's choice of bands and rows for every threshold a user can
    set (every hundredth), and in a process that has not imported datasketch it imports neither
    datasketch nor SciPy (the main process of a run that publishes)."""
    from datasketch import MinHashLSH

    for hundredths in range(1, 100):
        candidates = neardup.candidate_threshold(hundredths / 100)
        lsh = MinHashLSH(threshold=candidates, num_perm=NUM_PERM)
        assert neardup.bands_and_rows(candidates) == (lsh.b, lsh.r), hundredths
    script = (
        "import sys; from pagesift.dataset import neardup, publish; neardup._Bands(0.7); "
        "print(sorted({'datasketch', 'scipy'} & {name.split('.')[0] for name in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["[]"]


@pytest.mark.parametrize("threshold", [0.3, 0.7, 0.95])
def test_the_band_index_finds_what_datasketchs_lsh_finds(threshold: float) -> None:
    """neardup._Bands stands for MinHashLSH in less memory: the same bands and rows, the same
    candidates, for signatures that share some bands, all of them, or none."""
    from datasketch import LeanMinHash, MinHashLSH

    from pagesift.dataset.neardup import _Bands, candidate_threshold

    random = np.random.default_rng(7)
    base = random.integers(0, 2**32, size=(40, NUM_PERM + 1), dtype=np.uint32)
    copies = base[random.integers(0, 40, size=400)].copy()
    changed = random.random(copies.shape) < random.choice([0.02, 0.3, 0.9], size=(400, 1))  # a few, many, most
    copies[changed] = random.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint32)
    signatures = [row.astype("<u4").tobytes() for row in np.vstack([base, copies])]
    lsh = MinHashLSH(threshold=candidate_threshold(threshold), num_perm=NUM_PERM)
    bands = _Bands(threshold)
    found_any = False
    for number, sig in enumerate(signatures):
        expected = set(
            lsh.query(LeanMinHash(seed=1, hashvalues=np.frombuffer(sig, "<u4")[:NUM_PERM], scheme="affine32"))
        )
        assert bands.query(sig) == expected
        found_any |= bool(expected)
        if number % 3:  # some become leaders, as grouping inserts only those
            lsh.insert(number, LeanMinHash(seed=1, hashvalues=np.frombuffer(sig, "<u4")[:NUM_PERM], scheme="affine32"))
            bands.insert(sig, number)
    assert found_any


def test_groups_are_led_by_the_first_page_and_stay_stable_as_pages_come_and_go(tmp_path: Path) -> None:
    original, sleep = " ".join(BACK), " ".join(SLEEP)
    copy = original.replace("two minutes", "three minutes")
    _shard(
        tmp_path,
        0,
        {"raw/m.html": ("a" * 16, original), "raw/s.html": ("b" * 16, sleep), "raw/x.html": ("c" * 16, copy)},
    )
    first, first_state = _group(tmp_path, [0], State())
    assert first.groups == 1 and first.copies() == 1
    assert [(r["article_id"], r["group_id"]) for r in first.rows()] == [("a" * 16, "a" * 16), ("c" * 16, "a" * 16)]
    assert first.of("raw/m.html").similarity == 1.0 and first.of("raw/x.html").similarity >= 0.8
    assert first.of("raw/s.html") is None
    assert _group(tmp_path, [0], State())[1] == first_state  # deterministic

    # a new copy whose path sorts first joins the old group, whose id stays the old first's
    _shard(tmp_path, 1, {"raw/a.html": ("d" * 16, copy + " One more line.")})
    second, second_state = _group(tmp_path, [0, 1], _state(first_state))
    assert second.of("raw/a.html").group_id == "a" * 16 and second.groups == 1 and second.copies() == 2
    # publish loads the stored state without its signatures (grouping reads when pages were first seen)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / neardup.STATE).write_bytes(first_state)
    light = neardup.load_state(tmp_path / "out", signatures=False)
    assert light.pages.keys() == _state(first_state).pages.keys()
    assert {sig for _, _, sig in light.pages.values()} == {None}
    again, again_state = _group(tmp_path, [0, 1], light)
    assert list(again.rows()) == list(second.rows()) and again_state == second_state
    # from scratch, path order alone decides: the new page would lead
    assert _group(tmp_path, [0, 1], State())[0].of("raw/m.html").group_id == "d" * 16

    # the first page deleted: the group goes on under the next page seen, the copies stay together
    neardup.shard_path(tmp_path, 0).write_bytes(
        b"".join(
            line + b"\n"
            for line in neardup.shard_path(tmp_path, 0).read_bytes().splitlines()
            if b"raw/m.html" not in line
        )
    )
    third, _ = _group(tmp_path, [0, 1], _state(second_state))
    assert third.of("raw/m.html") is None
    assert {third.of(p).group_id for p in ("raw/x.html", "raw/a.html")} == {"c" * 16}


def test_a_repeated_id_is_grouped_once_and_the_threshold_is_checked(tmp_path: Path) -> None:
    text = " ".join(BACK)
    _shard(tmp_path, 0, {"raw/a.html": ("a" * 16, text), "raw/b.html": ("a" * 16, text)})
    assert _group(tmp_path, [0], State())[0].groups == 0  # the same article twice: publish rejects one
    with pytest.raises(ValueError, match="threshold"):
        Options(threshold=1.5)


# --- runs ----------------------------------------------------------------------------------------


def test_a_run_publishes_the_groups_and_keeps_them_across_incremental_runs(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    report = process_pages(raw=str(raw), out=str(out))
    assert (report.published, report.near_duplicate_groups, report.near_duplicates) == (5, 2, 2)
    articles = _table(out, "articles").set_index("source_path")
    ids = articles["article_id"].to_dict()
    group_of = articles["duplicate_group"].to_dict()
    assert group_of["c-back-copy.html"] == group_of["b-back.html"] == ids["b-back.html"]
    assert group_of["f-cold-copy.html"] == ids["e-cold.html"]
    assert group_of["d-sleep.html"] is None
    near = _table(out, "near_duplicates")
    assert list(near.columns) == ["article_id", "group_id", "similarity"] and len(near) == 4
    assert near["similarity"].between(0.8, 1.0).all()
    nested = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert {r["source"]["path"]: r["duplicate_group"] for r in nested} == group_of
    assert report.languages == {"en": 3, "zh": 2}
    assert "near_duplicate_groups" in (out / "run_report.json").read_text()

    # a new copy whose name sorts first joins the group of the page it copies; the id stays
    (raw / "a-back-copy.html").write_text(
        _page("Why your back hurts after sitting", BACK, "https://farm-d.example/a", chrome="Menu"), encoding="utf-8"
    )
    again = process_pages(raw=str(raw), out=str(out))
    assert (again.new, again.unchanged) == (1, 5)
    articles = _table(out, "articles").set_index("source_path")
    assert articles.loc["a-back-copy.html", "duplicate_group"] == ids["b-back.html"]

    # the original deleted: its copies stay one group, under the earliest seen of them
    (raw / "b-back.html").unlink()
    third = process_pages(raw=str(raw), out=str(out))
    articles = _table(out, "articles").set_index("source_path")
    assert ids["b-back.html"] not in set(_table(out, "near_duplicates")["group_id"])
    assert articles.loc["a-back-copy.html", "duplicate_group"] == ids["c-back-copy.html"]
    assert third.near_duplicate_groups == 2


def test_drop_near_duplicates_rejects_the_copies_with_the_id_they_copy(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    report = process_pages(raw=str(raw), out=str(out), drop_near_duplicates=True)
    assert (report.published, report.rejected, report.near_duplicates_dropped) == (3, 2, 2)
    assert report.found == report.published + report.rejected
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    ids = _table(out, "articles").set_index("source_path")["article_id"].to_dict()
    assert {r["path"]: r["stage"] for r in rejected} == {"c-back-copy.html": "dedup", "f-cold-copy.html": "dedup"}
    assert ids["b-back.html"] in next(r["error"] for r in rejected if "back" in r["path"])
    assert set(_table(out, "near_duplicates")["group_id"]) <= set(ids.values())

    # the same pages without the flag: not a settled run, the copies are published again
    kept = process_pages(raw=str(raw), out=str(out))
    assert (kept.published, kept.rejected, kept.near_duplicates_dropped) == (5, 0, 0)


def test_signatures_of_carried_pages_come_from_the_stored_state(tmp_path: Path, monkeypatch) -> None:
    raw, out = _raw(tmp_path), tmp_path / "processed"
    process_pages(raw=str(raw), out=str(out))
    stored = (out / neardup.STATE).read_bytes()
    assert len(stored.splitlines()) == 6 and all(
        len(base64.b64decode(json.loads(line)["signature"])) == 4 * (minhash.NUM_PERM + 1)
        for line in stored.splitlines()[1:]
    )
    (raw / "g-new.html").write_text(_page("Another one", SLEEP[::-1], "https://farm-a.example/x"), encoding="utf-8")
    computed: list[str] = []
    real = neardup.signature
    monkeypatch.setattr(neardup, "signature", lambda text: computed.append(text) or real(text))
    process_pages(raw=str(raw), out=str(out))
    assert computed == []  # the carried pages' signatures were read, not computed again


def test_a_state_signed_otherwise_keeps_when_each_page_was_first_seen(tmp_path: Path) -> None:
    """Signatures made by another version (SHA-1 shingles before session 14) are made again, but
    the state's run and each page's first generation stay, so a group keeps its first member (and
    id) however the paths sort."""
    lines = [
        json.dumps({"run": 7, "signature": {**minhash.SIGNATURE_PARAMS, "hash": "sha1"}, "options": {}}),
        json.dumps({"path": "z/original.html", "sha256": "a" * 64, "first_seen": 2, "signature": "AAAA"}),
        json.dumps({"path": "a/copy.html", "sha256": "b" * 64, "first_seen": 7, "signature": "AAAA"}),
    ]
    (tmp_path / neardup.STATE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    state = neardup.load_state(tmp_path)
    assert state.run == 7 and not state.signed
    assert state.pages == {"z/original.html": ("a" * 64, 2, None), "a/copy.html": ("b" * 64, 7, None)}
    records = tmp_path / "carried.jsonl"
    record = {"id": "x", "text": " ".join(BACK), "source": {"path": "z/original.html", "sha256": "a" * 64}}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert neardup.carry(tmp_path, tmp_path, records, 0) == 1  # made again, not the stored "AAAA"
    carried = json.loads(neardup.shard_path(tmp_path, 0).read_text(encoding="utf-8"))
    assert base64.b64decode(carried["signature"]) == signature(" ".join(BACK))
