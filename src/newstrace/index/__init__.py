"""Candidate retrieval: which stored articles are worth aligning with a new one.

An index maps features (see ``fingerprint``) to the articles that contain them. A look-up takes
the article's ``anchor_features`` rarest features (by document frequency, ignoring features that
occur in more than ``max_feature_df`` of the corpus), reads their posting lists, and keeps the
articles that share at least ``min_shared_anchors`` of them, best first. Cost per look-up is
bounded by the anchors' posting lists, which are short by construction (rare features), so it
grows sub-linearly with the corpus, never as all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ..settings import Settings


class FeatureIndex(Protocol):
    def n_docs(self) -> int: ...

    def doc_freqs(self, feats: list[int]) -> dict[int, int]: ...

    def postings(self, feats: list[int]) -> dict[int, list[int]]: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    article_id: int
    shared: int  # anchors shared
    containment: float  # shared / anchors of the smaller side (approximated by the query's)


def df_cap(n_docs: int, settings: Settings) -> int:
    """The highest document frequency a usable feature may have in a corpus of ``n_docs``."""
    return max(settings.min_df_cap, int(settings.max_feature_df * n_docs))


def anchor_df_ceiling(n_docs: int, settings: Settings) -> int:
    """The highest document frequency any anchor may have (:func:`select_anchors`' fallback)."""
    return max(df_cap(n_docs, settings), settings.fallback_anchor_df)


def select_anchors(
    feats: list[int], dfs: dict[int, int], n_docs: int, settings: Settings, *, self_indexed: bool = False
) -> list[int]:
    """The rarest features that occur in at least one other article and are not too common.

    An article left with fewer than a quarter of ``anchor_features`` such features (every word of
    a story copied by hundreds of sites is common) is filled up with its rarest features found in
    up to ``fallback_anchor_df`` articles: without them its copies would never be compared.

    ``self_indexed``: the query article is already in the index, so its own features count once.
    """
    cap = df_cap(n_docs, settings)
    low = 2 if self_indexed else 1
    usable = [f for f in feats if low <= dfs.get(f, 0) <= cap]
    usable.sort(key=lambda f: (dfs[f], f))
    if len(usable) < settings.anchor_features // 4:
        ceiling = anchor_df_ceiling(n_docs, settings)
        common = [f for f in feats if cap < dfs.get(f, 0) <= ceiling]
        common.sort(key=lambda f: (dfs[f], f))
        usable += common[: settings.anchor_features - len(usable)]
    return usable[: settings.anchor_features]


def anchors_of(index: FeatureIndex, feats: list[int], settings: Settings, *,
               self_indexed: bool = False) -> list[int]:
    """The anchors a look-up of ``feats`` uses in ``index`` (:func:`select_anchors`)."""
    return select_anchors(feats, index.doc_freqs(feats), index.n_docs(), settings, self_indexed=self_indexed)


def candidates(
    index: FeatureIndex,
    feats: list[int],
    settings: Settings,
    exclude: set[int] | None = None,
    *,
    self_indexed: bool = False,
    anchors: list[int] | None = None,
) -> list[Candidate]:
    """Articles sharing enough rare features with ``feats`` (best first, at most max_candidates).
    ``anchors``: the look-up's anchors when already chosen (:func:`anchors_of`)."""
    exclude = exclude or set()
    if anchors is None:
        anchors = anchors_of(index, feats, settings, self_indexed=self_indexed)
    if not anchors:
        return []
    counts: Counter[int] = Counter()
    for ids in index.postings(anchors).values():
        for i in ids:
            if i not in exclude:
                counts[i] += 1
    return keep_candidates(counts.items(), len(anchors), settings)


def keep_candidates(shared: Iterable[tuple[int, int]], n_anchors: int, settings: Settings) -> list[Candidate]:
    """The candidate rule: of the articles sharing ``(article id, anchors shared)`` with a query of
    ``n_anchors`` anchors, those sharing at least ``min_shared_anchors`` (at most half the anchors)
    and ``min_candidate_containment`` of them, most shared first, at most ``max_candidates``."""
    need = max(1, min(settings.min_shared_anchors, n_anchors // 2))
    out = [
        Candidate(i, c, c / n_anchors)
        for i, c in shared
        if c >= need and c / n_anchors >= settings.min_candidate_containment
    ]
    out.sort(key=lambda c: (-c.shared, c.article_id))
    return out[: settings.max_candidates]


def reverse_candidates(hits: Iterable[tuple[int, int, int]], settings: Settings,
                       exclude: set[int] | None = None) -> list[Candidate]:
    """The articles whose own look-up (with the anchors recorded when they were linked) would keep a
    new article as a candidate: from ``(article id, its anchors the new article holds, its number of
    anchors)``, the :func:`keep_candidates` rule applied from each article's side; best first, at
    most ``max_candidates``."""
    exclude = exclude or set()
    out = []
    for aid, shared, n in hits:
        if aid in exclude or n <= 0:
            continue
        kept = keep_candidates([(aid, shared)], n, settings)
        if kept:
            out.append(kept[0])
    out.sort(key=lambda c: (-c.shared, c.article_id))
    return out[: settings.max_candidates]


class MemoryIndex:
    """An in-memory inverted index (for `link FILE.jsonl` and tests)."""

    def __init__(self) -> None:
        self._post: dict[int, list[int]] = {}
        self._n = 0

    def add(self, article_id: int, feats: list[int]) -> None:
        self._n += 1
        for f in feats:
            self._post.setdefault(f, []).append(article_id)

    def n_docs(self) -> int:
        return self._n

    def doc_freqs(self, feats: list[int]) -> dict[int, int]:
        return {f: len(self._post.get(f, ())) for f in feats}

    def postings(self, feats: list[int]) -> dict[int, list[int]]:
        return {f: self._post.get(f, []) for f in feats}
