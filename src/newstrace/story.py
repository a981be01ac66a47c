"""Story similarity: are two articles about the same news story, in any language?

``story_similarity(a, b)`` returns a score in [0, 1] that estimates how similar the stories of two
articles are, on the scale of the SemEval-2022 Task 8 "Overall" rating mapped linearly (rating 1
"very similar" -> 1.0, rating 4 "very dissimilar" -> 0.0). On the held-out half of those pairs its
Pearson correlation with the human rating is 0.74 (``newstrace eval story``). It combines:

- multilingual sentence embeddings (:mod:`newstrace.embed`, USE multilingual v3): the title + lead,
  the first few thousand characters, a position-weighted mean of the sentence vectors, and a
  sentence-level alignment (each sentence's best match in the other article, averaged both ways);
- for two articles in the same language, lexical overlap of content words, names and numbers
  (numbers are compared in any language: embeddings barely see them).

The combination is a generalised additive model: one non-decreasing piecewise-linear function per
feature (values at fixed knots, linear in between, flat outside), summed, clipped to [0, 1]. The
tables in :data:`MODEL` were fitted on the SemEval training half with ``newstrace eval story --fit``
and are constants, so the score is deterministic and each feature's share of a score can be shown
(:func:`contributions`). Non-decreasing means a pair that is more alike on any feature never scores
lower: identical texts score about 0.99, unrelated ones about 0.05. (A free-shape fit reaches 0.755
on the held-out half but learns that near-identical texts are dissimilar — SemEval has scraping
failures, identical cookie-wall pages rated "very dissimilar" — which a copy detector cannot use.)
The module is pure apart from the cached embedding model.

A copy is also "the same story": this score does not separate copies from independent coverage
(sentence alignment does that, in :mod:`newstrace.align`). It separates the same story from other
stories, and backs the translation decision: a translation is the same story in another language
whose sentences align almost one to one (``StoryFeatures.align`` near the same-language level).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from . import embed as _embed
from .text import STOPWORDS, content_words, cut_long, fold, sentences, words

MAX_SENTENCES = 40
"""At most this many sentences of an article are embedded (the lead carries the story)."""
MAX_SENTENCE_CHARS = 400
"""Longer 'sentences' (unpunctuated runs, lists) are cut into pieces of about this size."""
LEAD_CHARS = 800
"""Title + lead: the first this many characters (a title and two or three sentences)."""
HEAD_CHARS = 5000
"""The 'head' view: the first this many characters embedded as one text."""
WINDOW = 3
"""``window_max`` compares windows of this many consecutive sentences."""

FEATURES_VERSION = "1"
"""Changes whenever a feature's definition changes (invalidates cached features)."""

FEATURES = (
    "lead",
    "head",
    "doc",
    "align",
    "align_lead",
    "window_max",
    "lex_words",
    "lex_names",
    "lex_numbers",
    "same_lang",
)

# Generalised additive model: feature -> (knots, values). Fitted by ``newstrace eval story --fit``
# on the SemEval-2022 Task 8 training half (1,283 pairs, less the 17 where a text is a cookie or
# bot-check wall that extraction would skip); see that command for the procedure.
MODEL_BIAS = 0.4019
MODEL: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "lead": (
        (-0.0618, 0.2139, 0.3501, 0.5091, 0.6523, 0.9629),
        (-0.0948, -0.0948, -0.0948, -0.0359, 0.1714, 0.2325),
    ),
    "head": (
        (-0.0618, 0.2288, 0.3704, 0.5345, 0.6759, 0.9648),
        (-0.0473, -0.0473, -0.0473, 0.0051, 0.0748, 0.0757),
    ),
    "doc": (
        (-0.0586, 0.1775, 0.3273, 0.4926, 0.6404, 0.9392),
        (-0.0312, -0.0312, -0.0312, -0.0208, 0.0607, 0.0844),
    ),
    "align": (
        (0.0402, 0.1679, 0.2453, 0.3326, 0.4233, 0.938),
        (-0.0306, -0.0306, 0.0135, 0.0135, 0.0135, 0.0135),
    ),
    "align_lead": (
        (0.0319, 0.1694, 0.2528, 0.3486, 0.4556, 0.9332),
        (-0.1168, -0.1168, -0.0061, 0.0686, 0.0775, 0.0775),
    ),
    "window_max": (
        (0.0222, 0.2286, 0.3567, 0.4952, 0.631, 1.0),
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ),
    "lex_words": (
        (0.0, 0.0599, 0.1848, 0.3462, 0.9562),
        (0.0, 0.0, 0.0, 0.0, 0.0),
    ),
    "lex_names": (
        (0.0, 0.0377, 0.0882, 0.1754, 1.0),
        (-0.0328, -0.0328, 0.0341, 0.0341, 0.0341),
    ),
    "lex_numbers": (
        (0.0, 0.2, 1.0),
        (-0.004, -0.004, 0.0726),
    ),
    "same_lang": (
        (0.0, 1.0),
        (0.0, 0.0),
    ),
}

SAME_STORY_THRESHOLD = 0.626
"""``is_same_story`` is true at or above this score (chosen on the SemEval training half as the
best F1 for telling pairs rated Overall <= 1.5, "very similar", from the rest)."""

# The quick model: the title + lead embedding and the shared names and numbers only, for the linker,
# which checks every pair it would call the same story (one embedding of 800 characters per article,
# about an eighth of the full model's cost). Fitted with ``newstrace eval story --fit`` (printed as
# ``fitted_quick``) on the same pairs; ``lex_words`` got no weight and is left out. On the testing half
# its same-story F1 (0.657) equals the full model's; its Pearson is 0.725.
QUICK_FEATURES = ("lead", "lex_names", "lex_numbers", "same_lang")
QUICK_MODEL_BIAS = 0.4025
QUICK_MODEL: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "lead": (
        (-0.0618, 0.2149, 0.3503, 0.5094, 0.6531, 0.9629),
        (-0.2818, -0.2818, -0.1994, 0.0461, 0.3642, 0.493),
    ),
    "lex_names": (
        (0.0, 0.0377, 0.0882, 0.1759, 1.0),
        (-0.0424, -0.0424, 0.0439, 0.0439, 0.0439),
    ),
    "lex_numbers": (
        (0.0, 0.2, 1.0),
        (-0.0068, 0.002, 0.0823),
    ),
    "same_lang": (
        (0.0, 1.0),
        (0.0, 0.0),
    ),
}
QUICK_THRESHOLD = 0.664
"""The quick score at or above which two articles are the same story (chosen as
:data:`SAME_STORY_THRESHOLD` was, for the quick model)."""

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_EXTRA_SENT_RE = re.compile(r"(?<=[。！？!?؟])\s*")
_CAP_RE = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_NUM_RE = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What the score is made of. Cosines are in [-1, 1]; overlaps in [0, 1].

    ``lead``: cosine of the title + lead embeddings. ``head``: cosine of the first
    :data:`HEAD_CHARS` characters embedded whole. ``doc``: cosine of the position-weighted mean
    sentence vectors (weight 1/sqrt(1 + position)). ``align``: position-weighted mean of each
    sentence's best-match cosine in the other article, averaged both ways. ``align_lead``: the same
    over the first three sentences. ``window_max``: best cosine between windows of
    :data:`WINDOW` sentences. ``lex_words``: cosine of content-word counts (same language, else 0).
    ``lex_names``: Jaccard of capitalised names (Latin/Cyrillic/Greek scripts; any language pair).
    ``lex_numbers``: Jaccard of numbers of two digits or more. ``same_lang``: 1 when both articles
    are in the same language.
    """

    lead: float
    head: float
    doc: float
    align: float
    align_lead: float
    window_max: float
    lex_words: float
    lex_names: float
    lex_numbers: float
    same_lang: int

    def to_json(self) -> dict[str, float]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    def vector(self) -> list[float]:
        return [float(getattr(self, k)) for k in FEATURES]

    @classmethod
    def from_vector(cls, v: list[float]) -> StoryFeatures:
        vals: dict[str, Any] = dict(zip(FEATURES, v, strict=True))
        vals["same_lang"] = int(vals["same_lang"])
        return cls(**vals)


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """An article prepared for story comparison: embeddings and lexical profile."""

    lang: str | None
    lead_vec: np.ndarray
    head_vec: np.ndarray
    doc_vec: np.ndarray
    sent_vecs: np.ndarray  # (n_sentences, 512), rows normalised
    window_vecs: np.ndarray  # (n_windows, 512), rows normalised
    word_counts: Counter[str]
    names: frozenset[str]
    nums: frozenset[str]


def detect_lang(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None for empty text."""
    if not text.strip():
        return None
    import py3langid

    lang, _ = py3langid.classify(text[:2000])
    return str(lang)


def story_sentences(text: str) -> list[str]:
    """Sentences for embedding: :func:`newstrace.text.sentences`, also split after CJK and Arabic
    end marks, long runs cut into pieces; at most :data:`MAX_SENTENCES`."""
    out: list[str] = []
    for span in sentences(text):
        for piece in _EXTRA_SENT_RE.split(span.text):
            out.extend(part for _, part in cut_long(piece.strip(), MAX_SENTENCE_CHARS))
        if len(out) >= MAX_SENTENCES:
            break
    return [s for s in out if s][:MAX_SENTENCES]


def _lexical(text: str) -> tuple[Counter[str], frozenset[str], frozenset[str]]:
    """Content-word counts (CJK: character bigrams), names and numbers of a text."""
    folded = fold(text)
    nums = frozenset(n.replace(",", "").replace(".", "") for n in _NUM_RE.findall(folded) if len(n) > 1)
    names = frozenset(
        w.lower()[:5]
        for w in _CAP_RE.findall(folded)
        if len(w) > 2 and w[0].isupper() and w.lower() not in STOPWORDS
    )
    if _CJK_RE.search(folded):
        chars = [c for c in folded if _CJK_RE.match(c)]
        counts = Counter("".join(chars[i : i + 2]) for i in range(len(chars) - 1))
    else:
        counts = Counter(t[:6] for t in content_words(words(folded)))  # a 6-letter prefix as stem
    return counts, names, nums


def _normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(n, 1e-12)).astype(np.float32)


def _position_weights(n: int) -> np.ndarray:
    return 1.0 / np.sqrt(1.0 + np.arange(n, dtype=np.float32))


def prepare(texts: list[str], langs: list[str | None] | None = None) -> list[StoryDoc]:
    """Prepare many articles at once (one batched embedding call for all their sentences).

    ``texts`` are best given as title + body. Languages are detected where not given.
    """
    langs = list(langs) if langs is not None else [None] * len(texts)
    all_sents = [story_sentences(t) or [t.strip() or "-"] for t in texts]
    views = [t.strip()[:LEAD_CHARS] for t in texts] + [t.strip()[:HEAD_CHARS] for t in texts]
    flat = [s for sents in all_sents for s in sents]
    vecs = _embed.embed(views + flat)
    n = len(texts)
    lead_vecs, head_vecs, sent_all = vecs[:n], vecs[n : 2 * n], vecs[2 * n :]
    docs: list[StoryDoc] = []
    pos = 0
    for i, text in enumerate(texts):
        sv = sent_all[pos : pos + len(all_sents[i])]
        pos += len(all_sents[i])
        w = _position_weights(len(sv))
        doc_vec = _normalise((sv * w[:, None]).sum(axis=0))
        if len(sv) <= WINDOW:
            windows = _normalise(sv.mean(axis=0, keepdims=True))
        else:
            csum = np.cumsum(np.vstack([np.zeros((1, sv.shape[1]), np.float32), sv]), axis=0)
            windows = _normalise(csum[WINDOW:] - csum[:-WINDOW])
        counts, names, nums = _lexical(text)
        docs.append(
            StoryDoc(
                lang=langs[i] or detect_lang(text),
                lead_vec=lead_vecs[i],
                head_vec=head_vecs[i],
                doc_vec=doc_vec,
                sent_vecs=sv,
                window_vecs=windows,
                word_counts=counts,
                names=names,
                nums=nums,
            )
        )
    return docs


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _count_cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def compare(a: StoryDoc, b: StoryDoc) -> StoryFeatures:
    """The features of a pair of prepared articles (symmetric)."""
    sim = a.sent_vecs @ b.sent_vecs.T
    best_a, best_b = sim.max(axis=1), sim.max(axis=0)
    wa, wb = _position_weights(len(best_a)), _position_weights(len(best_b))
    align = 0.5 * (float((best_a * wa).sum() / wa.sum()) + float((best_b * wb).sum() / wb.sum()))
    align_lead = 0.5 * (float(best_a[:3].mean()) + float(best_b[:3].mean()))
    same = int(a.lang is not None and a.lang == b.lang)
    return StoryFeatures(
        lead=_embed.cosine(a.lead_vec, b.lead_vec),
        head=_embed.cosine(a.head_vec, b.head_vec),
        doc=_embed.cosine(a.doc_vec, b.doc_vec),
        align=align,
        align_lead=align_lead,
        window_max=float((a.window_vecs @ b.window_vecs.T).max()),
        lex_words=_count_cosine(a.word_counts, b.word_counts) if same else 0.0,
        lex_names=_jaccard(a.names, b.names),
        lex_numbers=_jaccard(a.nums, b.nums),
        same_lang=same,
    )


def contributions(
    f: StoryFeatures,
    model: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] | None = None,
) -> dict[str, float]:
    """Each feature's share of the score (before the bias and the clip to [0, 1])."""
    model = MODEL if model is None else model
    out: dict[str, float] = {}
    for name, (knots, values) in model.items():
        out[name] = float(np.interp(float(getattr(f, name)), knots, values))
    return out


def score_features(
    f: StoryFeatures,
    model: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] | None = None,
    bias: float | None = None,
) -> float:
    """The story-similarity score of a pair's features, in [0, 1]."""
    s = (MODEL_BIAS if bias is None else bias) + sum(contributions(f, model).values())
    return max(0.0, min(1.0, s))


@dataclass(frozen=True, slots=True)
class StoryLead:
    """What the quick model reads of an article: its title + lead embedding, names and numbers."""

    lang: str | None
    lead_vec: np.ndarray
    names: frozenset[str]
    nums: frozenset[str]


def prepare_lead(text: str, lang: str | None = None) -> StoryLead:
    """An article (title + body) prepared for :func:`quick_similarity`: one embedding."""
    _counts, names, nums = _lexical(text)
    vec = _embed.embed([text.strip()[:LEAD_CHARS]])[0]  # as prepare() embeds the lead
    return StoryLead(lang or detect_lang(text), vec, names, nums)


def quick_similarity(a: StoryLead, b: StoryLead) -> float:
    """The quick model's story similarity of two prepared articles, in [0, 1] (see
    :data:`QUICK_MODEL`): the same scale as :func:`story_similarity`, from fewer features."""
    same = int(a.lang is not None and a.lang == b.lang)
    f = StoryFeatures(lead=_embed.cosine(a.lead_vec, b.lead_vec), head=0.0, doc=0.0, align=0.0,
                      align_lead=0.0, window_max=0.0, lex_words=0.0, lex_names=_jaccard(a.names, b.names),
                      lex_numbers=_jaccard(a.nums, b.nums), same_lang=same)
    return score_features(f, QUICK_MODEL, QUICK_MODEL_BIAS)


@lru_cache(maxsize=512)
def _prepared(text: str, lang: str | None) -> StoryDoc:
    return prepare([text], [lang])[0]


def story_features(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None) -> StoryFeatures:
    """Features of two article texts (title + body as one string is best)."""
    return compare(_prepared(a, lang_a), _prepared(b, lang_b))


def story_similarity(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None) -> float:
    """How much two articles tell the same story, in [0, 1] (1 = same story, 0 = unrelated).

    Languages are detected when not given; content-word overlap counts only within one language.
    """
    return score_features(story_features(a, b, lang_a, lang_b))


def is_same_story(
    a: str,
    b: str,
    lang_a: str | None = None,
    lang_b: str | None = None,
    threshold: float = SAME_STORY_THRESHOLD,
) -> bool:
    """True when :func:`story_similarity` reaches ``threshold``."""
    return story_similarity(a, b, lang_a, lang_b) >= threshold
