"""Linking on a real Spark session in local mode gives the edges the in-memory linker gives.

Records are our own: the bundled sample corpus (saved HTML) and the fixture articles of conftest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import INDEPENDENT, ORIGINAL, RELEASE_A, SAMPLES, SPUN, UNRELATED, run_cli

from newstrace.errors import NewstraceError
from newstrace.model import Edge
from newstrace.pipeline import link_articles, records_to_articles
from newstrace.settings import Settings

pytest.importorskip("pyspark", reason="pyspark is installed by the test extra")
from newstrace.spark import link_file, spark_session  # noqa: E402


def _records() -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    for i, page in enumerate(sorted(SAMPLES.glob("*.html"))):
        html = page.read_text(encoding="utf-8")
        recs.append({"url": f"https://sample{i}.example/{page.stem}", "html": html})
    for i, (text, date) in enumerate(
        [(ORIGINAL, "2025-01-05"), (SPUN, "2025-01-06"), (INDEPENDENT, "2025-01-06"),
         (UNRELATED, "2025-01-04"), (SPUN, "2025-01-09"), (ORIGINAL.split("\n\n", 2)[2], "2025-01-07")]
    ):
        recs.append({"url": f"https://fixture{i}.example/a", "site": f"fixture{i}.example",
                     "title": f"Fixture {i}", "text": text, "published": date, "lang": "en",
                     "relation": "spun_copy", "source_url": "https://label.example/ignored"})
    return recs


def _key(edges: list[Edge]) -> list[tuple[Any, ...]]:
    return [(e.copy_id, e.source_id, e.copy_url, e.source_url, e.relation.value, round(e.score, 6),
             e.direction_basis) for e in edges]


_SECOND_TRY = {"url": "https://empty.example/x", "title": "Ferries", "text": RELEASE_A}
"""A good record of the address whose first record is too short: that address's article."""

_FAILED_REPEAT = {"url": "https://fixture0.example/a", "text": "Too short."}

_CAPTURE = dict(_records()[-6], url="https://web.archive.org/web/20250101000000/https://fixture0.example/a")
"""fixture0 as read from the Wayback Machine."""


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "corpus.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in _records()]
    # bad lines are reported and skipped, exactly as the in-memory reader does
    lines[3:3] = ["", "{not json", "[1, 2]"]
    lines.append(json.dumps({"url": "https://empty.example/x", "text": "Too short."}))
    lines.append(json.dumps(_SECOND_TRY))  # the address of a record that failed: read
    lines.append(json.dumps(_records()[-6]))  # fixture0 again: skipped, never a copy of itself
    lines.append(json.dumps(_CAPTURE))  # and read from a web archive: the same address, skipped too
    lines.append(json.dumps(_FAILED_REPEAT))  # a repeat is a repeat, whether or not it would extract
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_spark_gives_the_in_memory_edges(spark: Any, corpus: Path) -> None:
    report = link_file(spark, str(corpus), Settings(), partitions=3)
    memory_errors: list[str] = []
    records = [*_records(), {"url": "https://empty.example/x", "text": "Too short."}, _SECOND_TRY,
               _records()[-6], _CAPTURE, _FAILED_REPEAT]
    lines = [n for n, ln in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1)
             if ln.startswith('{"')]  # the records' lines, as link FILE names them
    names = [f"{corpus}:{n}" for n in lines]
    memory, _ = link_articles(records_to_articles(records, Settings(), memory_errors.append, names, lines))
    assert _key(report.edges) == _key(memory)
    assert report.errors[2:] == memory_errors  # after the two bad lines: the same records, the same words
    again = f"same URL as {names[-11]} (https://fixture0.example/a); skipped"
    assert memory_errors[-3:] == [f"{names[-3]}: {again}", f"{names[-2]}: {again}", f"{names[-1]}: {again}"]
    assert memory_errors[0].startswith(f"{names[-5]}: too short") and len(memory_errors) == 4
    assert not any(e.copy_url == e.source_url for e in report.edges)
    relations = {e.relation.value for e in report.edges}
    assert {"verbatim_copy", "spun_copy", "partial_copy", "translation"} <= relations
    assert report.records == len(_records()) + 5 and report.articles == len(_records()) + 1
    assert report.compared > 0
    assert any(e.copy_url == "https://fixture1.example/a" and e.source_url == "https://fixture0.example/a"
               and e.relation.value == "spun_copy" for e in report.edges)
    # independent coverage of the same event is never an edge
    assert not any("fixture2.example" in (e.copy_url or "") + (e.source_url or "") for e in report.edges)
    assert [m.split(": ", 1)[0] for m in report.errors[:2]] == [f"{corpus}:5", f"{corpus}:6"]
    assert "invalid JSON" in report.errors[0] and "expected a JSON object, got list" in report.errors[1]


def test_settings_reach_the_workers(spark: Any, corpus: Path) -> None:
    # a threshold no copy can pass: the workers must have used these settings, not the defaults
    report = link_file(spark, str(corpus), Settings(min_candidate_containment=1.01))
    assert report.compared == 0 and report.edges == []
    # a line cap: the lines over it are the errors the in-memory reader gives, by the same names
    from newstrace.sources.jsonl import read_jsonl

    capped = Settings(max_page_bytes=2000)
    local = [str(e) for e in read_jsonl(corpus, capped) if isinstance(e, NewstraceError)]
    assert sum("line longer than max_page_bytes (2000 bytes)" in e for e in local) >= 5
    # named as the in-memory reader names the file: "dir/./corpus.jsonl" is "dir/corpus.jsonl"
    assert link_file(spark, f"{corpus.parent}/./{corpus.name}", capped).errors[:len(local)] == local


def test_an_article_whose_words_are_all_common_is_still_looked_up_alike(spark: Any, corpus: Path) -> None:
    # every feature of the flood story is "too common" under a document-frequency cap of 2: the
    # fallback anchors (rarest features up to fallback_anchor_df) must find its copies on both engines
    common = Settings(min_df_cap=2, max_feature_df=0.0)
    report = link_file(spark, str(corpus), common, partitions=3)
    records = [(n, json.loads(ln)) for n, ln in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1)
               if ln.startswith('{"')]
    arts = records_to_articles([r for _, r in records], common, ids=[n for n, _ in records])
    memory, _ = link_articles(arts, common)
    assert _key(report.edges) == _key(memory)
    spun = [e for e in report.edges if e.copy_url and "sample2.example" in e.copy_url]
    assert [(e.source_url or "").split("/")[2] for e in spun] == ["sample0.example"]  # not a translation
    without = link_file(spark, str(corpus), common.replace(fallback_anchor_df=0), partitions=3)
    assert len(without.edges) < len(report.edges)


def test_link_engine_spark_on_the_command_line(corpus: Path, tmp_path: Path) -> None:
    mem, spk = tmp_path / "memory.jsonl", tmp_path / "spark.jsonl"
    r1 = run_cli("link", str(corpus), "--out", str(mem))
    r2 = run_cli("link", str(corpus), "--out", str(spk), "--engine", "spark", "--master", "local[2]")
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    assert spk.read_text(encoding="utf-8") == mem.read_text(encoding="utf-8") != ""
    assert f"error: {corpus}:5: invalid JSON" in r2.stderr
    bad = run_cli("link", "--engine", "spark", "--db", str(tmp_path / "typo.db"))
    assert bad.returncode == 2 and "no such database" in bad.stderr
    assert run_cli("link", str(corpus), "--engine", "flink").returncode == 2


def test_no_java_is_one_error_line(corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java")}
    r = subprocess.run([sys.executable, "-m", "newstrace.cli", "link", str(corpus), "--engine", "spark"],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "cannot start Spark (local[*])" in errors[0] and "Java 17+" in errors[0]
    assert "Traceback" not in r.stderr


def _table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _same_links(one: Path, two: Path) -> None:
    """The two stores hold the same edges, relations (with their evidence), linked flags and recorded
    anchors (what a later ``link`` looks the older articles up with). Scores (the fourth column) are
    equal to rounding: cross-language ones rest on float32 embeddings computed in batches."""
    for sql in (
        "SELECT copy_id, source_id, relation, score, direction_basis, evidence FROM edges ORDER BY 1, 2",
        "SELECT a_id, b_id, relation, score, source_id, copy_id, direction_basis, evidence "
        "FROM relations ORDER BY 1, 2",
        "SELECT id, linked_at IS NOT NULL, 0, 0.0 FROM articles ORDER BY id",
        "SELECT article_id, feature, n, 0.0 FROM anchors ORDER BY 1, 2",
    ):
        rows, others = _table(one, sql), _table(two, sql)
        assert [r[:3] + r[4:] for r in rows] == [r[:3] + r[4:] for r in others], sql
        assert [r[3] for r in rows] == pytest.approx([r[3] for r in others], abs=1e-6), sql


def test_a_store_relinked_on_spark_holds_what_link_stores(spark: Any, tmp_path: Path) -> None:
    import shutil

    from newstrace.pipeline import Corpus

    texts = tmp_path / "texts"
    texts.mkdir()
    for i, text in enumerate([ORIGINAL, SPUN, INDEPENDENT, UNRELATED, ORIGINAL.split("\n\n", 2)[2]]):
        (texts / f"{i}.txt").write_text(f"Fixture {i}\n\n{text}", encoding="utf-8")
    one, two = tmp_path / "memory.db", tmp_path / "spark.db"
    with Corpus(one) as c:
        report = c.ingest([str(SAMPLES), str(texts)])
        assert report.stored == 13
    shutil.copy(one, two)
    with Corpus(one) as c:
        c.link()
    with Corpus(two) as c:
        spark_report = c.link_spark(spark, partitions=3)
        assert spark_report.articles == 13 and spark_report.edges > 4
    _same_links(one, two)
    edges = _table(two, "SELECT evidence FROM edges")
    assert any(json.loads(ev).get("alterations") for (ev,) in edges)  # the spun copy's changed number
    r = run_cli("trace", "3", "--db", str(two))  # what the CLI and the web show is there
    assert r.returncode == 0 and "spun_copy" in r.stdout and "number_changed" in r.stdout


def test_link_engine_spark_on_a_database(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run_cli("ingest", str(SAMPLES), "--db", str(db)).returncode == 0
    r = run_cli("link", "--db", str(db), "--engine", "spark", "--master", "local[2]", "--json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["articles"] == 8 and rep["by_relation"] == {
        "partial_copy": 1, "spun_copy": 1, "translation": 1, "verbatim_copy": 1}
    r = run_cli("link", "--db", str(db), "--engine", "spark", "--master", "local[2]", "--relink", "--json")
    assert r.returncode == 0, r.stderr
    again = json.loads(r.stdout)  # --relink compares everything again and stores the same edges
    assert again["articles"] == 8 and again["compared"] == rep["compared"] > 0
    assert again["by_relation"] == rep["by_relation"]


def test_new_articles_linked_on_spark_as_link_links_them(spark: Any, tmp_path: Path) -> None:
    """A store grows: the second Spark run compares only pairs holding a new article, keeps what
    the first stored, and ends with the tables that ``link`` run twice writes."""
    import shutil

    from newstrace.pipeline import Corpus

    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for i, text in enumerate([ORIGINAL, INDEPENDENT, UNRELATED]):
        (first / f"{i}.txt").write_text(f"Fixture {i}\n\n{text}", encoding="utf-8")
    for i, text in enumerate([SPUN, ORIGINAL.split("\n\n", 2)[2]]):
        (later / f"{i}.txt").write_text(f"Later {i}\n\n{text}", encoding="utf-8")
    one, two = tmp_path / "memory.db", tmp_path / "spark.db"
    with Corpus(one) as c:
        assert c.ingest([str(SAMPLES), str(first)]).stored == 11
    shutil.copy(one, two)
    with Corpus(one) as c:
        c.link()
    with Corpus(two) as c:
        assert c.link_spark(spark).articles == 11
        before = _table(two, "SELECT a_id, b_id, evidence FROM relations ORDER BY 1, 2")
        assert c.link_spark(spark).compared == 0  # nothing new, nothing compared
    for db in (one, two):
        with Corpus(db) as c:
            assert c.ingest([str(later)]).stored == 2
    with Corpus(one) as c:
        mem = c.link()
    with Corpus(two) as c:
        rep = c.link_spark(spark, partitions=3)
    assert rep.articles == 2 and rep.compared == mem.compared > 0
    after = _table(two, "SELECT a_id, b_id, evidence FROM relations ORDER BY 1, 2")
    assert set(before) <= set(after)  # what the first run stored is kept as it was
    assert all(a > 11 or b > 11 for a, b, _ in set(after) - set(before))  # new pairs hold a new article
    _same_links(one, two)
    copies = _table(two, "SELECT copy_id, source_id, relation FROM edges WHERE copy_id > 11")
    assert {(cid, rel) for cid, _, rel in copies} >= {(12, "spun_copy")}


def test_pairs_only_an_older_articles_look_up_keeps_are_compared_on_spark_too(
        spark: Any, tmp_path: Path) -> None:
    """``link`` compares each new article with its own candidates and with the articles looked up
    before it whose anchors keep it, by the candidate rule from their side, where no
    ``max_candidates`` cut applies. With one candidate per look-up, a story's copies tie on shared
    anchors, and many pairs are found only that way: Spark must compare them too, on a first link
    and on a later one (by the anchors recorded when the older articles were linked)."""
    import shutil

    from newstrace.pipeline import Corpus

    tight = Settings(max_candidates=1)
    paras = ORIGINAL.split("\n\n")
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for i, text in enumerate([ORIGINAL, SPUN, INDEPENDENT, UNRELATED, "\n\n".join(paras[2:])]):
        (first / f"{i}.txt").write_text(f"Fixture {i}\n\n{text}", encoding="utf-8")
    for i, text in enumerate(["\n\n".join(paras[:-1]), "\n\n".join(paras[1:])]):
        (later / f"{i}.txt").write_text(f"Later {i}\n\n{text}", encoding="utf-8")
    one, two = tmp_path / "memory.db", tmp_path / "spark.db"
    with Corpus(one, tight) as c:
        assert c.ingest([str(SAMPLES), str(first)]).stored == 13
    shutil.copy(one, two)
    with Corpus(one, tight) as c:
        mem = c.link()
        _, forward_only = link_articles(list(c.store.iter_articles()), tight)
    assert mem.compared > forward_only  # the pairs this test is about exist
    with Corpus(two, tight) as c:
        assert c.link_spark(spark, partitions=3).compared == mem.compared
    _same_links(one, two)
    for db in (one, two):
        with Corpus(db, tight) as c:
            assert c.ingest([str(later)]).stored == 2
    with Corpus(one, tight) as c:
        mem = c.link()
    with Corpus(two, tight) as c:
        assert c.link_spark(spark, partitions=3).compared == mem.compared > 0
    _same_links(one, two)


@pytest.mark.parametrize("pack, magic_name", [("gzip", "gzip"), ("bz2", "bzip2")])
def test_compressed_data_under_a_plain_name_is_refused_before_spark_starts(
    corpus: Path, tmp_path: Path, pack: str, magic_name: str
) -> None:
    """Hadoop picks the codec by the name: gzip or bzip2 data named .jsonl would be read as text,
    every line a bad record. One error line saying so, exit 1; the in-memory reader reads gzip."""
    import bz2
    import gzip

    data = (gzip if pack == "gzip" else bz2).compress(corpus.read_bytes())
    plain = tmp_path / "corpus.jsonl"
    plain.write_bytes(data)
    r = run_cli("link", str(plain), "--engine", "spark", "--master", "local[1]")
    assert r.returncode == 1, r.stderr
    suffix = ".gz" if pack == "gzip" else ".bz2"
    assert r.stderr.strip().splitlines()[-1].startswith(
        f"error: {plain}: {magic_name} data, but Spark (Hadoop) picks the codec by the file's name: "
        f"name it corpus.jsonl{suffix}"
    ), r.stderr
    if pack == "gzip":  # named .gz, Spark reads it and gives the in-memory reader's edges
        named = tmp_path / "corpus.jsonl.gz"
        named.write_bytes(data)
        mem, spk = tmp_path / "memory.jsonl", tmp_path / "spark.jsonl"
        r1 = run_cli("link", str(plain), "--out", str(mem))
        r2 = run_cli("link", str(named), "--out", str(spk), "--engine", "spark", "--master", "local[1]")
        assert r1.returncode == r2.returncode == 0, r1.stderr + r2.stderr
        assert spk.read_text(encoding="utf-8") == mem.read_text(encoding="utf-8") != ""


def test_a_failed_job_is_one_error_line(corpus: Path, tmp_path: Path) -> None:
    """A truncated gzip file fails Hadoop's reader inside the job: one line naming the file and the
    Java cause, exit 1, no py4j trace."""
    import gzip

    packed = gzip.compress(corpus.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    r = run_cli("link", str(cut), "--engine", "spark", "--master", "local[1]")
    assert r.returncode == 1, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith(f"error: {cut}: the Spark job failed: "), r.stderr
    assert "Exception" in lines[0] and "Traceback" not in r.stderr and "py4j" not in r.stderr.lower()
    assert "\tat " not in r.stderr  # no Java trace from the local executor either
