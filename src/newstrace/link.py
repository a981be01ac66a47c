"""Comparing two articles and choosing each copy's sources. Pure: no I/O.

``compare`` orients a pair (which one is the source), aligns the copy against the source and
classifies the relation. ``choose_sources`` picks, for one copy, the source edges to keep: the
closest one, plus any other source whose copied sentences are mostly disjoint from the closest
one's (an article stitched from two origins).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from .align import Sent, align_prepared, align_translation, prepare
from .model import CREDITED_BASES, Alignment, Article, Direction, Edge, Relation, Verdict
from .relate import (
    Meta,
    _day,
    _moment,
    _norm_url,
    classify,
    classify_translation,
    credits,
    date_gap,
    direction,
    is_amp_url,
    named_sources,
    names_a_source,
    own_urls,
)
from .settings import Settings


@dataclass(slots=True)
class Comparison:
    """The outcome of comparing two articles: who is the source, the relation and the evidence."""

    source: Article
    copy: Article
    verdict: Verdict
    alignment: Alignment
    basis: str  # date | canonical | attribution | boilerplate | undetermined
    credited: bool = False
    """The copy names the source (links to its address, points its canonical URL at it, or credits
    its site or agency), whatever settled the direction: among equally close sources, the credited
    one is kept."""
    own_text: Relation | None = None
    """The copy relation the texts would have if they were not on one site (:func:`one_publisher`):
    the site's own text again, recorded as the same story. ``choose_sources`` still weighs it, so
    that other sites' copies of that text are not taken for the source of the site's own."""

    @property
    def weighs_sources(self) -> bool:
        """A copy relation, or the site's own text: what ``choose_sources`` is given."""
        return self.verdict.relation.is_copy or self.own_text is not None

    def evidence(self) -> dict[str, object]:
        ev: dict[str, object] = dict(self.alignment.summary())
        ev["reasons"] = list(self.verdict.reasons)
        if self.own_text is not None:
            ev["own_text"] = self.own_text.value
            if names_a_source(meta(self.source)):
                ev["own_text_credited"] = True  # the site's article names where its text came from
        if self.verdict.relation.is_copy:
            # recorded either way: an edge without it was linked before credits were recorded, and
            # is shown as "not recorded", never as a copy naming no source (model.credit_of)
            ev["credits_source"] = self.credited
            if not self.credited and names_a_source(meta(self.copy)):
                ev["names_other_source"] = True  # a wire it took the story from, say: not its own
        if (named := named_sources(meta(self.source))):
            # the source is itself a declared copy (see choose_sources)
            ev["source_names_source"] = sorted(named)
        if not self.source.url and (own := own_urls(meta(self.source))):
            # a saved page's address is its own canonical: what a declared copy may name
            ev["source_addresses"] = sorted(own)
        ev["copy_sentences_matched"] = sorted(
            p.copy_index
            for p in self.alignment.pairs
            if p.copy_index is not None and p.source_index is not None
        )
        return ev

    def edge(self) -> Edge:
        return Edge(
            source_id=self.source.id,
            copy_id=self.copy.id,
            source_url=self.source.url,
            copy_url=self.copy.url,
            relation=self.verdict.relation,
            score=self.verdict.score,
            direction_basis=self.basis,
            evidence=self.evidence(),
        )


def meta(a: Article) -> Meta:
    return Meta(a.url, a.site, a.published, a.canonical_url, tuple(a.trimmed), a.text)


class Prepared:
    """Caches sentence preparation per article across many comparisons (least recently used
    articles are forgotten beyond ``max_articles``, which bounds memory on large corpora)."""

    def __init__(self, max_articles: int = 4096) -> None:
        self._cache: OrderedDict[int, list[Sent]] = OrderedDict()
        self._vecs: OrderedDict[int, Any] = OrderedDict()
        self._stories: OrderedDict[int, Any] = OrderedDict()
        self.max_articles = max_articles

    def get(self, a: Article) -> list[Sent]:
        key = id(a) if a.id is None else a.id
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = prepare(a.text, a.lang)
            if len(self._cache) > self.max_articles:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return hit

    def vectors(self, a: Article) -> Any:
        """Multilingual embeddings of the article's sentences (computed once per article)."""
        key = id(a) if a.id is None else a.id
        if key not in self._vecs:
            from .embed import embed

            self._vecs[key] = embed([s.text for s in self.get(a)])
            if len(self._vecs) > self.max_articles:
                self._vecs.popitem(last=False)
        return self._vecs[key]

    def story(self, a: Article) -> Any:
        """What the quick story model reads of the article (:func:`newstrace.story.prepare_lead`:
        the embedding of its title and lead, its names and numbers), computed once per article."""
        key = id(a) if a.id is None else a.id
        hit = self._stories.get(key)
        if hit is None:
            from .story import prepare_lead

            text = f"{a.title}\n\n{a.text}" if a.title else a.text
            hit = self._stories[key] = prepare_lead(text, _base_lang(a.lang))
            if len(self._stories) > self.max_articles:
                self._stories.popitem(last=False)
        else:
            self._stories.move_to_end(key)
        return hit


def _doc_cosine(a: Any, b: Any) -> float:
    """Cosine of the mean sentence vectors of two articles (0 when either is empty)."""
    import numpy as np

    if not len(a) or not len(b):
        return 0.0
    va, vb = np.asarray(a).mean(axis=0), np.asarray(b).mean(axis=0)
    den = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb) / den if den else 0.0


def _base_lang(lang: str | None) -> str | None:
    return lang.split("-")[0].split("_")[0].lower() if lang else None


def cross_language(a: Article, b: Article) -> bool:
    """True when both languages are known and differ."""
    la, lb = _base_lang(a.lang), _base_lang(b.lang)
    return bool(la and lb and la != lb)


def compare(a: Article, b: Article, settings: Settings, prepared: Prepared | None = None) -> Comparison:
    """Compare two articles: orient, align, classify.

    When the direction is undetermined the basis says ``undetermined``: the relation holds, but
    which one copied is unknown. The pair is then aligned as given (``a`` as the source; callers
    pass the older id first), except that a dated article goes before an undated one and, of two
    with times of day, the earlier goes first (:func:`_guess_b_first`), so that guesses mostly
    follow the dates. They cannot always (a minimum gap between times is not
    transitive: 10:00, 10:40 and 11:10 give two guesses and one settled pair); the linkers drop
    any edge that would close a cycle (:func:`break_cycles`).
    """
    d, basis = direction(meta(a), meta(b), settings)
    if basis == "undetermined" and _guess_b_first(a, b):
        d = Direction.B_TO_A  # still a guess (the basis says so), but see below
    src, cpy = (b, a) if d is Direction.B_TO_A else (a, b)
    cmp = compare_oriented(src, cpy, basis, settings, prepared)
    cmp.credited = cmp.verdict.relation.is_copy and (basis in CREDITED_BASES or credits(meta(cpy), meta(src)))
    if cmp.verdict.relation.is_copy and one_publisher(a, b):
        # an AMP or print version, a changed slug, a category page: a site republishing its own
        # text is not copying (and must not make it a "copier" or a "mirror"); nor is an outlet
        # reusing its own background paragraphs in its next story, or rewriting its own report
        copied = cmp.own_text = cmp.verdict.relation
        cmp.verdict.relation = Relation.SAME_STORY
        cmp.verdict.reasons.append(
            f"both on {a.site}: the site's own text under two addresses, not a copy"
            if copied is Relation.VERBATIM_COPY
            else f"both on {a.site}: the site reusing its own text (a {copied.value.replace('_', ' ')} "
            "by the measures above), not a copy")
        if copied is not Relation.VERBATIM_COPY and settings.same_story_min_score > 0:
            _check_story(cmp, settings, prepared or Prepared())
    elif cmp.verdict.relation is Relation.SAME_STORY and settings.same_story_min_score > 0:
        _check_story(cmp, settings, prepared or Prepared())
    cmp.verdict.direction = (
        Direction.UNDETERMINED
        if basis == "undetermined"
        else (Direction.A_TO_B if src is a else Direction.B_TO_A)
    )
    return cmp


def _check_story(cmp: Comparison, settings: Settings, prepared: Prepared) -> None:
    """Keep a pair that shares words but no copied text as the same story only when its story
    similarity (the quick model: :func:`newstrace.story.quick_similarity`) reaches
    ``same_story_min_score``; else it is unrelated (two stories of one beat, one industry). The
    verdict's score becomes the story similarity, and its reasons say so.

    Two articles of one site sharing text (``own_text``) are checked too: the same story again
    (its rewrite, its text under a new slug), else two of its stories that share its template or
    background paragraphs, unrelated. Their ``own_text`` and score stay, so that
    ``choose_sources`` still weighs the pair; only the relation a trace lists changes."""
    from .story import quick_similarity

    score = quick_similarity(prepared.story(cmp.source), prepared.story(cmp.copy))
    v, least = cmp.verdict, settings.same_story_min_score
    if score >= least:
        v.reasons.append(f"story similarity {score:.2f}: the same story")
        if cmp.own_text is None:
            v.score = score
    elif cmp.own_text is not None:
        v.reasons.append(f"story similarity {score:.2f}, under {least:.2f}: two of its stories that "
                         "share its template or background text")
        v.relation = Relation.UNRELATED
    else:
        # (the last reason is the one that called them the same story)
        v.reasons[-1:] = [f"no copied text; story similarity {score:.2f}, under {least:.2f}: other "
                          "stories on a shared topic"]
        v.relation, v.score = Relation.UNRELATED, 1.0 - score


SHARED_HOSTS = frozenset({
    "medium.com", "substack.com", "dzen.ru", "zen.yandex.ru", "t.me", "telegram.me", "telegra.ph",
    "teletype.in", "vk.com", "ok.ru", "facebook.com", "x.com", "twitter.com", "threads.net", "bsky.app",
    "linkedin.com", "reddit.com", "old.reddit.com", "tumblr.com", "youtube.com", "rumble.com",
    "bitchute.com", "odysee.com", "gab.com", "truthsocial.com", "gettr.com", "minds.com", "steemit.com",
    "patreon.com", "quora.com", "scribd.com", "issuu.com", "pastebin.com", "rentry.co", "note.com",
    "ameblo.jp", "blog.naver.com", "weibo.com", "zhihu.com", "kompasiana.com", "mastodon.social",
})
"""Hosts where many publishers post under one address, each account in the path (medium.com/@a,
t.me/channel, dzen.ru/a/...): two articles there may be two authors', so sharing the host is no
sign that a copy is the site's own text. (Platforms that give each publisher its own host name,
such as blogspot.com or wordpress.com, need no entry: the host already tells them apart.)"""


def publisher(site: str | None) -> str | None:
    """``site`` as the name of one publisher: None when unknown or a platform of many publishers
    (:data:`SHARED_HOSTS`, also with ``m.`` or ``mobile.`` before it)."""
    if not site or site.removeprefix("m.").removeprefix("mobile.") in SHARED_HOSTS:
        return None
    return site


def one_publisher(a: Article, b: Article) -> bool:
    """Both articles are on one site that is one publisher's (:func:`publisher`)."""
    own = publisher(a.site)
    return own is not None and own == b.site


def _guess_b_first(a: Article, b: Article) -> bool:
    """For a pair whose direction is undetermined: True when ``b`` should be aligned as the source
    — it is dated and ``a`` is not, or both give a moment (time zones alike) and ``b``'s is earlier
    (too close to settle the direction, but a better guess than the order of the input)."""
    if _day(a.published) is None:
        return _day(b.published) is not None
    ta, tb = _moment(a.published), _moment(b.published)
    return ta is not None and tb is not None and (ta.tzinfo is None) == (tb.tzinfo is None) and tb < ta


def compare_oriented(
    src: Article, cpy: Article, basis: str, settings: Settings, prepared: Prepared | None = None
) -> Comparison:
    """Align ``cpy`` against ``src`` (direction already known) and classify the pair."""
    prepared = prepared or Prepared()
    if cross_language(src, cpy):
        al = align_translation(
            prepared.get(src), prepared.get(cpy), prepared.vectors(src), prepared.vectors(cpy), settings
        )
        sv, cv = prepared.vectors(src), prepared.vectors(cpy)
        doc = _doc_cosine(sv, cv)
        verdict = classify_translation(al, settings, doc)
    else:
        al = align_prepared(prepared.get(src), prepared.get(cpy), settings)
        verdict = classify(al, settings)
    verdict.direction = Direction.A_TO_B
    return Comparison(src, cpy, verdict, al, basis)


def _date_key(e: Edge, dates: dict[int | None, str | None]) -> str:
    """The source's publication as a sortable UTC moment ("YYYY-MM-DDTHH:MM"): times in other
    zones are converted ("09:00+03:00" is 06:00, before a farm's "07:10+00:00"), and a date without
    a time counts as its midday, neither before nor after every timed page of its day. Undated
    sources last."""
    value = dates.get(e.source_id)
    moment = _moment(value)
    if moment is not None:
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M")
    day = _day(value)
    return f"{day.isoformat()}T12:00" if day is not None else "9999"


def closeness(e: Edge) -> float:
    """How nearly the source alone explains the copy, word for word: the share of the copy and the
    share of the source covered by aligned sentences, times the share of their words left unchanged.

    Verdict scores are not comparable across relations (a spun copy's counts order agreement, a
    verbatim copy's does not), so a verbatim copy of a spun intermediate would otherwise be
    credited to the original it is only a spun copy of."""
    ev = e.evidence or {}
    cov, src, change = ev.get("copy_coverage"), ev.get("source_coverage"), ev.get("word_change")
    if not isinstance(cov, (int, float)):
        return e.score
    src = float(src) if isinstance(src, (int, float)) else 1.0
    change = float(change) if isinstance(change, (int, float)) else 0.0
    return float(cov) * src * (1.0 - change)


def _not_before(e: Edge, o: Edge, dates: dict[int | None, str | None]) -> bool:
    """``e``'s source is dated no earlier than ``o``'s (:func:`~newstrace.relate.date_gap`: by the
    moment when both give a time, else by the day); False when either is undated."""
    gap = date_gap(dates.get(o.source_id), dates.get(e.source_id))
    return gap is not None and gap[0] >= 0


def _copies_own_text(e: Edge, own: list[Edge], dates: dict[int | None, str | None], share: float) -> bool:
    """``e``'s source, on another site, is dated no earlier than an article of the copy's own site
    (``own``, see ``Comparison.own_text``) that explains the same sentences of the copy (more than
    ``share`` of them) at least as nearly (within 0.01) and names no source of its own (no credit
    line, wire credit or foreign canonical): it is taken for another site's copy of the site's own
    text, and no source of it. A source dated before the site's article stays one (a farm that
    posts a story twice took both posts from the origin), and so does any source of a site's
    article that credits another (a wire story the site ran, then rewrote). On the same day, the
    site's own text comes first: a same-day copy may be either's, and calling the site a copier of
    a farm's copy of its own text is the worse mistake."""
    sents = set(e.evidence.get("copy_sentences_matched", []) or [])  # type: ignore[arg-type]
    translated = e.relation is Relation.TRANSLATION
    for o in own:
        if o.evidence.get("own_text") == Relation.TRANSLATION.value and not translated:
            continue  # its own text in another language tells nothing of a source in its own
        if o.evidence.get("own_text_credited") or not _not_before(e, o, dates) \
                or round(closeness(o), 2) < round(closeness(e), 2) - 0.01:
            continue
        theirs = set(o.evidence.get("copy_sentences_matched", []) or [])  # type: ignore[arg-type]
        if sents and len(sents & theirs) / len(sents) > share:
            return True
    return False


def break_cycles(edges: list[Edge]) -> list[Edge]:
    """``edges`` without those that would close a cycle ("A copies B copies A"), which no chain
    may contain: edges are taken strongest first (a settled direction before a guessed one, then
    the higher score) and one that would close a cycle among those already taken is dropped.
    Without cycles nothing is dropped. Both engines and the store apply it to their final edges."""
    order = sorted(edges, key=lambda e: (e.direction_basis == "undetermined", -e.score,
                                         e.copy_id or 0, e.source_id or 0))
    out_of: dict[int | None, set[int | None]] = {}
    kept: set[int] = set()
    for e in order:
        if e.source_id == e.copy_id or _reaches(out_of, e.copy_id, e.source_id):
            continue
        out_of.setdefault(e.source_id, set()).add(e.copy_id)
        kept.add(id(e))
    return [e for e in edges if id(e) in kept]


def _reaches(out_of: dict[int | None, set[int | None]], start: int | None, goal: int | None) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in out_of.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


_CREDITED = CREDITED_BASES
"""Direction bases by which the copy itself names the source: among sources that explain it
equally, the one it credits (a wire's own page) goes before an earlier-dated sibling (a client
paper that posted the wire story first)."""


def _declared_copies(copies: list[Edge], settings: Settings) -> list[tuple[Edge, Edge]]:
    """(e, y) for each source edge ``e`` whose source names the source of another candidate ``y``
    as its own source (a foreign canonical URL or a credit link: evidence
    ``source_names_source``), when ``y`` explains the copy nearly as well: its closeness at most
    ``declared_copy_max_gap`` lower and no more words changed (beyond
    ``verbatim_max_word_change``). A mirror that kept none of the original's own lines ("Follow us
    on ...") is a little closer to every copy than the original, but no evidence that the copies
    went through it; a spun intermediate, whose changes the copy carries, keeps its place."""
    by_url: dict[tuple[bool, str], Edge] = {}
    for c in copies:
        saved = (c.evidence or {}).get("source_addresses")
        for u in [_norm_url(c.source_url), *(saved if isinstance(saved, list) else [])]:
            if u:
                by_url.setdefault((c.relation is Relation.TRANSLATION, u), c)
    out: list[tuple[Edge, Edge]] = []
    for e in copies:
        named = (e.evidence or {}).get("source_names_source")
        if not isinstance(named, list):
            continue
        for u in named:
            y = by_url.get((e.relation is Relation.TRANSLATION, u))  # (a translation of a translation)
            if y is None or y is e or y.source_id == e.source_id:
                continue
            if closeness(y) >= closeness(e) - settings.declared_copy_max_gap \
                    and _change(y) <= _change(e) + settings.verbatim_max_word_change:
                out.append((e, y))
                break
    return out


def _credited_over_cuts(copies: list[Edge], settings: Settings) -> list[tuple[Edge, Edge]]:
    """(e, y) for each source edge ``e`` closer than the source ``y`` the copy credits as its own
    (a credit link, a canonical URL or a credit of its site: ``credits_source`` with a direction
    settled by ``attribution`` or ``canonical``) only by the source's lines that both left out:
    ``e`` covers no more of the copy (beyond 0.01) and explains no more of its words
    (``verbatim_max_word_change``). A feed entry or mirror that cut the original's author note is
    closer to every copy that cut it too, but the copy that names the original went through no
    mirror; a spun intermediate, whose changed words the copy carries, keeps its place."""
    credited = [y for y in copies if y.relation is not Relation.TRANSLATION
                and y.direction_basis in _CREDITED and y.credits_source]
    if not credited:
        return []
    y = max(credited, key=closeness)
    cov_y = float(y.evidence.get("copy_coverage") or 0.0)  # type: ignore[arg-type]
    return [(e, y) for e in copies if e is not y and e.source_id != y.source_id
            and e.relation is not Relation.TRANSLATION and closeness(e) > closeness(y)
            and float(e.evidence.get("copy_coverage") or 0.0) <= cov_y + 0.01  # type: ignore[arg-type]
            and _change(e) >= _change(y) - settings.verbatim_max_word_change]


def _change(e: Edge) -> float:
    change = (e.evidence or {}).get("word_change")
    return float(change) if isinstance(change, (int, float)) else 0.0


def choose_sources(
    edges: list[Edge], dates: dict[int | None, str | None] | None = None, settings: Settings | None = None
) -> list[Edge]:
    """The source edges to keep for one copy (all ``edges`` must share the copy).

    The closest source first: a same-language source before a translated one, then the one that
    explains the copy most nearly (:func:`closeness`; within 0.01 of each other: the one the copy
    credits, then one that is no declared copy of another candidate, then the earlier source, then
    a page before its AMP rendering, then the better score). A source that names another candidate
    as its own source (a mirror's foreign canonical) counts as no closer than that candidate when
    it is only a little closer (:func:`_declared_copies`), so a mirror dated before its original
    does not win "earlier". A copy of a copy is closer to the intermediate, which passed on its own
    changes or cuts, than to the original; two copies of one original are as close to each other
    as to it, and the earlier (the original) wins. Then any source explaining other sentences (an
    article stitched from two origins). ``edges`` may also hold comparisons with articles of the
    copy's own site (``own_text`` in their evidence, relation same story): another site's copy of
    that text is no source of it (:func:`_copies_own_text`).
    """
    dates = dates or {}
    settings = settings or Settings()
    own = [e for e in edges if not e.relation.is_copy and e.evidence.get("own_text")]
    copies = [e for e in edges if e.relation.is_copy
              and not (own and _copies_own_text(e, own, dates, settings.second_source_max_overlap))]
    near = {id(e): closeness(e) for e in copies}
    yields: set[int] = set()
    for e, y in _declared_copies(copies, settings):  # as close as the original it names, no closer
        near[id(e)] = min(near[id(e)], closeness(y))
        yields.add(id(e))
    for e, y in _credited_over_cuts(copies, settings):  # the copy names y: e shares only its cuts
        near[id(e)] = min(near[id(e)], near[id(y)])
        yields.add(id(e))
    copies.sort(key=lambda e: (e.relation is Relation.TRANSLATION, -round(near[id(e)], 2),
                               not (e.direction_basis in _CREDITED or e.evidence.get("credits_source")),
                               id(e) in yields, _date_key(e, dates), is_amp_url(e.source_url),
                               -round(e.score, 3), e.source_id or 0))
    kept: list[Edge] = []
    covered: set[int] = set()
    for e in copies:
        sents = set(e.evidence.get("copy_sentences_matched", []) or [])  # type: ignore[arg-type]
        if not kept:
            kept.append(e)
            covered |= sents
            continue
        if e.relation is Relation.TRANSLATION or not sents:
            continue
        if len(sents & covered) / len(sents) <= settings.second_source_max_overlap:
            kept.append(e)
            covered |= sents
    return kept
