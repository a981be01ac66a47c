"""Orchestration: ingest, link, trace — over a store (``Corpus``) or in memory (``link_records``).

The stages are the pure functions of ``extract``, ``fingerprint``, ``index``, ``align``,
``relate`` and ``link``; this module only moves records between them and the store.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NewstraceError, SourceError, SourceSkip, StoreError, UsageError
from .fingerprint import features
from .index import MemoryIndex, anchors_of, candidates, reverse_candidates
from .lineage import carry_alterations
from .link import Comparison, Prepared, break_cycles, choose_sources, compare, compare_oriented, one_publisher
from .model import PASTED_TEXT, Article, CarriedAlteration, Edge, Page, Relation
from .outlets import known as known_outlets
from .parallel import Extractor
from .relate import copy_lag
from .settings import Settings
from .store import DEFAULT_DB, SQLiteStore, open_store
from .store.sqlite import article_key

Progress = Callable[[str, int, int | None], None]
"""Progress callback: (stage, done, total or None)."""


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class IngestReport:
    """``read`` pages were read; of their articles ``stored`` were new and ``unchanged`` already
    stored; ``skipped`` pages held no article, ``failed`` inputs could not be read. ``files_unchanged``
    local files were not read again (unchanged since a complete earlier ingest with the same
    settings): their ``articles_not_reread`` articles count as unchanged too."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    files_unchanged: int = 0
    articles_not_reread: int = 0
    files_unchanged_empty: int = 0
    """Of ``files_unchanged``, those that held no article when they were read (a page that is not
    an article was named in an error line then; it is not read again to say it again)."""
    redated: int = 0
    """Of ``unchanged``, articles seen again with an earlier date (the same page captured earlier):
    they take that date and are linked again."""

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": self.failed,
            "files_unchanged": self.files_unchanged,
            "files_unchanged_empty": self.files_unchanged_empty,
            "redated": self.redated,
            "errors": list(self.errors),
        }


def settings_key(settings: Settings) -> str:
    """Fingerprint of the settings and newstrace version an article was extracted with."""
    import hashlib
    import json

    from . import __version__

    blob = json.dumps([__version__, settings.to_json()], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


@dataclass(slots=True)
class _FileState:
    """One local file as ``Corpus.ingest`` reads it: its (path, size, mtime) before reading and
    after (``ended``, once all its pages are out), and what became of its pages so far."""

    started: tuple[str, int, int] | None
    articles: int = 0  # articles (stored or unchanged) of the file
    failed: bool = False  # a page of the file failed
    ended: tuple[str, int, int] | None = None


class _FileLog:
    """``Corpus.ingest``'s memory of local files: pass over one read completely before (same path,
    size, modification time and settings); record one once all its pages are stored.

    The reader (``iter_pages``) calls ``unchanged`` and ``done``; pages may still be in extraction
    when their file is done, so a file read to its end waits in ``ended`` until the consumer has
    the outcome of each of its pages and calls ``settle``."""

    def __init__(self, store: SQLiteStore, key: str, report: IngestReport, *, reread: bool = False) -> None:
        self.store, self.key, self.report, self.reread = store, key, report, reread
        self.current: _FileState | None = None  # the file being read
        self.ended: list[_FileState] = []  # files read to their end, not yet settled
        self.completed: list[tuple[str, int, int, int]] = []

    @staticmethod
    def _stat(path: Path) -> tuple[str, int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return str(path.resolve()), st.st_size, st.st_mtime_ns

    def unchanged(self, path: Path) -> bool:
        info = self._stat(path)
        self.current = _FileState(info)
        if self.reread:
            return False
        row = self.store.read_file_entry(info[0]) if info else None
        if info is None or row is None or row[:3] != (info[1], info[2], self.key):
            return False
        self.current = None
        self.report.files_unchanged += 1
        self.report.files_unchanged_empty += row[3] == 0
        self.report.articles_not_reread += row[3]
        self.report.unchanged += row[3]
        return True

    def done(self, path: Path) -> None:
        if self.current is not None:
            self.current.ended = self._stat(path)
            self.ended.append(self.current)
        self.current = None

    def take_ended(self) -> list[_FileState]:
        out, self.ended = self.ended, []
        return out

    def settle(self, state: _FileState) -> None:
        """Every page of ``state``'s file has its outcome: record the file (stored with the batch)
        unless a page failed or the file changed while it was read (a JSONL still being appended
        to: the next ingest reads it again and finds the new records)."""
        if state.ended is not None and state.ended == state.started and not state.failed:
            self.completed.append((*state.ended, state.articles))


@dataclass(slots=True)
class LinkReport:
    articles: int = 0
    compared: int = 0
    edges: int = 0
    by_relation: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "compared": self.compared,
            "edges": self.edges,
            "by_relation": dict(self.by_relation),
        }


@dataclass(slots=True)
class TraceLink:
    """One step of a provenance chain: ``copy`` derives from ``source``."""

    edge: Edge
    source: Article
    copy: Article
    comparison: Comparison
    alterations: list[Any] = field(default_factory=list)
    """What ``copy`` changed in ``source``, its direct source (the step's own alterations)."""
    from_origin: list[CarriedAlteration] = field(default_factory=list)
    """What ``copy`` prints differently from the chain's origin, and which step made each change
    (:func:`newstrace.lineage.carry_alterations`): a verbatim copy of an altered copy has no
    alterations of its own, but carries its source's."""

    @property
    def inherited(self) -> list[CarriedAlteration]:
        """The changes to the origin made at earlier steps that ``copy`` still prints."""
        own = {id(a) for a in self.alterations}
        return [c for c in self.from_origin if id(c.alteration) not in own]

    def to_json(self) -> dict[str, Any]:
        d = self.edge.to_json()
        d["source"] = self.source.to_json(with_text=False)
        d["copy"] = self.copy.to_json(with_text=False)
        d["alignment"] = self.comparison.alignment.to_json()
        d["alterations"] = [a.to_json() for a in self.alterations]
        d["inherited"] = [c.to_json() for c in self.inherited]
        lag = copy_lag(self.source.published, self.copy.published)  # as the text and the web give it
        d["lag_days"] = round(lag, 3) if lag is not None else None
        ev = d.get("evidence")
        if isinstance(ev, dict) and "alterations" not in ev:  # where a stored edge keeps them: a
            d["evidence"] = {**ev, "alterations": d["alterations"]}  # page traced on the fly too
        return d


@dataclass(slots=True)
class Related:
    """An article judged the same story as the traced one, not a copy of it (or of it a copy).

    On another site: independent coverage of the same event. On the same site (``same_site``): the
    site's own text again, under another address or reused in another of its articles; ``own_text``
    then names the copy relation the texts would have on two sites, and ``reuses`` says whether the
    traced article is the one that reuses the other's text."""

    article: Article
    score: float
    same_site: bool
    own_text: str | None = None
    reuses: bool | None = None

    def to_json(self) -> dict[str, Any]:
        a = self.article
        d: dict[str, Any] = {"id": a.id, "site": a.site, "title": a.title, "published": a.published,
                             "url": a.url, "score": round(self.score, 4)}
        if self.own_text is not None:
            d["own_text"] = self.own_text
            d["reuses"] = self.reuses
        return d


@dataclass(slots=True)
class Trace:
    """Where an article came from: the chain from its origin to it, and the copies made of it."""

    article: Article
    chain: list[TraceLink]  # origin first; empty when the article is an origin
    copies: list[Edge]
    stored: bool
    outlets: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Known outlets (state media, :mod:`newstrace.outlets`) among the sites of the article and its chain."""
    origin_credits: list[dict[str, Any]] = field(default_factory=list)
    """Known outlets the origin names as its source (``{"outlet": ..., "how": ...}``): where the
    corpus's origin is itself a copy, these say whose article it most likely is."""
    related: list[Related] = field(default_factory=list)
    """The same story written independently on other sites, and the site's own related text; best
    first."""

    @property
    def same_story(self) -> list[Related]:
        """Independent coverage of the same event on other sites: not copies."""
        return [r for r in self.related if not r.same_site]

    @property
    def same_site(self) -> list[Related]:
        """The same site's articles holding this one's text again (``own_text``), never counted as
        copies: another address for it, its rewrite, a story reusing its paragraphs."""
        return [r for r in self.related if r.same_site]

    @property
    def origin(self) -> Article:
        return self.chain[0].source if self.chain else self.article

    @property
    def from_origin(self) -> list[CarriedAlteration]:
        """What the article prints differently from its origin, each with the chain step that made
        the change (empty for an origin): its own step's alterations and those it inherited."""
        return self.chain[-1].from_origin if self.chain else []

    @property
    def origin_settled(self) -> bool:
        """False when a step of the chain has a direction nothing settled (no dates that differ, no
        canonical URL, credit or farm template): the origin named is then a guess."""
        return all(ln.edge.direction_basis != "undetermined" for ln in self.chain)

    def direction_doubt(self) -> str | None:
        """One sentence saying which directions are guesses (None when every one is settled).

        An undetermined pair is stored older id first (ingest order): the relation holds, but
        either article may be the copy."""
        steps = sum(ln.edge.direction_basis == "undetermined" for ln in self.chain)
        copies = sum(e.direction_basis == "undetermined" for e in self.copies)
        why = "no dates that differ, canonical URL, credit line or farm template settles it"
        out = []
        if steps:
            which = "its only step" if len(self.chain) == 1 else f"{steps} of its {len(self.chain)} steps"
            out.append(f"Which article came first is undetermined for {which} ({why}): "
                       "the origin named may be a copy instead.")
        if copies:
            them = "its copy" if copies == 1 else f"{copies} of its copies"
            out.append(f"Which came first is undetermined between this article and {them} ({why}): "
                       f"this article may be {'its' if copies == 1 else 'their'} copy instead.")
        return " ".join(out) or None

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json(with_text=False),
            "stored": self.stored,
            "origin": self.origin.to_json(with_text=False),
            "origin_settled": self.origin_settled,
            "direction_doubt": self.direction_doubt(),
            "is_origin": not self.chain,
            "chain": [link.to_json() for link in self.chain],
            "from_origin": [c.to_json() for c in self.from_origin],
            "copies": [e.to_json() for e in self.copies],
            "outlets": self.outlets,
            "origin_credits": self.origin_credits,
            "same_story": [r.to_json() for r in self.same_story],
            "same_site": [r.to_json() for r in self.same_site],
        }


def _alterations(cmp: Comparison, settings: Settings) -> list[Any]:
    """Altered quotes, numbers and names between source and copy.

    Fidelity compares words, so between articles of two languages only what can be read across
    them is compared, sentence pair by sentence pair: who a quote is given to and whether reported
    speech became a quote (:func:`newstrace.quotes.translated_quote_changes`), and the numbers
    written in digits (:mod:`newstrace.crosslang`); a translation's quotes are all "different" words.
    """
    from .link import cross_language
    from .quotes import fidelity

    if cross_language(cmp.source, cmp.copy):
        from .crosslang import translated_number_changes
        from .quotes import translated_quote_changes

        args = (cmp.alignment, cmp.source.text, cmp.copy.text, cmp.source.lang, cmp.copy.lang, settings)
        return translated_quote_changes(*args) + translated_number_changes(*args)
    try:
        return list(fidelity(cmp.source.text, cmp.copy.text, cmp.alignment, lang=cmp.copy.lang or "en",
                             settings=settings))
    except Exception:  # noqa: BLE001 - fidelity must never break a trace; see issue on quotes
        return []


def _aid(a: Article) -> int:
    """The id of an article that must have one (stored, or numbered for in-memory linking)."""
    if a.id is None:
        raise ValueError(f"article {a.url or a.origin} has no id")
    return a.id


def _extract(page: Page, settings: Settings) -> Article:
    from .extract import extract_page

    return extract_page(page, settings)


class Corpus:
    """A store of articles and what links them. ``Corpus(db).ingest(...)``, ``.link()``, ``.trace()``."""

    def __init__(self, db: str | Path = DEFAULT_DB, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.store: SQLiteStore = open_store(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- ingest -------------------------------------------------------------------------------
    def ingest(
        self,
        inputs: Iterable[str | os.PathLike[str]],
        *,
        allow_private: bool = False,
        progress: Progress = _no_progress,
        on_error: Callable[[str], None] | None = None,
        reread: bool = False,
        workers: int = 1,
    ) -> IngestReport:
        """Read, extract and store articles; batches of ``ingest_batch_size`` per transaction.

        ``workers`` > 1 extracts pages in that many processes (:mod:`newstrace.parallel`) once an
        input holds more than a few pages; outcomes are taken in input order, so the articles, their
        ids and the transactions are those of a sequential ingest.

        A local file read completely by an earlier ingest with the same settings, and unchanged
        since (size and modification time), is not read again unless ``reread``: a second ingest of
        a growing crawl folder only extracts the new files. A file is recorded in the transaction
        that stores its last articles, so a kill never marks a file whose articles were lost.

        ``inputs``: paths (``str`` or :class:`pathlib.Path`) of files or folders, and http(s) URLs."""
        from .sources import iter_pages

        report = IngestReport()
        batch: list[Article] = []
        log = _FileLog(self.store, settings_key(self.settings), report, reread=reread)

        def flush() -> None:
            if not batch and not log.completed:
                return
            with self.store.transaction():
                for art in batch:
                    res = self.store.put_article(art, features(art.text))
                    if res.status == "stored":
                        report.stored += 1
                        report.ids.append(res.article_id)
                    else:
                        report.unchanged += 1
                        report.redated += res.status == "redated"
                for path, size, mtime_ns, n in log.completed:
                    self.store.put_read_file(path, size, mtime_ns, log.key, n)
            batch.clear()
            log.completed.clear()

        def fail(msg: str) -> None:
            report.errors.append(msg)
            if on_error:
                on_error(msg)

        pages = iter_pages([os.fspath(i) for i in inputs], self.settings, allow_private=allow_private,
                           file_log=log)
        extractor = Extractor(self.settings, workers)
        # in input order: ("page", Pending, file), ("error", SourceError, file), ("file", file, None)
        queue: deque[tuple[str, Any, _FileState | None]] = deque()

        def consume(kind: str, obj: Any, state: _FileState | None) -> None:
            if kind == "file":
                log.settle(obj)
                return
            if kind == "error" and isinstance(obj, SourceSkip):  # passed over on purpose: no failure
                report.skipped += obj.count
                fail(str(obj))
            elif kind == "error":
                report.failed += 1
                if state is not None:
                    state.failed = True
                fail(str(obj))
            else:
                report.read += 1
                status, value = extractor.result(obj)
                if status == "ok":
                    batch.append(value)
                    if state is not None:
                        state.articles += 1
                elif status == "skip":
                    report.skipped += 1
                    fail(value)
                else:
                    report.failed += 1
                    if state is not None:
                        state.failed = True
                    fail(value)
            if len(batch) >= self.settings.ingest_batch_size:
                flush()
            progress("ingest", report.read + report.failed, None)

        finished = False
        try:
            for item in pages:
                queue.extend(("file", st, None) for st in log.take_ended())  # files ended before it
                if isinstance(item, SourceError):
                    queue.append(("error", item, log.current))
                else:
                    queue.append(("page", extractor.submit(item), log.current))
                while queue and (len(queue) > extractor.window or queue[0][0] != "page"
                                 or extractor.ready(queue[0][1])):
                    consume(*queue.popleft())
            queue.extend(("file", st, None) for st in log.take_ended())
            while queue:
                consume(*queue.popleft())
            flush()
            finished = True
        finally:
            extractor.close(wait=finished)
        return report

    def add(self, articles: Iterable[Article]) -> list[int]:
        """Store already-extracted articles (API use); returns their ids."""
        ids = []
        with self.store.transaction():
            for art in articles:
                if not art.content_hash:
                    from .text import content_hash

                    art.content_hash = content_hash(art.text)
                ids.append(self.store.put_article(art, features(art.text)).article_id)
        return ids

    # --- link ---------------------------------------------------------------------------------
    def link(self, *, progress: Progress = _no_progress, relink: bool = False) -> LinkReport:
        """Compare new (not yet linked) articles with the index and update provenance edges.

        Incremental: each new article is looked up in the index; pairs already compared are not
        compared again. ``relink`` recomputes everything.
        """
        st, s = self.store, self.settings
        if relink:
            with st.transaction():
                st.conn.execute("DELETE FROM relations")
                st.conn.execute("DELETE FROM edges")
                st.conn.execute("DELETE FROM anchors")
                st.conn.execute("UPDATE articles SET linked_at=NULL")
        self._fill_anchors(progress)
        todo = st.unlinked_ids()
        report = LinkReport(articles=len(todo))
        superseded = st.superseded_ids()
        prepared = Prepared()
        step = max(1, s.ingest_batch_size)
        for start in range(0, len(todo), step):
            chunk = todo[start : start + step]
            touched: set[int] = set()
            with st.transaction():
                done_pairs = st.related_pairs(set(chunk))
                arts = st.get_many(chunk)
                for aid in chunk:
                    art = arts[aid]
                    feats = features(art.text)
                    anchors = anchors_of(st, feats, s, self_indexed=True)
                    cands = candidates(st, feats, s, exclude={aid} | superseded, anchors=anchors)
                    # and the older articles whose own look-up finds this one (a partial copy or a
                    # translation linked before its original arrived): the pairs a single run finds
                    seen = {c.article_id for c in cands}
                    cands += [c for c in reverse_candidates(st.anchor_hits(feats), s, {aid} | superseded)
                              if c.article_id not in seen]
                    st.put_anchors(aid, anchors)
                    others = st.get_many([c.article_id for c in cands])
                    for c in cands:
                        pair = (min(aid, c.article_id), max(aid, c.article_id))
                        if pair in done_pairs:
                            continue
                        done_pairs.add(pair)
                        other = others[c.article_id]
                        # Older id first, so that undetermined directions follow ingest order.
                        a, b = (other, art) if _aid(other) < aid else (art, other)
                        cmp = compare(a, b, s, prepared)
                        report.compared += 1
                        st.put_relation(*relation_row(a, b, cmp))
                        touched.update((aid, c.article_id))
                    touched.add(aid)
                for cid in touched:
                    self._update_edges(cid)
                st.mark_linked(chunk)
            progress("link", min(start + step, len(todo)), len(todo))
        return self._finish_report(report)

    def _fill_anchors(self, progress: Progress) -> None:
        """Record the anchors of linked articles that have none (a store linked before anchors
        were recorded, or on Spark), chosen in the corpus as it is now: once per article."""
        st, s = self.store, self.settings
        missing = st.linked_without_anchors()
        step = max(1, s.ingest_batch_size) * 10
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            with st.transaction():
                for aid, art in st.get_many(chunk).items():
                    st.put_anchors(aid, anchors_of(st, features(art.text), s, self_indexed=True))
            progress("anchors", min(start + step, len(missing)), len(missing))

    def _kept_edges(self, copy_id: int) -> tuple[list[Edge], dict[int, Article]]:
        """The stored relations that make ``copy_id`` a copy, reduced to the sources it keeps
        (``choose_sources``), and those sources."""
        st = self.store
        rels = [r for r in st.relations_of(copy_id) if r["copy_id"] == copy_id]
        if not rels:
            return [], {}
        from .model import Relation

        srcs = st.get_many([r["source_id"] for r in rels])
        edges = [
            Edge(
                r["source_id"],
                copy_id,
                srcs[r["source_id"]].url,
                None,
                Relation(r["relation"]),
                r["score"],
                r["direction_basis"],
                r["evidence"],
            )
            for r in rels
        ]
        dates: dict[int | None, str | None] = {i: a.published for i, a in srcs.items()}
        return choose_sources(edges, dates, self.settings), srcs

    def _update_edges(self, copy_id: int) -> None:
        kept, srcs = self._kept_edges(copy_id)
        for e in kept:
            if "alterations" not in e.evidence:
                self._add_alterations(e, srcs[e.source_id])  # type: ignore[index]
        self.store.set_edges(copy_id, kept)

    def link_spark(self, spark: Any, *, partitions: int | None = None, relink: bool = False) -> LinkReport:
        """Link on Spark (``newstrace link --engine spark --db ...``): the new (not yet linked)
        articles, or with ``relink`` the whole store. Candidates are found against the whole corpus
        by :meth:`link`'s rules (:func:`newstrace.spark.store_pairs`: each new article's look-up, and
        the look-ups of the articles linked before it, by their recorded anchors) and the pairs
        holding a new article that were not compared before are compared by Spark workers; then,
        as :meth:`link` does, the anchors looked up with are recorded, the relations are stored, the
        sources of every article they touch are chosen again, and the altered quotes and numbers of
        newly kept edges are computed (on Spark too). One transaction: a failure leaves the previous
        links as they were."""
        from .spark import alterations_stored, compare_stored

        st, s = self.store, self.settings
        arts = list(st.iter_articles())
        todo = [a.id for a in arts if a.id is not None] if relink else st.unlinked_ids()
        report = LinkReport(articles=len(todo))
        if not todo:
            return self._finish_report(report)
        new = set(todo)
        only = None if relink else new
        skip = None if relink else st.related_pairs(new)
        recorded = None if relink else {i: a for i, a in st.recorded_anchors().items() if i not in new}
        rows, anchors = compare_stored(spark, arts, s, partitions, only=only, skip=skip, recorded=recorded)
        report.compared = len(rows)
        with st.transaction():
            if relink:
                st.conn.execute("DELETE FROM relations")
                st.conn.execute("DELETE FROM edges")
                st.conn.execute("DELETE FROM anchors")
            for aid, found in anchors.items():  # recorded as link records them, for later look-ups
                st.put_anchors(aid, found)
            for row in rows:
                st.put_relation(*row)
            touched = sorted(set(todo) | {i for r in rows for i in r[:2]})
            kept = {cid: self._kept_edges(cid)[0] for cid in touched}
            need = [(e.source_id, cid, e.direction_basis) for cid, edges in kept.items() for e in edges
                    if e.source_id is not None and "alterations" not in e.evidence]
            by_id = {a.id: a for a in arts if a.id is not None}
            alts = alterations_stored(spark, by_id, need, s)
            for cid, edges in kept.items():
                for e in edges:
                    if e.source_id is not None and (e.source_id, cid) in alts:
                        e.evidence["alterations"] = alts[(e.source_id, cid)]
                        st.set_relation_evidence(e.source_id, cid, e.evidence)
                st.set_edges(cid, edges)
            st.mark_linked(todo)
        return self._finish_report(report)

    def _finish_report(self, report: LinkReport) -> LinkReport:
        if report.compared:  # edges can only have changed when pairs were compared
            self._drop_cycle_edges()
        stats = self.store.stats()
        report.edges = stats["edges"]
        report.by_relation = stats["edges_by_relation"]
        return report

    def _drop_cycle_edges(self) -> None:
        """Remove stored edges that close a cycle (:func:`~newstrace.link.break_cycles`): guessed
        directions and a minimum time gap are not transitive, and sources are chosen one copy at a
        time. Once per link run, over the light columns of every edge."""
        from .model import Relation

        rows = self.store.conn.execute(
            "SELECT copy_id, source_id, relation, score, direction_basis FROM edges").fetchall()
        light = [Edge(src, cid, None, None, Relation(rel), score, basis, {})
                 for cid, src, rel, score, basis in rows]
        keep = {(e.copy_id, e.source_id) for e in break_cycles(light)}
        drop = [(e.copy_id, e.source_id) for e in light if (e.copy_id, e.source_id) not in keep]
        if drop:
            with self.store.transaction():
                self.store.conn.executemany("DELETE FROM edges WHERE copy_id=? AND source_id=?", drop)

    def _add_alterations(self, e: Edge, source: Article) -> None:
        """Altered quotes, numbers and names of a kept edge, computed once and stored with its
        relation. Only kept edges pay for it: between sibling copies it would say nothing new."""
        copy = self.store.get(e.copy_id)  # type: ignore[arg-type]
        cmp = compare_oriented(source, copy, e.direction_basis, self.settings)
        e.evidence["alterations"] = [a.to_json() for a in _alterations(cmp, self.settings)]
        self.store.set_relation_evidence(_aid(source), _aid(copy), e.evidence)

    # --- trace --------------------------------------------------------------------------------
    def resolve(self, ref: str, *, allow_private: bool = False) -> tuple[Article, bool]:
        """A stored article by id/URL/path, or a page extracted on the fly (not stored);
        ``allow_private`` permits fetching a URL from a private or loopback address."""
        if not ref.strip():
            raise UsageError("empty reference: give a stored id, a URL or a page file")
        art = self.store.find(ref)
        if art is not None:
            return art, True
        if ref.isdigit() and not Path(ref).exists():
            raise StoreError(f"{ref}: no stored article with this id")
        if Path(ref).is_dir():
            raise UsageError(f"{ref}: a folder; give one page (or ingest the folder and give an id)")
        from .sources import iter_pages

        pages: list[Page] = []
        for item in iter_pages([ref], self.settings, allow_private=allow_private):
            if isinstance(item, SourceError):
                raise item
            pages.append(item)
            if len(pages) > 1:
                raise UsageError(f"{ref}: holds several pages; ingest it and give one by id or URL")
        if pages:
            return _extract(pages[0], self.settings), False
        raise StoreError(f"{ref}: not a stored article id/URL and not a readable page")

    def trace(self, ref: str, *, allow_private: bool = False) -> Trace:
        """Origin, chain and copies of an article by id, URL or path (see ``Trace``)."""
        art, stored = self.resolve(ref, allow_private=allow_private)
        return self.trace_article(art, stored=stored)

    def trace_article(self, art: Article, *, stored: bool = False) -> Trace:
        """Trace an article; one not stored is compared on the fly with the index."""
        st, s = self.store, self.settings
        prepared = Prepared()
        chain: list[TraceLink] = []
        if stored:
            current = art
        else:
            # Not stored: compare on the fly against candidates from the index.
            cands = candidates(st, features(art.text), s, exclude=st.superseded_ids())
            cmps = []
            related: list[Related] = []
            for c in cands:
                other = st.get(c.article_id)
                if (other.text, other.trimmed) == (art.text, art.trimmed) \
                        and art.site in (None, other.site) \
                        and (art.url is None or article_key(art) == article_key(other)):
                    # the very page already stored (uploaded or read again): same text, same trimmed
                    # template lines, no other site or address (http for https, ``www.`` or a
                    # tracking parameter aside, as the store keys it). Its stored trace, not "a
                    # verbatim copy of itself"; a farm's copy differs in its template, site or address.
                    return self.trace_article(other, stored=True)
                cmp = compare(other, art, s, prepared)
                pasted = art.origin == PASTED_TEXT or (art.origin or "").lower().endswith(".txt")
                if pasted and art.url is None and art.published is None and cmp.weighs_sources \
                        and cmp.copy is not art and cmp.basis == "boilerplate":
                    # a pasted text (or a text file) has no address, date or page template: the farm
                    # template of a stored page says nothing of which came first, and the paste is
                    # what is traced (an uploaded page is extracted: its lack of a template counts)
                    cmp = compare_oriented(other, art, "undetermined", s, prepared)
                if cmp.weighs_sources and cmp.copy is art:
                    cmps.append(cmp)
                if cmp.verdict.relation is Relation.SAME_STORY and _listed(cmp.own_text, art, other):
                    own = cmp.own_text.value if cmp.own_text is not None else None
                    related.append(Related(other, cmp.verdict.score, one_publisher(art, other), own,
                                           cmp.copy is art if own else None))
            dates = {c.source.id: c.source.published for c in cmps}
            best = choose_sources([c.edge() for c in cmps], dates, s)
            if best:
                cmp = next(c for c in cmps if c.source.id == best[0].source_id)
                chain.append(TraceLink(best[0], cmp.source, art, cmp, _alterations(cmp, self.settings)))
            current = chain[0].source if chain else art
        seen = {current.id}
        while True:
            parents = st.sources_of(current.id) if current.id is not None else []
            if not parents:
                break
            e = parents[0]
            if e.source_id in seen:
                break  # a cycle from contradictory evidence: stop rather than loop
            seen.add(e.source_id)
            src = st.get(e.source_id)  # type: ignore[arg-type]
            cmp = compare_oriented(src, current, e.direction_basis, s, prepared)
            chain.insert(0, TraceLink(e, src, current, cmp, _alterations(cmp, self.settings)))
            current = src
        for ln, carried in zip(chain, carry_alterations(
                [(ln.alterations, ln.comparison.alignment, ln.copy.text) for ln in chain]), strict=True):
            ln.from_origin = carried
        copies = st.copies_of(art.id) if (stored and art.id is not None) else []
        if stored:
            related = self._related(art)
        elif chain:
            # a page traced on the fly is compared with its best candidates only, which its source's
            # copies crowd: the same story written independently is the source's, as stored
            seen = {a.id for ln in chain for a in (ln.source, ln.copy)} | {r.article.id for r in related}
            related += [Related(r.article, r.score, one_publisher(art, r.article))
                        for r in self._related(chain[-1].source)
                        if r.article.id not in seen and not r.same_site]
        related.sort(key=lambda r: (-r.score, r.article.id or 0))
        outlets = known_outlets(s.outlets_file)
        origin = chain[0].source if chain else art
        credits = [{"outlet": o.to_json(), "how": how}
                   for o, how in outlets.credited(origin.title, origin.trimmed, origin.site)]
        sites = [art.site, *(ln.source.site for ln in chain)]
        return Trace(art, chain, copies, stored, outlets.of_sites(sites), credits, related)

    def _related(self, art: Article) -> list[Related]:
        """The stored articles judged the same story as ``art`` (see ``Related``)."""
        if art.id is None:
            return []
        rels = [r for r in self.store.relations_of(art.id) if r["relation"] == Relation.SAME_STORY.value]
        ids = [r["b_id"] if r["a_id"] == art.id else r["a_id"] for r in rels]
        old = self.store.superseded_among(ids)  # an older version: its current one is listed if related
        others = self.store.get_many(i for i in ids if i not in old)
        out = []
        for other_id, r in zip(ids, rels, strict=True):
            if (other := others.get(other_id)) is None:
                continue
            own = (r["evidence"] or {}).get("own_text")
            if _listed(own, art, other):
                out.append(Related(other, r["score"] or 0.0, one_publisher(art, other), own,
                                   r["copy_id"] == art.id if own else None))
        return out


def _listed(own_text: object, art: Article, other: Article) -> bool:
    """A same-story article a trace lists: on another site (independent coverage), or on the same
    site when it holds this article's text again (``own_text``). Another article of the same site
    on the same story shares its beat, its names and its lead style, which the story models read as
    one story far too readily to list it."""
    return own_text is not None or not one_publisher(art, other)


# --- in memory ----------------------------------------------------------------------------------
def duplicate_url_error(url: str, first: str, where: str) -> str:
    """The error line for the record read at ``where`` (``file.jsonl:9``, or ``record 9`` when the
    records came from no file) repeating the URL of the one at ``first`` (both engines use it)."""
    return f"{where}: same URL as {first} ({url}); skipped"


def records_to_articles(
    records: Iterable[dict[str, Any]],
    settings: Settings,
    on_error: Callable[[str], None] | None = None,
    names: Sequence[str] | None = None,
    ids: Sequence[int] | None = None,
) -> list[Article]:
    """Reuse-format records -> Articles (labels ignored). Bad records are reported and skipped, and
    so is a record whose URL an earlier record's article already has (:func:`duplicate_url_error`):
    edges name articles by URL, and two records of one URL would be "copies" of themselves. ``names`` says
    where each record was read (``edges.jsonl:7``, as ``ingest`` names a line); error lines then
    name the record by it, else by its URL or its position. ``ids`` are the articles' ids (``link
    FILE`` gives the records' line numbers); by default their 1-based positions."""
    from .archives import unarchived

    records = list(records)
    for given in (names, ids):
        if given is not None and len(given) != len(records):
            raise ValueError(f"{len(given)} names or ids for {len(records)} records")
    labels = list(names) if names is not None else [f"record {n}" for n in range(1, len(records) + 1)]
    out: list[Article] = []
    first: dict[str, int] = {}  # URL -> the record whose article has it
    for n, rec in enumerate(records, 1):
        where = names[n - 1] if names is not None else None
        url = rec.get("url")
        if isinstance(url, str) and url:
            url = unarchived(url.strip()) or url  # a web archive's capture has the address it archived
            if url in first:
                if on_error:
                    on_error(duplicate_url_error(url, labels[first[url] - 1], labels[n - 1]))
                continue
        try:
            art = record_article(rec, ids[n - 1] if ids is not None else n, settings, where)
        except NewstraceError as e:
            if on_error:
                on_error(str(e))
            continue
        except Exception as e:  # noqa: BLE001 - one hostile record must not stop the batch (as ingest)
            if on_error:
                on_error(extraction_error(labels[n - 1], e))
            continue
        if isinstance(url, str) and url:
            first[url] = n  # only now: a record that failed leaves its URL to the next one
        out.append(art)
    return out


def extraction_error(where: str, e: Exception) -> str:
    """The error line for a record whose extraction raised something unforeseen (both engines)."""
    return f"{where}: extraction failed: {type(e).__name__}: {e}"


def record_article(rec: dict[str, Any], n: int, settings: Settings, where: str | None = None) -> Article:
    """The article of reuse-format record ``n`` (1-based; also its id), labels ignored. Both link
    engines read records through it. Raises ``NewstraceError`` naming the record: ``where`` when
    given (``file.jsonl:7``), else its URL or ``record N``."""
    from .sources.jsonl import record_fields

    fields = record_fields(rec)
    page = Page(origin=where or fields["url"] or f"record {n}", kind="jsonl", **fields)
    art = _extract(page, settings)
    art.id = n
    return art


def relation_row(first: Article, second: Article, cmp: Comparison) -> tuple[Any, ...]:
    """``SQLiteStore.put_relation``'s arguments for a compared pair (``first`` the lower id): both
    ``Corpus.link`` and the Spark relink store pairs through it."""
    rel = cmp.verdict.relation
    # oriented when it weighs in the copy's sources: a copy, or the site's own text again
    oriented = cmp.weighs_sources
    return (_aid(first), _aid(second), rel, cmp.verdict.score, cmp.source.id if oriented else None,
            cmp.copy.id if oriented else None, cmp.basis, cmp.evidence())


def link_articles(
    arts: list[Article], settings: Settings | None = None, progress: Progress = _no_progress
) -> tuple[list[Edge], int]:
    """Link articles in memory (ids must be set and unique). Returns (kept edges, pairs compared).

    Only copy edges are kept while linking (not every comparison's alignment), so memory grows
    with the corpus and its copies, not with the number of pairs compared.
    """
    s = settings or Settings()
    index = MemoryIndex()
    feats: dict[int, list[int]] = {}
    for a in arts:
        feats[_aid(a)] = features(a.text)
        index.add(_aid(a), feats[_aid(a)])
    by_id = {_aid(a): a for a in arts}
    prepared = Prepared()
    seen: set[tuple[int, int]] = set()
    per_copy: dict[int, list[Edge]] = {}
    for n, a in enumerate(arts, 1):
        aid = _aid(a)
        for c in candidates(index, feats[aid], s, exclude={aid}, self_indexed=True):
            pair = (min(aid, c.article_id), max(aid, c.article_id))
            if pair in seen:
                continue
            seen.add(pair)
            cmp = compare(by_id[pair[0]], by_id[pair[1]], s, prepared)
            if cmp.weighs_sources:
                per_copy.setdefault(_aid(cmp.copy), []).append(cmp.edge())
        progress("link", n, len(arts))
    dates: dict[int | None, str | None] = {a.id: a.published for a in arts}
    edges = [e for cid in sorted(per_copy) for e in choose_sources(per_copy[cid], dates, s)]
    return break_cycles(edges), len(seen)


def link_records(
    records: Iterable[dict[str, Any]],
    settings: Settings | None = None,
    progress: Progress = _no_progress,
    on_error: Callable[[str], None] | None = None,
) -> list[Edge]:
    """Link reuse-format records in memory; labels in the records are ignored."""
    s = settings or Settings()
    arts = records_to_articles(records, s, on_error)
    edges, _ = link_articles(arts, s, progress)
    return edges
