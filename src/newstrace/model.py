"""The nouns of newstrace: plain records every stage takes and returns.

Everything here is a dataclass with a ``to_json()`` that gives the documented JSON shape (see the
README, "JSON shapes"). Records hold no behaviour beyond conversion, so they travel unchanged
between processes, Spark partitions and the store.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field, fields
from typing import Any


class Relation(enum.StrEnum):
    """How an article relates to another one.

    The four copy relations say that the copy *derives* from the source; the two negatives say it
    does not. ``same_story`` is independent coverage of the same event: it shares names, numbers and
    maybe a quote, but was written separately, and must never be reported as a copy.
    """

    VERBATIM_COPY = "verbatim_copy"
    SPUN_COPY = "spun_copy"
    PARTIAL_COPY = "partial_copy"
    TRANSLATION = "translation"
    SAME_STORY = "same_story"
    UNRELATED = "unrelated"

    @property
    def is_copy(self) -> bool:
        return self in COPY_RELATIONS


COPY_RELATIONS = frozenset(
    {Relation.VERBATIM_COPY, Relation.SPUN_COPY, Relation.PARTIAL_COPY, Relation.TRANSLATION}
)


class Direction(enum.StrEnum):
    """Which of two related articles is the source."""

    A_TO_B = "a_to_b"  # a is the source, b the copy
    B_TO_A = "b_to_a"
    UNDETERMINED = "undetermined"


class PairKind(enum.StrEnum):
    """How one aligned sentence pair differs (the side-by-side view colours by this)."""

    IDENTICAL = "identical"  # same text after normalisation
    EDITED = "edited"  # a few characters or words changed (typos, names, numbers)
    PARAPHRASED = "paraphrased"  # same sentence, many words swapped
    TRANSLATED = "translated"  # the same sentence in another language
    ADDED = "added"  # only in the copy
    DROPPED = "dropped"  # only in the source


@dataclass(slots=True)
class Page:
    """One fetched or read document before extraction.

    ``html`` or ``text`` is set (``text`` for plain-text and JSONL inputs that carry no markup).
    ``origin`` names where it came from (file path, ``file.warc.gz#record-offset``, ``file.jsonl:line``).
    """

    origin: str
    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    site: str | None = None
    published: str | None = None
    lang: str | None = None
    fetched: str | None = None  # ISO timestamp when crawled (WARC date, HTTP fetch time)
    kind: str = "html"  # html | text | jsonl | warc | url | feed
    credit: str | None = None  # evidence line the reader found ("Feed link: <url>"): kept as trimmed


@dataclass(slots=True)
class Article:
    """An extracted article: the unit every later stage works on.

    ``text`` is the body with boilerplate removed, paragraphs separated by a blank line.
    ``trimmed`` lists boilerplate lines removed from the tail/head (kept as evidence: content
    farms' auto-blog tails such as "Source link" point at a copy).
    """

    url: str | None
    title: str
    text: str
    site: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    canonical_url: str | None = None
    lang: str | None = None
    origin: str | None = None
    trimmed: list[str] = field(default_factory=list)
    id: int | None = None  # assigned by the store
    version: int = 1
    content_hash: str | None = None

    def to_json(self, *, with_text: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not with_text:
            d.pop("text")
        return d


@dataclass(slots=True)
class AlignedPair:
    """One row of the side-by-side view: a source sentence, a copy sentence, or both."""

    kind: PairKind
    source_index: int | None
    copy_index: int | None
    source: str | None
    copy: str | None
    similarity: float  # 0..1, see align.sentence_similarity

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d


@dataclass(slots=True)
class Alignment:
    """Sentence alignment of a copy against a source, with summary evidence.

    ``source_coverage``: share of the source's words found in matched sentences (0..1).
    ``copy_coverage``: share of the copy's words that come from matched sentences (0..1).
    ``order_agreement``: share of matched pairs that lie on one monotone chain (1 = same order).
    ``share_identical`` / ``share_edited`` / ``share_paraphrased``: split of the matched pairs.
    ``matched``: number of matched sentence pairs; ``evidence_matched``: those that count as copy
    evidence (matching outside quote marks: independent reports share quotes, not prose).
    """

    pairs: list[AlignedPair]
    source_sentences: int
    copy_sentences: int
    matched: int
    evidence_matched: int
    source_coverage: float
    copy_coverage: float
    order_agreement: float
    share_identical: float
    share_edited: float
    share_paraphrased: float
    mean_similarity: float
    evidence_similarity: float  # mean similarity of the evidence pairs
    evidence_words: int  # words in the copy's evidence sentences
    word_change: float  # share of the copy's aligned words changed from the source (0 = verbatim)
    word_overlap: float  # containment of the smaller article's content words in the other
    closing_block: int = 0
    """Aligned pairs in a run that ends both texts (the last sentences of each, in order) while
    their first sentences differ (no close match, ``partial_min_similarity``, of a sentence with
    ``min_sentence_words`` content words besides numbers): a company's "about" text or a site's
    sign-off that two different articles share. 0: none."""
    outside_evidence: int = 0  # evidence pairs outside the closing block ...
    outside_evidence_words: int = 0  # ... and the words of their copy sentences

    def summary(self) -> dict[str, Any]:
        """The evidence figures without the sentence pairs (not deep-copied: they can be many)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name != "pairs":
                v = getattr(self, f.name)
                out[f.name] = round(v, 4) if isinstance(v, float) else v
        return out

    def to_json(self) -> dict[str, Any]:
        d = self.summary()
        d["pairs"] = [p.to_json() for p in self.pairs]
        return d


@dataclass(slots=True)
class Verdict:
    """The decision for a pair: relation, confidence score and the reasons."""

    relation: Relation
    score: float  # 0..1 confidence that the relation holds
    direction: Direction
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation.value,
            "score": round(self.score, 4),
            "direction": self.direction.value,
            "reasons": list(self.reasons),
        }


PASTED_TEXT = "pasted text"
"""``Article.origin`` of a text pasted into the trace form (no file, no address)."""
CREDITED_BASES = ("attribution", "canonical")
"""Direction bases by which the copy itself names its source: a credit line or link to its address,
a credit of its site or agency (``attribution``), a canonical URL pointing at it (``canonical``)."""


def credit_of(direction_basis: str, evidence: Any) -> bool | None:
    """Whether a copy names the source of its edge: True when it does (a credit line or link to the
    source's address, a canonical URL pointing at it, or a credit of its site or agency: evidence
    ``credits_source`` true, or a direction settled by one of :data:`CREDITED_BASES`); False when
    the edge records that it does not (``credits_source`` false); None when nothing was recorded
    (an edge linked before newstrace recorded credits: ``newstrace link --relink`` records them).

    The credit is checked against the source in the corpus: a copy naming only another outlet (the
    wire service its source took the story from) does not name this source."""
    if direction_basis in CREDITED_BASES:
        return True
    value = evidence.get("credits_source") if isinstance(evidence, dict) else None
    return value if isinstance(value, bool) else None


CREDIT_TEXT: dict[bool | None, str] = {True: "credits source", False: "no credit",
                                      None: "credit not recorded"}
"""How :func:`credit_of`'s answer reads beside a copy (the trace's chain, its copies, the site pages)."""
OTHER_SOURCE_TEXT = "names another source"
"""How a copy reads that does not name its source but names some other (the wire service it took the
story from, named in a credit line or a wire dateline): not presented as its own
(:func:`names_other_source`)."""


def names_other_source(direction_basis: str, evidence: Any) -> bool:
    """True when a copy does not name the source of its edge but names some other source (evidence
    ``names_other_source``, see :func:`newstrace.relate.names_a_source`): a paper crediting the wire
    service whose story another paper in the corpus ran first. Such a copy is no laundering."""
    return credit_of(direction_basis, evidence) is False and isinstance(evidence, dict) \
        and evidence.get("names_other_source") is True


def credit_words(credited: bool | None, other: bool = False) -> str:
    """A copy's credit in words, from :func:`credit_of`'s answer and :func:`names_other_source`:
    "credits source", "names another source", "no credit" or "credit not recorded" (the CLI, and the
    web pages' badges, which have only these two values)."""
    return OTHER_SOURCE_TEXT if credited is False and other else CREDIT_TEXT[credited]


def credit_text(direction_basis: str, evidence: Any) -> str:
    """:func:`credit_words` of an edge's basis and evidence."""
    return credit_words(credit_of(direction_basis, evidence), names_other_source(direction_basis, evidence))


@dataclass(slots=True)
class Edge:
    """A provenance edge: ``copy`` derives from ``source``.

    ``direction_basis`` says how the direction was decided (``date``, ``attribution``,
    ``canonical``, ``boilerplate``, ``undetermined``). Evidence holds the alignment summary.
    ``credits_source`` (derived from both, see :func:`credit_of`) says whether the copy names this
    source: what tells credited syndication from a copy presented as the site's own.
    """

    source_id: int | None
    copy_id: int | None
    source_url: str | None
    copy_url: str | None
    relation: Relation
    score: float
    direction_basis: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "copy_id": self.copy_id,
            "source_url": self.source_url,
            "copy_url": self.copy_url,
            "relation": self.relation.value,
            "score": round(self.score, 4),
            "direction_basis": self.direction_basis,
            "credits_source": self.credits_source,
            "names_other_source": self.names_other_source,
            "evidence": self.evidence,
        }

    @property
    def names_other_source(self) -> bool:
        """:func:`names_other_source` of this edge: it names another source, not this one."""
        return names_other_source(self.direction_basis, self.evidence)

    @property
    def credit_text(self) -> str:
        """:func:`credit_text` of this edge."""
        return credit_text(self.direction_basis, self.evidence)

    @property
    def credits_source(self) -> bool | None:
        """Whether the copy names this source (:func:`credit_of`): True, False, or None (not recorded)."""
        return credit_of(self.direction_basis, self.evidence)


@dataclass(slots=True)
class Quote:
    """A quote or attributed statement found in an article.

    Offsets are character offsets into ``Article.text``; ``text[start:end] == content``.
    ``kind`` is ``direct`` (inside quote marks) or ``indirect`` (reported speech).
    """

    content: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class NumberMention:
    """A number as written and normalised, e.g. "$278 billion" -> 278e9, unit USD, kind money."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    kind: str  # money | percent | count | date | time | number

    @property
    def normalized(self) -> str | None:
        """The value for a reader: a date in ISO form ("1995", "2024-03", "2024-03-03", "--03-03"
        without a year; ``value`` holds it as the number YYYYMMDD), a time as "HH:MM" with its zone,
        any other number in full with its unit ("278,000,000,000 USD"). None when no value."""
        v = _readable(self.value)
        if v is None:
            return None
        if self.kind == "date" and float(v).is_integer() and 0 <= v < 1e8:
            y, m, d = int(v) // 10000, int(v) // 100 % 100, int(v) % 100
            if y and not m:
                return f"{y:04d}s" if self.unit == "decade" else f"{y:04d}"
            parts = [f"{y:04d}" if y else "-", f"{m:02d}"] + ([f"{d:02d}"] if d else [])
            return "-".join(parts)
        if self.kind == "time" and 0 <= v < 48:
            hours, minutes = divmod(round(v * 60), 60)
            return f"{hours:02d}:{minutes:02d}" + (f" {self.unit}" if self.unit else "")
        whole = float(v).is_integer() and abs(v) < 1e18
        number = f"{int(v):,}" if whole else f"{v:,.6f}".rstrip("0").rstrip(".")
        return number + ("%" if self.unit == "%" else f" {self.unit}" if self.unit else "")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "value": _readable(self.value), "normalized": self.normalized}


def _readable(value: float | None) -> float | None:
    """``value`` to 12 significant digits: "8.2 million" is 8.2 × 1e6, which a float holds as
    8199999.999999999 (compared as it is; shown and exported as 8200000)."""
    return None if value is None else float(f"{value:.12g}")


FULLER_SOURCE = "fuller source"
"""``Alteration.note`` of a copy's quote that has more of its speaker's words than the source."""
ROUNDED = "rounded"
"""``Alteration.note`` of a ``number_changed`` whose copy gives the source's number rounded."""
CONVERTED = "converted"
"""``Alteration.note`` of a ``number_changed`` whose copy gives the source's number in other units."""
CLOSE_NUMBER_NOTES = frozenset({ROUNDED, CONVERTED})
"""The notes of a number change that is no change of the figure (no site label rests on it)."""
SHORTENED = "shortened"
"""``Alteration.note`` of a ``quote_altered`` whose copy only leaves words of the quote out."""
MINOR = "minor"
"""``Alteration.note`` of a ``quote_altered`` whose copy only adds or drops "the", "a", "an" or
"that" (and house style): no claim changed; site labels do not rest on it."""


@dataclass(slots=True)
class Alteration:
    """A change between a source and its copy that a reader must know about.

    ``kind``: quote_altered, quote_dropped, quote_added, speaker_changed, number_changed,
    name_changed. ``source``/``copy`` hold the two versions (one may be None), ``diff`` the
    word-level difference as ``[op, source_words, copy_words]`` triples. ``note`` sorts a
    ``number_changed`` whose copy is close to the source: "rounded" ("$41.3 billion" -> "$41
    billion") or "converted" ("5 miles" -> "8 km"); a ``quote_added`` or ``quote_altered`` with
    more words of its speaker than the source has: "fuller source" (``FULLER_SOURCE``: more of the
    statement, from the release the source quoted, or words put in the speaker's mouth); a
    ``quote_altered`` whose copy only leaves words out: "shortened" (``SHORTENED``), or only adds
    or drops an article or "that": "minor" (``MINOR``); None for
    every other change (added to the JSON shape: records stored before it have no ``note``, which
    reads as None). ``speaker``: who the altered, added or dropped quote is attributed to, where
    the text names them (None otherwise, and in records stored before it).
    """

    kind: str
    source: str | None
    copy: str | None
    diff: list[list[str]] = field(default_factory=list)
    detail: str | None = None
    note: str | None = None
    speaker: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class CarriedAlteration:
    """What a copy in a provenance chain prints differently from the chain's origin, and which
    step of the chain introduced it (:func:`newstrace.lineage.carry_alterations`).

    ``alteration`` is relative to the origin: ``source`` holds the origin's words (None for a quote
    the origin does not have), ``copy`` the words this copy prints (None for an origin's quote it
    lacks). ``step`` is the 1-based chain step whose copy first made the change (1: the origin's
    direct copy); a later step's copy that prints it too inherited it. ``changed_again`` lists
    the later steps that changed the altered words once more (``copy`` is then the latest form).
    """

    alteration: Alteration
    step: int
    changed_again: list[int] = field(default_factory=list)
    printed_as: str | None = None
    """Where a translation carried the change: the translated sentence's words (lower-cased), which
    later copies in that language print instead of the change's own words."""

    def to_json(self) -> dict[str, Any]:
        return {**self.alteration.to_json(), "step": self.step, "changed_again": list(self.changed_again)}
