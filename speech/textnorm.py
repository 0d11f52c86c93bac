"""From the Korean model's pieces to text people read.

The small Korean Vosk model writes morpheme-like pieces ("먹 었 어요", "후 로") and now and then
junk tokens ("[2]", "%", "X", "<unk>"). We keep the pieces (text_raw, and the words with their
times, which the risk flags match against) and build a readable form by gluing particles and
verb endings to the piece before them. A full morphological spacer (kiwipiepy's Kiwi.space) does
this better but costs ~3 s and ~500 MB per worker process, too much beside a 300 MB model in
every pool worker; the glue list below is cheap and good enough for a reader — matching never
depends on spaces anyway.
"""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_USEFUL = re.compile(r"[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]")

# Pieces that never stand alone in written Korean: case particles, copula and verb endings,
# honorific/tense infixes the model splits off. Glued to the previous piece.
BOUND_PIECES = frozenset(
    """
    은 는 이 가 을 를 의 에 에서 에게 에게서 한테 한테서 께 께서 로 으로 와 과 랑 이랑 도 만 까지 부터 보다 처럼 요
    이요 야 이야 아 어 여 아요 어요 여요 해요 예요 에요 이에요 였어요 았어요 었어요 았 었 였 겠 시 으시 셨 으셨
    셔 셔서 세요 으세요 십니다 습니다 ㅂ니다 니다 다 는다 ㄴ다 네 네요 고 서 아서 어서 면 으면 니까 으니까 는데 은데
    ㄴ데 지 죠 지요 게 까 나 냐 래 래요 대 대요 잖아 잖아요 거든 거든요 라 라고 다고 자 ㄹ 을까 ㄹ까 을게 ㄹ게
    을래 ㄹ래 던 은 는지 인지 기 음 ㅁ 들 적 님
    """.split()
)


def is_junk(token: str) -> bool:
    """True for tokens that carry no speech: "[2]", "%", "X", "<unk>", "[noise]", lone Latin letters."""
    if not token or (token.startswith("[") and token.endswith("]")) or token.startswith("<"):
        return True
    if not _USEFUL.search(token):
        return True
    return len(token) == 1 and token.isascii() and token.isalpha()


def clean_pieces(pieces: list[str]) -> list[str]:
    return [p for p in pieces if not is_junk(p)]


def join_pieces(pieces: list[str]) -> str:
    """Readable form: bound pieces glued to the word before them ("밥 을 못 먹 었 어요" -> "밥을 못 먹었어요")."""
    words: list[str] = []
    for piece in pieces:
        if words and piece in BOUND_PIECES and _HANGUL.search(words[-1][-1]):
            words[-1] += piece
        else:
            words.append(piece)
    return " ".join(words)
