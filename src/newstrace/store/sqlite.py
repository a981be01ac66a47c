"""The default store: one SQLite file in WAL mode.

Guarantees:
- Ingest is idempotent: an article is keyed by the page its URL names (http or https, ``www.``,
  a final slash, a fragment or tracking parameters aside; without a URL, by its site and content
  hash, see :func:`article_key`) and its content hash; the same key and content twice is stored once, and
  changed content under the same key becomes a new version (the older one is kept, marked
  superseded).
- Writes happen in explicit transactions of at most ``ingest_batch_size`` articles; a crash or a
  kill loses at most the batch in flight and never corrupts the file (SQLite's WAL journal).
- The schema carries a version (``PRAGMA user_version``); opening an older file migrates it in one
  transaction, opening a newer one is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, Edge, Relation
from ..text import normalise_site

MIGRATIONS: list[str] = [
    # 1: articles, inverted feature index, pairwise relations, chosen provenance edges, search.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        site TEXT,
        title TEXT NOT NULL,
        author TEXT,
        published TEXT,
        lang TEXT,
        text TEXT NOT NULL,
        trimmed TEXT NOT NULL DEFAULT '[]',
        origin TEXT,
        content_hash TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        superseded INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL,
        linked_at TEXT,
        UNIQUE (key, content_hash)
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_site ON articles(site);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_unlinked ON articles(linked_at) WHERE linked_at IS NULL;
    CREATE TABLE features (
        feature INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (feature, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE feature_df (feature INTEGER PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE relations (
        a_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        score REAL NOT NULL,
        source_id INTEGER,
        copy_id INTEGER,
        direction_basis TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (a_id, b_id)
    );
    CREATE INDEX relations_b ON relations(b_id);
    CREATE TABLE edges (
        copy_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        score REAL NOT NULL,
        direction_basis TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (copy_id, source_id)
    );
    CREATE INDEX edges_source ON edges(source_id);
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END;
    """,
    # 2: an article without a URL is keyed by its site and content hash, not its hash alone (the same
    # text saved from two sites is a verbatim copy, not one article).
    """
    UPDATE articles SET key = site || '/' || key
        WHERE url IS NULL AND site IS NOT NULL AND key LIKE 'sha256:%';
    """,
    # 3: local files read completely, so that a second ingest of an unchanged file (same size,
    # modification time and settings) need not read and extract it again.
    """
    CREATE TABLE read_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        settings_key TEXT NOT NULL,
        articles INTEGER NOT NULL,
        read_at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 4: one form per site name ("WWW.RT.COM", "rt.com."; an IDN in punycode or Unicode): a site
    # given in two forms was two sites, one of them "copying" the other. Keys of articles without a
    # URL follow their site, unless that key is taken (the same text from the same site: left as is).
    """
    UPDATE articles SET site = newstrace_site(site)
        WHERE site IS NOT NULL AND site IS NOT newstrace_site(site);
    UPDATE articles SET key = site || '/sha256:' || content_hash
        WHERE url IS NULL AND site IS NOT NULL AND key LIKE '%/sha256:%'
        AND key != site || '/sha256:' || content_hash
        AND NOT EXISTS (SELECT 1 FROM articles o
                        WHERE o.key = articles.site || '/sha256:' || articles.content_hash);
    """,
    # 5: the anchors each linked article looked its candidates up with (``n``: how many it had), so
    # that an article added later is compared with the older ones whose look-up would have found it
    # (a partial copy or a translation is found from its own side: its few shared features are
    # among its anchors, not among the longer original's). Articles linked before are filled in by
    # the next ``link``.
    """
    CREATE TABLE anchors (
        feature INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        PRIMARY KEY (feature, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX anchors_article ON anchors(article_id);
    """,
    # 6: an article with a URL is keyed by the page it names (:func:`_address`), not the URL as
    # written: a page's http and https captures, with ``www.`` or without, with tracking parameters
    # or without, were articles of their own. One page already stored under several forms stays
    # several articles (merging them would rewrite their relations and edges); the key goes to the
    # form stored last, which later ingests of any form then join. A key already taken (an address
    # written without a scheme) is left as it is.
    """
    CREATE TEMP TABLE rekey (id INTEGER PRIMARY KEY, old TEXT NOT NULL, new TEXT NOT NULL);
    INSERT INTO rekey SELECT id, key, newstrace_address(url) FROM articles
        WHERE url IS NOT NULL AND newstrace_address(url) IS NOT NULL;
    CREATE INDEX temp.rekey_new ON rekey(new, id);
    UPDATE articles SET key = (SELECT new FROM rekey WHERE rekey.id = articles.id)
        WHERE id IN (SELECT r.id FROM rekey r
                     WHERE r.old = (SELECT l.old FROM rekey l WHERE l.new = r.new ORDER BY l.id DESC LIMIT 1)
                     AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.key = r.new));
    DROP TABLE rekey;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _earlier(new: str | None, stored: str | None) -> bool:
    """True when the date ``new`` is before ``stored``: an earlier day, or on the same day two times
    both with or both without a time zone that are at least a minute apart."""
    if not new or not stored:
        return False
    if new[:10] != stored[:10]:
        return new[:10] < stored[:10] and len(new) >= 10 and new[:4].isdigit()
    try:
        a, b = datetime.fromisoformat(new), datetime.fromisoformat(stored)
    except ValueError:
        return False
    if len(new) <= 10 or len(stored) <= 10 or (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return (b - a).total_seconds() >= 60


def _address(url: str | None) -> str | None:
    """The page an address names, the key of its article (:func:`article_key`): the address as
    :func:`_loose_address` compares it (http or https, ``www.`` or not, a final slash, a fragment
    and tracking parameters name one page; another path, host or query another), except that an
    AMP form stays apart: an AMP rendering is an article of its own, its text extracted from other
    markup. None for no URL or one without a host."""
    return _loose_address(url, amp=False)


MIN_SLUG_CHARS = 3
"""``SQLiteStore.find`` looks an address written another way up by its path's last segment, when it
has at least this many characters."""


def _loose_address(url: str | None, *, amp: bool = True) -> str | None:
    """An address as ``find`` compares one written another way (:func:`newstrace.relate.address_key`:
    no scheme, ``www.``, final slash, fragment, tracking parameters or, unless ``amp`` is false, AMP
    form), with the path and query as written (``/v/AbC9x`` and ``/v/abc9X`` are two pages); None
    for no URL."""
    from urllib.parse import urlsplit

    from ..relate import address_key

    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return address_key(parts, amp=amp) if parts.netloc else None


def article_key(art: Article) -> str:
    """The identity of a stored article: the page its URL names (:func:`_address`: its http and
    https captures, or a link with tracking parameters, are one article); without a URL (a saved
    page, a text file), its site and content hash, so that the same text saved from two sites stays
    two articles (a verbatim copy) while the same file ingested twice stays one."""
    if art.url:
        return _address(art.url) or art.url
    digest = f"sha256:{art.content_hash}"
    return f"{art.site}/{digest}" if art.site else digest

_ARTICLE_COLS = (
    "id, url, canonical_url, site, title, author, published, lang, text, trimmed, origin, "
    "content_hash, version"
)


def _path_text(path: str) -> str:
    """Text SQLite can store for a file path or reference: a name that is not UTF-8 (Python
    decodes its bytes as lone surrogates) shows those bytes as ``\\xff`` escapes (``n\\xe9.html``
    for a Latin-1 "né.html"); another lone surrogate as the escapes of its UTF-8 form."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            raw = path.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = path.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class PutResult:
    status: str  # stored | unchanged | redated (unchanged text, seen earlier than stored)
    article_id: int
    version: int


class SQLiteStore:
    """Articles, the feature index and provenance edges in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and os.path.exists(self.path) and not os.path.isfile(self.path):
            raise StoreError(f"{self.path}: not a database file (a folder, device or pipe)")
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.create_function("newstrace_site", 1, normalise_site, deterministic=True)
            self.conn.create_function("newstrace_address", 1, _address, deterministic=True)
            self._migrate()
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreError(f"{self.path}: the database is busy: another process has held its write "
                                 "lock for 30 s; try again when it is done") from None
            raise StoreError(f"{self.path}: not a usable newstrace database ({e})") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable newstrace database ({e})") from None

    # --- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Bring the schema up to ``SCHEMA_VERSION``, one migration per transaction. The version
        is read again under the write lock: processes that open a new file at once migrate it once."""
        while True:
            current = self._version()
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {current} is newer than this newstrace ({SCHEMA_VERSION})"
                )
            if current == SCHEMA_VERSION:
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self._version() == current:  # not migrated meanwhile by another process
                    for stmt in _split_sql(MIGRATIONS[current]):
                        self.conn.execute(stmt)
                    self.conn.execute(f"PRAGMA user_version={current + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # else the rollback's own error would hide the cause
                    self.conn.execute("ROLLBACK")
                raise

    def _version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -----------------------------------------------------------------------
    def transaction(self) -> _Tx:
        return _Tx(self.conn)

    # --- articles ---------------------------------------------------------------------------
    def put_article(self, art: Article, feats: list[int]) -> PutResult:
        """Store one article (inside the caller's transaction). Idempotent, see module doc."""
        assert art.content_hash, "content_hash must be set by extraction"
        key = article_key(art)
        # before schema 6 an article was keyed by its URL as written; migration 6 rekeyed one form of
        # each page, so a page's other forms may still hold that key: they are this page too
        keys = (key, art.url if art.url and art.url != key else key)
        row = self.conn.execute(
            "SELECT id, version, published, superseded FROM articles WHERE key IN (?,?) AND content_hash=?"
            " ORDER BY superseded, id DESC LIMIT 1",
            (*keys, art.content_hash),
        ).fetchone()
        may_redate = True
        if row is None and art.site:
            row, may_redate = self._same_page(art)
        if row:
            # (an older version is history: it is never linked again, so its date and the edges of
            # the copies made from it stay as they are)
            if not row[3] and may_redate and _earlier(art.published, row[2]):
                self._redate(row[0], str(art.published))
                return PutResult("redated", row[0], row[1])
            return PutResult("unchanged", row[0], row[1])
        prev = self.conn.execute("SELECT max(version) FROM articles WHERE key IN (?,?)", keys).fetchone()[0]
        version = (prev or 0) + 1
        if prev:
            self.conn.execute("UPDATE articles SET superseded=1 WHERE key IN (?,?)", keys)
        cur = self.conn.execute(
            "INSERT INTO articles (key, url, canonical_url, site, title, author, published, lang, text,"
            " trimmed, origin, content_hash, version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                art.url,
                art.canonical_url,
                art.site,
                art.title,
                art.author,
                art.published,
                art.lang,
                art.text,
                json.dumps(art.trimmed),
                _path_text(art.origin) if art.origin else art.origin,
                art.content_hash,
                version,
                _now(),
            ),
        )
        aid = int(cur.lastrowid or 0)
        self.conn.executemany(
            "INSERT OR IGNORE INTO features(feature, article_id) VALUES (?,?)", [(f, aid) for f in feats]
        )
        self.conn.executemany(
            "INSERT INTO feature_df(feature, df) VALUES (?,1) ON CONFLICT(feature) DO UPDATE SET df=df+1",
            [(f,) for f in feats],
        )
        return PutResult("stored", aid, version)

    def _same_page(self, art: Article) -> tuple[tuple[Any, ...] | None, bool]:
        """(the stored row of the same page seen with and without its address, whether ``art`` may
        redate it). A page saved from a browser keeps no address, a crawl's record has one; they
        are one article when the saved page names that address as its own canonical and has the
        same text. The crawl is the page as its site serves it, so it wins: a saved page never
        changes the crawled article (a farm's saved copy that kept the original's <head> could
        otherwise plant its credit lines and date on the original), and a saved article takes
        the crawl's address and metadata when the crawl comes second (and is linked again)."""
        if not art.url:
            if not (key := _address(art.canonical_url)):
                return None, False
            found = self.conn.execute(
                "SELECT id, version, published, superseded FROM articles WHERE key=?"
                " AND content_hash=? AND superseded=0 ORDER BY id LIMIT 1",
                (key, art.content_hash)).fetchone()
            return found, False
        key = article_key(art)
        if self.conn.execute("SELECT 1 FROM articles WHERE key=?", (key,)).fetchone():
            return None, True  # the address has its own article (a new version of it follows)
        row = self.conn.execute(
            "SELECT id, version, published, superseded, canonical_url FROM articles"
            " WHERE key=? AND superseded=0",
            (f"{art.site}/sha256:{art.content_hash}",)).fetchone()
        if row is None or _address(row[4]) != key:
            return None, True
        self.conn.execute(
            "UPDATE articles SET key=?, url=?, canonical_url=?, title=?, author=?, published=?, trimmed=?"
            " WHERE id=?",
            (key, art.url, art.canonical_url, art.title, art.author, art.published,
             json.dumps(art.trimmed), row[0]))
        self._relink(row[0])
        return (row[0], row[1], art.published, row[3]), True

    def _redate(self, article_id: int, published: str) -> None:
        """Give a stored article an earlier date (the same page captured earlier: a crawl date is
        when it was seen, and the earliest sighting is the best bound on when it appeared). Its
        relations depended on the old date: they are dropped, and it and the articles it was
        related to are linked again by the next ``link``."""
        self.conn.execute("UPDATE articles SET published=? WHERE id=?", (published, article_id))
        self._relink(article_id)

    def _relink(self, article_id: int) -> None:
        """Drop the relations of an article whose date or address changed; the next ``link``
        compares it, and the articles it was related to, again."""
        partners = [r[0] for r in self.conn.execute(
            "SELECT b_id FROM relations WHERE a_id=? UNION SELECT a_id FROM relations WHERE b_id=?",
            (article_id, article_id))]
        self.conn.execute("UPDATE articles SET linked_at=NULL WHERE id=?", (article_id,))
        self.conn.execute("DELETE FROM relations WHERE a_id=? OR b_id=?", (article_id, article_id))
        self.conn.execute("DELETE FROM edges WHERE copy_id=? OR source_id=?", (article_id, article_id))
        self.conn.executemany("UPDATE articles SET linked_at=NULL WHERE id=?", [(p,) for p in partners])

    def _row_to_article(self, r: tuple[Any, ...]) -> Article:
        return Article(
            id=r[0],
            url=r[1],
            canonical_url=r[2],
            site=r[3],
            title=r[4],
            author=r[5],
            published=r[6],
            lang=r[7],
            text=r[8],
            trimmed=json.loads(r[9]),
            origin=r[10],
            content_hash=r[11],
            version=r[12],
        )

    def get(self, article_id: int) -> Article:
        r = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        if not r:
            raise StoreError(f"no article with id {article_id} in {self.path}")
        return self._row_to_article(r)

    def get_many(self, ids: Iterable[int]) -> dict[int, Article]:
        ids = list(ids)
        out: dict[int, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for r in self.conn.execute(q, chunk):
                out[r[0]] = self._row_to_article(r)
        return out

    def superseded_among(self, ids: Iterable[int]) -> set[int]:
        """Those of ``ids`` that are older versions of an article (other content stored since)."""
        ids = list(ids)
        out: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT id FROM articles WHERE superseded=1 AND id IN ({','.join('?' * len(chunk))})"
            out.update(r[0] for r in self.conn.execute(q, chunk))
        return out

    def find(self, ref: str) -> Article | None:
        """An article by id, URL (any form of its address, :func:`_address`), canonical URL or
        origin path (latest version)."""
        ref = _path_text(ref)  # a typed file name that is not UTF-8 is stored (as origin) this way
        if ref.isdigit() and ref.isascii():
            if int(ref) >= 2**63:  # past SQLite's integers: no article has it
                return None
            r = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (int(ref),)).fetchone()
            return self._row_to_article(r) if r else None
        # the current article with the URL as written first (a page stored before schema 6 under
        # another form of its address keeps its own row); then the page's key: its versions share
        # it, not always their URL (an update crawled over https)
        page = _address(ref) if "://" in ref else None
        for where, value in (("url=? AND superseded=0", ref), ("key=?", page), ("url=?", ref),
                             ("canonical_url=?", ref), ("origin=?", ref)):
            if value is None:
                continue
            r = self.conn.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE {where} ORDER BY version DESC LIMIT 1", (value,)
            ).fetchone()
            if r:
                return self._row_to_article(r)
        return self._find_address(ref) if "://" in ref else None

    def _find_address(self, ref: str) -> Article | None:
        """A stored article whose URL or canonical URL is ``ref`` written another way: http for
        https, ``www.`` or not, a final slash, tracking parameters (``utm_*``, ``fbclid``), a
        fragment, an AMP form (:func:`_loose_address`). A link copied from a social network rarely
        matches the stored address character for character. The latest version of the newest
        article wins.

        Candidates are the addresses that hold the last segment of ``ref``'s path (at least
        :data:`MIN_SLUG_CHARS` characters: a page's slug, not "a" or "."), on its site first; only
        those are compared in Python, so a look-up that finds nothing costs one pass of SQLite's
        ``instr`` over the addresses (the web form's "trace a URL" runs it)."""
        from urllib.parse import urlsplit

        want = _loose_address(ref)
        try:
            parts = urlsplit(ref.strip())
        except ValueError:
            return None
        segments = [p for p in parts.path.split("/") if p]
        if want is None or not segments or len(segments[-1]) < MIN_SLUG_CHARS:
            return None
        slug = segments[-1].lower()
        has_slug = "(instr(lower(url), ?) OR instr(lower(canonical_url), ?))"
        # a record's site may be named otherwise than its host: then any site's address with the slug
        for where, args in ((f"site=? AND {has_slug}", (normalise_site(parts.hostname or ""), slug, slug)),
                            (has_slug, (slug, slug))):
            q = f"SELECT id, url, canonical_url FROM articles WHERE {where} ORDER BY version DESC, id DESC"
            for article_id, url, canonical in self.conn.execute(q, args):
                if want in (_loose_address(url), _loose_address(canonical)):
                    return self.get(article_id)
        return None

    def iter_articles(self, *, latest_only: bool = True) -> Iterator[Article]:
        q = f"SELECT {_ARTICLE_COLS} FROM articles"
        if latest_only:
            q += " WHERE superseded=0"
        for r in self.conn.execute(q + " ORDER BY id"):
            yield self._row_to_article(r)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles WHERE superseded=0").fetchone()[0])

    def unlinked_ids(self) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE linked_at IS NULL AND superseded=0 ORDER BY id"
            )
        ]

    def superseded_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM articles WHERE superseded=1")}

    def mark_linked(self, ids: Iterable[int]) -> None:
        now = _now()
        self.conn.executemany("UPDATE articles SET linked_at=? WHERE id=?", [(now, i) for i in ids])

    # --- FeatureIndex protocol ----------------------------------------------------------------
    def read_file_entry(self, path: str) -> tuple[int, int, str, int] | None:
        """(size, mtime_ns, settings_key, articles) recorded when ``path`` was last read completely."""
        r = self.conn.execute(
            "SELECT size, mtime_ns, settings_key, articles FROM read_files WHERE path=?", (_path_text(path),)
        ).fetchone()
        return (int(r[0]), int(r[1]), str(r[2]), int(r[3])) if r else None

    def put_read_file(self, path: str, size: int, mtime_ns: int, settings_key: str, articles: int) -> None:
        """Record a file read completely (call inside the transaction that stored its articles)."""
        self.conn.execute(
            "INSERT INTO read_files (path, size, mtime_ns, settings_key, articles, read_at) "
            "VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, "
            "settings_key=excluded.settings_key, articles=excluded.articles, read_at=excluded.read_at",
            (_path_text(path), size, mtime_ns, settings_key, articles, _now()),
        )

    def n_docs(self) -> int:
        return self.count()

    def doc_freqs(self, feats: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for i in range(0, len(feats), 500):
            chunk = feats[i : i + 500]
            q = f"SELECT feature, df FROM feature_df WHERE feature IN ({','.join('?' * len(chunk))})"
            out.update(dict(self.conn.execute(q, chunk).fetchall()))
        return out

    # --- anchors ------------------------------------------------------------------------------
    def put_anchors(self, article_id: int, anchors: list[int]) -> None:
        """Record the anchors ``article_id`` was looked up with (replacing earlier ones)."""
        self.conn.execute("DELETE FROM anchors WHERE article_id=?", (article_id,))
        self.conn.executemany("INSERT INTO anchors (feature, article_id, n) VALUES (?,?,?)",
                              [(f, article_id, len(anchors)) for f in anchors])

    def anchor_hits(self, feats: list[int]) -> list[tuple[int, int, int]]:
        """``(article id, its anchors among feats, its number of anchors)`` for every article whose
        recorded anchors include one of ``feats``."""
        shared: dict[int, int] = {}
        sizes: dict[int, int] = {}
        for i in range(0, len(feats), 500):
            chunk = feats[i : i + 500]
            q = (f"SELECT article_id, count(*), max(n) FROM anchors WHERE feature IN "
                 f"({','.join('?' * len(chunk))}) GROUP BY article_id")
            for aid, c, n in self.conn.execute(q, chunk):
                shared[aid] = shared.get(aid, 0) + c
                sizes[aid] = n
        return [(aid, c, sizes[aid]) for aid, c in shared.items()]

    def recorded_anchors(self) -> dict[int, list[int]]:
        """The recorded anchors of every current article that has some (``link --engine spark``
        looks up with them, as ``anchor_hits`` does)."""
        out: dict[int, list[int]] = {}
        for f, aid in self.conn.execute(
                "SELECT x.feature, x.article_id FROM anchors x JOIN articles a ON a.id=x.article_id "
                "WHERE a.superseded=0 ORDER BY x.article_id, x.feature"):
            out.setdefault(aid, []).append(f)
        return out

    def linked_without_anchors(self) -> list[int]:
        """Current linked articles with no recorded anchors (linked before schema 5, or on Spark)."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles a WHERE linked_at IS NOT NULL AND superseded=0 "
            "AND NOT EXISTS (SELECT 1 FROM anchors x WHERE x.article_id=a.id) ORDER BY id")]

    def postings(self, feats: list[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {f: [] for f in feats}
        q = f"SELECT feature, article_id FROM features WHERE feature IN ({','.join('?' * len(feats))})"
        for f, a in self.conn.execute(q, feats):
            out[f].append(a)
        return out

    # --- relations and edges ------------------------------------------------------------------
    def put_relation(
        self,
        a_id: int,
        b_id: int,
        relation: Relation,
        score: float,
        source_id: int | None,
        copy_id: int | None,
        basis: str,
        evidence: dict[str, Any],
    ) -> None:
        lo, hi = min(a_id, b_id), max(a_id, b_id)
        self.conn.execute(
            "INSERT INTO relations VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(a_id, b_id) DO UPDATE SET "
            "relation=excluded.relation, score=excluded.score, source_id=excluded.source_id, "
            "copy_id=excluded.copy_id, direction_basis=excluded.direction_basis, evidence=excluded.evidence",
            (lo, hi, relation.value, score, source_id, copy_id, basis, json.dumps(evidence)),
        )

    def set_relation_evidence(self, a_id: int, b_id: int, evidence: dict[str, Any]) -> None:
        """Replace the evidence stored with the relation of two articles (either order)."""
        self.conn.execute(
            "UPDATE relations SET evidence=? WHERE a_id=? AND b_id=?",
            (json.dumps(evidence), min(a_id, b_id), max(a_id, b_id)),
        )

    def relations_of(self, article_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT a_id, b_id, relation, score, source_id, copy_id, direction_basis, evidence "
            "FROM relations "
            "WHERE a_id=? OR b_id=?",
            (article_id, article_id),
        ).fetchall()
        return [
            {
                "a_id": r[0],
                "b_id": r[1],
                "relation": r[2],
                "score": r[3],
                "source_id": r[4],
                "copy_id": r[5],
                "direction_basis": r[6],
                "evidence": json.loads(r[7]),
            }
            for r in rows
        ]

    def related_pairs(self, ids: set[int]) -> set[tuple[int, int]]:
        """Pairs already compared among/with ``ids`` (to skip re-alignment)."""
        out: set[tuple[int, int]] = set()
        for i in ids:
            for r in self.conn.execute("SELECT a_id, b_id FROM relations WHERE a_id=? OR b_id=?", (i, i)):
                out.add((r[0], r[1]))
        return out

    def set_edges(self, copy_id: int, edges: list[Edge]) -> None:
        self.conn.execute("DELETE FROM edges WHERE copy_id=?", (copy_id,))
        self.conn.executemany(
            "INSERT INTO edges VALUES (?,?,?,?,?,?)",
            [
                (copy_id, e.source_id, e.relation.value, e.score, e.direction_basis, json.dumps(e.evidence))
                for e in edges
            ],
        )

    def _edge(self, r: tuple[Any, ...]) -> Edge:
        return Edge(
            source_id=r[1],
            copy_id=r[0],
            source_url=r[6],
            copy_url=r[7],
            relation=Relation(r[2]),
            score=r[3],
            direction_basis=r[4],
            evidence=json.loads(r[5]),
        )

    _EDGE_Q = (
        "SELECT e.copy_id, e.source_id, e.relation, e.score, e.direction_basis, e.evidence, s.url, c.url "
        "FROM edges e JOIN articles s ON s.id=e.source_id JOIN articles c ON c.id=e.copy_id"
    )

    def sources_of(self, copy_id: int) -> list[Edge]:
        rows = self.conn.execute(self._EDGE_Q + " WHERE e.copy_id=? ORDER BY e.score DESC", (copy_id,))
        return [self._edge(r) for r in rows]

    def copies_of(self, source_id: int) -> list[Edge]:
        """Edges from ``source_id`` to the copies made of it (current versions: a copy later
        replaced under its URL by other content is history, not a copy any more)."""
        rows = self.conn.execute(
            self._EDGE_Q + " WHERE e.source_id=? AND c.superseded=0 ORDER BY e.score DESC", (source_id,)
        )
        return [self._edge(r) for r in rows]

    def all_edges(self) -> list[Edge]:
        """Edges of current copies (as :meth:`copies_of`: a copy replaced under its URL by other
        content is history); the source may be an older version, the one the copy was made from."""
        return [self._edge(r) for r in self.conn.execute(
            self._EDGE_Q + " WHERE c.superseded=0 ORDER BY e.copy_id, e.score DESC")]

    def stats(self) -> dict[str, Any]:
        c = self.conn
        by_rel = dict(c.execute(  # edges of current versions, as the web UI's counts
            "SELECT e.relation, count(*) FROM edges e JOIN articles a ON a.id=e.copy_id AND a.superseded=0 "
            "GROUP BY e.relation").fetchall())
        return {
            "articles": self.count(),
            "sites": c.execute("SELECT count(DISTINCT site) FROM articles WHERE superseded=0").fetchone()[0],
            "edges": sum(by_rel.values()),
            "edges_by_relation": by_rel,
        }


class _Tx:
    """``with store.transaction():`` — BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (triggers contain semicolons inside BEGIN...END)."""
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    for line in script.strip().splitlines():
        buf.append(line)
        up = line.strip().upper()
        if up.startswith("CREATE TRIGGER"):
            depth = 1
        if depth and up.startswith("END;"):
            depth = 0
            out.append("\n".join(buf))
            buf = []
        elif not depth and up.endswith(";"):
            out.append("\n".join(buf))
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf))
    return [s for s in out if s.strip()]
