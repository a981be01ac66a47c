"""Sentence alignment of a copy against a source. Pure and deterministic.

The alignment answers: which sentences of the copy come from which sentences of the source, how
much was changed in each, and whether the order was kept. It works in three passes:

1. a monotone pass (weighted longest common subsequence over the sentence similarity matrix)
   finds the sentences copied in order — the backbone of verbatim and spun copies;
2. a free pass matches the remaining copy sentences to any unused source sentence, which catches
   moved paragraphs;
3. a containment pass matches what is left when a copy sentence is a piece of one source
   sentence (a sentence split) or the copy merged two.

Similarity (``sentence_similarity``) is the larger of the character similarity of the folded
texts and the mean of two Dice coefficients (content words; all words). Machine paraphrase swaps
content words but keeps most function words, names and numbers, so the Dice mean stays high for
spun sentences while two independent sentences about the same fact share few words.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .model import AlignedPair, Alignment, PairKind
from .settings import Settings
from .text import content_words, fold, sentences, strip_quoted, words

_PROSE_END = re.compile(r"[.!?…][\"'\u201d\u2019\u00bb)\]]*$")


@dataclass(frozen=True, slots=True)
class Sent:
    """A sentence prepared for comparison."""

    index: int
    text: str
    folded: str
    words: frozenset[str]
    content: frozenset[str]
    n_content: int  # content word tokens, repeats counted (coverage weights)
    own_words: frozenset[str]  # words outside quote marks
    own_content: frozenset[str]  # content words outside quote marks
    tokens: tuple[str, ...]  # the words in order (for word-level change counts)
    prose: bool  # ends like a sentence (not a list item, heading or table row)


STEM_LANGS = frozenset({"tr", "az", "fi", "hu", "et"})
"""Agglutinative languages: they chain case, number and possessive endings onto a stem ("Kore'de",
"Kore'deki"; "ülkede", "ülkelerinde"), so a paraphrase that changes an ending changes the word.
Their content words are compared by their first :data:`STEM_CHARS` letters (truncation stemming,
the usual light stemmer in Turkish retrieval); the Dice of all words keeps the words as written, so
that two local reports told in one agency's stock phrases ("İhbar üzerine olay yerine ... ekipleri")
do not read as copies (stemming every word linked two such Turkish reports in the SemEval texts).
Real machine round trips of Turkish articles found as copies: 13 -> 17 of 28
(``newstrace eval round-trips``)."""
STEM_CHARS = 5


def prepare(text: str, lang: str | None = None) -> list[Sent]:
    """Split into sentences and precompute what comparison needs (``lang``: the text's language,
    ``tr`` or ``tr-TR`` ..., for :data:`STEM_LANGS`)."""
    stem = (lang or "").replace("_", "-").split("-")[0].lower() in STEM_LANGS

    def compared(ws: list[str]) -> list[str]:
        return [w[:STEM_CHARS] for w in ws] if stem else ws

    out = []
    for i, span in enumerate(sentences(text)):
        toks = words(span.text)
        cw = compared(content_words(toks))
        own = words(strip_quoted(span.text))
        out.append(
            Sent(
                index=i,
                text=span.text,
                folded=fold(span.text).lower(),
                words=frozenset(toks),
                content=frozenset(cw),
                n_content=max(1, len(cw)),
                own_words=frozenset(own),
                own_content=frozenset(compared(content_words(own))),
                tokens=tuple(toks),
                prose=bool(_PROSE_END.search(span.text)),
            )
        )
    return out


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def sentence_similarity(a: Sent, b: Sent) -> float:
    """Similarity of two sentences in [0, 1]; 1 means identical after folding."""
    if a.folded == b.folded:
        return 1.0
    lexical = 0.5 * (_dice(a.content, b.content) + _dice(a.words, b.words))
    if lexical < 0.2:
        return lexical
    char = fuzz.ratio(a.folded, b.folded) / 100.0
    return max(lexical, char)


def is_evidence(a: Sent, b: Sent, settings: Settings) -> bool:
    """Whether an aligned pair counts as evidence of copying.

    Independent reports quote the same people word for word, so only the words *outside* quote
    marks count: the copy sentence needs ``min_sentence_words`` content words of its own, and
    those parts of the two sentences must still match (similarity >= ``sentence_match_min``).
    Lines that are not prose (no closing punctuation: list items, table rows) count only when
    copied character for character: independent reports share lists of dates, venues or results,
    but format them their own way. A site's template sentences (cookie notices, sign-ups,
    disclaimers) never count: two articles of one site share them.
    """
    if len(b.own_content) < settings.min_sentence_words:
        return False
    if a.folded == b.folded:
        return not _template(b.text)
    if not (a.prose and b.prose):
        return fuzz.ratio(a.folded, b.folded) / 100.0 >= settings.sentence_edit_min and not _template(b.text)
    own = 0.5 * (_dice(a.own_content, b.own_content) + _dice(a.own_words, b.own_words))
    return own >= settings.sentence_match_min and not _template(b.text)


@functools.lru_cache(maxsize=65536)
def _template(sentence: str) -> bool:
    """A cookie notice, sign-in wall, newsletter sign-up or disclaimer (see
    :func:`newstrace.extract.is_template_sentence`): every article of a site may carry it."""
    from .extract import is_template_sentence

    return is_template_sentence(sentence)


def _containment(part: Sent, whole: Sent) -> float:
    """Share of ``part``'s content words found in ``whole``."""
    if not part.content:
        return 0.0
    return len(part.content & whole.content) / len(part.content)


def _pair_kind(sim: float, a: Sent, b: Sent, settings: Settings) -> PairKind:
    if a.folded == b.folded:
        return PairKind.IDENTICAL
    if fuzz.ratio(a.folded, b.folded) / 100.0 >= settings.sentence_edit_min:
        return PairKind.EDITED
    return PairKind.PARAPHRASED


MAX_CANDIDATES_PER_SENTENCE = 32
"""A copy sentence is compared with at most this many source sentences: those sharing the most
content words with it (ties: the nearer its own place in its text). Two long texts of like
sentences (a transcript, a results list) otherwise compared every sentence with every other: 2,000
each took minutes and a gigabyte."""


COMMON_WORD_SENTENCES = 4 * MAX_CANDIDATES_PER_SENTENCE
"""A word found in more source sentences than this does not by itself make a sentence a candidate
(it still counts among the words shared with one): only texts of more sentences are affected, and
counting through such words was the last part of the comparison quadratic in the sentences."""


def _candidate_pairs(src: list[Sent], cpy: list[Sent], min_shared: int) -> dict[tuple[int, int], float]:
    """Similarity of the (source, copy) sentence pairs that share content words (at most
    :data:`MAX_CANDIDATES_PER_SENTENCE` per copy sentence)."""
    by_word: dict[str, list[int]] = {}
    for s in src:
        for w in s.content:
            by_word.setdefault(w, []).append(s.index)
    sims: dict[tuple[int, int], float] = {}
    for c in cpy:
        need = min(min_shared, len(c.content))  # shared words a pair needs (fewer in a short sentence)
        place = c.index * len(src) / max(1, len(cpy))  # where the copy sentence's match would lie
        shared: dict[int, int] = {}
        common = []
        for w in c.content:
            posting = by_word.get(w, ())
            if len(posting) > COMMON_WORD_SENTENCES:
                common.append(w)  # counted below, for the sentences the other words found
                continue
            for i in posting:
                shared[i] = shared.get(i, 0) + 1
        if common:
            for i in shared:
                shared[i] += sum(1 for w in common if w in src[i].content)
        found = [(i, n) for i, n in shared.items() if n >= min(need, len(src[i].content))]
        if common and not found:
            # nothing found through the rarer words: the sentences holding the rarest common word
            # that lie nearest the copy sentence's place in its text (long texts of repeated lines)
            posting = min((by_word[w] for w in common), key=len)
            most = MAX_CANDIDATES_PER_SENTENCE
            lo = max(0, min(bisect.bisect_left(posting, int(place)) - most // 2, len(posting) - most))
            near = ((i, len(c.content & src[i].content)) for i in posting[lo : lo + most])
            found = [(i, n) for i, n in near if n >= min(need, len(src[i].content))]
        if len(found) > MAX_CANDIDATES_PER_SENTENCE:
            best = sorted(found, key=lambda f: (-f[1], abs(f[0] - place), f[0]))
            kept = {i for i, _ in best[:MAX_CANDIDATES_PER_SENTENCE]}
            found = [f for f in found if f[0] in kept]
        for i, _ in found:
            sims[(i, c.index)] = sentence_similarity(src[i], c)
    return sims


def _monotone(
    n_src: int, n_cpy: int, sims: dict[tuple[int, int], float], tau: float, margin: float | None = None
) -> list[tuple[int, int]]:
    """Pairs on the best order-preserving chain (weighted LCS over pairs with sim >= tau).

    Each pair weighs ``sim - (tau - margin)``: a pair barely over ``tau`` weighs about ``margin``, so
    the chain does not take two doubtful pairs over one clear pair that crosses them (which the
    moved-sentence pass then keeps). ``margin`` None (or ``tau``) sums the raw similarities.

    A weighted longest increasing subsequence over the pairs sorted by source index, strictly
    increasing in both indices: each pair takes the best chain ending in an earlier source sentence
    and an earlier copy sentence (ties: the pair first in that order, up to float rounding of equal
    totals), found in a Fenwick tree of prefix maxima over copy indices, so O(k log n) in the k good
    pairs. (Comparing every pair with every other took O(k^2): two long texts of similar sentences,
    200 each, took a minute.)"""
    floor = 0.0 if margin is None else max(0.0, tau - margin)
    good = sorted((i, j, max(s - floor, 1e-6)) for (i, j), s in sims.items() if s >= tau)
    if not good:
        return []
    k = len(good)
    best = [0.0] * k
    prev = [-1] * k
    # Fenwick tree over copy indices 1..n_cpy: (chain weight, -pair index) of the best chain ending at
    # a copy index <= the node's range; compared as tuples, so equal weights prefer the earlier pair
    size = max(n_cpy, max(j for _, j, _ in good) + 1)
    tree: list[tuple[float, int]] = [(-1.0, 0)] * (size + 1)

    def query(j: int) -> tuple[float, int]:  # best over copy indices < j
        out = (-1.0, 0)
        while j > 0:
            if tree[j] > out:
                out = tree[j]
            j -= j & -j
        return out

    def update(j: int, val: tuple[float, int]) -> None:  # at copy index j
        j += 1
        while j <= size:
            if val > tree[j]:
                tree[j] = val
            j += j & -j

    x = 0
    while x < k:
        group_end = x
        while group_end < k and good[group_end][0] == good[x][0]:
            group_end += 1
        for y in range(x, group_end):  # pairs of one source sentence never chain with each other
            _, j, s = good[y]
            w, neg = query(j)
            if w > 0:
                best[y], prev[y] = w + s, -neg
            else:
                best[y] = s
        for y in range(x, group_end):
            update(good[y][1], (best[y], -y))
        x = group_end
    x = max(range(k), key=lambda t: best[t])
    chain = []
    while x >= 0:
        chain.append((good[x][0], good[x][1]))
        x = prev[x]
    return chain[::-1]


def align(source_text: str, copy_text: str, settings: Settings | None = None) -> Alignment:
    """Align ``copy_text`` against ``source_text`` (see the module docstring)."""
    settings = settings or Settings()
    return align_prepared(prepare(source_text), prepare(copy_text), settings)


def align_prepared(src: list[Sent], cpy: list[Sent], settings: Settings) -> Alignment:
    """Align prepared sentences of one language (lexical similarity)."""
    return _align(
        src,
        cpy,
        _candidate_pairs(src, cpy, settings.sentence_min_shared_words),
        settings,
        settings.sentence_match_min,
        lexical=True,
    )


def align_translation(
    src: list[Sent], cpy: list[Sent], src_vecs: Any, cpy_vecs: Any, settings: Settings
) -> Alignment:
    """Align sentences of two languages by the cosine of their multilingual embeddings.

    ``src_vecs``/``cpy_vecs``: L2-normalised rows, one per sentence. Pairs at or above
    ``translation_sentence_min`` are candidates; the same monotone and free passes decide.
    Matched pairs are of kind ``translated``.
    """
    import numpy as np

    sims: dict[tuple[int, int], float] = {}
    if len(src) and len(cpy):
        m = np.asarray(src_vecs) @ np.asarray(cpy_vecs).T
        for i, j in zip(*np.nonzero(m >= settings.translation_sentence_min), strict=True):
            sims[(int(i), int(j))] = float(m[i, j])
    return _align(src, cpy, sims, settings, settings.translation_sentence_min, lexical=False)


def _align(
    src: list[Sent],
    cpy: list[Sent],
    sims: dict[tuple[int, int], float],
    settings: Settings,
    tau: float,
    *,
    lexical: bool,
) -> Alignment:
    chain = _monotone(len(src), len(cpy), sims, tau, settings.sentence_chain_margin)
    match: dict[int, tuple[int, float]] = {j: (i, sims[(i, j)]) for i, j in chain}
    used_src = {i for i, _ in chain}

    # Pass 2: moved sentences, best first.
    rest = sorted(
        ((s, i, j) for (i, j), s in sims.items() if s >= tau and j not in match and i not in used_src),
        reverse=True,
    )
    for s, i, j in rest:
        if j in match or i in used_src:
            continue
        match[j] = (i, s)
        used_src.add(i)

    # Pass 3: splits and merges — a copy sentence contained in a source sentence or vice versa.
    candidates: dict[int, list[int]] = {}
    for i, j in sims if lexical else ():
        candidates.setdefault(j, []).append(i)
    for c in cpy:
        if not lexical or c.index in match or len(c.content) < settings.min_sentence_words:
            continue
        best: tuple[float, int] | None = None
        for i in sorted(candidates.get(c.index, ())):
            contain = max(_containment(c, src[i]), _containment(src[i], c))
            if contain >= 0.8 and (best is None or contain > best[0]):
                best = (contain, i)
        if best is not None:
            sim = max(sims[(best[1], c.index)], tau)
            match[c.index] = (best[1], sim)
            used_src.add(best[1])

    in_order = {j for _, j in chain}
    closing = _closing_block(match, cpy, len(src), settings)
    outside_evidence = outside_words = 0
    pairs: list[AlignedPair] = []
    matched_src: set[int] = set()
    kinds: list[PairKind] = []
    evidence = 0
    evidence_words = 0
    evidence_sim = 0.0
    changed_words = 0
    copied_words = 0
    sim_sum = 0.0
    copy_cov = 0
    for c in cpy:
        if c.index in match:
            i, sim = match[c.index]
            kind = _pair_kind(sim, src[i], c, settings) if lexical else PairKind.TRANSLATED
            copied_words += len(c.tokens)
            if lexical and kind is not PairKind.IDENTICAL:
                changed_words += _changed_words(src[i].tokens, c.tokens)
            kinds.append(kind)
            matched_src.add(i)
            sim_sum += sim
            copy_cov += c.n_content
            if is_evidence(src[i], c, settings) if lexical else len(c.words) >= settings.min_sentence_words:
                evidence += 1
                evidence_words += len(c.tokens)
                evidence_sim += sim
                if c.index not in closing:
                    outside_evidence += 1
                    outside_words += len(c.tokens)
            pairs.append(AlignedPair(kind, i, c.index, src[i].text, c.text, round(sim, 4)))
        else:
            pairs.append(AlignedPair(PairKind.ADDED, None, c.index, None, c.text, 0.0))
    # Dropped source sentences, placed after the copy sentence that follows their predecessor.
    pairs = _insert_dropped(pairs, src, matched_src)

    n = len(kinds)
    total_src = sum(s.n_content for s in src) or 1
    total_cpy = sum(c.n_content for c in cpy) or 1
    src_cov = sum(src[i].n_content for i in matched_src) / total_src
    all_src = frozenset().union(*(s.content for s in src)) if src else frozenset()
    all_cpy = frozenset().union(*(c.content for c in cpy)) if cpy else frozenset()
    small = min(len(all_src), len(all_cpy)) or 1
    return Alignment(
        pairs=pairs,
        source_sentences=len(src),
        copy_sentences=len(cpy),
        matched=n,
        evidence_matched=evidence,
        source_coverage=min(1.0, src_cov),
        copy_coverage=min(1.0, copy_cov / total_cpy),
        order_agreement=(len(in_order & set(match)) / n) if n else 0.0,
        share_identical=(kinds.count(PairKind.IDENTICAL) / n) if n else 0.0,
        share_edited=(kinds.count(PairKind.EDITED) / n) if n else 0.0,
        share_paraphrased=(kinds.count(PairKind.PARAPHRASED) / n) if n else 0.0,
        mean_similarity=(sim_sum / n) if n else 0.0,
        evidence_similarity=(evidence_sim / evidence) if evidence else 0.0,
        evidence_words=evidence_words,
        word_change=(changed_words / copied_words) if (copied_words and lexical) else (1.0 if n else 0.0),
        word_overlap=len(all_src & all_cpy) / small,
        closing_block=len(closing),
        outside_evidence=outside_evidence,
        outside_evidence_words=outside_words,
    )


def _closing_block(match: dict[int, tuple[int, float]], cpy: list[Sent], n_src: int,
                   settings: Settings) -> set[int]:
    """The copy sentences of an aligned run that ends both texts: from the copy's last sentence (or
    the one before it) backwards, each matched to a source sentence a little before the previous
    one's (at most two skipped), the first within the source's last three; one unmatched copy
    sentence at a time is passed over. Empty when the texts do not end alike, and when they begin
    alike too (one of the first two sentences closely matched, ``partial_min_similarity``, with
    ``min_sentence_words`` content words besides numbers: a headline, a lead)."""
    if any(j in match and match[j][0] <= 1 and match[j][1] >= settings.partial_min_similarity
           and sum(not w.isdigit() for w in cpy[j].content) >= settings.min_sentence_words for j in (0, 1)):
        return set()
    block: set[int] = set()
    lowest = n_src  # the smallest source index in the block so far
    misses = 0
    for j in range(len(cpy) - 1, -1, -1):
        i = match[j][0] if j in match else None
        if i is not None and lowest - 3 <= i < lowest:
            block.add(j)
            lowest, misses = i, 0
        else:
            misses += 1
            if misses > 1:
                break
    return block


def _changed_words(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Words of ``b`` not matched in order in ``a`` (insertions and replacements). House style is
    no change: "per cent" and "percent", British and American spellings count as the same word."""
    a2, b2 = house_style(a), house_style(b)
    sm = difflib.SequenceMatcher(a=a2, b=b2, autojunk=False)
    return len(b2) - sum(block.size for block in sm.get_matching_blocks())


_UK_US = dict(pair.split(":") for pair in (
    "colour:color colours:colors favour:favor favourite:favorite honour:honor labour:labor "
    "neighbour:neighbor neighbours:neighbors behaviour:behavior harbour:harbor rumour:rumor "
    "defence:defense offence:offense licence:license centre:center centres:centers metre:meter "
    "metres:meters kilometres:kilometers theatre:theater programme:program programmes:programs "
    "travelled:traveled travelling:traveling cancelled:canceled modelling:modeling "
    "catalogue:catalog dialogue:dialog grey:gray tyre:tire tyres:tires cheque:check "
    "aluminium:aluminum judgement:judgment ageing:aging manoeuvre:maneuver"
).split())
_ISE_RE = re.compile(r"(\w{3,})is(e|ed|es|ing|ation|ations)$")


@functools.lru_cache(maxsize=65536)
def house_style(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case tokens with spelling conventions folded: "per cent" -> "percent", British
    spellings to American ("colour" -> "color", "organise" -> "organize")."""
    out: list[str] = []
    for t in tokens:
        if t == "cent" and out and out[-1] == "per":
            out[-1] = "percent"
            continue
        t = _UK_US.get(t, t)
        out.append(_ISE_RE.sub(r"\1iz\2", t) if t.endswith(("ise", "ised", "ises", "ising", "isation",
                                                              "isations")) else t)
    return tuple(out)


def _insert_dropped(pairs: list[AlignedPair], src: list[Sent], matched: set[int]) -> list[AlignedPair]:
    """Interleave unmatched source sentences as DROPPED rows near their neighbours."""
    dropped = [s for s in src if s.index not in matched]
    if not dropped:
        return pairs
    out: list[AlignedPair] = []
    di = 0
    for p in pairs:
        if p.source_index is not None:
            while di < len(dropped) and dropped[di].index < p.source_index:
                d = dropped[di]
                out.append(AlignedPair(PairKind.DROPPED, d.index, None, d.text, None, 0.0))
                di += 1
        out.append(p)
    out.extend(AlignedPair(PairKind.DROPPED, d.index, None, d.text, None, 0.0) for d in dropped[di:])
    return out


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """Word-level difference of two sentences as (op, a_words, b_words); op in equal/replace/
    delete/insert. Used by the side-by-side views to highlight swapped words."""
    import difflib

    aw, bw = a.split(), b.split()
    sm = difflib.SequenceMatcher(
        a=[fold(w).lower() for w in aw], b=[fold(w).lower() for w in bw], autojunk=False
    )
    return [(op, " ".join(aw[i1:i2]), " ".join(bw[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes()]
