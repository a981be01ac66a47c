"""Signatures for candidate search. Pure and deterministic.

An article's features are the distinct content words of its text (stop words removed) and its
numbers, each hashed to a stable signed 64-bit integer (blake2b), so that the same word gives the
same feature in every process, run and machine. Machine paraphrase swaps some content words but
keeps names, numbers and most rare words; an index over these features therefore finds spun
copies whose word 5-gram Jaccard with the source is far below any near-duplicate threshold.
"""

from __future__ import annotations

import hashlib

from .text import content_words, numbers, words

MIN_FEATURE_CHARS = 3
"""Content words shorter than this are not features (too ambiguous to be anchors)."""


def feature_hash(token: str) -> int:
    """Stable signed 64-bit hash of a token (fits SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def feature_tokens(text: str) -> set[str]:
    """The distinct tokens used as features: content words and numbers."""
    toks = {t for t in content_words(words(text)) if len(t) >= MIN_FEATURE_CHARS or t.isdigit()}
    toks.update("#" + n for n in numbers(text) if len(n) >= 2)
    return toks


def features(text: str) -> list[int]:
    """Sorted distinct feature hashes of a text."""
    return sorted({feature_hash(t) for t in feature_tokens(text)})
