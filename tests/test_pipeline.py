import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import INDEPENDENT, ORIGINAL, SAME_BEAT, SPUN, UNRELATED

from newstrace.errors import StoreError
from newstrace.model import Article, Relation
from newstrace.pipeline import Corpus, link_records
from newstrace.store import SCHEMA_VERSION
from newstrace.text import content_hash


def art(url: str, text: str, published: str | None, site: str) -> Article:
    return Article(
        url=url,
        title=text.split(".")[0][:60],
        text=text,
        site=site,
        published=published,
        content_hash=content_hash(text),
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    c = Corpus(tmp_path / "t.db")
    c.add(
        [
            art("https://origin.example/flood", ORIGINAL, "2025-01-05", "origin.example"),
            art("https://farm.example/flood-copy", SPUN, "2025-01-06", "farm.example"),
            art("https://other.example/cost", INDEPENDENT, "2025-01-06", "other.example"),
            art("https://chess.example/final", UNRELATED, "2025-01-04", "chess.example"),
        ]
    )
    return c


def test_link_finds_spun_copy_and_not_independent(corpus: Corpus) -> None:
    report = corpus.link()
    assert report.articles == 4
    edges = corpus.store.all_edges()
    assert [(e.source_url, e.copy_url, e.relation) for e in edges] == [
        ("https://origin.example/flood", "https://farm.example/flood-copy", Relation.SPUN_COPY)
    ]
    assert edges[0].direction_basis == "date"
    # The independent article was compared and judged the same story, not a copy.
    rels = corpus.store.relations_of(3)
    assert rels and all(r["relation"] in ("same_story", "unrelated") for r in rels)


def test_link_is_incremental(corpus: Corpus) -> None:
    corpus.link()
    again = corpus.link()
    assert again.articles == 0 and again.compared == 0
    # A verbatim copy of the spun copy arrives later: only it is compared.
    corpus.add([art("https://mirror.example/a", SPUN, "2025-01-07", "mirror.example")])
    rep = corpus.link()
    assert rep.articles == 1 and rep.compared >= 1
    srcs = corpus.store.sources_of(5)
    assert srcs and srcs[0].relation is Relation.VERBATIM_COPY and srcs[0].source_id == 2


def test_trace_names_origin_and_chain(corpus: Corpus) -> None:
    corpus.add([art("https://mirror.example/a", SPUN, "2025-01-07", "mirror.example")])
    corpus.link()
    tr = corpus.trace("https://mirror.example/a")
    assert tr.origin.url == "https://origin.example/flood"
    assert [ln.edge.relation for ln in tr.chain] == [Relation.SPUN_COPY, Relation.VERBATIM_COPY]
    j = tr.to_json()
    assert j["origin"]["url"] == "https://origin.example/flood"
    kinds = {p["kind"] for p in j["chain"][0]["alignment"]["pairs"]}
    assert "paraphrased" in kinds or "edited" in kinds
    origin = corpus.trace("1")
    assert (
        origin.chain == []
        and origin.copies
        and origin.copies[0].copy_url == "https://farm.example/flood-copy"
    )


def test_add_is_idempotent_and_versions_changes(tmp_path: Path) -> None:
    c = Corpus(tmp_path / "v.db")
    a = art("https://x.example/1", ORIGINAL, None, "x.example")
    c.add([a])
    c.add([art("https://x.example/1", ORIGINAL, None, "x.example")])
    assert c.store.count() == 1
    c.add(
        [
            art(
                "https://x.example/1",
                ORIGINAL + "\n\nCorrection: the surge was 3.5 metres.",
                None,
                "x.example",
            )
        ]
    )
    assert c.store.count() == 1  # latest only
    rows = c.store.conn.execute("SELECT version, superseded FROM articles ORDER BY id").fetchall()
    assert rows == [(1, 1), (2, 0)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    Corpus(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Corpus(db)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "junk.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Corpus(db)


def test_link_records_in_memory_ignores_labels() -> None:
    recs: list[dict[str, object]] = [
        {"url": "u1", "site": "a", "title": "t", "text": ORIGINAL, "published": "2025-01-05", "lang": "en"},
        {
            "url": "u2",
            "site": "b",
            "title": "t",
            "text": SPUN,
            "published": "2025-01-06",
            "lang": "en",
            "relation": "original",
            "source_url": None,
            "cluster": "zz",
        },
        {
            "url": "u3",
            "site": "c",
            "title": "t",
            "text": INDEPENDENT,
            "published": "2025-01-06",
            "lang": "en",
            "relation": "spun_copy",
            "source_url": "u1",
        },
    ]
    edges = link_records(recs)
    assert [(e.source_url, e.copy_url, e.relation) for e in edges] == [("u1", "u2", Relation.SPUN_COPY)]


def test_a_story_copied_by_more_sites_than_the_feature_cap_is_still_linked() -> None:
    """Sixty sites copy one story in a corpus of 62: every word of it is in more articles than
    ``min_df_cap`` (50) allows an anchor, so no copy was ever compared and the campaign vanished."""
    recs: list[dict[str, object]] = [
        {"url": "https://herald.example/flood", "site": "herald.example", "title": "Flood", "text": ORIGINAL,
         "published": "2025-01-05", "lang": "en"},
        {"url": "https://chess.example/final", "site": "chess.example", "title": "Chess", "text": UNRELATED,
         "published": "2025-01-04", "lang": "en"},
    ]
    recs += [{"url": f"https://copier{i:02d}.example/flood", "site": f"copier{i:02d}.example",
              "title": "Flood", "text": ORIGINAL, "published": f"2025-01-{6 + i % 20:02d}", "lang": "en"}
             for i in range(60)]
    edges = link_records(recs)
    assert len(edges) == 60 and {e.copy_url for e in edges} == {r["url"] for r in recs[2:]}
    assert all(e.relation is Relation.VERBATIM_COPY for e in edges)
    assert sum(e.source_url == "https://herald.example/flood" for e in edges) >= 20


def test_a_copy_of_an_amp_page_is_a_copy_of_the_article_page() -> None:
    """A site's AMP rendering, ingested first, took every copy (ties go to the lower id) and its
    article page showed none; between the two, the article's own address is the source."""
    base = {"site": "herald.example", "title": "Flood", "text": ORIGINAL, "published": "2025-01-05"}
    recs: list[dict[str, object]] = [
        base | {"url": "https://herald.example/news/flood/amp"},
        base | {"url": "https://herald.example/news/flood"},
        {"url": "https://farm.example/flood", "site": "farm.example", "title": "Flood",
         "published": "2025-01-06", "text": ORIGINAL + "\n\nSource link: https://herald.example/news/flood/amp"},
    ]
    edges = link_records(recs)
    assert [(e.copy_url, e.source_url) for e in edges] == [
        ("https://farm.example/flood", "https://herald.example/news/flood")]


def test_link_stores_alterations_with_kept_edges(corpus: Corpus) -> None:
    corpus.link()
    [edge] = corpus.store.sources_of(2)
    kinds = {(a["kind"], a["source"], a["copy"]) for a in edge.evidence["alterations"]}
    assert ("name_changed", "Collins", "Colins") in kinds
    assert any(k == "number_changed" and "12" in (s or "") and "15" in (c or "") for k, s, c in kinds)
    assert any(k == "quote_altered" for k, _s, _c in kinds)


def _saved_page(path: Path, site: str, text: str) -> Path:
    paras = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    path.write_text(
        f'<html><head><title>Port Averly flooded</title><link rel="canonical" href="https://{site}/flood">'
        f"</head><body><article><h1>Port Averly flooded</h1>\n{paras}</article></body></html>",
        encoding="utf-8",
    )
    return path


def test_same_text_saved_from_two_sites_is_two_articles(tmp_path: Path) -> None:
    # Saved pages carry no fetch URL: the same text from two sites is a verbatim copy, not one article.
    pages = [_saved_page(tmp_path / f"{s}.html", f"{s}.example", ORIGINAL) for s in ("origin", "farm")]
    c = Corpus(tmp_path / "s.db")
    rep = c.ingest([str(p) for p in pages])
    assert (rep.stored, rep.unchanged) == (2, 0)
    again = c.ingest([str(p) for p in pages])
    assert (again.stored, again.unchanged) == (0, 2)  # still idempotent
    c.link()
    edges = c.store.conn.execute("SELECT relation FROM edges").fetchall()
    assert edges == [(Relation.VERBATIM_COPY.value,)]


def test_schema_1_database_is_rekeyed_by_site(tmp_path: Path) -> None:
    from newstrace.store.sqlite import MIGRATIONS, _split_sql

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for stmt in _split_sql(MIGRATIONS[0]):
        con.execute(stmt)
    con.execute("PRAGMA user_version=1")
    h = content_hash(ORIGINAL)
    con.execute(
        "INSERT INTO articles (key, url, site, title, text, content_hash, version, ingested_at)"
        " VALUES (?, NULL, 'origin.example', 't', ?, ?, 1, '2026-01-01')",
        (f"sha256:{h}", ORIGINAL, h),
    )
    con.commit()
    con.close()
    c = Corpus(db)
    assert c.store.conn.execute("SELECT key FROM articles").fetchall() == [(f"origin.example/sha256:{h}",)]
    assert c.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_one_site_in_several_forms_is_one_site(tmp_path: Path) -> None:
    """A record's "WWW.RT.COM" beside rt.com made RT a site copying RT; an IDN in punycode and in
    Unicode were two sites. New articles store one form; an older database is brought to it."""
    recs = [
        {"url": "https://rt.example/a", "site": "rt.example", "title": "t", "text": ORIGINAL},
        {"url": "https://rt.example/b", "site": "WWW.RT.Example.", "title": "t", "text": SPUN},
        {"url": "https://xn--zeitung-mnchen-osb.example/c", "title": "t", "text": INDEPENDENT},
        {"url": "https://zeitung-münchen.example/d", "title": "t", "text": UNRELATED},
    ]
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    with Corpus(tmp_path / "n.db") as c:
        c.ingest([str(src)])
        sites = [r[0] for r in c.store.conn.execute("SELECT site FROM articles ORDER BY id")]
    assert sites == ["rt.example", "rt.example", "zeitung-münchen.example", "zeitung-münchen.example"]
    from newstrace.web.queries import site_profile

    with Corpus(tmp_path / "n.db") as c:
        for typed in ("xn--zeitung-mnchen-osb.example", "WWW.Zeitung-München.example"):
            profile = site_profile(c.store, typed)
            assert profile is not None and profile["site"] == "zeitung-münchen.example"

    from newstrace.store.sqlite import MIGRATIONS, _split_sql

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for migration in MIGRATIONS[:3]:
        for stmt in _split_sql(migration):
            con.execute(stmt)
    con.execute("PRAGMA user_version=3")
    h = content_hash(ORIGINAL)
    idn = "XN--ZEITUNG-MNCHEN-OSB.example"
    for key, url, site in [("https://rt.example/b", "https://rt.example/b", "WWW.RT.Example"),
                           (f"{idn}/sha256:{h}", None, idn),
                           (f"farm.example/sha256:{h}", None, "farm.example")]:
        con.execute("INSERT INTO articles (key, url, site, title, text, content_hash, version, ingested_at)"
                    " VALUES (?, ?, ?, 't', ?, ?, 1, '2026-01-01')", (key, url, site, ORIGINAL, h))
    con.commit()
    con.close()
    with Corpus(db) as c:
        rows = c.store.conn.execute("SELECT key, site FROM articles ORDER BY id").fetchall()
        assert rows == [("rt.example/b", "rt.example"),  # keyed by its address since schema 6
                        (f"zeitung-münchen.example/sha256:{h}", "zeitung-münchen.example"),
                        (f"farm.example/sha256:{h}", "farm.example")]
        assert c.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_page_captured_earlier_takes_the_earlier_date_and_is_linked_again(tmp_path: Path) -> None:
    """The same page crawled on 03-20 and (ingested later) on 03-01 kept 03-20, so a farm copy
    crawled on 03-10 was named its origin "by date". The earliest sighting now wins."""
    def jsonl(name: str, recs: list[dict[str, str]]) -> str:
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        return str(path)

    page = {"url": "https://kessel.example/ferry", "title": "Ferry", "text": ORIGINAL}
    farm = {"url": "https://farm.example/ferry", "title": "Ferry", "text": ORIGINAL,
            "published": "2026-03-10"}
    with Corpus(tmp_path / "c.db") as c:
        c.ingest([jsonl("late.jsonl", [page | {"published": "2026-03-20"}, farm])])
        c.link()
        assert c.store.conn.execute("SELECT copy_id, source_id FROM edges").fetchall() == [(1, 2)]
        rep = c.ingest([jsonl("early.jsonl", [page | {"published": "2026-03-01"}])])
        assert (rep.stored, rep.unchanged, rep.redated) == (0, 1, 1)
        assert c.store.get(1).published == "2026-03-01"
        c.link()
        assert c.store.conn.execute("SELECT copy_id, source_id, direction_basis FROM edges").fetchall() == [
            (2, 1, "date")]
        again = c.ingest([jsonl("later.jsonl", [page | {"published": "2026-03-25"}])])
        assert (again.unchanged, again.redated) == (1, 0) and c.store.get(1).published == "2026-03-01"
        # an older version seen again with an earlier date stays history: the copy keeps its source
        c.ingest([jsonl("v2.jsonl", [page | {"text": SPUN, "published": "2026-03-26"}])])
        c.link()
        rep = c.ingest([jsonl("old.jsonl", [page | {"published": "2026-02-01"}])])
        assert rep.redated == 0 and c.store.get(1).published == "2026-03-01"
        assert (2, 1) in c.store.conn.execute("SELECT copy_id, source_id FROM edges").fetchall()


def test_a_file_that_changes_while_it_is_read_is_read_again_next_time(tmp_path: Path) -> None:
    from newstrace.pipeline import IngestReport, _FileLog

    page = tmp_path / "feed.jsonl"
    page.write_text('{"url": "https://a.example/1", "text": "x"}\n', encoding="utf-8")
    with Corpus(tmp_path / "c.db") as c:
        log = _FileLog(c.store, "key", IngestReport())
        assert log.unchanged(page) is False
        with page.open("a", encoding="utf-8") as fh:  # a crawler appends while we read
            fh.write('{"url": "https://a.example/2", "text": "y"}\n')
        log.done(page)
        [state] = log.take_ended()
        log.settle(state)
        assert log.completed == []
        assert log.unchanged(page) is False
        log.done(page)
        [state] = log.take_ended()
        state.articles = 2
        log.settle(state)
        [(path, size, _mtime, n)] = log.completed
        assert (path, size, n) == (str(page.resolve()), page.stat().st_size, 2)


def test_a_url_given_twice_in_a_jsonl_is_linked_once() -> None:
    from newstrace.pipeline import link_records

    rec = {"url": "https://origin.example/flood", "title": "Flood", "text": ORIGINAL,
           "published": "2025-01-05"}
    copy = {"url": "https://farm.example/a", "text": SPUN}
    errors: list[str] = []
    edges = link_records([rec, copy, dict(rec)], on_error=errors.append)
    assert errors == ["record 3: same URL as record 1 (https://origin.example/flood); skipped"]
    assert [(e.copy_url, e.source_url) for e in edges] == [(copy["url"], rec["url"])]


def test_a_direction_nothing_settles_is_said_to_be_a_guess(tmp_path: Path) -> None:
    with Corpus(tmp_path / "u.db") as c:
        c.add([art("https://origin.example/flood", ORIGINAL, None, "origin.example"),
               art("https://farm.example/flood-copy", SPUN, None, "farm.example")])
        c.link()
        copy, source = c.trace("2"), c.trace("1")
        assert copy.chain and copy.chain[0].edge.direction_basis == "undetermined"
        assert not copy.origin_settled and "may be a copy instead" in (copy.direction_doubt() or "")
        assert copy.to_json()["origin_settled"] is False
        assert "this article may be its copy instead" in (source.direction_doubt() or "")
        assert source.to_json()["direction_doubt"] == source.direction_doubt()
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    page = TestClient(create_app(tmp_path / "u.db")).get("/article/2").text
    assert "Direction uncertain." in page and "may be a copy instead" in page
    with Corpus(tmp_path / "d.db") as c:
        c.add([art("https://origin.example/flood", ORIGINAL, "2025-01-05", "origin.example"),
               art("https://farm.example/flood-copy", SPUN, "2025-01-06", "farm.example")])
        c.link()
        settled = c.trace("2")
        assert settled.origin_settled and settled.direction_doubt() is None


def test_guessed_directions_never_close_a_cycle() -> None:
    """Five copies of one text, some undated: dated-first guesses agree with the dates, so the
    earliest dated article is the origin of all (ingest order used to close a cycle)."""
    dates = ["2026-01-03", None, "2026-01-01", None, "2026-01-02"]
    recs = [{"url": f"https://s{i}.example/a", "site": f"s{i}.example", "title": "Flood", "text": ORIGINAL,
             "published": d} for i, d in enumerate(dates)]
    edges = link_records(recs)
    sources = {e.copy_url: e.source_url for e in edges}
    assert set(sources.values()) == {"https://s2.example/a"}
    assert len(sources) == 4


def test_a_site_republishing_its_own_text_is_not_a_copy_of_itself() -> None:
    recs = [
        {"url": "https://uni.example/news/bees", "site": "uni.example", "title": "Bees", "text": ORIGINAL,
         "published": "2025-01-05"},
        {"url": "https://uni.example/amp/news/bees", "site": "uni.example", "title": "Bees", "text": ORIGINAL,
         "published": "2025-01-05"},
        {"url": "https://farm.example/bees", "site": "farm.example", "title": "Bees", "text": ORIGINAL,
         "published": "2025-01-07"},
        {"url": "https://uni.example/news/bees-2", "site": "uni.example", "title": "Bees", "text": SPUN,
         "published": "2025-01-09"},
    ]
    edges = link_records(recs)
    pairs = {(e.copy_url, e.relation.value) for e in edges}
    assert ("https://farm.example/bees", "verbatim_copy") in pairs  # other sites' copies still are
    # neither its second address nor its own rewrite makes the site a copier of itself
    assert {e.copy_url for e in edges} == {"https://farm.example/bees"}
    with Corpus(":memory:") as c:
        c.add([art(r["url"], r["text"], r["published"], r["site"]) for r in recs])
        c.link()
        rows = c.store.conn.execute(
            "SELECT b.url, r.relation FROM relations r JOIN articles b ON b.id=r.b_id").fetchall()
        stored = {e.copy_url for e in c.store.all_edges()}
    assert ("https://uni.example/news/bees-2", "same_story") in rows
    # and the farm's copy of the site's article, as close, is not taken for the rewrite's source
    assert stored == {"https://farm.example/bees"}


SELF_REUSE_BACKGROUND = (
    "The port of Eskvik has been closed to large ships since a storm damaged its main pier in the winter "
    "of last year, cutting the town off from most of its freight trade. Repairs to the pier were "
    "estimated by engineers from the national roads agency to cost about forty million crowns and to "
    "take at least two years to finish. "
)


def test_an_outlet_reusing_its_own_background_paragraphs_is_no_copier_but_on_a_platform_it_copies() -> None:
    from newstrace.web import queries

    ferry = (
        "The town council of Eskvik voted on Tuesday to close the old ferry terminal by the end of next "
        "year. Councillors said the building had become too costly to heat and repair. The mayor, Ingrid "
        "Sola, told reporters that a new terminal would be built near the fish market. Work is expected "
        "to start in the spring, she said. " + SELF_REUSE_BACKGROUND + "The ferry company welcomed the "
        "decision and said it would add a second boat in the summer. Tickets will be sold online."
    )
    quotas = (
        "Fishermen in Eskvik protested on Friday against new quotas for cod announced by the ministry "
        "last month. About two hundred people gathered in front of the town hall with banners. Their "
        "union leader, Paul Marten, said the quotas would force half of the boats to stay in port for "
        "most of the year. " + SELF_REUSE_BACKGROUND + "The ministry said it would meet the union next "
        "week. A spokesman declined to comment on whether the quotas could be changed."
    )
    for site, copier in (("eskvik-post.example", False), ("medium.com", True)):
        with Corpus(":memory:") as c:
            c.add([art(f"https://{site}/a", ferry, "2024-01-02", site),
                   art(f"https://{site}/b", quotas, "2024-01-05", site)])
            c.link()
            edges = c.store.all_edges()
            profile = queries.site_profile(c.store, site)
        assert profile is not None
        # on a platform of many authors (medium.com/@a, medium.com/@b) one may copy another
        assert [e.relation.value for e in edges] == (["partial_copy"] if copier else []), site
        assert ("copier" in [x["label"] for x in profile["labels"]]) is copier, site


def test_two_stories_of_one_site_sharing_its_background_are_not_the_same_story() -> None:
    """A flood report and a chess report of one outlet, each with its standing paragraph on the
    port: the site's own text, and no story in common, so a trace lists neither beside the other
    (the own text stays recorded, for choosing sources)."""
    def with_background(text: str) -> str:
        paras = text.split("\n\n")
        return "\n\n".join([*paras[:2], SELF_REUSE_BACKGROUND.strip(), *paras[2:]])

    with Corpus(":memory:") as c:
        site = "eskvik-post.example"
        c.add([art(f"https://{site}/a", with_background(ORIGINAL), "2024-01-02", site),
               art(f"https://{site}/b", with_background(UNRELATED), "2024-01-05", site)])
        c.link()
        [rel] = c.store.relations_of(1)
        listed = c.trace("1").same_site + c.trace("2").same_site
    assert rel["relation"] == "unrelated" and rel["evidence"]["own_text"] == "partial_copy"
    assert "share its template or background text" in rel["evidence"]["reasons"][-1]
    assert listed == []


def test_times_an_hour_gap_cannot_order_never_make_a_cycle(tmp_path: Path) -> None:
    """10:00, 10:40 and 11:10: two pairs closer than the hour gap are guesses, one is settled."""
    times = {"c": "2025-04-02T11:10+00:00", "b": "2025-04-02T10:40+00:00", "a": "2025-04-02T10:00+00:00"}
    recs = [{"url": f"https://{k}.example/x", "site": f"{k}.example", "title": "Flood", "text": ORIGINAL,
             "published": t} for k, t in times.items()]  # ingest order c, b, a
    for edges in (link_records(recs), None):
        if edges is None:
            with Corpus(tmp_path / "c.db") as c:
                c.add([art(r["url"], ORIGINAL, r["published"], r["site"]) for r in recs])
                c.link()
                edges = c.store.all_edges()
        graph = {(e.source_id, e.copy_id) for e in edges}
        assert len(graph) == 2
        assert not any((b, a) in graph for a, b in graph)  # no two-way pair
        assert "https://a.example/x" not in {e.copy_url for e in edges}  # the earliest is nobody's copy


def test_a_file_name_that_is_not_utf8_is_found_again_by_the_name_typed(tmp_path: Path) -> None:
    import os

    from newstrace.store.sqlite import _path_text

    name = os.fsdecode(bytes(tmp_path) + b"/n\xe9.txt")
    Path(name).write_text("Ferry strike ends\n\n" + ORIGINAL, encoding="utf-8")
    with Corpus(tmp_path / "n.db") as c:
        assert c.ingest([name]).stored == 1
        found = c.store.find(name)
        assert found is not None and found.origin == _path_text(name)
        assert found.origin.endswith("n\\xe9.txt")  # the byte shown as an escape


def test_another_story_of_the_same_beat_is_not_the_same_story() -> None:
    """Two reports of one town sharing its names and a third of their words, but no event: the
    word overlap alone called them the same story (a fact-checker would read them as coordinated
    coverage); the quick story model keeps the independent report of the flood and drops them."""
    from newstrace.link import Prepared, compare
    from newstrace.settings import Settings

    def art(i: int, title: str, text: str) -> Article:
        return Article(id=i, url=f"https://s{i}.example/{i}", site=f"s{i}.example", title=title, text=text,
                       lang="en")

    flood = art(1, "Storm surge floods Port Averly", ORIGINAL)
    ferry = art(2, "Port Averly adds evening ferries", SAME_BEAT)
    report = art(3, "Port Averly counts the cost", INDEPENDENT)
    words_only = Settings(same_story_min_score=0)
    assert compare(flood, ferry, words_only).verdict.relation is Relation.SAME_STORY  # the old rule
    v = compare(flood, ferry, Settings(), Prepared()).verdict
    assert v.relation is Relation.UNRELATED and "other stories on a shared topic" in v.reasons[-1], v.reasons
    kept = compare(flood, report, Settings(), Prepared()).verdict
    assert kept.relation is Relation.SAME_STORY and kept.reasons[-1].startswith("story similarity")
    assert kept.score >= Settings().same_story_min_score  # the score is the story similarity
    # copies are never put to the story check
    spun = art(4, "Storm surge inundates Port Averly", SPUN)
    assert compare(flood, spun, Settings()).verdict.relation is Relation.SPUN_COPY


def test_a_trace_lists_the_current_version_of_a_related_article_only(tmp_path: Path) -> None:
    def write(independent: str) -> Path:
        recs = [{"url": "https://origin.example/flood", "title": "Storm surge floods Port Averly",
                 "text": ORIGINAL, "published": "2025-01-05"},
                {"url": "https://other.example/cost", "title": "Port Averly counts the cost",
                 "text": independent, "published": "2025-01-06"}]
        src = tmp_path / "r.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
        return src

    with Corpus(tmp_path / "v.db") as c:
        c.ingest([str(write(INDEPENDENT))])
        c.link()
        first = [r.article.id for r in c.trace("1").same_story]
        c.ingest([str(write(INDEPENDENT + "\n\nThe council meets again on Friday."))])  # updated
        c.link()
        now = [r.article.id for r in c.trace("1").same_story]
    assert len(first) == 1 and len(now) == 1 and now != first  # the new version, not both


def test_a_trace_lists_another_article_of_its_own_site_only_when_it_holds_its_text(tmp_path: Path) -> None:
    """A site's follow-up on the same story shares its beat, names and lead style: not listed
    (neither independent coverage nor its own text); its text reused under a new slug is."""
    recs = [{"url": f"https://harbour-news.example/{slug}", "title": title, "text": text,
             "published": day} for slug, title, text, day in (
                 ("flood", "Storm surge floods Port Averly", ORIGINAL, "2025-01-05"),
                 ("cost", "Port Averly counts the cost", INDEPENDENT, "2025-01-06"),
                 ("flood-again", "Storm surge inundates Port Averly", SPUN, "2025-01-07"))]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    with Corpus(tmp_path / "s.db") as c:
        c.ingest([str(src)])
        c.link()
        rels = {frozenset((r["a_id"], r["b_id"])): r["relation"] for r in c.store.relations_of(1)}
        assert rels[frozenset((1, 2))] == "same_story"  # stored, as the linker judged it
        tr = c.trace("1")
    assert tr.same_story == [] and [(r.article.id, r.own_text) for r in tr.same_site] == [(3, "spun_copy")]


def test_a_stored_article_is_found_by_its_address_written_another_way(tmp_path: Path) -> None:
    recs = [{"url": "https://www.harbour-news.example/2025/ferry-strike-ends/", "title": "Ferry strike ends",
             "text": ORIGINAL, "published": "2025-01-05"},
            {"url": "https://wire.example/item?id=7", "site": "wire-service.example", "title": "Flood",
             "text": INDEPENDENT, "published": "2025-01-05"}]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    with Corpus(tmp_path / "a.db") as c:
        assert c.ingest([str(src)]).stored == 2
        for ref in ("https://www.harbour-news.example/2025/ferry-strike-ends",  # no final slash
                    "http://harbour-news.example/2025/ferry-strike-ends/",  # http, no www.
                    "https://harbour-news.example/2025/ferry-strike-ends/?utm_source=social&fbclid=x#top",
                    "https://www.harbour-news.example/2025/ferry-strike-ends/amp/"):
            found = c.store.find(ref)
            assert found is not None and found.title == "Ferry strike ends", ref
        # a record filed under a site other than its host is found by its address too
        hit = c.store.find("http://wire.example/item?id=7&utm_medium=x")
        assert hit is not None and hit.title == "Flood"
        # another article, or another query, is not this one
        assert c.store.find("https://harbour-news.example/2025/ferry-strike-ends-again/") is None
        assert c.store.find("https://wire.example/item?id=8") is None
    # a path's case tells two pages apart (video and short-link ids)
    recs = [{"url": f"https://clips.example/v/{vid}", "title": title, "text": text, "published": "2025-01-05"}
            for vid, title, text in (("AbC9x", "Flood", ORIGINAL), ("abc9X", "Chess", UNRELATED))]
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    with Corpus(tmp_path / "b.db") as c:
        assert c.ingest([str(src)]).stored == 2
        for ref, title in (("http://clips.example/v/AbC9x?utm_source=tw", "Flood"),
                           ("http://www.clips.example/v/abc9X/", "Chess")):
            found = c.store.find(ref)
            assert found is not None and found.title == title, ref
        assert c.store.find("https://clips.example/v/ABC9X") is None
        assert c.store.find("https://clips.example/v") is None  # no slug of three characters: no guess


def _bulletin_pages(folder: Path, n: int) -> None:
    """``n`` HTML bulletins of our own, one not an article, and a JSONL file of three records."""
    folder.mkdir()
    paras = ORIGINAL.split("\n\n")
    for i in range(n):
        body = "".join(f"<p>{p} (Edition {i}, item {j}.)</p>" for j, p in enumerate(paras))
        (folder / f"{i:03d}.html").write_text(
            f"<html><head><title>Bulletin {i}</title></head><body><article><h1>Bulletin {i}</h1>"
            f"{body}</article></body></html>", encoding="utf-8")
    (folder / "005-empty.html").write_text("<html><body><p>Menu</p></body></html>", encoding="utf-8")
    (folder / "records.jsonl").write_text("".join(
        json.dumps({"url": f"https://wire.example/{k}", "title": f"Record {k}",
                    "text": f"{SPUN} (Record {k}.)"}) + "\n" for k in range(3)), encoding="utf-8")


def test_a_parallel_ingest_stores_what_a_sequential_one_does(tmp_path: Path) -> None:
    from newstrace.parallel import INLINE_PAGES

    n = INLINE_PAGES + 14  # past the pages extracted inline: workers extract the rest
    _bulletin_pages(tmp_path / "pages", n)
    rows, reports = [], []
    for workers in (1, 2):
        with Corpus(tmp_path / f"w{workers}.db") as c:
            rep = c.ingest([str(tmp_path / "pages")], workers=workers)
            reports.append(rep.to_json())
            rows.append((
                c.store.conn.execute("SELECT * FROM articles ORDER BY id").fetchall(),
                c.store.conn.execute("SELECT path, size, mtime_ns, settings_key, articles "
                                     "FROM read_files ORDER BY path").fetchall(),
            ))
    assert reports[0] == reports[1]
    assert (reports[0]["stored"], reports[0]["skipped"]) == (n + 3, 1)
    (arts1, files1), (arts2, files2) = rows
    drop_time = [r[:-2] + r[-1:] for r in arts1], [r[:-2] + r[-1:] for r in arts2]  # not ingested_at
    assert drop_time[0] == drop_time[1]  # the same articles under the same ids
    assert files1 == files2 and len(files1) == n + 2  # every file recorded, with its article count
    with Corpus(tmp_path / "w2.db") as c:  # and a second run reads nothing again
        again = c.ingest([str(tmp_path / "pages")], workers=2)
    assert (again.read, again.files_unchanged, again.unchanged) == (0, n + 2, n + 3)


def _crash_on_boom(page, settings):  # type: ignore[no-untyped-def]
    """Extraction that kills its process on one page (as a crash in a C library would)."""
    import os

    from newstrace.parallel import extract_outcome

    if page.origin.endswith("boom"):
        os._exit(3)
    return extract_outcome(page, settings)


def test_a_page_that_kills_its_worker_is_named_and_the_others_are_extracted() -> None:
    from newstrace.model import Page
    from newstrace.parallel import Extractor
    from newstrace.settings import Settings

    pages = [Page(origin=f"page-{i}" + ("-boom" if i == 2 else ""), kind="text",
                  url=f"https://wire.example/{i}", text=f"Bulletin {i}\n\n{ORIGINAL} (Edition {i}.)")
             for i in range(6)]
    ex = Extractor(Settings(), workers=2, fn=_crash_on_boom, inline_pages=0)
    try:
        pending = [ex.submit(p) for p in pages]
        outcomes = [ex.result(p) for p in pending]
        later = ex.result(ex.submit(pages[0]))  # the pool is usable after the crash
    finally:
        ex.close()
    assert [o[0] for o in outcomes] == ["ok", "ok", "fail", "ok", "ok", "ok"]
    assert outcomes[2][1].startswith("page-2-boom: extraction failed: the worker process died")
    urls = [o[1].url for o in outcomes if o[0] == "ok"]
    assert urls == [f"https://wire.example/{i}" for i in (0, 1, 3, 4, 5)]
    assert later[0] == "ok"


@pytest.mark.parametrize("linked_before_anchors", [False, True])
def test_an_original_linked_after_its_copies_gets_the_edges_of_one_run(
        tmp_path: Path, linked_before_anchors: bool) -> None:
    """Copies first, their original later (the usual order of a crawl): the original's look-up
    finds only what shares its rarest words (the verbatim copy), but a translation's look-up finds
    the original through names and numbers; linking in two runs must find what one run finds. Also
    for a store whose first run recorded no anchors (linked by an older newstrace, or on Spark)."""
    rows = [json.loads(ln) for ln in (Path(__file__).parent / "data" / "translations.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    original = next(r for r in rows if r["cluster"] == "t01" and r["relation"] == "original")
    translation = next(r for r in rows if r["cluster"] == "t01" and r["relation"] == "translation")
    copy = {**original, "url": "https://farm.example/ferry-strike", "site": "farm.example",
            "published": "2026-03-04"}
    first, later = [copy, translation], [original]

    def edges(db: Path) -> set[tuple[str, str, str]]:
        con = sqlite3.connect(db)
        return set(con.execute(
            "SELECT s.url, c.url, e.relation FROM edges e JOIN articles s ON s.id=e.source_id "
            "JOIN articles c ON c.id=e.copy_id"))

    def write(name: str, recs: list[dict]) -> str:  # type: ignore[type-arg]
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        return str(path)

    with Corpus(tmp_path / "two.db") as c:
        c.ingest([write("first.jsonl", first)])
        c.link()
        if linked_before_anchors:
            with c.store.transaction():
                c.store.conn.execute("DELETE FROM anchors")
        c.ingest([write("later.jsonl", later)])
        c.link()
    with Corpus(tmp_path / "one.db") as c:
        c.ingest([write("all.jsonl", first + later)])
        c.link()
    assert (original["url"], translation["url"], "translation") in edges(tmp_path / "one.db")
    assert edges(tmp_path / "two.db") == edges(tmp_path / "one.db")


@pytest.mark.parametrize("saved_first", [True, False])
def test_a_page_saved_without_its_address_and_crawled_with_it_is_one_article(
        tmp_path: Path, saved_first: bool) -> None:
    """A browser's saved page keeps no address (the text and site, from its own links); a crawl
    of the same page has it. In either order they are one article, under the crawl's address."""
    saved = art("", ORIGINAL, "2025-01-05", "origin.example")
    saved.url, saved.canonical_url = None, "https://origin.example/flood"  # its own address, named
    crawled = art("https://origin.example/flood", ORIGINAL, "2025-01-05", "origin.example")
    spun = art("https://farm.example/flood-copy", SPUN, "2025-01-06", "farm.example")
    with Corpus(tmp_path / "s.db") as c:
        c.add([saved if saved_first else crawled, spun])
        c.link()
        with c.store.transaction():
            results = [c.store.put_article(saved if not saved_first else crawled, [])]
        assert results[0].status == "unchanged"
        rows = c.store.conn.execute("SELECT url FROM articles WHERE site='origin.example'").fetchall()
        assert rows == [("https://origin.example/flood",)]
        c.link()
        tr = c.trace("https://farm.example/flood-copy")
        assert tr.origin.url == "https://origin.example/flood"


def test_a_partial_copy_linked_alone_before_its_original_is_found_when_it_arrives(tmp_path: Path) -> None:
    """X (four sentences of O) is linked while nothing shares a word with it; O arrives later with
    many look-alikes that take all of O's rarest words. Only X's look-up finds the pair: X's anchors
    must be chosen again once it shares words, not frozen empty."""
    def sent(tag: str, k: int) -> str:
        return " ".join(f"{tag}{k}w{j}" for j in range(12)).capitalize() + "."

    o_sents = [sent("o", k) for k in range(120)]
    others = ["\n\n".join([o_sents[k], *(sent(f"z{k}x", m) for m in range(6))]) for k in range(120)
              if not 50 <= k < 54]
    with Corpus(tmp_path / "x.db") as c:
        [x] = c.add([Article(url="https://x.example/a", title="x", text="\n\n".join(o_sents[50:54]),
                             site="x.example", content_hash=content_hash("x"))])
        c.link()
        c.add([Article(url=f"https://z{i}.example/a", title="z", text=t, site=f"z{i}.example",
                       content_hash=content_hash(t)) for i, t in enumerate(others)])
        [o] = c.add([Article(url="https://o.example/a", title="o", text="\n\n".join(o_sents),
                             site="o.example", content_hash=content_hash("o"))])
        c.link()
        found = [r["relation"] for r in c.store.relations_of(x) if o in (r["a_id"], r["b_id"])]
        assert found == ["partial_copy"]


@pytest.mark.parametrize("saved_first", [True, False])
def test_a_saved_clone_cannot_plant_its_credits_or_date_on_the_crawled_original(
        tmp_path: Path, saved_first: bool) -> None:
    """A farm's page saved from a browser that kept the original's <head> (canonical, so filed under
    the original's site) with the original's text, a farm credit line and an earlier date: merged
    with the crawled original, it must not change it."""
    clone = art("", ORIGINAL, "2024-12-01", "origin.example")
    clone.url, clone.canonical_url = None, "https://origin.example/flood"
    clone.trimmed = ["Source link: https://farm.example/flood-copy"]
    crawled = art("https://origin.example/flood", ORIGINAL, "2025-01-05", "origin.example")
    with Corpus(tmp_path / "p.db") as c:
        for a in ([clone, crawled] if saved_first else [crawled, clone]):
            c.add([a])
        [stored] = list(c.store.iter_articles())
    assert (stored.url, stored.published, stored.trimmed) == (
        "https://origin.example/flood", "2025-01-05", [])


def _rec(url: str, text: str, published: str) -> dict[str, str]:
    """A reuse-format record on the site its address names."""
    return {"url": url, "site": url.split("/")[2], "title": "Flood", "text": text, "published": published}


def test_a_farm_posting_one_story_twice_took_both_from_the_origin() -> None:
    # the second post is closest to the farm's own first post, which is the site's own text: its
    # source is the origin both posts come from, not nothing and not the first post
    recs = [
        _rec("https://origin.example/flood", ORIGINAL, "2025-01-05"),
        _rec("https://farm.example/flood-1", SPUN, "2025-01-06"),
        _rec("https://farm.example/flood-2", SPUN, "2025-01-08"),
        # another farm's copy of the first post, as close to the second as the first post is
        _rec("https://mirror.example/flood", SPUN, "2025-01-07"),
    ]
    for edges in (link_records(recs), None):
        if edges is None:
            with Corpus(":memory:") as c:
                c.add([art(r["url"], r["text"], r["published"], r["site"]) for r in recs])
                c.link()
                edges = c.store.all_edges()
        assert {(e.copy_url, e.source_url) for e in edges} == {
            ("https://farm.example/flood-1", "https://origin.example/flood"),
            ("https://farm.example/flood-2", "https://origin.example/flood"),
            ("https://mirror.example/flood", "https://farm.example/flood-1"),
        }


def test_a_same_day_copy_of_a_sites_text_is_no_source_of_its_rewrite_stored_or_traced() -> None:
    # the farm's copy is dated the day of the site's article (which copied which is unsettled):
    # the site's rewrite is its own text again, not a spun copy of the farm's copy
    recs = [
        ("https://uni.example/news/bees", ORIGINAL, "2025-01-05", "uni.example"),
        ("https://farm.example/bees", ORIGINAL, "2025-01-05", "farm.example"),
        ("https://uni.example/news/bees-2", SPUN, "2025-01-09", "uni.example"),
    ]
    with Corpus(":memory:") as c:
        c.add([art(*r) for r in recs[:2]])
        c.link()
        # not stored: traced on the fly against the corpus
        unstored = c.trace_article(art(*recs[2]))
        assert [(ln.source.url, ln.copy.url) for ln in unstored.chain] == []
        c.add([art(*recs[2])])
        c.link()
        assert "https://uni.example/news/bees-2" not in {e.copy_url for e in c.store.all_edges()}
        from newstrace.web import queries

        profile = queries.site_profile(c.store, "uni.example")
        assert profile is not None and profile["copies"] == 0


def test_a_site_that_credits_the_wire_it_ran_keeps_the_wire_as_the_source_of_its_rewrite() -> None:
    credited = ORIGINAL + "\n\nSource: Northwire"
    recs = [
        _rec("https://wire.example/story", ORIGINAL, "2025-01-06T09:00:00+00:00"),
        _rec("https://news.example/a", credited, "2025-01-06"),
        _rec("https://news.example/b", SPUN, "2025-01-08"),
    ]
    sources = {(e.copy_url, e.source_url) for e in link_records(recs)}
    assert ("https://news.example/b", "https://wire.example/story") in sources


def _jsonl(path: Path, recs: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return str(path)


def test_one_page_under_several_forms_of_its_address_is_one_article(tmp_path: Path) -> None:
    """http and https captures, ``www.``, a final slash, a fragment and tracking parameters were
    each an article of their own: the site counted one story four times, related to itself."""
    page = {"title": "Flood", "text": ORIGINAL, "published": "2025-01-05"}
    forms = ["https://www.herald.example/news/flood/", "http://herald.example/news/flood",
             "https://herald.example/news/flood?utm_source=social&fbclid=x#top",
             "HTTPS://Herald.Example/news/flood/#comments"]
    others = [  # another path, a query that names another page, another host, an AMP rendering
        {"url": "https://herald.example/news/flood-2", "title": "Flood", "text": SPUN},
        {"url": "https://herald.example/news/flood?id=2", "title": "Flood", "text": INDEPENDENT},
        {"url": "https://news.herald.example/news/flood", "title": "Flood", "text": UNRELATED},
        {"url": "https://herald.example/news/flood/amp", "title": "Flood", "text": ORIGINAL},
    ]
    src = _jsonl(tmp_path / "r.jsonl", [page | {"url": u} for u in forms] + others)
    with Corpus(tmp_path / "c.db") as c:
        rep = c.ingest([src])
        assert (rep.stored, rep.unchanged) == (5, 3)
        assert c.ingest([src], reread=True).stored == 0  # idempotent
        urls = [r[0] for r in c.store.conn.execute("SELECT url FROM articles ORDER BY id")]
        assert urls == [forms[0]] + [o["url"] for o in others]
        c.link()
        assert c.store.conn.execute("SELECT count(*) FROM edges").fetchone()[0] == 0
        for u in forms:
            found = c.store.find(u)
            assert found is not None and found.id == 1, u


def test_an_updated_page_under_another_form_of_its_address_is_its_new_version(tmp_path: Path) -> None:
    first = {"url": "http://herald.example/news/flood", "title": "Flood", "text": ORIGINAL,
             "published": "2025-01-05"}
    update = first | {"url": "https://www.herald.example/news/flood/?utm_medium=rss",
                      "text": ORIGINAL + "\n\nCorrection: the river rose 3.5 metres, not 3.4."}
    with Corpus(tmp_path / "v.db") as c:
        c.ingest([_jsonl(tmp_path / "a.jsonl", [first])])
        rep = c.ingest([_jsonl(tmp_path / "b.jsonl", [update])])
        assert rep.stored == 1 and c.store.count() == 1
        rows = c.store.conn.execute("SELECT url, version, superseded FROM articles ORDER BY id").fetchall()
        assert rows == [(first["url"], 1, 1), (update["url"], 2, 0)]
        # the older form names the current version; the old text seen again changes nothing
        found = c.store.find(first["url"])
        assert found is not None and found.version == 2
        assert c.ingest([_jsonl(tmp_path / "c.jsonl", [first])]).stored == 0


def _crawl(path: Path, url: str, html: str) -> str:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=http,
            warc_headers_dict={"WARC-Date": "2025-01-05T10:00:00Z"}))
    return str(path)


@pytest.mark.parametrize("saved_first", [True, False])
def test_a_saved_page_and_a_crawl_of_another_form_of_its_address_are_one_article(
        tmp_path: Path, saved_first: bool) -> None:
    """A saved page names https://www.origin.example/flood/ as its canonical; a crawl fetched
    http://origin.example/flood. Only the crawl coming second was merged with the saved page."""
    saved = _saved_page(tmp_path / "saved.html", "www.origin.example", ORIGINAL)
    saved.write_text(saved.read_text(encoding="utf-8").replace("/flood\"", "/flood/\""), encoding="utf-8")
    crawl = _crawl(tmp_path / "c.warc", "http://origin.example/flood", saved.read_text(encoding="utf-8"))
    with Corpus(tmp_path / "s.db") as c:
        for path in ([str(saved), crawl] if saved_first else [crawl, str(saved)]):
            c.ingest([path])
        rows = c.store.conn.execute("SELECT url FROM articles").fetchall()
    assert rows == [("http://origin.example/flood",)]


def test_a_database_keyed_by_exact_urls_is_rekeyed_by_address(tmp_path: Path) -> None:
    """Articles stored before keyed by their URL as written take the key of their address, so that a
    later ingest of another form of it finds them; two rows of one address already stored (which
    this cannot merge) leave the key to the later one."""
    from newstrace.store.sqlite import MIGRATIONS, _split_sql

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for migration in MIGRATIONS[:3]:  # (4 needs the functions newstrace gives SQLite)
        for stmt in _split_sql(migration):
            con.execute(stmt)
    con.execute("PRAGMA user_version=3")
    rows = [("https://a.example/one", ORIGINAL, 1, 1), ("https://a.example/one", SPUN, 2, 0),
            ("http://b.example/two", INDEPENDENT, 1, 0), ("https://www.b.example/two/", UNRELATED, 1, 0)]
    for url, text, version, superseded in rows:
        con.execute("INSERT INTO articles (key, url, site, title, text, content_hash, version, superseded,"
                    " ingested_at) VALUES (?, ?, 'x', 't', ?, ?, ?, ?, '2026-01-01')",
                    (url, url, text, content_hash(text), version, superseded))
    con.commit()
    con.close()
    with Corpus(db) as c:
        keys = [r[0] for r in c.store.conn.execute("SELECT key FROM articles ORDER BY id")]
        assert keys == ["a.example/one", "a.example/one", "http://b.example/two", "b.example/two"]
        rep = c.ingest([_jsonl(tmp_path / "r.jsonl", [{"url": "http://www.a.example/one", "title": "t",
                                                          "text": SPUN}])])
        assert (rep.stored, rep.unchanged) == (0, 1)
        # the form that kept its old key (a row per form could not be merged) is found again by its
        # URL: unchanged text stores nothing, and the article under the new key stays current
        again = c.ingest([_jsonl(tmp_path / "b.jsonl", [{"url": "http://b.example/two", "title": "t",
                                                          "text": INDEPENDENT}])])
        assert (again.stored, again.unchanged) == (0, 1)
        current = {r[0] for r in c.store.conn.execute("SELECT url FROM articles WHERE superseded=0")}
        assert {"http://b.example/two", "https://www.b.example/two/"} <= current
        assert c.store.find("http://b.example/two").text == INDEPENDENT  # type: ignore[union-attr]
        # changed text under that form is the page's new version: no two current rows for it
        c.ingest([_jsonl(tmp_path / "c.jsonl", [{"url": "http://b.example/two", "title": "t",
                                                  "text": SAME_BEAT}])])
        rows = c.store.conn.execute(
            "SELECT url, superseded FROM articles WHERE url LIKE '%b.example/two%' ORDER BY id").fetchall()
        assert [sup for _, sup in rows] == [1, 1, 0] and rows[-1][0] == "http://b.example/two"


def test_an_amp_parameter_names_another_rendering_not_the_page(tmp_path: Path) -> None:
    """"?amp=1" is an AMP rendering, an article of its own (as the AMP path): it never supersedes
    the page."""
    with Corpus(tmp_path / "amp.db") as c:
        c.add([art("https://herald.example/news/flood", ORIGINAL, "2025-01-05", "herald.example"),
               art("https://herald.example/news/flood?amp=1", SPUN, "2025-01-05", "herald.example")])
        assert c.store.conn.execute("SELECT count(*) FROM articles WHERE superseded=0").fetchone()[0] == 2


def test_a_page_traced_under_another_form_of_its_address_is_the_stored_article(tmp_path: Path) -> None:
    """A page read again (a saved file naming its https address) of an article stored from an http
    crawl is that article, not a "same story" of its own site holding its own text."""
    with Corpus(tmp_path / "t.db") as c:
        c.add([art("http://herald.example/news/flood", ORIGINAL, "2025-01-05", "herald.example"),
               art("https://farm.example/flood", ORIGINAL, "2025-01-07", "farm.example")])
        c.link()
        tr = c.trace_article(art("https://www.herald.example/news/flood/", ORIGINAL, "2025-01-05",
                                 "herald.example"))
        assert tr.stored and tr.article.id == 1 and not tr.same_site
        assert [e.copy_url for e in tr.copies] == ["https://farm.example/flood"]
        # another page of the site with the same text is still its own article
        other = c.trace_article(art("https://herald.example/news/flood-again", ORIGINAL, "2025-01-05",
                                    "herald.example"))
        assert not other.stored
