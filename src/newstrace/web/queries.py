"""Read-only SQL behind the web pages and the JSON API.

Every function takes an open ``SQLiteStore`` and returns plain dicts/lists (the JSON shapes of the
``/api`` routes). Queries are small and bounded (``LIMIT``) so that one page costs a few
milliseconds whatever the corpus size; only the search count and the network aggregate scan more.
Article texts are never loaded here except where a page shows them.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import UsageError
from ..model import (
    CLOSE_NUMBER_NOTES,
    COPY_RELATIONS,
    CREDITED_BASES,
    MINOR,
    Relation,
    credit_of,
    names_other_source,
)
from ..outlets import Outlets
from ..outlets import known as known_outlets
from ..relate import copy_lag, parse_day
from ..store import SQLiteStore
from ..text import CONTROL_RE, normalise_site

COPY_VALUES = tuple(sorted(r.value for r in COPY_RELATIONS))
RELATION_FILTERS = ("copy", "origin", *COPY_VALUES, Relation.SAME_STORY.value)
"""Values of the search ``relation`` filter: ``copy`` (any copy relation), ``origin`` (copied by
others and itself a copy of none), one copy relation, or ``same_story``."""

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"
UNKNOWN_SITE = "(unknown site)"
"""The network's name for articles without a site."""
UNDETERMINED = "undetermined"
"""The ``direction_basis`` of an edge whose direction is a guess (dates too close or missing, no
credit): labels rest only on edges with another (settled) basis."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_META_COLS = "id, url, site, title, published, lang"


def _cols(alias: str) -> str:
    """``_META_COLS`` of the table ``alias``."""
    return ", ".join(f"{alias}.{c}" for c in _META_COLS.split(", "))


def _meta_row(r: tuple[Any, ...]) -> dict[str, Any]:
    return {"id": r[0], "url": r[1], "site": r[2], "title": r[3], "published": r[4], "lang": r[5]}


_IN_CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's limit on bound parameters."""


def article_meta(st: SQLiteStore, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Metadata (no text) of the given articles, by id."""
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i : i + _IN_CHUNK]
        q = f"SELECT {_META_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
        for r in st.conn.execute(q, chunk):
            out[r[0]] = _meta_row(r)
    return out


# --- overview ----------------------------------------------------------------------------------
def overview(st: SQLiteStore, limit: int = 10) -> dict[str, Any]:
    """Counts, latest copies, sites that copy most, most-copied origins and copies per day."""
    c = st.conn
    stats = st.stats()
    live = "JOIN articles c ON c.id=e.copy_id AND c.superseded=0"
    copies = c.execute(f"SELECT count(DISTINCT e.copy_id) FROM edges e {live}").fetchone()[0]
    latest = [
        {"copy": _meta_row(r[0:6]), "source": _meta_row(r[6:12]), "relation": r[12], "score": round(r[13], 4)}
        for r in c.execute(
            f"SELECT {_cols('c')}, {_cols('s')}, e.relation, e.score "
            f"FROM edges e {live} JOIN articles s ON s.id=e.source_id "
            "ORDER BY coalesce(c.published, '') DESC, e.copy_id DESC LIMIT ?",
            (limit,),
        )
    ]
    copiers = [
        {"site": r[0], "copies": r[1], "articles": r[2], "share": round(r[1] / r[2], 4) if r[2] else 0.0}
        for r in c.execute(
            f"SELECT c.site, count(DISTINCT e.copy_id) AS n, "
            "(SELECT count(*) FROM articles a WHERE a.site IS c.site AND a.superseded=0) "
            f"FROM edges e {live} GROUP BY c.site ORDER BY n DESC, c.site LIMIT ?",
            (limit,),
        )
    ]
    origins = [
        {"id": r[0], "copies": r[1], "reach": reach(st, r[0])}
        for r in c.execute(
            f"SELECT e.source_id, count(DISTINCT e.copy_id) AS n FROM edges e {live} "
            "WHERE NOT EXISTS (SELECT 1 FROM edges p WHERE p.copy_id=e.source_id) "
            "GROUP BY e.source_id ORDER BY n DESC, e.source_id LIMIT ?",
            (limit,),
        ).fetchall()
    ]
    metas = article_meta(st, [o["id"] for o in origins])
    for o in origins:
        o.update({k: v for k, v in metas.get(o["id"], {}).items() if k != "id"})
    return {
        "articles": stats["articles"],
        "sites": stats["sites"],
        "edges": stats["edges"],
        "copies": copies,
        "by_relation": stats["edges_by_relation"],
        "latest_copies": latest,
        "top_copiers": copiers,
        "most_copied": origins,
        "timeline": copies_per_day(st),
    }


def newer_version(st: SQLiteStore, article_id: int) -> int | None:
    """The id of the current version of the URL this article was stored under, when other
    content has replaced it since (a page edited after it was first crawled); None otherwise."""
    row = st.conn.execute(
        "SELECT n.id FROM articles a JOIN articles n ON n.key=a.key AND n.superseded=0 "
        "WHERE a.id=? AND a.superseded=1 ORDER BY n.version DESC LIMIT 1",
        (article_id,),
    ).fetchone()
    return int(row[0]) if row else None


def reach(st: SQLiteStore, article_id: int, cap: int = 10_000) -> int:
    """Number of articles deriving from this one, directly or through other copies."""
    row = st.conn.execute(
        "WITH RECURSIVE d(id) AS (SELECT e.copy_id FROM edges e JOIN articles c ON c.id=e.copy_id "
        "AND c.superseded=0 WHERE e.source_id=? "
        "UNION SELECT e.copy_id FROM edges e JOIN d ON e.source_id=d.id "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0) "
        "SELECT count(*) FROM (SELECT id FROM d LIMIT ?)",
        (article_id, cap),
    ).fetchone()
    return int(row[0])


def copies_per_day(st: SQLiteStore, site: str | None = None) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, copies published that day), oldest first; copies without a date are left out."""
    q = (
        "SELECT substr(c.published, 1, 10) AS d, count(DISTINCT e.copy_id) FROM edges e "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 WHERE c.published IS NOT NULL"
    )
    args: tuple[Any, ...] = ()
    if site is not None:
        q += " AND c.site=?"
        args = (site,)
    rows = st.conn.execute(q + " GROUP BY d ORDER BY d", args).fetchall()
    return [(d, n) for d, n in rows if parse_day(d)]


# --- search ------------------------------------------------------------------------------------
_TERM = re.compile(r'"([^"]*)"|(\S+)')
SNIPPET_SCAN = 20_000
"""Snippets are cut from the first this many characters of a matching article (FTS5's own
``snippet()`` re-reads the whole text and takes minutes on a hostile 50 MB body)."""


def _like_escape(text: str) -> str:
    """``text`` matched literally by ``LIKE ... ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def query_terms(text: str) -> list[tuple[str, bool]]:
    """The user's words and "quoted phrases" as (text, is_prefix); at most 32, each with a letter
    or digit. A trailing ``*`` on a word asks for a prefix search."""
    out = []
    for m in _TERM.finditer(text[:500]):
        phrase = m.group(1) if m.group(1) is not None else m.group(2)
        prefix = m.group(1) is None and phrase.endswith("*") and len(phrase.strip("*")) > 0
        phrase = phrase.strip("*") if prefix else phrase
        if re.search(r"\w", phrase):
            out.append((phrase, prefix))
    return out[:32]


def fts_query(text: str) -> str | None:
    """User input -> a safe FTS5 query: every word or "quoted phrase" becomes a quoted string
    (inner quotes doubled), so no FTS5 operator or syntax error can come from user input.
    All terms must match (AND)."""
    parts = ['"' + t.replace('"', '""') + '"' + ("*" if prefix else "") for t, prefix in query_terms(text)]
    return " ".join(parts) or None


def make_snippet(head: str, terms: list[tuple[str, bool]], width: int = 240) -> str:
    """About ``width`` characters of ``head`` around the first match of a term, every match
    wrapped in ``SNIPPET_OPEN`` ... ``SNIPPET_CLOSE``; the beginning when nothing matches."""
    head = head.replace(SNIPPET_OPEN, " ").replace(SNIPPET_CLOSE, " ")
    pats = [
        r"\b" + r"\s+".join(re.escape(w) for w in t.split()) + (r"\w*" if prefix else r"\b")
        for t, prefix in terms
        if t.split()
    ]
    rx = re.compile("|".join(pats), re.IGNORECASE) if pats else None
    first = rx.search(head) if rx else None
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = head.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start  # type: ignore[union-attr]
    window = head[start : start + width]
    out = ("… " if start else "") + (
        rx.sub(lambda m: SNIPPET_OPEN + m.group(0) + SNIPPET_CLOSE, window) if rx else window
    )
    return " ".join(out.split()) + (" …" if start + width < len(head) else "")


def search(
    st: SQLiteStore,
    q: str = "",
    *,
    site: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    relation: str | None = None,
    lang: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> dict[str, Any]:
    """Full-text search (SQLite FTS5, best match first) with filters; without words, newest first.

    A date that is not YYYY-MM-DD or an unknown ``relation`` raises :class:`UsageError` (a filter
    silently dropped would return the whole corpus as if it matched). A query whose characters
    are all punctuation or symbols finds nothing, and ``note`` says why."""
    q = CONTROL_RE.sub(" ", q or "")
    terms = query_terms(q)
    match = fts_query(q)
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value and not (_DATE.fullmatch(value.strip()) and parse_day(value)):
            raise UsageError(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)")
    if relation and relation not in RELATION_FILTERS:
        raise UsageError(f"relation: {relation[:40]!r} is not one of {', '.join(RELATION_FILTERS)}")
    page = max(1, page)
    per_page = max(1, min(per_page, 100))
    if q.strip() and match is None:
        return {"query": q, "fts_query": None, "total": 0, "page": page, "per_page": per_page,
                "results": [], "note": "the query has no word or number to search for"}
    where = ["a.superseded=0"]
    args: list[Any] = []
    if site:
        where.append("a.site=?")
        args.append(site)
    if lang:  # "en" also finds "en-GB"; case as stored varies ("pt-BR", "pt-br")
        where.append("(lower(a.lang)=lower(?) OR lower(a.lang) LIKE ? ESCAPE '\\')")
        args += [lang, _like_escape(lang.lower()) + "-%"]
    if date_from:
        where.append("a.published>=?")
        args.append(date_from.strip())
    if date_to:
        where.append("substr(a.published, 1, 10)<=?")
        args.append(date_to.strip())
    if relation == "copy":
        where.append("EXISTS (SELECT 1 FROM edges x WHERE x.copy_id=a.id)")
    elif relation == "origin":
        where.append(
            "EXISTS (SELECT 1 FROM edges x WHERE x.source_id=a.id) "
            "AND NOT EXISTS (SELECT 1 FROM edges y WHERE y.copy_id=a.id)"
        )
    elif relation in COPY_VALUES:
        where.append("EXISTS (SELECT 1 FROM edges x WHERE x.copy_id=a.id AND x.relation=?)")
        args.append(relation)
    elif relation == Relation.SAME_STORY.value:
        where.append("EXISTS (SELECT 1 FROM relations r WHERE (r.a_id=a.id OR r.b_id=a.id) AND r.relation=?)")
        args.append(relation)
    cond = " AND ".join(where)
    cols = _cols("a")
    if match:
        base = (
            "FROM articles_fts JOIN articles a ON a.id=articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {cond}"
        )
        fargs = [match, *args]
        total = st.conn.execute(f"SELECT count(*) {base}", fargs).fetchone()[0]
        rows = st.conn.execute(
            f"SELECT {cols}, substr(a.text, 1, {SNIPPET_SCAN}) {base} "
            "ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT ? OFFSET ?",
            [*fargs, per_page, (page - 1) * per_page],
        ).fetchall()
    else:
        base = f"FROM articles a WHERE {cond}"
        total = st.conn.execute(f"SELECT count(*) {base}", args).fetchone()[0]
        rows = st.conn.execute(
            f"SELECT {cols}, substr(a.text, 1, 400) {base} "
            "ORDER BY coalesce(a.published, '') DESC, a.id DESC LIMIT ? OFFSET ?",
            [*args, per_page, (page - 1) * per_page],
        ).fetchall()
    results = [dict(_meta_row(r), snippet=make_snippet(r[6] or "", terms)) for r in rows]
    _add_relations(st, results)
    return {
        "query": q,
        "fts_query": match,
        "total": total,
        "page": page,
        "per_page": per_page,
        "results": results,
        "note": None,
    }


def _add_relations(st: SQLiteStore, results: list[dict[str, Any]]) -> None:
    """Mark each result with its copy relation (as a copy), whether it names its source (a copy:
    True, False or None as :func:`copy_credits` says; None for an article that is no copy), whether,
    naming none of its sources, it names another one (``names_other_source``: a wire service) and
    how many copies were made of it."""
    ids = [r["id"] for r in results]
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    # Best score last, so that it wins.
    edges = st.conn.execute(
        "SELECT copy_id, relation, json_type(evidence, '$.credits_source'), direction_basis, "
        "json_type(evidence, '$.names_other_source') FROM edges "
        f"WHERE copy_id IN ({marks}) ORDER BY score", ids).fetchall()
    as_copy = {r[0]: r[1] for r in edges}
    flags = {"true": True, "false": False}
    credit = copy_credits((r[0], r[3], {"credits_source": flags.get(r[2])}) for r in edges)
    other = {r[0] for r in edges if credit.get(r[0]) is False and r[4] == "true"}
    n_copies = dict(
        st.conn.execute(
            f"SELECT source_id, count(*) FROM edges WHERE source_id IN ({marks}) GROUP BY source_id", ids
        ).fetchall()
    )
    for r in results:
        r["relation"] = as_copy.get(r["id"])
        r["credits_source"] = credit.get(r["id"])
        r["names_other_source"] = r["id"] in other
        r["copies"] = n_copies.get(r["id"], 0)


def facets(st: SQLiteStore, limit: int = 200) -> dict[str, list[str]]:
    """Values for the search filters: sites and languages (most frequent first)."""
    sites = [
        r[0]
        for r in st.conn.execute(
            "SELECT site FROM articles WHERE superseded=0 AND site IS NOT NULL GROUP BY site "
            "ORDER BY count(*) DESC, site LIMIT ?",
            (limit,),
        )
    ]
    langs = [
        r[0]
        for r in st.conn.execute(
            "SELECT lang FROM articles WHERE superseded=0 AND lang IS NOT NULL GROUP BY lang "
            "ORDER BY count(*) DESC LIMIT 50"
        )
    ]
    return {"sites": sites, "langs": langs, "relations": list(RELATION_FILTERS)}


# --- sites -------------------------------------------------------------------------------------
SITE_SORTS: dict[str, Callable[[dict[str, Any]], tuple[float, ...]]] = {
    "articles": lambda r: (-r["articles"],),
    "copies": lambda r: (-r["copies"], -r["articles"]),
    "share": lambda r: (-(r["copies"] / r["articles"] if r["articles"] else 0.0), -r["copies"]),
    "altered": lambda r: (-r["copies_altered"], -r["copies"]),
    "copied": lambda r: (-r["copied_by_others"], -r["articles"]),
    "uncredited": lambda r: (-r["copies_uncredited"], -r["copies"]),
}
"""Orders of :func:`sites` (most first; ties by site name)."""


_COPIES_OF_SITES = (
    "SELECT s.site AS site, e.copy_id AS copy_id, "
    f"max(e.direction_basis != '{UNDETERMINED}') AS settled FROM edges e "
    "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 JOIN articles s ON s.id=e.source_id "
    "WHERE c.site IS NOT s.site GROUP BY s.site, e.copy_id"
)
"""(site, copy, settled) for every current copy on another site of an article of that site. Any version
of the source counts: a copy made before its origin was corrected is still a copy of that origin; only
the copy must be current (an older version of a copy is history). One row per copy, however many of
the site's articles it draws on; ``settled`` is 0 when every such edge has a guessed direction."""
_SETTLED_EDGE = f"e.copy_id=a.id AND e.direction_basis != '{UNDETERMINED}'"
_CREDITED_EDGE = ("(e.direction_basis IN ({}) OR json_type(e.evidence, '$.credits_source') = 'true')"
                  .format(", ".join(f"'{b}'" for b in CREDITED_BASES)))
"""An edge whose copy names its source, in SQL (:func:`~newstrace.model.credit_of` is True). This
and the next restate ``credit_of`` / ``names_other_source`` in SQL: change them together."""
_NOT_UNCREDITED_EDGE = ("(e.direction_basis IN ({}) OR json_type(e.evidence, '$.credits_source') "
                        "IS NOT 'false' OR json_type(e.evidence, '$.names_other_source') = 'true')"
                        .format(", ".join(f"'{b}'" for b in CREDITED_BASES)))
"""An edge whose copy names its source or another one (a wire service), or whose credit is not
recorded: not a copy presented as the site's own."""


def sites(st: SQLiteStore, limit: int = 500, outlets: Outlets | None = None, sort: str = "articles",
          labels: bool = False) -> list[dict[str, Any]]:
    """Every site with its articles, copies it published (``copies_undetermined`` of them with a
    guessed direction), those of its copies with a settled direction that alter a quote, a number or
    a name of their source, copies others made of it (``copied_by_others_undetermined`` of them
    guessed), those of its copies with a settled direction that name their source
    (``copies_credited``) and that name none of them (``copies_uncredited``; as the profile's
    ``settled`` ``credited`` and ``uncredited``, see :func:`copy_credits`), and the known state-media
    outlet it belongs to (a name, or None); the ``limit`` first by ``sort`` (a key of
    :data:`SITE_SORTS`). Current versions only, counted as :func:`site_profile` counts them (each
    copy once). With ``labels``, each row also has the ``labels`` its profile gives it
    (:func:`site_labels`: label and why), and its ``state_media_copies``, ``state_media_via_copies``
    and ``lag_median``."""
    if sort not in SITE_SORTS:
        raise UsageError(f"--sort {sort!r} is not one of {', '.join(SITE_SORTS)}")
    outlets = outlets if outlets is not None else known_outlets()
    # copies others made of each site, aggregated once (a correlated look-up per site made the list
    # quadratic in the number of sites: 31 s for 20,000 sites)
    copied = {r[0]: (r[1], r[2]) for r in st.conn.execute(
        f"SELECT site, count(*), sum(settled=0) FROM ({_COPIES_OF_SITES}) GROUP BY site")}
    rows = st.conn.execute(
        "SELECT a.site AS site, count(*) AS articles, "
        "coalesce(sum(EXISTS (SELECT 1 FROM edges e WHERE e.copy_id=a.id)), 0) AS copies, "
        f"coalesce(sum(EXISTS (SELECT 1 FROM edges e WHERE {_SETTLED_EDGE})), 0) AS copies_settled, "
        f"coalesce(sum(EXISTS (SELECT 1 FROM edges e WHERE {_SETTLED_EDGE} "
        "AND json_array_length(e.evidence, '$.alterations') > 0)), 0) AS altered, "
        f"coalesce(sum(EXISTS (SELECT 1 FROM edges e WHERE {_SETTLED_EDGE} AND {_CREDITED_EDGE})), 0), "
        f"coalesce(sum(EXISTS (SELECT 1 FROM edges e WHERE {_SETTLED_EDGE}) AND NOT EXISTS "
        f"(SELECT 1 FROM edges e WHERE {_SETTLED_EDGE} AND {_NOT_UNCREDITED_EDGE})), 0) "
        "FROM articles a WHERE a.superseded=0 GROUP BY a.site"
    ).fetchall()
    out = []
    for site, articles, copies, copies_settled, altered, credited, uncredited in rows:
        n_copied, copied_guessed = copied.get(site, (0, 0))
        out.append({
            "site": site,
            "articles": articles,
            "copies": copies,
            "copies_undetermined": copies - copies_settled,  # (a settled edge is a copy's edge)
            "share_copies": round(copies / articles, 4) if articles else 0.0,
            "copied_by_others": n_copied,
            "copied_by_others_undetermined": copied_guessed,
            "copies_altered": altered,
            "copies_credited": credited,
            "copies_uncredited": uncredited,
            "outlet": outlets.name_of(site),
        })
    out.sort(key=lambda r: (*SITE_SORTS[sort](r), r["site"] is not None, r["site"] or ""))
    out = out[:limit]
    if labels:  # what the site's profile says, so that a list shows the findings at a glance
        for r in out:
            prof = site_profile(st, r["site"], limit=1, outlets=outlets) if r["site"] is not None else None
            r["labels"] = prof["labels"] if prof else []
            # the profile's figures a list of sites is read for (one table, no call per site)
            for k in ("state_media_copies", "state_media_via_copies", "lag_median"):
                r[k] = prof[k] if prof else (None if k == "lag_median" else 0)
    return out


LAG_BINS: tuple[tuple[str, float], ...] = (
    ("same day", 1.0),
    ("1 day", 2.0),
    ("2–3 days", 4.0),
    ("4–7 days", 8.0),
    ("1–4 weeks", 29.0),
    ("over 4 weeks", float("inf")),
)
"""Histogram bins of the source -> copy lag: (label, upper bound in days, exclusive)."""


def lag_histogram(lags: list[float]) -> list[tuple[str, int]]:
    """Counts per ``LAG_BINS`` bin. Negative lags (a copy dated before its source: re-dated, or a
    wrong date) are in no bin: profiles count them apart (``dated_before_source``)."""
    counts = [0] * len(LAG_BINS)
    for lag in lags:
        if lag < 0:
            continue
        for i, (_label, upper) in enumerate(LAG_BINS):
            if lag < upper:
                counts[i] += 1
                break
    return [(label, n) for (label, _), n in zip(LAG_BINS, counts, strict=True)]


def _count(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


def _of_its(k: int, n: int, one: str, many: str) -> str:
    """"3 of its 5 copies", or "its only copy"."""
    return f"its only {one}" if n == 1 else f"{k} of its {n} {many}"


def _verb(k: int, singular: str, plural: str) -> str:
    return singular if k == 1 else plural


def site_labels(profile: dict[str, Any]) -> list[dict[str, str]]:
    """Plain labels a reader can check against the numbers on the page.

    Labels about copying rest on copies whose direction is settled (``profile["settled"]``: by a
    credit, a canonical link, boilerplate or a clear date order), never on a guessed direction
    (``undetermined``), where the "copy" may be the source:

    - ``copier``: at least half of its articles derive from other sites' articles;
    - ``mirror``: at least 80 % of its copies are verbatim;
    - ``spinner``: at least half of its copies are machine-paraphrased (spun);
    - ``fast copier``: the median lag of its copies behind their sources is under one day (3+ copies
      dated after their source; one lag per copy, see :func:`site_profile`);
    - ``dated before its source``: at least one of its copies is dated before the source it derives
      from (a direction settled by a credit or a canonical link, not by dates): re-dated posts;
    - ``copied source``: other sites copied its articles;
    - ``original reporting``: none of its articles is a copy, not even possibly (with 3+ articles);
    - ``state media`` or ``state-affiliated`` (the outlet's kind): the site is on the list of known
      state-media outlets (:mod:`newstrace.outlets`);
    - ``relays state media``: at least half of its copies (and at least one) come from listed outlets,
      directly or through other sites (a copy of a copy of RT: its chain, as its trace follows it,
      reaches the outlet, every step of it settled) (``relays state-affiliated media`` when all of
      those are state-affiliated);
    - ``alters quotes``: at least one of its copies changes a quote's words (more than an article or
      "that": note ``minor``, counted in ``quotes_minor``) or its speaker;
    - ``alters numbers``: at least one of its copies changes a number of its source (by more than
      rounding it or giving it in other units: ``numbers_close`` counts those);
    - ``presents copies as its own``: at least half of its copies name no source at all (no credit
      line or link to their source, no canonical URL pointing at it, no credit of its site or agency:
      see :func:`copy_credits`; nor of any other outlet or wire service:
      :func:`newstrace.relate.names_a_source`), and at least two: one copy without a credit may be a
      credit line the extraction lost, two are a habit. This is what sets laundering apart from
      syndication;
    - ``credits its sources``: at least 80 % of its copies name their source or the wire service
      it came from, and at least two (the ``mirror`` share: a stray copy whose credit was lost does
      not take the label away).

    The two credit labels count only copies whose credit is recorded (``settled["credited"]`` and
    ``settled["uncredited"]``; ``credit_unrecorded`` copies were linked before newstrace recorded
    credits). They exclude each other. A copy naming only the wire service its source took the
    story from (``credits_other_source``) does not name that source, but it is not presented as
    its own either.
    """
    out = []
    settled = profile["settled"]
    n, copies = profile["articles"], settled["copies"]
    by_rel: dict[str, int] = settled["copies_by_relation"]
    known = profile.get("outlet")
    if known:  # labelled by its kind: "state media" or "state-affiliated"
        out.append({"label": known.get("kind") or "state media",
                    "why": f"{known['name']}, {known['country']}: {known['note']}"
                    if known["note"] else f"{known['name']}, {known['country']}"})
    via = settled.get("state_media_via") or []
    relayed = settled.get("state_media_copies", 0) + settled.get("state_media_via_copies", 0)
    if copies and relayed and relayed / copies >= 0.5:
        names = ", ".join(sorted({s["outlet"] for s in profile["source_sites"]
                                  if s.get("outlet") and s["copies"] > s.get("undetermined", 0)}
                                 | {v["outlet"] for v in via}))
        kinds = settled.get("state_media_kinds") or ["state media"]
        what = "state media" if kinds == ["state media"] else " or ".join(
            k if k.endswith("media") else f"{k} media" for k in kinds)
        label = "relays state-affiliated media" if kinds == ["state-affiliated"] else "relays state media"
        why = (f"{_of_its(relayed, copies, 'copy', 'copies')} {_verb(relayed, 'comes', 'come')} "
               f"from {what} ({names})")
        if via:  # copies of a copy: the site in between is no state media, its source is
            n_via = sum(v["copies"] for v in via)
            between = sorted({v["through"] or "a site without a name" for v in via})
            sites = "another site" if len(between) == 1 else "other sites"
            through = f"through {sites} ({', '.join(between)})"
            why += f" {through}" if n_via == relayed else f", {n_via} of them {through}"
        out.append({"label": label, "why": why})
    if n and copies / n >= 0.5:
        settled_only = " whose direction is settled" if profile.get("copies_undetermined") else ""
        out.append({"label": "copier", "why": f"{_of_its(copies, n, 'article', 'articles')} "
                    f"{_verb(copies, 'is a copy', 'are copies')}{settled_only}"})
    if copies and by_rel.get(Relation.VERBATIM_COPY.value, 0) / copies >= 0.8:
        out.append({"label": "mirror", "why": "at least 80 % of its copies are verbatim"})
    if copies and by_rel.get(Relation.SPUN_COPY.value, 0) / copies >= 0.5:
        out.append({"label": "spinner", "why": "at least half of its copies are spun (paraphrased)"})
    ahead = [x for x in profile["lags"] if x >= 0]
    if len(ahead) >= 3 and statistics.median(ahead) < 1.0:
        out.append({"label": "fast copier", "why": f"median lag behind their sources under one day "
                    f"(over {len(ahead)} dated copies)"})
    early = len(profile["lags"]) - len(ahead)
    if early:
        they = _verb(early, "it derives", "they derive")
        out.append({"label": "dated before its source", "why": f"{_of_its(early, copies, 'copy', 'copies')} "
                    f"{_verb(early, 'is', 'are')} dated before the source {they} from"})
    if settled["copied_by_others"]:
        out.append(
            {"label": "copied source", "why": f"{_count(settled['copied_by_others'], 'copy', 'copies')} "
             "made of its articles"}
        )
    if n >= 3 and not profile["copies"] and not profile.get("copied_by_others_undetermined"):
        out.append({"label": "original reporting", "why": "none of its articles is a copy"})
    alt = profile.get("alterations") or {}
    by_copy: dict[str, int] = alt.get("copies_by_kind", {})
    by_kind: dict[str, int] = alt.get("by_kind", {})
    quoted = alt.get("copies_quote_altered", 0)
    if quoted:
        n_q = sum(by_kind.get(kind, 0) for kind in QUOTE_KINDS) - alt.get("quotes_minor", 0)
        out.append({"label": "alters quotes", "why": f"{_count(n_q, 'quote', 'quotes')} altered (words or "
                    f"speaker) in {_of_its(quoted, copies, 'copy', 'copies')}"})
    # a number rounded ("158,000" -> "160,000") or converted ("5 miles" -> "8 km") is no alteration
    # a label should rest on (profiles stored before the count: every number change counts)
    changed = alt.get("copies_number_changed", by_copy.get("number_changed", 0))
    if changed:
        n_n = by_kind["number_changed"] - alt.get("numbers_close", 0)
        out.append({"label": "alters numbers", "why": f"{_count(n_n, 'number', 'numbers')} changed in "
                    f"{_of_its(changed, copies, 'copy', 'copies')}"})
    out += _credit_labels(settled)
    return out


def _credit_labels(settled: dict[str, Any]) -> list[dict[str, str]]:
    """``presents copies as its own`` and ``credits its sources`` (see :func:`site_labels`)."""
    yes, no = settled.get("credited", 0), settled.get("uncredited", 0)
    other = settled.get("credits_other_source", 0)
    known, unrecorded = yes + no + other, settled.get("credit_unrecorded", 0)
    of = "copies with a recorded credit" if unrecorded else "copies"
    if no >= 2 and no / known >= 0.5:
        return [{"label": "presents copies as its own",
                 "why": f"{no} of its {known} {of} name no source at all"}]
    if yes + other >= 2 and (yes + other) / known >= 0.8:
        what = (f"a source ({other} only another one, such as the wire service it took the story from)"
                if other else "their source")
        return [{"label": "credits its sources", "why": f"{yes + other} of its {known} {of} name {what}"}]
    return []


QUOTE_KINDS = ("quote_altered", "speaker_changed")
"""Alterations of what someone said (as opposed to a dropped or added quote, which a cut or an
added paragraph also explains)."""


def alteration_summary(copy_rows: list[tuple[Any, ...]], max_examples: int = 20) -> dict[str, Any]:
    """What a site's copies changed in their sources (alterations stored with kept edges):
    ``copies_altered`` (copies with at least one), ``copies_by_kind`` and ``by_kind`` (copies and
    alterations per kind), ``copies_quote_altered`` (copies changing a quote's words or speaker),
    ``quotes_minor`` (quotes altered only by an article or "that", which ``copies_quote_altered``
    leaves out), ``copies_number_changed`` (copies changing a number by more than rounding or a
    change of units; ``numbers_close`` counts the number changes that are only those),
    and the most recent ``examples``. Rows: ``site_profile``'s edge rows,
    newest copy first, the edge evidence (JSON) at index 5, the copy's title at 6, the source id at 7."""
    altered: set[int] = set()
    copies_by_kind: dict[str, set[int]] = {}
    by_kind: dict[str, int] = {}
    numbers_close = quotes_minor = 0
    copies_number_changed: set[int] = set()  # by more than rounding or a change of units
    copies_quote_changed: set[int] = set()  # more than an article or "that" (note "minor")
    examples: list[dict[str, Any]] = []
    for row in copy_rows:
        cid, evidence, title, sid = row[0], row[5], row[6], row[7]
        try:
            ev = json.loads(evidence) if isinstance(evidence, str) else (evidence or {})
        except ValueError:
            continue
        alts = ev.get("alterations") if isinstance(ev, dict) else None
        if not isinstance(alts, list):
            continue
        for a in alts:
            if not isinstance(a, dict) or not isinstance(a.get("kind"), str):
                continue
            kind = a["kind"]
            if kind == "number_changed":
                if a.get("note") in CLOSE_NUMBER_NOTES:
                    numbers_close += 1
                else:
                    copies_number_changed.add(cid)
            elif kind in QUOTE_KINDS:
                if a.get("note") == MINOR:
                    quotes_minor += 1
                else:
                    copies_quote_changed.add(cid)
            altered.add(cid)
            copies_by_kind.setdefault(kind, set()).add(cid)
            by_kind[kind] = by_kind.get(kind, 0) + 1
            if len(examples) < max_examples:
                examples.append({"copy_id": cid, "copy_title": title, "source_id": sid, "kind": kind,
                                 "source": a.get("source"), "copy": a.get("copy"),
                                 "diff": a.get("diff") or [], "note": a.get("note"),
                                 "speaker": a.get("speaker")})
    return {
        "copies_altered": len(altered),
        "copies_quote_altered": len(copies_quote_changed),
        "quotes_minor": quotes_minor,
        "copies_by_kind": {k: len(v) for k, v in sorted(copies_by_kind.items())},
        "by_kind": dict(sorted(by_kind.items())),
        "numbers_close": numbers_close,
        "copies_number_changed": len(copies_number_changed),
        "examples": examples,
    }


def _by_relation(copy_rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Copies per relation, each copy counted once by its first row (its best-scoring source)."""
    first: dict[int, str] = {}
    for r in copy_rows:
        first.setdefault(r[0], r[1])
    out: dict[str, int] = {}
    for rel in first.values():
        out[rel] = out.get(rel, 0) + 1
    return out


def _evidence(value: Any) -> dict[str, Any]:
    """An edge's stored evidence as a dict ({} when it is no JSON object)."""
    try:
        ev = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    return ev if isinstance(ev, dict) else {}


def traced_sources(st: SQLiteStore, ids: Iterable[int] | None = None) -> dict[int, tuple[int, bool]]:
    """The source a trace follows from each article (its best-scoring edge, as
    :meth:`SQLiteStore.sources_of` orders them) and whether that edge's direction is settled: for
    ``ids`` and, in turn, for each of their sources up to the origins; for every copy when ``ids``
    is None. An article with no source is absent. :func:`ancestors` walks the result."""
    q = "SELECT copy_id, source_id, direction_basis FROM edges{} ORDER BY copy_id, score DESC, source_id"
    out: dict[int, tuple[int, bool]] = {}

    def take(rows: Iterable[tuple[int, int, str]]) -> None:
        for cid, sid, basis in rows:
            out.setdefault(cid, (sid, basis != UNDETERMINED))

    if ids is None:
        take(st.conn.execute(q.format("")))
        return out
    asked: set[int] = set()
    todo = set(ids)
    while todo:
        asked |= todo
        batch = sorted(todo)
        for k in range(0, len(batch), _IN_CHUNK):
            part = batch[k : k + _IN_CHUNK]
            take(st.conn.execute(q.format(f" WHERE copy_id IN ({','.join('?' * len(part))})"), part))
        todo = {out[i][0] for i in batch if i in out} - asked
    return out


def ancestors(parents: dict[int, tuple[int, bool]], start: int) -> list[tuple[int, bool]]:
    """The chain above ``start`` as its trace follows it (``parents`` from :func:`traced_sources`):
    (article id, edge settled) from its direct source up to the origin, the last. Stops before an
    article seen already (a cycle from contradictory evidence, as the trace does)."""
    path: list[tuple[int, bool]] = []
    seen = {start}
    cur = start
    while (p := parents.get(cur)) is not None and p[0] not in seen:
        path.append(p)
        seen.add(p[0])
        cur = p[0]
    return path


def copy_credits(edges: Iterable[tuple[int, str, Any]]) -> dict[int, bool | None]:
    """Whether each copy names its source (:func:`~newstrace.model.credit_of`), over all its edges
    ``(copy id, direction basis, evidence as a dict or JSON)``: True when it names at least one of
    its sources, False when it names none of them, None when it names none and a credit is not
    recorded for one of them (an edge linked before credits were recorded). A copy stitched from
    two sources that credits one of them is not presented as its own."""
    out: dict[int, bool | None] = {}
    for cid, basis, evidence in edges:
        credit = credit_of(basis, _evidence(evidence))
        prev = out.get(cid, False)
        out[cid] = True if (prev or credit) else (None if prev is None or credit is None else False)
    return out


def direction_notes(profile: dict[str, Any]) -> list[str]:
    """Sentences saying how many of a profile's copies have a guessed direction (empty when none)."""
    out = []
    k, n = profile.get("copies_undetermined", 0), profile["copies"]
    if k:
        maybe = _verb(k, "it may be the original", "they may be the originals")
        out.append(f"{_of_its(k, n, 'copy', 'copies').capitalize()} {_verb(k, 'has', 'have')} a guessed "
                   f"direction: nothing settled which of the two articles came first (no credit, canonical "
                   f"link or clear date order), so {maybe}. {_verb(k, 'It is', 'They are')} counted in the "
                   f"figures; no label rests on {_verb(k, 'it', 'them')}.")
    k, n = profile.get("copied_by_others_undetermined", 0), profile["copied_by_others"]
    if k:
        out.append(f"{k} of the {n} {_verb(n, 'copy', 'copies')} others made of it {_verb(k, 'has', 'have')} "
                   "a guessed direction.")
    return out


_Via = dict[int, tuple[Any, str | None, bool]]
"""Copies reaching state media through other sites: copy id -> (outlet, site in between, settled)."""


def _state_media_via(st: SQLiteStore, outlets: Outlets, ids: set[int]) -> _Via:
    """Of the copies ``ids`` (none of them with a state-media source of its own), those whose chain,
    as their trace follows it, reaches a known state-media outlet through other sites: copy ->
    (the outlet, the site it was copied from, every edge up to the outlet settled)."""
    parents = traced_sources(st, ids)
    metas = article_meta(st, sorted({p[0] for p in parents.values()}))
    site_of = {i: m["site"] for i, m in metas.items()}
    out: _Via = {}
    for cid in ids:
        path = ancestors(parents, cid)
        for k, (aid, _settled) in enumerate(path):
            if (o := outlets.of(site_of.get(aid))) is not None:
                out[cid] = (o, site_of.get(path[0][0]), all(ok for _, ok in path[: k + 1]))
                break
    return out


def _via_rows(via: _Via) -> list[dict[str, Any]]:
    """Copies reaching state media through other sites, by outlet and the site in between."""
    counts: dict[tuple[str, str | None], int] = {}
    for o, through, _ in via.values():
        counts[(o.name, through)] = counts.get((o.name, through), 0) + 1
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or ""))
    return [{"outlet": name, "through": through, "copies": n} for (name, through), n in order]


COPIED_BY_SHOWN = 50
"""Sites listed in a profile's ``copied_by`` (most copies first); ``copied_by_sites`` and
``copied_by_others`` count them all."""


def site_profile(st: SQLiteStore, site: str, limit: int = 50, outlets: Outlets | None = None
                 ) -> dict[str, Any] | None:
    """Share of copies, source sites, sites that copy it, lag histogram, labels, recent articles;
    ``outlets`` (default: the built-in list) tells which sites are known state media.

    Lags: one per copy with a settled direction, in days from the publication of its best-scoring
    settled source (the direct source its trace follows, not the chain's origin) to the copy's;
    ``lag_median`` is the median of those not negative, ``dated_before_source`` counts the negative
    ones (kept out of ``lag_histogram`` and of the ``fast copier`` label)."""
    outlets = outlets if outlets is not None else known_outlets()
    c = st.conn
    n = c.execute("SELECT count(*) FROM articles WHERE site=? AND superseded=0", (site,)).fetchone()[0]
    if not n:  # "Example.ORG" or "www.example.org" typed for example.org (sites are stored normalised)
        norm = normalise_site(site)
        if not norm or norm == site:
            return None
        return site_profile(st, norm, limit, outlets)
    copy_rows = c.execute(  # the best-scoring source of each copy first (the one its trace follows)
        "SELECT e.copy_id, e.relation, c.published, s.published, s.site, e.evidence, c.title, "
        "e.source_id, e.direction_basis FROM edges e "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 JOIN articles s ON s.id=e.source_id "
        "WHERE c.site=? ORDER BY coalesce(c.published, '') DESC, e.copy_id DESC, e.score DESC, e.source_id",
        (site,),
    ).fetchall()
    # evidence parsed once here: the credits and the alteration summary read it
    settled_rows = [(*r[:5], _evidence(r[5]), *r[6:]) for r in copy_rows if r[8] != UNDETERMINED]
    copy_ids, settled_ids = {r[0] for r in copy_rows}, {r[0] for r in settled_rows}
    src_sites: dict[str | None, dict[int, bool]] = {}  # source site -> its copies here -> settled?
    for r in copy_rows:
        seen = src_sites.setdefault(r[4], {})
        seen[r[0]] = seen.get(r[0], False) or r[8] != UNDETERMINED
    primary: dict[int, tuple[Any, ...]] = {}  # each copy's best-scoring source with a settled direction
    for r in settled_rows:
        primary.setdefault(r[0], r)
    lags = [lag for r in primary.values() if (lag := copy_lag(r[3], r[2])) is not None]
    ahead = [x for x in lags if x >= 0]
    by_copy = copy_credits((r[0], r[8], r[5]) for r in settled_rows)
    names_other = {r[0] for r in settled_rows
                   if by_copy.get(r[0]) is False and names_other_source(r[8], r[5])}
    credit = [c for cid, c in by_copy.items() if cid not in names_other]
    via = _state_media_via(st, outlets, copy_ids - {r[0] for r in copy_rows if outlets.of(r[4]) is not None})
    via_settled = {cid: v for cid, v in via.items() if v[2]}
    copied_by = c.execute(  # each current copy once, of any version of the site's articles; every
        # copying site, so that the totals are whole (the list shown is cut to COPIED_BY_SHOWN)
        "SELECT site, count(*) AS n, sum(settled=0) FROM (SELECT c.site AS site, e.copy_id, "
        f"max(e.direction_basis != '{UNDETERMINED}') AS settled FROM edges e "
        "JOIN articles s ON s.id=e.source_id JOIN articles c ON c.id=e.copy_id AND c.superseded=0 "
        "WHERE s.site=? AND c.site IS NOT s.site GROUP BY e.copy_id) GROUP BY site ORDER BY n DESC, site",
        (site,),
    ).fetchall()
    copied_guessed = sum(r[2] for r in copied_by)
    copied_by_others = sum(r[1] for r in copied_by)
    origins = c.execute(
        f"SELECT {_cols('s')}, count(*) FROM edges e "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 JOIN articles s ON s.id=e.source_id "
        "WHERE c.site=? GROUP BY s.id ORDER BY count(*) DESC, s.published DESC LIMIT ?",
        (site, limit),
    ).fetchall()
    recent = [
        _meta_row(r)
        for r in c.execute(
            f"SELECT {_META_COLS} FROM articles WHERE site=? AND superseded=0 "
            "ORDER BY coalesce(published, '') DESC, id DESC LIMIT ?",
            (site, limit),
        )
    ]
    _add_relations(st, recent)
    profile: dict[str, Any] = {
        "site": site,
        "articles": n,
        "copies": len(copy_ids),
        "copies_undetermined": len(copy_ids - settled_ids),
        "share_copies": round(len(copy_ids) / n, 4),
        "copies_by_relation": _by_relation(copy_rows),
        "source_sites": [
            {"site": s, "copies": len(cs), "undetermined": sum(not v for v in cs.values()),
             "outlet": outlets.name_of(s)}
            for s, cs in sorted(src_sites.items(), key=lambda kv: (-len(kv[1]), kv[0] or ""))
        ],
        "outlet": o.to_json() if (o := outlets.of(site)) else None,
        "state_media_copies": len({r[0] for r in copy_rows if outlets.of(r[4]) is not None}),
        "state_media_via_copies": len(via),
        "copied_by": [{"site": r[0], "copies": r[1], "undetermined": r[2]}
                      for r in copied_by[:COPIED_BY_SHOWN]],
        "copied_by_sites": len(copied_by),
        "copied_by_others": copied_by_others,
        "copied_by_others_undetermined": copied_guessed,
        "settled": {
            "copies": len(settled_ids),
            "copies_by_relation": _by_relation(settled_rows),
            "state_media_copies": len({r[0] for r in settled_rows if outlets.of(r[4]) is not None}),
            "state_media_via_copies": len(via_settled),
            "state_media_via": _via_rows(via_settled),
            "state_media_kinds": sorted({o.kind for r in settled_rows if (o := outlets.of(r[4])) is not None}
                                        | {v[0].kind for v in via_settled.values()}),
            "copied_by_others": copied_by_others - copied_guessed,
            "credited": credit.count(True),
            "uncredited": credit.count(False),
            "credits_other_source": len(names_other),
            "credit_unrecorded": sum(c is None for c in credit),
        },
        "origins": [dict(_meta_row(r[:6]), copies=r[6]) for r in origins],
        "lags": [round(x, 3) for x in lags],
        "lag_median": round(statistics.median(ahead), 3) if ahead else None,
        "dated_before_source": len(lags) - len(ahead),
        "lag_histogram": lag_histogram(ahead),
        "recent": recent,
        "timeline": copies_per_day(st, site),
        "alterations": alteration_summary(settled_rows),
    }
    profile["labels"] = site_labels(profile)
    profile["direction_notes"] = direction_notes(profile)
    return profile


# --- network -----------------------------------------------------------------------------------
def network(st: SQLiteStore, max_nodes: int = 60, outlets: Outlets | None = None) -> dict[str, Any]:
    """Sites as nodes, copy relations as weighted directed edges (source site -> copying site).

    Only sites taking part in a copy edge are nodes; the ``max_nodes`` busiest are kept. A node's
    ``outlet`` names the known state-media outlet it belongs to (or is None). Weights and a node's
    ``copies_made`` / ``copied_by_others`` count copies (current versions, each copy once, as site
    profiles do), not edges: a copy drawing on two articles of one site is one copy."""
    outlets = outlets if outlets is not None else known_outlets()
    rows = st.conn.execute(
        "SELECT s.site, c.site, e.relation, count(DISTINCT e.copy_id) FROM edges e "
        "JOIN articles s ON s.id=e.source_id "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 GROUP BY s.site, c.site, e.relation"
    ).fetchall()
    pair_copies = {
        (src or UNKNOWN_SITE, cpy or UNKNOWN_SITE): k for src, cpy, k in st.conn.execute(
            "SELECT s.site, c.site, count(DISTINCT e.copy_id) FROM edges e "
            "JOIN articles s ON s.id=e.source_id "
            "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 GROUP BY s.site, c.site")
    }
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    degree: dict[str, int] = {}
    for src, cpy, rel, k in rows:
        src, cpy = src or UNKNOWN_SITE, cpy or UNKNOWN_SITE
        p = pairs.setdefault((src, cpy), {"source": src, "target": cpy, "weight": pair_copies[(src, cpy)],
                                          "by_relation": {}})
        p["by_relation"][rel] = p["by_relation"].get(rel, 0) + k
    for (src, cpy), p in pairs.items():
        degree[src] = degree.get(src, 0) + p["weight"]
        degree[cpy] = degree.get(cpy, 0) + p["weight"]
    keep = sorted(degree, key=lambda s: (-degree[s], s))[:max_nodes]
    keep_set = set(keep)
    counts = dict(
        st.conn.execute(
            "SELECT coalesce(site, ?), count(*) FROM articles WHERE superseded=0 GROUP BY site",
            (UNKNOWN_SITE,),
        ).fetchall()
    )
    made = {(s or UNKNOWN_SITE): k for s, k in st.conn.execute(
        "SELECT c.site, count(DISTINCT e.copy_id) FROM edges e "
        "JOIN articles c ON c.id=e.copy_id AND c.superseded=0 GROUP BY c.site")}
    copied = {(s or UNKNOWN_SITE): k for s, k in st.conn.execute(
        f"SELECT site, count(*) FROM ({_COPIES_OF_SITES}) GROUP BY site")}
    nodes = [
        {"site": s, "articles": counts.get(s, 0), "copies_made": made.get(s, 0),
         "copied_by_others": copied.get(s, 0), "outlet": outlets.name_of(s)}
        for s in sorted(keep)
    ]
    edges = [p for (s, t), p in sorted(pairs.items()) if s in keep_set and t in keep_set]
    return {"nodes": nodes, "edges": edges, "sites_total": len(degree), "truncated": len(degree) > len(keep)}
