"""Alterations along a provenance chain, relative to its origin. Pure and deterministic.

Each step of a chain (origin -> A -> B) has its own alterations: what its copy changed in its
direct source (:func:`newstrace.quotes.fidelity`, stored with the edge). A copy that takes its
source word for word has none, yet it prints every change its source made to the origin's quotes,
numbers and names. :func:`carry_alterations` composes the steps' alterations, origin first, into
what each copy prints differently from the origin and which step made the change:

- a change of an earlier step that this step's alterations do not touch is inherited when the copy
  still prints the changed words (a quote of the origin that an earlier copy left out: when the
  copy still lacks it). Where the words are not in the copy because it is a translation, the change
  is inherited when the sentence holding it was translated; in a copy of the same language, words
  no longer there were rewritten or cut, and nothing is claimed;
- an alteration of this step whose source side is the words an earlier step put in is composed
  with that change: back to the origin's words (a quote added, then dropped) it is a revert and
  nothing is left to report; to other words, the earlier change was "changed again";
- this step's other alterations are its own: introduced at this step.

Words are compared as lower-cased word tokens (:func:`newstrace.text.words`), so quote marks,
punctuation and spacing do not count. Nothing is recomputed: only the steps' alterations, their
alignments and the copies' texts are read.
"""

from __future__ import annotations

from collections.abc import Sequence

from .align import word_diff
from .model import AlignedPair, Alignment, Alteration, CarriedAlteration, PairKind
from .quotes import ACROSS_LANGUAGES
from .text import words

_GROUP = {"quote_altered": "quote", "quote_added": "quote", "quote_dropped": "quote",
          "speaker_changed": "speaker", "number_changed": "number", "name_changed": "name"}
"""Alterations of one group can change each other's words (a quote altered, then dropped)."""

HEAD_WORDS = 6
"""How many first words of changed words find their sentence among a translated step's aligned
pairs, and of a ``speaker_changed`` quote (its ``detail``, clipped) find the quote in a copy."""

MIN_CONTAINED_WORDS = 3
"""A quote changed again may be cut at other marks by the next comparison (an interrupted quote):
one quote's words inside the other's count as the same quote when the shorter has this many."""

QUOTE_DETAIL = "quote: "
"""How a ``speaker_changed`` alteration's ``detail`` begins: the quote given to someone else."""


def _key(text: str | None) -> str:
    return " ".join(words(text)) if text else ""


def _within(needle: str, hay: str) -> bool:
    """``needle``'s words, whole, in a row in ``hay`` (both :func:`_key` strings)."""
    return bool(needle) and f" {needle} " in f" {hay} "


def _same_words(a: str, b: str, quote: bool) -> bool:
    if a == b:
        return bool(a)
    short = min(a, b, key=len)
    return quote and len(short.split()) >= MIN_CONTAINED_WORDS and (_within(a, b) or _within(b, a))


def _touches(earlier: Alteration, later: Alteration) -> bool:
    """``later`` (a step's own alteration) changes the words that ``earlier`` put in the chain."""
    group = _GROUP.get(earlier.kind)
    if group is None or group != _GROUP.get(later.kind):
        return False
    if earlier.copy is not None:
        return later.source is not None and _same_words(_key(earlier.copy), _key(later.source),
                                                        group == "quote")
    # the origin's quote, left out earlier: a later copy that has it again put it back
    return later.source is None and later.copy is not None \
        and _same_words(_key(earlier.source), _key(later.copy), True)


def _compose(earlier: CarriedAlteration, later: Alteration, step: int) -> CarriedAlteration | None:
    """An earlier change changed again at ``step``; None when that restores the origin's words."""
    a = earlier.alteration
    base, new = a.source, later.copy
    if _key(base) == _key(new):
        return None
    if _GROUP.get(a.kind) == "quote":
        kind = "quote_added" if base is None else "quote_dropped" if new is None else "quote_altered"
    else:
        kind = a.kind
    diff: list[list[str]] = []
    if base is not None and new is not None:
        diff = [list(t) for t in word_diff(base, new)] if kind == "quote_altered" \
            else [["replace", base, new]]
    # a number's or name's detail compares the step's two texts, not the origin's: left out
    detail = later.detail if kind == "speaker_changed" else None
    composed = Alteration(kind, base, new, diff, detail, None, later.speaker or a.speaker)
    return CarriedAlteration(composed, earlier.step, [*earlier.changed_again, step])


_IN_ALIGNED_PAIR = frozenset({"number_changed", "name_changed"})
"""Changes whose words are short ("45", "Marcone"): still printed only where the copy keeps the
sentence that held them (an aligned pair holding them on both sides), not anywhere in its text."""


def _head(key: str) -> str:
    return " ".join(key.split()[:HEAD_WORDS])


def _printed(c: CarriedAlteration, hay: str, alignment: Alignment | None) -> str | None:
    """Where the copy whose words are ``hay`` (a :func:`_key`) still prints the change ``c``: the
    words it prints it with, as :attr:`CarriedAlteration.printed_as` keeps them ("" for the change's
    own words, or a translated sentence's, which later copies in that language then print); None
    when it does not print it."""
    alt = c.alteration
    if alt.copy is None:  # the origin's quote, left out: still left out unless the copy has it
        return None if _within(_key(alt.source), hay) else (c.printed_as or "")
    detail = (alt.detail or "").removesuffix(ACROSS_LANGUAGES)
    if alt.kind == "speaker_changed" and detail.startswith(QUOTE_DETAIL):
        quote = _head(_key(detail[len(QUOTE_DETAIL):]))
        if quote and not _within(quote, hay) and not _translated(quote, alignment) \
                and not (c.printed_as and _within(_head(c.printed_as), hay)):
            return None
    needle = _key(alt.copy)
    if alt.kind in _IN_ALIGNED_PAIR and alignment is not None and alignment.pairs:
        kept = any(p.source and p.copy and _within(needle, _key(p.source)) and _within(needle, _key(p.copy))
                   for p in alignment.pairs)
    else:
        kept = _within(needle, hay)
    if kept:
        return ""
    if c.printed_as and _within(_head(c.printed_as), hay):
        return c.printed_as  # a translated sentence, copied on in its language
    for head in (_head(needle), _head(c.printed_as or "")):
        if (pair := _translated(head, alignment)) is not None:
            return _key(pair.copy)
    return None


def _translated(head: str, alignment: Alignment | None) -> AlignedPair | None:
    """The translated pair whose source sentence holds ``head``: the sentence was translated."""
    if not head or alignment is None:
        return None
    return next((p for p in alignment.pairs
                 if p.kind is PairKind.TRANSLATED and p.source and p.copy and _within(head, _key(p.source))),
                None)


def carry_alterations(
    steps: Sequence[tuple[Sequence[Alteration], Alignment | None, str]],
) -> list[list[CarriedAlteration]]:
    """What each copy of a chain prints differently from the chain's origin.

    ``steps``: one ``(alterations, alignment, copy_text)`` per step, origin first: the step's own
    alterations (its copy against its direct source), the alignment they came from (None if
    unknown) and the copy's text. Returns one list per step: the changes inherited from earlier
    steps first (``step`` below the step's number, in the order they were made), then the step's own
    (``step`` its number). An own alteration that changes an inherited change's words again is
    not listed apart: it is in the inherited change (``changed_again``), or, when it restores the
    origin's words, nowhere."""
    out: list[list[CarriedAlteration]] = []
    carried: list[CarriedAlteration] = []
    for n, (alts, alignment, text) in enumerate(steps, 1):
        hay = _key(text)
        used: set[int] = set()
        now: list[CarriedAlteration] = []
        for c in carried:
            hit = next((i for i, y in enumerate(alts) if i not in used and _touches(c.alteration, y)), None)
            if hit is not None:
                used.add(hit)
                if (composed := _compose(c, alts[hit], n)) is not None:
                    now.append(composed)
            elif (printed := _printed(c, hay, alignment)) is not None:
                now.append(c if printed == "" or printed == c.printed_as
                           else CarriedAlteration(c.alteration, c.step, c.changed_again, printed))
        now += [CarriedAlteration(y, n) for i, y in enumerate(alts) if i not in used]
        out.append(now)
        carried = now
    return out

