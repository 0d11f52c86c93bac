"""The lexicon loader: the shipped files are valid, and every kind of mistake a supervisor can
make is rejected with the file and the entry named (never a traceback from inside the matcher)."""

from __future__ import annotations

import pytest

from speech.lexicon import CATEGORIES, LexiconError, lexicon_path, load_lexicon
from speech.matching import RiskMatcher

GOOD = 'language = "ko"\n[health]\n"아프다" = ["아프", "아파"]\n'


def _write(tmp_path, text, name="ko.toml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_shipped_lexicons_load_and_cover_every_category(lang):
    lexicon = load_lexicon(lang)
    assert lexicon.language == lang
    assert {t.category for t in lexicon.terms} == set(CATEGORIES)
    assert all(t.patterns for t in lexicon.terms)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('language = "ko"\n[health]\n"아프다" = ["아파("]\n', '[health] "아프다" pattern 1'),
        ('language = "ko"\n[health]\n"아프다" = ["아프", ""]\n', '[health] "아프다" pattern 2 is empty'),
        ('language = "ko"\n[health]\n"아무거나" = ["(아)?"]\n', '"아무거나" pattern 1 \'(아)?\' matches empty text'),
        ('language = "ko"\n[health]\n"아프다" = []\n', '[health] "아프다": needs at least one pattern'),
        ('language = "ko"\n[health]\n"아프다" = "아프"\n', '[health] "아프다" must be a list of patterns'),
        ('language = "ko"\n[health]\n"아프다" = [1, 2]\n', '[health] "아프다": patterns must be a list of strings'),
        ('language = "ko"\n[health]\n"아프다" = { patterns = ["아프"], negated = true }\n', "unknown key negated"),
        ('language = "ko"\n[health]\n"아프다" = { patterns = ["아프"], negate = "yes" }\n', "negate must be true or false"),
        (
            'language = "ko"\n[health]\n"아프다" = { patterns = ["아프"], unless_after = ["^(트"] }\n',
            '[health] "아프다" unless_after pattern 1',
        ),
        ('language = "ko"\n[sadness]\n"슬프다" = ["슬프"]\n', "unknown table or key [sadness]"),
        ('[health]\n"아프다" = ["아프"]\n', "missing language"),
        ('language = "en"\n[health]\n"pain" = ["pain"]\n', 'language = "en" but the "ko" lexicon was asked for'),
        ('language = "ko"\nnormalise = "stem"\n[health]\n"a" = ["a"]\n', 'normalise = "stem"'),
        ('language = "ko"\n[negation]\nbefore = ["안("]\n[health]\n"a" = ["a"]\n', "[negation] before pattern 1"),
        ('language = "ko"\n[negation]\naround = ["x"]\n', "[negation] takes only before"),
        ('language = "ko"\n', "no terms in any category"),
        ('language = "ko"\n[health\n', "TOML syntax error"),
    ],
)
def test_malformed_lexicon_names_the_bad_entry(tmp_path, text, named):
    path = _write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_lexicon("ko", path)
    message = str(info.value)
    assert message.startswith("ko.toml")
    assert named in message
    assert info.value.exit_code == 3


def test_non_utf8_and_missing_files_are_reported(tmp_path):
    path = _write(tmp_path, GOOD, encoding="cp949")
    with pytest.raises(LexiconError, match=r"ko.toml: not UTF-8"):
        load_lexicon("ko", path)
    with pytest.raises(LexiconError, match="cannot read lexicon"):
        load_lexicon("ko", tmp_path / "nope.toml")


def test_supervisor_override_directory_wins(tmp_path, monkeypatch):
    _write(tmp_path, 'language = "ko"\n[living]\n"연탄" = ["연탄(이)?없"]\n')
    monkeypatch.setenv("ANBU_LEXICON_DIR", str(tmp_path))
    assert lexicon_path("ko") == tmp_path / "ko.toml"
    matcher = RiskMatcher(load_lexicon("ko"))
    assert matcher.flag("연탄 이 없 어요").categories == ("living",)
    assert lexicon_path("en").name == "en.toml" and lexicon_path("en").parent != tmp_path  # falls back
