"""Relation and direction of two articles from their alignment. Pure and deterministic.

``classify`` turns an ``Alignment`` into a relation with reasons:

- verbatim_copy: few of the copied words changed (``verbatim_max_word_change``) and both texts
  covered (``verbatim_min_source_coverage``, ``verbatim_min_copy_coverage``);
- spun_copy: more words changed, the copy covered (``spun_min_copy_coverage``) by sentences of
  the source (``spun_min_source_coverage``) in the same order (``spun_min_order``);
- partial_copy: at least ``partial_min_sentences`` evidence sentences (matching outside quote
  marks, long enough, close on average: ``partial_min_similarity``) covering
  ``partial_min_coverage`` of either text — a cut-down copy, or copied paragraphs inside a longer
  article;
- same_story: no copy, but the texts share ``same_story_min_overlap`` of their content words;
- unrelated otherwise.

Independent reports of one event share names, numbers and quotes, but not a run of sentences in
the same order: that is what separates them from copies here, and quote-dominated sentences are
not counted as evidence at all.

``direction`` decides which article is the source: the one the other points at (the copy's
canonical URL or a credit line links to its address), whatever the dates say (a page's address
is its URL, and its canonical URL only on its own site: a canonical on another site is a claim
about the page's source, see ``own_urls``); else the earlier
date; else weaker evidence (the copy names the other's site, the copy carries content-farm
boilerplate that the other lacks); else ``undetermined``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import SplitResult, urlsplit

from .archives import unarchived
from .model import Alignment, Direction, Relation, Verdict
from .settings import Settings
from .text import FOREIGN_CREDIT_WORDS

# The auto-blog tail of content farms (lower-cased prefixes of trimmed lines). "Source link" alone
# marks a republished page; the others occur on real sites too, so two of them are needed.
FARM_SOURCE_MARK = "source link"
FARM_TAIL_MARKS = (
    "related articles",
    "leave a reply",
    "your email address will not be published",
    "back to top button",
    "related posts",
)


def classify(al: Alignment, settings: Settings) -> Verdict:
    """Relation between a source and a copy, given the copy's alignment against the source."""
    s = settings
    reasons: list[str] = []
    if (
        al.word_change <= s.verbatim_max_word_change
        and al.source_coverage >= s.verbatim_min_source_coverage
        and al.copy_coverage >= s.verbatim_min_copy_coverage
    ):
        reasons.append(
            f"{al.matched} aligned sentences cover {al.source_coverage:.0%} of the source and "
            f"{al.copy_coverage:.0%} of the copy; {al.word_change:.1%} of the copied words changed"
        )
        score = (al.source_coverage + al.copy_coverage + al.mean_similarity) / 3
        return Verdict(Relation.VERBATIM_COPY, score, Direction.UNDETERMINED, reasons)

    if _only_a_closing_block(al, s):
        reasons.append(
            f"the only text they share is the last {al.closing_block} sentences of both, a closing block "
            f"(an organisation's 'about' text, a site's sign-off): no copy; {al.word_overlap:.0%} of the "
            "content words shared"
        )
        relation = Relation.SAME_STORY if al.word_overlap >= s.same_story_min_overlap else Relation.UNRELATED
        score = al.word_overlap if relation is Relation.SAME_STORY else 1.0 - al.word_overlap
        return Verdict(relation, score, Direction.UNDETERMINED, reasons)

    enough = al.evidence_matched >= min(s.partial_min_sentences, max(2, al.source_sentences // 2))
    if (
        enough
        and al.word_change > s.verbatim_max_word_change
        and al.source_coverage >= s.spun_min_source_coverage
        and al.copy_coverage >= s.spun_min_copy_coverage
        and al.order_agreement >= s.spun_min_order
    ):
        reasons.append(
            f"{al.matched} aligned sentences in the same order ({al.order_agreement:.0%}) cover "
            f"{al.source_coverage:.0%} of the source and {al.copy_coverage:.0%} of the copy; "
            f"{al.word_change:.0%} of the copied words changed"
        )
        score = (al.source_coverage + al.copy_coverage + al.order_agreement + al.mean_similarity) / 4
        return Verdict(Relation.SPUN_COPY, score, Direction.UNDETERMINED, reasons)

    if (
        al.evidence_matched >= s.partial_min_sentences
        and al.evidence_words >= s.partial_min_words
        and max(al.source_coverage, al.copy_coverage) >= s.partial_min_coverage
        and al.evidence_similarity >= s.partial_min_similarity
    ):
        reasons.append(
            f"{al.evidence_matched} copied sentences cover {al.source_coverage:.0%} of the source "
            f"and {al.copy_coverage:.0%} of the copy"
        )
        score = (max(al.source_coverage, al.copy_coverage) + al.mean_similarity) / 2
        return Verdict(Relation.PARTIAL_COPY, score, Direction.UNDETERMINED, reasons)

    if al.word_overlap >= s.same_story_min_overlap:
        reasons.append(
            f"shares {al.word_overlap:.0%} of its content words but only {al.evidence_matched} "
            "copied sentences: independent coverage"
        )
        return Verdict(Relation.SAME_STORY, al.word_overlap, Direction.UNDETERMINED, reasons)
    reasons.append(f"shares {al.word_overlap:.0%} of its content words")
    return Verdict(Relation.UNRELATED, 1.0 - al.word_overlap, Direction.UNDETERMINED, reasons)


def _only_a_closing_block(al: Alignment, s: Settings) -> bool:
    """Two different articles whose copied sentences are all in a run that ends both texts (see
    ``Alignment.closing_block``) — at least ``closing_block_min`` pairs, at most
    ``closing_block_max_share`` of either text's sentences — with too little copied outside it: fewer
    than ``partial_min_sentences`` evidence pairs or ``partial_min_words`` words (paraphrased
    sentences count, whatever their similarity: a spun copy stays close to its source, two press
    releases of one company share one sentence by chance). Press releases of one company end with
    the same "about" paragraphs, a site's posts with the same sign-off or event listing."""
    return (
        al.closing_block >= s.closing_block_min
        and al.closing_block <= s.closing_block_max_share * min(al.source_sentences, al.copy_sentences)
        and (al.outside_evidence < s.partial_min_sentences or al.outside_evidence_words < s.partial_min_words)
    )


def classify_translation(al: Alignment, settings: Settings, story_similarity: float | None = None) -> Verdict:
    """Relation of two articles in different languages from their embedding alignment: a
    translation when aligned sentences cover ``translation_min_coverage`` of both in order, or a
    partial translation (:func:`_partial_translation`: one side almost all translated from a block
    of the other, a translation cut short).

    ``story_similarity``: cosine of the two articles' mean sentence embeddings; at or above
    ``same_story_min_embedding`` a pair that is no translation is the same story.
    """
    s = settings
    if (
        al.matched >= min(s.partial_min_sentences, max(1, al.source_sentences))
        and al.source_coverage >= s.translation_min_coverage
        and al.copy_coverage >= s.translation_min_coverage
        and al.order_agreement >= s.spun_min_order
    ):
        reasons = [
            f"{al.matched} sentences translated in the same order ({al.order_agreement:.0%}) cover "
            f"{al.source_coverage:.0%} of the source and {al.copy_coverage:.0%} of the translation"
        ]
        score = (al.source_coverage + al.copy_coverage + al.mean_similarity) / 3
        return Verdict(Relation.TRANSLATION, score, Direction.UNDETERMINED, reasons)
    if (part := _partial_translation(al, s)):
        score = (max(al.source_coverage, al.copy_coverage) + al.mean_similarity) / 2
        return Verdict(Relation.TRANSLATION, score, Direction.UNDETERMINED, [part])
    sim = story_similarity if story_similarity is not None else al.mean_similarity * al.source_coverage
    if sim >= s.same_story_min_embedding:
        return Verdict(
            Relation.SAME_STORY,
            sim,
            Direction.UNDETERMINED,
            [f"{al.matched} of {al.copy_sentences} sentences match across languages: same story"],
        )
    return Verdict(
        Relation.UNRELATED, 1.0 - sim, Direction.UNDETERMINED, ["no sentences match across languages"]
    )


def _partial_translation(al: Alignment, s: Settings) -> str | None:
    """The reason when ``al`` is a partial translation, else None: one article's sentences almost
    all (``partial_translation_min_coverage``) translated in order from a block of the other's
    (``partial_translation_min_density``), at least ``partial_translation_min_sentences`` of them,
    close on average (``partial_translation_min_similarity``). The cross-language counterpart of
    a cut-down copy: its translated share of the long article is small, so the coverage of both
    that ``translation_min_coverage`` asks is not there."""
    matched = [(p.source_index, p.copy_index) for p in al.pairs
               if p.source_index is not None and p.copy_index is not None]
    if (len(matched) < s.partial_translation_min_sentences or al.order_agreement < s.spun_min_order
            or al.mean_similarity < s.partial_translation_min_similarity):
        return None
    if al.copy_coverage >= s.partial_translation_min_coverage:
        block, part, whole = [i for i, _ in matched], "translation", "source"
    elif al.source_coverage >= s.partial_translation_min_coverage:
        block, part, whole = [j for _, j in matched], "source", "translation"
    else:
        return None
    density = len(set(block)) / (max(block) - min(block) + 1)
    if density < s.partial_translation_min_density:
        return None
    return (f"partial translation: {len(matched)} sentences translated in the same order "
            f"({al.order_agreement:.0%}) cover {max(al.copy_coverage, al.source_coverage):.0%} of the "
            f"{part} and {min(al.copy_coverage, al.source_coverage):.0%} of the {whole}, "
            f"from {density:.0%} of the {whole}'s sentences {min(block) + 1}-{max(block) + 1}")


@dataclass(frozen=True, slots=True)
class Meta:
    """What direction needs to know of an article."""

    url: str | None
    site: str | None
    published: str | None
    canonical_url: str | None
    trimmed: tuple[str, ...]
    text: str


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _moment(value: str | None) -> datetime | None:
    """The date and time of an ISO timestamp that has a time of day ("2025-04-02T14:30"), else None."""
    if not value or len(value) < 16 or value[10] not in "T ":
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def date_gap(a: str | None, b: str | None) -> tuple[float, bool] | None:
    """How much later ``b`` is dated than ``a`` (negative: earlier), and on what scale: ``(seconds,
    True)`` when both give a time of day in like zones (moments, not local days:
    "2025-04-03T01:30+09:00" is before "2025-04-02T22:00-04:00"), else ``(days, False)`` by the
    dates alone (a date without a time is neither before nor after a time that day). None when
    either is undated."""
    ta, tb = _moment(a), _moment(b)
    if ta is not None and tb is not None and (ta.tzinfo is None) == (tb.tzinfo is None):
        return (tb - ta).total_seconds(), True
    da, db = _day(a), _day(b)
    if da is None or db is None:
        return None
    return float((db - da).days), False


_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None when it is not one."""
    if not value:
        return None
    head = value.strip()[:10]
    if not _ISO_DAY_RE.match(head):
        return None
    try:
        return date.fromisoformat(head)
    except ValueError:
        return None


def parse_moment(value: str | None) -> datetime | None:
    """An ISO date or time as a naive UTC moment (a date alone: its midnight), or None."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        d = parse_day(value)
        return datetime(d.year, d.month, d.day) if d else None
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def lag_days(source_published: str | None, copy_published: str | None) -> float | None:
    """Days from the source's publication to the copy's (fractional when both carry a time)."""
    a, b = parse_moment(source_published), parse_moment(copy_published)
    if a is None or b is None:
        return None
    return (b - a).total_seconds() / 86400.0


def copy_lag(source_published: str | None, copy_published: str | None) -> float | None:
    """:func:`lag_days`, except that a copy is only dated *before* its source (a negative lag) when
    the dates say so at their precision: with both times given, any earlier moment; with a date
    alone on either side, an earlier calendar day ("2025-03-12" after "2025-03-12T10:00" is 0)."""
    lag = lag_days(source_published, copy_published)
    if lag is None or lag >= 0:
        return lag
    if all(len((v or "").strip()) > 10 for v in (source_published, copy_published)):
        return lag
    a, b = parse_day(source_published), parse_day(copy_published)
    return lag if a and b and b < a else 0.0


_AMP_PATH_RE = re.compile(r"(?:/amp|\.amp)(?=/?$)|^/amp(?=/)")
"""The AMP part of an address's path (``/amp``, ``.amp`` at its end, ``/amp/`` at its start)."""


@functools.lru_cache(maxsize=65536)
def _norm_url(u: str | None) -> str | None:
    """An address for comparing: no scheme, ``www.`` or trailing slash, lower case, tracking
    parameters (``utm_*``, ``fbclid`` ...) and AMP forms (``/amp``, ``amp.`` host, ``?amp=1``,
    ``outputType=amp``) removed: a credit link from a feed or an AMP page names the same article."""
    u = unarchived(u)  # a credit link to an archived copy names the archived page
    if not u:
        return None
    try:
        parts = urlsplit(u.strip().lower())
    except ValueError:  # "https://[::1/a"
        return u.strip().lower()
    if not parts.netloc:  # not a URL: compare the text as it is
        return re.sub(r"^https?://(www\.)?", "", u.strip().lower()).rstrip("/")
    return address_key(parts)


def address_key(parts: SplitResult, *, amp: bool = True) -> str:
    """A split address as host + path + query: no scheme, ``www.`` or ``amp.``, final slash,
    fragment, tracking parameters or AMP path; the host in lower case, the path and query as given
    (``_norm_url`` lowers them first; the store's look-up keeps their case). ``amp=False`` keeps
    an AMP form (``amp.`` host, AMP path, ``outputType=amp``): the store's key of a page, where an
    AMP rendering is an article of its own."""
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path
    if amp:
        host, path = host.removeprefix("amp."), _AMP_PATH_RE.sub("", path)
    def kept(q: str) -> bool:  # "amp" is an AMP form's parameter: kept with amp=False, as outputType=amp
        name = q.split("=")[0]
        if _TRACKING_PARAM_RE.match(name) and (amp or name.lower() != "amp"):
            return False
        return not (amp and q.lower() == "outputtype=amp")

    query = "&".join(q for q in parts.query.split("&") if q and kept(q))
    return host + path.rstrip("/") + ("?" + query if query else "")


@functools.lru_cache(maxsize=65536)
def is_amp_url(u: str | None) -> bool:
    """True for an AMP rendering's address (``/amp``, ``.amp``, an ``amp.`` host, ``?amp=1``,
    ``outputType=amp``): the same article as the page at its address without them."""
    if not u:
        return False
    low = u.strip().lower()
    try:
        parts = urlsplit(low)
    except ValueError:
        return False
    query = parts.query.split("&")
    return (parts.netloc.startswith("amp.") or _AMP_PATH_RE.search(parts.path) is not None
            or "amp=1" in query or "amp" in query or "outputtype=amp" in query)


_LINK_RE = re.compile(r"https?://[^\s<>\"']+")
_CREDIT_WORDS = r"(?:source(?: link)?|via|originally (?:published|appeared)(?: (?:by|on|at|in))?|credit|" \
    r"read (?:the )?(?:original|full (?:story|article)|more)(?: at| on)?|courtesy(?: of)?|" \
    rf"{FOREIGN_CREDIT_WORDS})"
"""Words that introduce a credit of the source, in English and in other languages."""
_CREDIT_NAME_RE = re.compile(
    r"^[ \t]*(?:(?:this|the) (?:article|story|post|piece|report) (?:was |is )?(?:first |originally )?"
    r"(?:published|posted|appeared) (?:on|in|at|by)|"
    + _CREDIT_WORDS + r")\s*:?\s*(?P<name>[^\n|()\[\]<>]{1,80})", re.IGNORECASE | re.MULTILINE)
"""A line that begins with credit words and goes on with a name ("Source: WorldVoice TV", "This
article was originally published on WorldVoice TV.")."""
_CREDIT_URL_RE = re.compile(_CREDIT_WORDS + r"\s*:?\s*(https?://[^\s<>\"']+)", re.IGNORECASE)
_TRACKING_PARAM_RE = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_[a-z]+|ref|ref_src|at_\w+|cmpid|ocid|amp)$",
                                re.IGNORECASE)


def _links_to(m: Meta, urls: set[str]) -> bool:
    """True when ``m`` credits one of ``urls`` (normalised addresses of the other article): a URL
    in one of its kept credit lines ("Source link: <url>", "Canonical link: <url>"), or after
    credit words in the last lines of its text (a JSONL or text record keeps them there)."""
    return bool(urls) and not urls.isdisjoint(_credited_urls(tuple(m.trimmed), m.text[-2000:]))


@functools.lru_cache(maxsize=8192)
def _credited_urls(trimmed: tuple[str, ...], tail: str) -> frozenset[str]:
    """The normalised addresses an article credits (computed once per article, not per pair)."""
    found = [x for t in trimmed for x in _LINK_RE.findall(t)] + _CREDIT_URL_RE.findall(tail)
    return frozenset(u for x in found if (u := _norm_url(x.rstrip(".,;)]"))))


def _host(u: str) -> str:
    try:
        host = urlsplit(u.strip().lower()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").removeprefix("amp.")


def _on_own_site(u: str, m: Meta) -> bool:
    """True when address ``u`` is on ``m``'s own site (its ``site``, else its URL's host)."""
    host = _host(u)
    if not host:
        return False
    if m.site:
        site = m.site.lower()
        return host == site or host.endswith("." + site)
    return bool(m.url) and host == _host(m.url or "")


def own_urls(m: Meta) -> set[str]:
    """The normalised addresses of ``m`` itself: its URL, and its canonical URL when that is on its
    own site (an AMP or print page's main address; a saved page without a URL, filed under the site
    of its canonical). A saved mirror filed under its own site keeps its foreign canonical as a claim.

    A canonical URL on another site is no alias of the page: it is the page's claim that the other
    page is its original (a mirror or syndicated copy pointing at it), and a credit of that other
    page does not credit this one."""
    urls = {u for u in (_norm_url(m.url),) if u}
    if m.canonical_url and _on_own_site(m.canonical_url, m):
        if (c := _norm_url(m.canonical_url)):
            urls.add(c)
    return urls


def named_sources(m: Meta) -> frozenset[str]:
    """The normalised addresses ``m`` names as its own source: a canonical URL on another site and
    the URLs of its credit lines ("Source link: <url>"), less its own addresses."""
    named = set(_credited_urls(tuple(m.trimmed), m.text[-2000:]))
    if m.canonical_url and (c := _norm_url(m.canonical_url)):
        named.add(c)
    return frozenset(named - own_urls(m))


def credits(m: Meta, other: Meta) -> bool:
    """True when ``m`` names ``other`` as its source: a credit line or canonical linking to its
    own address (:func:`own_urls`), or a credit of its site or agency (see :func:`direction`)."""
    return _links_to(m, own_urls(other)) or (m.site != other.site and _names_site(m, other))


_OTHER_CREDIT_RE = re.compile(
    r"^[ \t]*(?:source(?: link)?|sources|via|"
    r"(?:first|originally) (?:published|appeared)(?: (?:by|on|at|in))?|"
    r"(?:this|the) (?:article|story|post|piece|report) (?:was |is )?(?:first |originally )?"
    rf"(?:published|posted|appeared) (?:on|in|at|by)|{FOREIGN_CREDIT_WORDS})\b\s*[:\-\u2013\u2014]\s*[^\W_]",
    re.IGNORECASE | re.MULTILINE)
"""A credit line naming some source: credit words, a colon or a dash, a name ("Source: dpa", "Quelle:
Reuters"). Not running text ("Sources close to the ministry said"), not a photo credit ("Credit:",
"Courtesy of": who took a picture), not a copyright line (mostly the site's own footer)."""
_LOWER_AGENCIES = "dpa|apa|sda|ats|epd|kna|dts|ddp|afp|ap|efe|ansa|pap|ctk|mti|bta|anp"
_AGENCY = rf"(?:[A-ZА-ЯЁ][\w&.\-]{{0,20}}|{_LOWER_AGENCIES})(?:\s?/\s?[\w&.\-]{{1,20}}){{0,2}}"
_WIRE_DATELINE_RE = re.compile(
    r"^\s*[^\W\d_][\w'.\-]*(?:[ ,]{1,2}[^\W\d_][\w'.\-]*){0,2}\s*"  # a place, up to three words
    rf"\(\s*(?:{_AGENCY}|[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){{1,2}})\s*\)"
    r"\s*[-\u2013\u2014:]"  # "KESSEL (Northwire) —", "Berlin (dpa) -", "MADRID (Europa Press) -"
    r"|^[^\n]{0,60}?/\s*(?:ТАСС|TASS|РИА Новости|RIA Novosti|Интерфакс|Interfax|ИТАР-ТАСС|УНИАН|Укрінформ)"
    r"\s*/"
    r"|^\s*新华社[^\n]{0,20}?电")
"""A wire credit at the start of a text: a place (up to three words), the agency in brackets and a
dash; Russian and Ukrainian wires' "МОСКВА, 3 марта. /ТАСС/."; Xinhua's "新华社北京3月3日电"."""
_WIRE_END_RE = re.compile(rf"\(\s*{_AGENCY}\s*\)\s*$")
"""A closing wire credit: "(Northwire)", "(dpa)", "(AFP/Reuters)"."""


def names_a_source(m: Meta) -> bool:
    """True when ``m`` says where its text came from, whoever that is: a credit link or a canonical
    URL on another site (:func:`named_sources`), a credit line naming an outlet ("Source: Example
    News", "Quelle: dpa"), or a wire credit ("KESSEL (Northwire) —", "Berlin (dpa) -", "/ТАСС/", a
    closing "(Northwire)"). A copy that credits the wire service its source also
    took the story from names a source, though not that one; a copy that names none presents the
    text as its own."""
    if named_sources(m):
        return True
    tail = "\n".join(m.trimmed) + "\n" + m.text[-2000:]
    credit = any(not _names_itself(m, name) and not _NO_ADDRESS_RE.match(name)
                 for c in _OTHER_CREDIT_RE.finditer(tail) for name in [tail[c.end() - 1 :].split("\n", 1)[0]])
    return credit or bool(_WIRE_DATELINE_RE.search(m.text[:200]) or _WIRE_END_RE.search(m.text[-200:]))


_NO_ADDRESS_RE = re.compile(r"\s*(?:javascript|data|vbscript|about|blob|file):(?!\s)", re.IGNORECASE)
"""A "credit" that is a script or local address ("Source link: javascript:alert(4)") names nobody."""


def _names_itself(m: Meta, name: str) -> bool:
    """The credited ``name`` is ``m``'s own site and nothing else ("SOURCE: Al Jazeera News" on
    aljazeera.com): the whole name squashed is one of the site's own names, maybe with a word
    such as "News" after it. "Al Jazeera and news agencies", "Reuters, AP" or "News agencies" (on
    news.sky.com) name other sources too."""
    whole = _squash(name.strip().rstrip(".,;:!"))
    return any(whole in (own, *(own + w for w in _OWN_NAME_WORDS)) for own in _own_names(m.site))


_OWN_NAME_WORDS = ("news", "online", "staff", "digital", "english", "reporters", "report", "newsroom")
"""Words a site puts after its own name in a credit line ("SOURCE: Al Jazeera News")."""
_GENERIC_LABELS = frozenset({"www", "m", "amp", "news", "edition", "english", "en", "mobile", "web", "com",
                             "co", "org", "net", "gov", "ac", "edu"})


def _own_names(site: str | None) -> list[str]:
    """A site's names as a credit line squashes them: the labels of its address that are no generic
    subdomain or suffix ("news.sky.com": "sky"; "aljazeera.com": "aljazeera"), of 3+ characters."""
    labels = (site or "").lower().split(".")[:-1]  # (the last label is the top-level domain)
    return [_squash(x) for x in labels if x not in _GENERIC_LABELS and len(_squash(x)) >= 3]


def _squash(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalnum())


@functools.lru_cache(maxsize=8192)
def _credited_names(trimmed: tuple[str, ...], tail: str) -> frozenset[str]:
    """The names an article credits at the start of a credit line (its kept lines, or its last
    lines): for "Source: WorldVoice TV World News" the squashed runs of its first two words or more
    ("worldvoicetv", "worldvoicetvworld", ...) and the whole name, so that a name is matched to a
    site by its words. A first word alone is no name: "Source: News agencies" is no credit of
    news.cn, "Source: China Daily" none of china.org.cn (a one-word name, "Source: RT", is whole)."""
    names: set[str] = set()
    lines = "\n".join(trimmed) + "\n" + tail
    for m in _CREDIT_NAME_RE.finditer(lines):
        words = re.split(r"\s+", m.group("name").strip().rstrip(".,;:!"))[:6]
        for k in range(2 if len(words) > 1 else 1, len(words) + 1):
            if (run := _squash("".join(words[:k]))):
                names.add(run)
    return frozenset(names)


def _names_site(m: Meta, other: Meta) -> bool:
    """True when ``m`` credits ``other``'s site: the site in its kept credit lines, or in its last
    lines after credit words ("Source: example.com", "via Example"), or a credit line that names
    it by its words ("Source: Example News" for example-news.com: the first words of the credited
    name squashed to the site's stem), or a wire credit in parentheses ("KESSEL (Northwire) —").
    A site merely named in running text ("details on the city's website, example.gov") is no
    credit."""
    if not other.site:
        return False
    site = other.site.lower()
    stem = site.split(".")[0]
    squashed = _squash(stem)
    if len(squashed) >= 3 and squashed in _credited_names(tuple(m.trimmed), m.text[-2000:]):
        return True
    credits = " ".join(m.trimmed).lower()
    tail = m.text[-2000:].lower()
    if stem not in credits and stem not in tail and stem not in m.text[:300].lower():
        return False  # (most pairs: no regex needed)
    if site in credits:
        return True
    if len(stem) >= 3 and (re.match(rf"\s*[^\n()]{{0,60}}\(\s*{re.escape(stem)}\s*\)\s*[-\u2013\u2014:]",
                                    m.text[:300].lower())
                           or re.search(rf"\(\s*{re.escape(stem)}\s*\)\s*$", tail.rstrip())):
        # a wire credit: a dateline "KESSEL (Northwire) — ..." or a closing "(Northwire)"; not an
        # abbreviation in running text ("told the Canadian Broadcasting Corporation (CBC)")
        return True
    # the site's stem as the whole name credited: "via Northwire", not "Source: News agencies"
    # (for news.cn) or "Source: China Daily" (for china.org.cn)
    named = rf"(?:https?://)?(?:www\.)?(?:{re.escape(site)}|{re.escape(stem)}\b(?![ \t]*[^\W\d_]))"
    return bool(re.search(rf"\b{_CREDIT_WORDS}\s*:?\s*{named}", credits + " " + tail))


def _farm_marks(m: Meta) -> bool:
    """True when the article's trimmed tail looks like a content farm's auto-blog template."""
    lines = [t.lower() for t in m.trimmed]
    if any(t.startswith(FARM_SOURCE_MARK) for t in lines):
        return True
    return sum(any(t.startswith(mark) for t in lines) for mark in FARM_TAIL_MARKS) >= 2


BASIS_TEXT = {
    "date": "by date",
    "canonical": "by canonical URL",
    "attribution": "by credit line",
    "boilerplate": "by the copy's farm template",
    "undetermined": "undetermined",
}
"""How each direction basis of :func:`direction` reads in a sentence ("direction by date")."""


def basis_text(basis: str) -> str:
    """``BASIS_TEXT`` for a basis, the basis itself for one it does not know."""
    return BASIS_TEXT.get(basis, basis)


def direction(a: Meta, b: Meta, settings: Settings) -> tuple[Direction, str]:
    """Which of two related articles is the source, and on what basis.

    Returns (direction, basis) with basis one of date, canonical, attribution, boilerplate,
    undetermined.
    """
    ua, ub = _norm_url(a.url), _norm_url(b.url)
    ca, cb = _norm_url(a.canonical_url), _norm_url(b.canonical_url)
    # A page that points at the other's own address — as its canonical URL, or in a credit line
    # ("Source link: <url>") — was made after it, whatever the dates say: a farm's dates are often
    # wrong (re-dated posts, clocks, time zones), a link to its source is not. A canonical URL on
    # another site is the page's claim about its source, not its own address (:func:`own_urls`):
    # a farm crediting the original does not credit a mirror whose canonical names it.
    if cb and ua and cb == ua and ub != ua:
        return Direction.A_TO_B, "canonical"
    if ca and ub and ca == ub and ua != ub:
        return Direction.B_TO_A, "canonical"
    la, lb = _links_to(a, own_urls(b)), _links_to(b, own_urls(a))
    if la != lb:
        return (Direction.B_TO_A if la else Direction.A_TO_B), "attribution"
    # a credit of the other's site by name ("Source: Al Jazeera") outweighs the dates too: a farm
    # that re-dates its copy before the original still names it
    if a.site != b.site:
        ab, ba = _names_site(b, a), _names_site(a, b)
        if ab != ba:
            return (Direction.A_TO_B if ab else Direction.B_TO_A), "attribution"
    gap = date_gap(a.published, b.published)
    if gap is not None:
        # both give a time (a feed, a WARC, JSONL, a page's published_time): the moments, at least
        # ``min_time_gap_minutes`` apart; else the days, more than ``min_date_gap_days`` apart
        later, timed = gap
        apart = abs(later)
        if (apart >= settings.min_time_gap_minutes * 60 and apart > settings.min_date_gap_days * 86400
                if timed else apart > settings.min_date_gap_days):
            return (Direction.A_TO_B if later > 0 else Direction.B_TO_A), "date"
    fa, fb = _farm_marks(a), _farm_marks(b)
    if fa != fb:
        return (Direction.A_TO_B if fb else Direction.B_TO_A), "boilerplate"
    return Direction.UNDETERMINED, "undetermined"
