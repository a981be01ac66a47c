"""Linking on Apache Spark, for corpora that outgrow one machine.

:func:`link_rdd` makes the decisions of :func:`newstrace.pipeline.link_articles` — the same
features, the same candidate rule, the same pairwise comparison and the same choice of sources —
as Spark stages, so that a cluster and a laptop give the same edges for the same records:

1. extract each record (``records_to_articles``' rules; ids are the records' line numbers, as
   ``link FILE``'s);
2. features per article, and their document frequencies (``reduceByKey``);
3. anchors per article: its rarest usable features (``select_anchors``: document frequency from 2,
   the article itself and one other, up to ``max_feature_df`` of the corpus, with its fallback to
   rarer-than-``fallback_anchor_df`` features for an article whose words are all common), at most
   ``anchor_features``;
4. candidates: the articles holding an article's anchors, counted by a join on the anchor
   features (posting lists of rare features are short: no stage compares all pairs), kept by
   ``keep_candidates`` (shared anchors, containment, best ``max_candidates``);
5. each distinct pair compared once (:func:`newstrace.link.compare`, sentence preparation cached per
   partition); copies grouped by copy and reduced by :func:`newstrace.link.choose_sources`.

Only the edges come back to the driver (a corpus's copies, not its texts). Workers need newstrace
installed (``pip install newstrace[spark]`` on the cluster image, or ``--py-files``); the
multilingual embedding model loads once per Python worker. Spark itself is not a dependency of
the rest of newstrace: import this module only where pyspark is installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import add
from typing import Any

from .errors import NewstraceError, SourceError
from .fingerprint import features
from .index import anchor_df_ceiling, keep_candidates, select_anchors
from .link import Comparison, Prepared, break_cycles, choose_sources, compare, compare_oriented
from .model import Article, Edge
from .settings import Settings


@dataclass(slots=True)
class SparkLinkReport:
    """What :func:`link_rdd` did: records read, articles extracted, pairs compared, edges kept, and
    one line per record that failed (``"path:line: reason"`` or ``"record N: reason"``)."""

    records: int = 0
    articles: int = 0
    compared: int = 0
    edges: list[Edge] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The counts (edge counts come with the edges: ``newstrace link`` adds them)."""
        return {"records": self.records, "articles": self.articles, "compared": self.compared,
                "errors": len(self.errors)}


def spark_session(master: str = "local[*]", app_name: str = "newstrace") -> Any:
    """A Spark session (``master``: ``local[N]``, ``spark://host:7077``, ``yarn`` ...) with the UI off
    and quiet logs; an existing session is reused. A cluster's workers use the Python its
    configuration names (``spark.pyspark.python``), which must have newstrace installed."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise NewstraceError("the Spark engine needs pyspark: pip install 'newstrace[spark]'") from None
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        # local workers run this interpreter (the one with newstrace installed), not `python3` on PATH
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # noqa: BLE001 - py4j/JVM start-up errors have no common type
        reason = " ".join(str(e).split())[:300] or type(e).__name__
        raise NewstraceError(f"cannot start Spark ({master}): {reason} (it needs Java 17+)") from None
    # in local mode the executors log to this terminal: a failed task's Java trace would bury the one
    # error line that link_file gives for it (a cluster keeps its executors' logs where they run)
    spark.sparkContext.setLogLevel("FATAL" if master.startswith("local") else "ERROR")
    return spark


# --- stage functions (module level, so that Spark pickles them by reference) ---------------------
def _parse_line(origin: str, cap: int, item: tuple[str, int]) -> tuple[str, Any]:
    """A line as ``ingest`` and the in-memory ``link FILE`` read it (the same checks, the same error
    lines naming ``file:line``): ("record", ((its fields, where), line index)), ("error", line) or
    ("skip", None). Two differences are Hadoop's: its text reader has already replaced bytes that
    are not UTF-8 (in memory: "not valid UTF-8"), and it also ends a line at a lone carriage return."""
    from .sources.jsonl import page_record, parse_line

    line, idx = item
    if not line.strip(" \t\n\r\x0b\x0c"):  # ASCII blanks only, as the byte reader skips them
        return ("skip", None)
    where = f"{origin}:{idx + 1}"
    raw = line.encode("utf-8", "surrogatepass")
    if len(raw) > cap:
        return ("error", str(SourceError(where, f"line longer than max_page_bytes ({cap} bytes)")))
    page = parse_line(raw, where)
    if isinstance(page, NewstraceError):
        return ("error", str(page))
    return ("record", ((page_record(page), where), idx))


def _extract_partition(settings: Settings, items: Iterable[tuple[tuple[dict[str, Any], str], int]]
                       ) -> Iterator[tuple[str, Any]]:
    """("article", (its URL, where it was read, the article)) or ("error", (line index, error line,
    its URL, where)) for each record, as :func:`newstrace.pipeline.records_to_articles` extracts and
    reports them."""
    from .pipeline import extraction_error, record_article

    for (rec, where), idx in items:
        try:
            art = record_article(rec, idx + 1, settings, where)
        except NewstraceError as e:
            yield ("error", (idx, str(e), _url_of(rec), where))
            continue
        except Exception as e:  # noqa: BLE001 - one hostile record must not stop the job (as in memory)
            yield ("error", (idx, extraction_error(where, e), _url_of(rec), where))
            continue
        yield ("article", (_url_of(rec), where, art))


def _url_of(rec: dict[str, Any]) -> str | None:
    """A record's address, a web archive capture's being the address it archived (as in memory)."""
    from .archives import unarchived

    url = rec.get("url")
    return (unarchived(url.strip()) or url) if isinstance(url, str) and url else None


def _first_of_each_url(found: Any, failures: list[tuple[int, str, str | None, str]]
                       ) -> tuple[Any, list[str]]:
    """(the extracted articles whose URL no earlier article has, every error line in record order), as
    :func:`newstrace.pipeline.records_to_articles` keeps and reports them: a later record of a URL
    whose article is kept is a repeat, whether or not it extracted (the in-memory reader skips it
    before extracting), and a record that failed extraction leaves its URL to the next. Only URLs,
    ids and names are shuffled (with the failures, few, from the driver); the repeated articles' ids
    are broadcast to drop them where they lie."""
    from .pipeline import duplicate_url_error

    def repeats(item: tuple[str, Iterable[tuple[int, str, bool]]]) -> list[tuple[int, str]]:
        url, seen = item[0], sorted(item[1])
        first = next((x for x in seen if x[2]), None)  # the first record of the URL that has an article
        if first is None:
            return []
        return [(i - 1, duplicate_url_error(url, first[1], where)) for i, where, _ok in seen if i > first[0]]

    failed = found.context.parallelize([(u, (i + 1, w, False)) for i, _m, u, w in failures if u])
    by_url = found.filter(lambda f: f[0] is not None).map(lambda f: (f[0], (f[2].id, f[1], True)))
    repeat = dict(by_url.union(failed).groupByKey().flatMap(repeats).collect())  # line index -> line
    failed_at = {i for i, *_ in failures}
    errors = sorted([(i, repeat.get(i, msg)) for i, msg, _u, _w in failures]
                    + [(i, msg) for i, msg in repeat.items() if i not in failed_at])
    dropped_ids = frozenset(i + 1 for i in repeat if i not in failed_at)
    if not dropped_ids:
        return found, [msg for _i, msg in errors]
    dropped = found.context.broadcast(dropped_ids)
    return found.filter(lambda f: f[2].id not in dropped.value), [msg for _i, msg in errors]


def _anchors(settings: Settings, n_docs: int, item: tuple[int, Iterable[tuple[int, int]]]
             ) -> tuple[int, list[int]]:
    aid, dfs = item
    df = {f: d for d, f in dfs}
    return aid, select_anchors(list(df), df, n_docs, settings, self_indexed=True)


def _keep_candidates(settings: Settings, item: tuple[int, Iterable[tuple[int, int, int]]]
                     ) -> Iterator[tuple[int, int]]:
    qid, hits = item
    hits = list(hits)
    n_anchors = hits[0][2]  # the query's, on every hit
    for c in keep_candidates(((other, shared) for other, shared, _n in hits), n_anchors, settings):
        yield (min(qid, c.article_id), max(qid, c.article_id))


_PairItem = tuple[int, tuple[tuple[int, Article], Article]]  # (b, ((a, article a), article b))


def _comparisons(settings: Settings, items: Iterable[_PairItem]
                 ) -> Iterator[tuple[Article, Article, Comparison]]:
    """Each pair of a partition compared (lower id first, as ``link_articles`` and ``Corpus.link``
    do), sentence preparation cached across the partition."""
    prepared = Prepared()
    for _b, ((_a, first), second) in items:
        yield first, second, compare(first, second, settings, prepared)


def _compare_partition(settings: Settings, items: Iterable[_PairItem]
                       ) -> Iterator[tuple[int, tuple[Edge, dict[int | None, str | None]]]]:
    for first, second, cmp in _comparisons(settings, items):
        if cmp.weighs_sources:
            e = cmp.edge()
            yield (e.copy_id or 0, (e, {first.id: first.published, second.id: second.published}))


def _choose(settings: Settings, item: tuple[int, Iterable[tuple[Edge, dict[int | None, str | None]]]]
            ) -> tuple[int, list[Edge]]:
    cid, found = item
    edges, dates = [], {}
    for e, d in found:
        edges.append(e)
        dates.update(d)
    return cid, choose_sources(edges, dates, settings)


# --- the job -------------------------------------------------------------------------------------
def _anchor_stages(arts: Any, n_articles: int, settings: Settings) -> tuple[Any, Any, Any]:
    """From an RDD of ``(id, Article)``: (``(id, its anchors)`` chosen in this corpus, ``(feature,
    article id)`` for the features an anchor may be, ``(feature, article id)`` for every feature
    that two articles or more hold). Stages 2-3."""
    from functools import partial

    s = settings
    # (feature, article id) for every distinct feature of every article
    postings = arts.flatMap(lambda ia: ((f, ia[0]) for f in features(ia[1].text)))
    cap = anchor_df_ceiling(n_articles, s)  # select_anchors applies df_cap, with its fallback
    shared_dfs = postings.map(lambda fi: (fi[0], 1)).reduceByKey(add).filter(lambda fd: fd[1] >= 2)
    held = postings.join(shared_dfs).cache()  # (feature, (article id, df))
    usable_postings = held.filter(lambda x: x[1][1] <= cap)
    anchors = (
        usable_postings.map(lambda x: (x[1][0], (x[1][1], x[0])))
        .groupByKey()
        .map(partial(_anchors, s, n_articles))
    )
    return anchors, usable_postings.map(lambda x: (x[0], x[1][0])), held.map(lambda x: (x[0], x[1][0]))


def _shared_anchors(anchors: Any, holders: Any) -> Any:
    """``((query, other), (anchors of the query the other holds, the query's anchors))`` for each
    query of ``(id, anchors)`` and each other article of ``holders`` holding one of them."""
    anchor_rows = anchors.flatMap(lambda a: ((f, (a[0], len(a[1]))) for f in a[1]))  # (f, (query, n))
    return (
        anchor_rows.join(holders)
        .filter(lambda x: x[1][0][0] != x[1][1])
        .map(lambda x: ((x[1][0][0], x[1][1]), (1, x[1][0][1])))
        .reduceByKey(lambda a, b: (a[0] + b[0], a[1]))
    )


def _forward_pairs(shared: Any, settings: Settings) -> Any:
    """Each query's candidates (``keep_candidates``) as pairs ``(lower id, higher id)``."""
    from functools import partial

    return (
        shared.map(lambda kv: (kv[0][0], (kv[0][1], kv[1][0], kv[1][1])))
        .groupByKey()
        .flatMap(partial(_keep_candidates, settings))
    )


def candidate_pairs(arts: Any, n_articles: int, settings: Settings) -> Any:
    """The distinct pairs ``(lower id, higher id)`` that ``link_articles`` compares, from an RDD of
    ``(id, Article)``: anchors by document frequency, candidates by shared anchors (stages 2-4)."""
    anchors, usable, _held = _anchor_stages(arts, n_articles, settings)
    return _forward_pairs(_shared_anchors(anchors, usable), settings).distinct()


def _reverse_kept(settings: Settings, item: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    """Whether the article ``y`` of ``((y, x), (its anchors x holds, its anchors))`` keeps ``x`` by
    the candidate rule from its side (``reverse_candidates``: no cut at ``max_candidates`` there)."""
    (y, _x), (shared, n) = item
    return n > 0 and bool(keep_candidates([(y, shared)], n, settings))


def _reverse_cut(settings: Settings, item: tuple[int, Iterable[tuple[int, int]]]
                 ) -> Iterator[tuple[int, int]]:
    """The older articles kept for ``x`` (``reverse_candidates``: most shared first, at most
    ``max_candidates``) as pairs ``(lower id, higher id)``."""
    x, found = item
    for y, _shared in sorted(found, key=lambda c: (-c[1], c[0]))[: settings.max_candidates]:
        yield (min(x, y), max(x, y))


def store_pairs(arts: Any, n_articles: int, settings: Settings, new: Any = None,
                recorded: Any = None) -> tuple[Any, Any]:
    """The pairs ``Corpus.link`` compares in a store, from an RDD of its current articles
    ``(id, Article)``, and the anchors it records: ``(pairs (lower id, higher id), (id, anchors))``.

    ``Corpus.link`` takes the new articles (``new``, a broadcast set of ids; ``None``: all, a first
    link or a relink) in id order and compares each with its candidates (:func:`candidate_pairs`'
    rule, from its side) and with the articles looked up before it whose anchors keep it
    (``reverse_candidates``): the linked articles, by the anchors recorded when they were linked
    (``recorded``, an RDD ``(id, anchors)``; those without any get their anchors in this corpus, as
    ``_fill_anchors`` gives them), and the new articles of lower id. That second rule has no
    ``max_candidates`` cut on the older article's side, so it may add a pair that neither article's
    own look-up keeps (a popular story's copies, tied on shared anchors)."""
    from functools import partial

    s = settings
    anchors, usable, held = _anchor_stages(arts, n_articles, s)
    anchors = anchors.cache()
    queries = anchors if new is None else anchors.filter(lambda a: a[0] in new.value)
    forward = _forward_pairs(_shared_anchors(queries, usable), s)
    if recorded is None:
        looked_up, holders = anchors, usable
    else:  # a recorded anchor may since have become too common to be one: every shared feature
        looked_up, holders = anchors.subtractByKey(recorded).union(recorded), held

    def before(yx: tuple[int, int]) -> bool:  # y was looked up before x, a new article
        y, x = yx
        if new is None:
            return y < x
        return x in new.value and (y not in new.value or y < x)

    reverse = (
        _shared_anchors(looked_up, holders)
        .filter(lambda kv: before(kv[0]))
        .filter(partial(_reverse_kept, s))
        .map(lambda kv: (kv[0][1], (kv[0][0], kv[1][0])))
        .groupByKey()
        .flatMap(partial(_reverse_cut, s))
    )
    return forward.union(reverse).distinct(), anchors


def _with_articles(pairs: Any, arts: Any) -> Any:
    """``(b, ((a, article a), article b))`` for each pair ``(a, b)``."""
    return pairs.join(arts).map(lambda x: (x[1][0], (x[0], x[1][1]))).join(arts)


def link_rdd(records: Any, settings: Settings | None = None, *, origin: str = "input") -> SparkLinkReport:
    """Link an RDD of reuse-format JSON lines (``sc.textFile(...)``) on Spark; see the module doc.

    ``origin`` names the input in error lines. Returns the kept edges ordered like
    ``link_articles``' (by copy id), the counts, and the records that failed."""
    from functools import partial

    s = settings or Settings()
    parsed = records.zipWithIndex().map(partial(_parse_line, origin, s.max_page_bytes)).cache()
    errors: list[str] = parsed.filter(lambda x: x[0] == "error").map(lambda x: x[1]).collect()
    recs = parsed.filter(lambda x: x[0] == "record").map(lambda x: x[1])
    extracted = recs.mapPartitions(partial(_extract_partition, s)).cache()
    found = extracted.filter(lambda x: x[0] == "article").map(lambda x: x[1])
    failures = extracted.filter(lambda x: x[0] == "error").map(lambda x: x[1]).collect()
    keep, record_errors = _first_of_each_url(found, failures)
    errors += record_errors
    arts = keep.map(lambda f: (f[2].id, f[2])).cache()
    report = SparkLinkReport(records=recs.count(), articles=arts.count(), errors=errors)
    if report.articles >= 2:
        pairs = candidate_pairs(arts, report.articles, s).cache()
        report.compared = pairs.count()
        found = (
            _with_articles(pairs, arts)
            .mapPartitions(partial(_compare_partition, s))
            .groupByKey()
            .map(partial(_choose, s))
            .collect()
        )
        report.edges = break_cycles([e for _cid, kept in sorted(found, key=lambda x: x[0]) for e in kept])
        pairs.unpersist()
    for rdd in (parsed, extracted, arts):
        rdd.unpersist()
    return report


def _relations_partition(settings: Settings, items: Iterable[_PairItem]) -> Iterator[tuple[Any, ...]]:
    """``Corpus.link``'s row for each compared pair: ``put_relation``'s arguments."""
    from .pipeline import relation_row

    for first, second, cmp in _comparisons(settings, items):
        yield relation_row(first, second, cmp)


# (copy id, ((source id, basis, source), copy))
_EdgeItem = tuple[int, tuple[tuple[int, str, Article], Article]]


def _alterations_partition(settings: Settings, items: Iterable[_EdgeItem]
                           ) -> Iterator[tuple[tuple[int, int], list[dict[str, Any]]]]:
    from .pipeline import _alterations

    for _c, ((sid, basis, source), copy) in items:
        cmp = compare_oriented(source, copy, basis, settings)
        yield (sid, copy.id or 0), [a.to_json() for a in _alterations(cmp, settings)]


def compare_stored(spark: Any, articles: list[Article], settings: Settings | None = None,
                   partitions: int | None = None, *, only: set[int] | None = None,
                   skip: set[tuple[int, int]] | None = None, recorded: dict[int, list[int]] | None = None,
                   ) -> tuple[list[tuple[Any, ...]], dict[int, list[int]]]:
    """Every pair of stored ``articles`` (ids set) that ``Corpus.link`` would compare
    (:func:`store_pairs`), compared on Spark: one ``put_relation`` row per pair, ordered by pair;
    and the anchors ``Corpus.link`` records for the articles looked up (those of ``only``, or all),
    and for those of ``only``'s complement that ``recorded`` lacks.

    With ``only``, just the pairs holding at least one of those ids (the new articles), less the
    pairs in ``skip`` (``(lower id, higher id)``, compared before); candidates are still found
    against the whole corpus, document frequencies included. ``recorded``: the anchors recorded
    for the other (linked) articles."""
    from functools import partial

    s = settings or Settings()
    if len(articles) < 2 or (only is not None and not only):
        return [], {}
    sc = spark.sparkContext
    n = partitions or sc.defaultParallelism
    arts = sc.parallelize([(a.id, a) for a in articles], n).cache()
    shared = []
    new = old = None
    have: frozenset[int] = frozenset()
    if only is not None:
        new = sc.broadcast(frozenset(only))
        shared.append(new)
        if recorded:
            have = frozenset(recorded)
            old = sc.parallelize(list(recorded.items()), n)
    pairs, anchors = store_pairs(arts, len(articles), s, new, old)
    if new is not None:
        done, fresh = sc.broadcast(frozenset(skip or ())), new
        shared.append(done)
        pairs = pairs.filter(lambda p: (p[0] in fresh.value or p[1] in fresh.value) and p not in done.value)
    rows: list[tuple[Any, ...]] = _with_articles(pairs, arts).mapPartitions(
        partial(_relations_partition, s)).collect()
    known = sc.broadcast(have)
    shared.append(known)
    found = dict(anchors.filter(lambda a: a[0] not in known.value).collect())
    ids = [a.id for a in articles if a.id is not None and a.id not in have]
    arts.unpersist()
    anchors.unpersist()
    for b in shared:
        b.destroy()
    return sorted(rows, key=lambda r: (r[0], r[1])), {i: found.get(i, []) for i in ids}


def alterations_stored(spark: Any, articles: dict[int, Article], edges: list[tuple[int, int, str]],
                       settings: Settings | None = None) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Altered quotes, numbers and names of each kept edge ``(source id, copy id, direction basis)``,
    computed on Spark (the costly part of storing an edge; only kept edges pay for it)."""
    from functools import partial

    s = settings or Settings()
    if not edges:
        return {}
    sc = spark.sparkContext
    ids = {i for sid, cid, _ in edges for i in (sid, cid)}
    arts = sc.parallelize([(i, articles[i]) for i in sorted(ids)], sc.defaultParallelism)
    by_source = sc.parallelize([(sid, (cid, basis)) for sid, cid, basis in edges], sc.defaultParallelism)
    found = (
        by_source.join(arts)  # (sid, ((cid, basis), source))
        .map(lambda x: (x[1][0][0], (x[0], x[1][0][1], x[1][1])))
        .join(arts)  # (cid, ((sid, basis, source), copy))
        .mapPartitions(partial(_alterations_partition, s))
        .collect()
    )
    return dict(found)


_CODECS = ((b"\x1f\x8b", "gzip", ".gz"), (b"BZh", "bzip2", ".bz2"))
"""Compressed files Hadoop reads, by their first bytes: (magic, name, the suffix Hadoop needs)."""


def check_input(path: str) -> None:
    """Raise ``NewstraceError`` for a local file whose compression Hadoop would miss: Hadoop picks
    the codec by the file's name, so gzip data named ``corpus.jsonl`` would be read as text, every
    line a bad record. (The in-memory reader looks at the first bytes and reads it.) Paths with a
    scheme (``hdfs://``, ``s3a://``) are left to Hadoop."""
    from pathlib import Path

    if "://" in path and not path.startswith("file://"):
        return
    local = Path(path.removeprefix("file://"))
    try:
        with local.open("rb") as f:
            head = f.read(3)
    except OSError:
        return  # missing or unreadable: Hadoop's own error names it
    for magic, name, suffix in _CODECS:
        if head.startswith(magic) and not local.name.endswith(suffix):
            also = ", or link it without --engine spark" if name == "gzip" else ""
            raise NewstraceError(
                f"{path}: {name} data, but Spark (Hadoop) picks the codec by the file's name: "
                f"name it {local.name}{suffix}{also}"
            )


def link_file(spark: Any, path: str, settings: Settings | None = None,
              partitions: int | None = None) -> SparkLinkReport:
    """Link a reuse-format JSONL file that Spark can read (a local path, ``hdfs://``, ``s3a://`` ...).
    A local file must be named after its compression (:func:`check_input`)."""
    from pathlib import Path

    check_input(path)
    sc = spark.sparkContext
    lines = sc.textFile(path, minPartitions=partitions) if partitions else sc.textFile(path)
    # a local file is named as the in-memory reader names it ("./c.jsonl" -> "c.jsonl")
    origin = path if "://" in path else str(Path(path))
    try:
        return link_rdd(lines, settings, origin=origin)
    except Exception as e:  # noqa: BLE001 - a failed job comes back as a py4j error with a Java trace
        if not hasattr(e, "java_exception"):
            raise
        raise NewstraceError(f"{origin}: the Spark job failed: {_java_reason(e)}") from None


def _java_reason(e: Any) -> str:
    """One line for a failed job: its innermost Java cause ("java.io.EOFException: Unexpected end of
    input stream"), or the last line of a Python worker's traceback."""
    cause = e.java_exception
    try:
        while cause.getCause() is not None:
            cause = cause.getCause()
        text = str(cause.toString())
    except Exception:  # noqa: BLE001 - the JVM may be gone: keep what Python has
        text = str(e)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return type(e).__name__
    line = lines[-1] if "Traceback" in text else lines[0]
    return line[:300]
