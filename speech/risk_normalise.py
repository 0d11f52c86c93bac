"""Text forms the risk lexicons are written against, with a map back to the original offsets.

Why two forms:
- Korean ("compact"): Vosk's Korean model writes morpheme-like pieces ("밥 을 못 먹 었 어요",
  "쓰 러 졌 어 요") and residents drop spaces ("허리가아파요"). Removing every space and punctuation
  mark makes all three spellings one string, so a pattern such as "쓰러(지|졌|져)" finds them all.
  Vosk junk tokens ("[2]", "<unk>", a lone "X") are dropped as well.
- English ("words"): words matter there ("fire" is not "fireworks"), so the text becomes lower-case
  words joined by single spaces, contractions expanded so negation is one word ("can't" ->
  "can not"), and , . ; ! ? kept as words so a negation never reaches across a clause.

Each form keeps `offsets[i]` = the index in the original text of normalised character i, so a
match is reported as a span of the text the person (or Vosk) actually wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KO_PIECES = re.compile(r"\[[^\]]*\]|<[^>]*>|[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+")
_EN_TOKENS = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|[,.;!?]")
_EN_WHOLE = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
}
_EN_SUFFIXES = (("n't", " not"), ("'m", " am"), ("'ve", " have"), ("'re", " are"), ("'ll", " will"), ("'d", " would"))


@dataclass(frozen=True)
class Normalised:
    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of normalised characters [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def compact_korean(text: str) -> Normalised:
    parts: list[str] = []
    offsets: list[int] = []
    for m in _KO_PIECES.finditer(text):
        piece = m.group()
        if piece[0] in "[<" or (len(piece) == 1 and piece.isascii() and piece.isalpha()):
            continue
        parts.append(piece.lower() if piece.isascii() else piece)
        offsets.extend(range(m.start(), m.end()))
    return Normalised("".join(parts), tuple(offsets))


def _expand_english(token: str) -> str:
    word = token.lower().replace("\u2019", "'")
    if word in _EN_WHOLE:
        return _EN_WHOLE[word]
    if "'" in word:
        for suffix, replacement in _EN_SUFFIXES:
            if word.endswith(suffix):
                return word[: -len(suffix)] + replacement
        return word.replace("'", "")
    return word


def english_words(text: str) -> Normalised:
    parts: list[str] = []
    offsets: list[int] = []
    for m in _EN_TOKENS.finditer(text):
        start, end = m.span()
        word = _expand_english(m.group())
        if parts:
            parts.append(" ")
            offsets.append(start)
        parts.append(word)
        last = end - 1
        offsets.extend(min(start + j, last) for j in range(len(word)))
    return Normalised("".join(parts), tuple(offsets))


NORMALISERS = {"compact": compact_korean, "words": english_words}
