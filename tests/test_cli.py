"""The real `newstrace` command, run in subprocesses."""

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import INDEPENDENT, ORIGINAL, SAMPLES, SPUN, TROOPS, run_cli


def test_demo_traces_spun_copy_and_keeps_independent_apart(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    r = run_cli("demo", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "Trace of the spun copy" in r.stdout
    # piped (no colours), the swapped words are still marked, as git's word diff marks them
    assert re.search(r"\[-[^\]]+-\]", r.stdout) and re.search(r"\{\+[^}]+\+\}", r.stdout)
    assert "Origin:" in r.stdout and "ncr-today.example" in r.stdout
    tr = run_cli(
        "trace",
        "https://globalnewswire-hub.example/news/alliance-chief-rebuffs-vargha-engineer-plan",
        "--db",
        str(db),
        "--json",
    )
    assert tr.returncode == 0, tr.stderr
    data = json.loads(tr.stdout)
    assert data["origin"]["site"] == "ncr-today.example"
    assert data["chain"][-1]["relation"] == "spun_copy"
    # Independent reports of the same event are never linked.
    con = sqlite3.connect(db)
    linked = {
        row[0]
        for row in con.execute(
            "SELECT a.url FROM edges e JOIN articles a ON a.id IN (e.copy_id, e.source_id)"
        )
    }
    assert not any("meridian-press" in u or "kessel-tribune" in u for u in linked)
    rels = dict(
        con.execute("SELECT c.url, e.relation FROM edges e JOIN articles c ON c.id = e.copy_id").fetchall()
    )
    assert (
        rels["https://dailynewsfeed24.example/2026/03/alliance-chief-dismisses-varga-proposal"]
        == "verbatim_copy"
    )
    assert rels["https://estoria-observer.example/newsletter/varga-third-month"] == "partial_copy"
    assert rels["https://nouvelles-express.example/monde/alliance-ingenieurs-lorvanie"] == "translation"
    # the undated verbatim copy is oriented by its credit line, and the trace says so in words
    farm = run_cli("trace", "https://dailynewsfeed24.example/2026/03/alliance-chief-dismisses-varga-proposal",
                   "--db", str(db))
    assert "verbatim_copy (score 1.00, direction by credit line, credits source)" in farm.stdout
    # the spun copy links to its source: that settles the direction before the dates are read
    assert "spun_copy (score 0.97, direction by credit line, credits source, 2.2 days later)" in r.stdout


def test_ingest_twice_is_idempotent(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    first = run_cli("ingest", str(story_dir), "--db", str(db), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["stored"] == 4
    second = run_cli("ingest", str(story_dir), "--db", str(db), "--json")
    rep = json.loads(second.stdout)
    assert rep["stored"] == 0 and rep["unchanged"] == 4
    assert rep["read"] == 0 and rep["files_unchanged"] == 4  # unchanged files are not read again
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_a_second_ingest_reads_only_what_changed(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    (story_dir / "3-independent.txt").write_text(
        "Port Averly counts the cost\n\n" + INDEPENDENT + "\n\nThe council meets again on Friday.",
        encoding="utf-8")
    bad = story_dir / "records.jsonl"
    record = json.dumps({"url": "https://x.example/a", "text": ORIGINAL})
    bad.write_text(record + "\n{broken\n", encoding="utf-8")
    rep = json.loads(run_cli("ingest", str(story_dir), "--db", str(db), "--json").stdout)
    assert (rep["read"], rep["stored"], rep["files_unchanged"]) == (2, 2, 3)  # the edited file, the JSONL
    # a file with a bad record is read again next time (its error is shown again), the rest is not
    again = run_cli("ingest", str(story_dir), "--db", str(db), "--json")
    rep = json.loads(again.stdout)
    assert (rep["read"], rep["stored"], rep["files_unchanged"]) == (1, 0, 4)
    assert f"{bad}:2" in again.stderr
    # other settings may extract differently: everything is read again; so does --reread
    other = json.loads(run_cli("--set", "min_article_chars=150", "ingest", str(story_dir), "--db", str(db),
                               "--json").stdout)
    assert other["files_unchanged"] == 0 and other["read"] == 5
    forced = run_cli("ingest", str(story_dir), "--db", str(db), "--reread")
    assert forced.returncode == 0 and forced.stdout.startswith("read 5, stored 0, unchanged 5,")
    quiet = run_cli("ingest", str(story_dir), "--db", str(db))
    assert "(4 files unchanged since their last ingest, not read again)" in quiet.stdout


def test_link_and_trace_on_text_files(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    r = run_cli("link", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["by_relation"] == {"spun_copy": 1}
    t = run_cli("trace", str(story_dir / "2-spun.txt"), "--db", str(db))
    assert t.returncode == 0, t.stderr
    assert "spun_copy" in t.stdout and "paraphrased" in t.stdout
    # A page not stored is compared on the fly.
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(
        "Port Averly floods\n\n" + ORIGINAL + "\n\nRelated Articles\n\nLeave a Reply", encoding="utf-8"
    )
    t2 = run_cli("trace", str(fresh), "--db", str(db), "--json")
    assert t2.returncode == 0, t2.stderr
    data = json.loads(t2.stdout)
    assert data["stored"] is False and data["chain"][0]["relation"] == "verbatim_copy"


def test_link_jsonl_without_database(tmp_path: Path) -> None:
    from conftest import INDEPENDENT, SPUN

    src = tmp_path / "in.jsonl"
    recs = [
        {
            "url": "https://a.example/1",
            "site": "a.example",
            "title": "Flood",
            "text": ORIGINAL,
            "published": "2025-01-05",
            "lang": "en",
            "relation": "original",
            "cluster": "c1",
            "source_url": None,
        },
        {
            "url": "https://b.example/2",
            "site": "b.example",
            "title": "Flood",
            "text": SPUN,
            "published": "2025-01-06",
            "lang": "en",
            "relation": "spun_copy",
            "cluster": "c1",
            "source_url": "https://a.example/1",
        },
        {
            "url": "https://c.example/3",
            "site": "c.example",
            "title": "Flood",
            "text": INDEPENDENT,
            "published": None,
            "lang": "en",
            "relation": "same_story",
            "cluster": "c1",
            "source_url": None,
        },
    ]
    del recs[1]["url"]  # a record without URL is named by its line number
    lines_in = [json.dumps(recs[0]), "{not json", "", json.dumps(recs[1]), json.dumps(recs[2])]
    src.write_text("\n".join(lines_in) + "\n", encoding="utf-8")
    out = tmp_path / "edges.jsonl"
    r = run_cli("link", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "in.jsonl:2" in r.stderr  # the bad line is named, the rest processed
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(x["url"], x["line"], x["source_url"], x["source_line"], x["relation"]) for x in lines] == [
        (None, 4, "https://a.example/1", 1, "spun_copy")
    ]
    assert set(lines[0]) == {"url", "source_url", "line", "source_line", "relation", "score",
                             "direction_basis", "credits_source", "names_other_source"}
    listed = json.loads(run_cli("link", str(src), "--json").stdout)["edges_list"]
    assert [(e["copy_id"], e["source_id"]) for e in listed] == [(4, 1)]  # the same line numbers
    assert lines[0]["credits_source"] is False  # the spun copy names no source


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    r = run_cli("--set", "no_such_setting=1", "settings")
    assert r.returncode == 2 and "no_such_setting" in r.stderr
    assert run_cli("ingest").returncode == 2


def test_settings_overridable(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[newstrace]\nmax_candidates = 7\n")
    r = run_cli("--config", str(cfg), "--set", "sentence_match_min=0.5", "settings", "--json")
    data = json.loads(r.stdout)
    assert data["max_candidates"] == 7 and data["sentence_match_min"] == 0.5


def test_all_inputs_failing_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    r = run_cli("ingest", str(empty), str(tmp_path / "missing.html"), "--db", str(tmp_path / "x.db"))
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 2 and "empty.html" in lines[0] + lines[1] and "missing.html" in lines[0] + lines[1]


def test_an_input_holding_nothing_to_read_says_so(tmp_path: Path) -> None:
    """An empty folder, or one holding no page, crawl, feed or record, fails with a line saying why."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("Only notes here.\n", encoding="utf-8")
    for folder in ("empty", "notes"):
        r = run_cli("ingest", str(tmp_path / folder), "--db", str(tmp_path / "x.db"))
        assert r.returncode == 1
        lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1 and folder in lines[0] and "no pages, crawls, feeds" in lines[0], r.stderr


def test_link_file_with_every_record_bad_fails_and_a_feed_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    short = '{"url": "https://a.example/1", "text": "Too short."}'
    bad.write_text(f'{{oops\n[1]\n{short}\n{short}\n', encoding="utf-8")
    r = run_cli("link", str(bad), "--out", str(tmp_path / "edges.jsonl"))
    assert r.returncode == 1
    # every bad record named by file:line, as ingest names it, whether its line or its article is bad
    errors = sorted(ln for ln in r.stderr.splitlines() if ln.startswith("error:"))
    assert [ln.split(": ")[1] for ln in errors] == [f"{bad}:{n}" for n in (1, 2, 3, 4)], r.stderr
    assert "too short to be an article" in errors[2]
    # a record that yields no article leaves its URL to the next, which is read (and is too short too)
    assert errors[3] == f"error: {bad}:4: too short to be an article (10 chars)"
    feed = tmp_path / "feed.xml"  # a feed saved under a name that says nothing of its kind
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                    "<title>A</title><link>https://a.example/1</link><description>Text.</description>"
                    "</item></channel></rss>", encoding="utf-8")
    r = run_cli("link", str(feed), "--out", "-")
    assert r.returncode == 2 and "link reads a JSONL file" in r.stderr and "invalid JSON" not in r.stderr


def test_a_database_path_that_is_no_file_is_named_as_such(tmp_path: Path, story_dir: Path) -> None:
    for db in ("/dev/null", str(tmp_path)):
        r = run_cli("ingest", str(story_dir), "--db", db)
        assert r.returncode == 1
        assert r.stderr.strip() == f"error: {db}: not a database file (a folder, device or pipe)"


def _processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment holds ``marker`` (Linux /proc)."""
    pids = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in env.read_bytes():
                pids.append(int(env.parent.name))
        except OSError:
            continue
    return pids


def _ingest_under_way(tmp_path: Path, n: int = 240) -> tuple[subprocess.Popen[bytes], Path, Path, str, int]:
    """An ingest of ``n`` text files in batches of 10 with two workers, caught once at least 30
    articles are stored: (process, pages folder, database, environment marker, articles stored)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    paras = ORIGINAL.split("\n\n")
    for i in range(n):
        body = "\n\n".join(f"{p} (Edition {i}, item {j}.)" for j, p in enumerate(paras))
        (pages / f"{i:04d}.txt").write_text(f"Bulletin number {i}\n\n{body}", encoding="utf-8")
    db = tmp_path / "k.db"
    marker = f"NEWSTRACE_KILL_TEST={os.getpid()}-{time.time_ns()}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newstrace.cli",
            "--set",
            "ingest_batch_size=10",
            "ingest",
            str(pages),
            "--db",
            str(db),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                stored = 0
            if stored >= 30:
                break
    assert proc.poll() is None, "ingest finished before it could be stopped; make the batch bigger"
    return proc, pages, db, marker, stored


def _workers_gone(marker: str) -> bool:
    gone = time.time() + 15
    while _processes_with(marker) and time.time() < gone:
        time.sleep(0.2)
    return _processes_with(marker) == []


def test_kill_mid_ingest_loses_nothing_stored(tmp_path: Path) -> None:
    """SIGKILL an ingest mid-batch, run it again: no duplicates, nothing lost, file intact, and no
    extraction worker left running."""
    n = 240
    proc, pages, db, marker, stored = _ingest_under_way(tmp_path, n)
    workers = [p for p in _processes_with(marker) if p != proc.pid]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert workers, "the ingest started no extraction worker (the batch is past the inline pages)"
    assert _workers_gone(marker)  # the workers saw their parent die and left
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert before >= stored and before < n and before % 10 == 0  # whole batches only
    # a file is marked read only with its articles (the batch's last one in the next batch)
    marked = con.execute("SELECT count(*) FROM read_files").fetchone()[0]
    assert before - 1 <= marked <= before
    con.close()
    r = run_cli("ingest", str(pages), "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["unchanged"] == before and rep["stored"] == n - before
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == n
    assert con.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == n
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigterm_stops_an_ingest_cleanly(tmp_path: Path) -> None:
    """``kill`` (SIGTERM) mid-batch: exit 143 without a traceback or a warning about leaked worker
    semaphores, whole batches stored, the workers gone, and a second run completes the rest."""
    n = 240
    proc, pages, db, marker, stored = _ingest_under_way(tmp_path, n)
    proc.send_signal(signal.SIGTERM)
    _out, err_bytes = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err_bytes.decode() == "", err_bytes.decode()
    assert _workers_gone(marker)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored <= before < n and before % 10 == 0
    con.close()
    r = run_cli("ingest", str(pages), "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["stored"] == n - before


def test_samples_are_our_own() -> None:
    # The bundled corpus is fiction we wrote: invented .example sites only.
    for f in SAMPLES.glob("*.html"):
        assert ".example/" in f.read_text(encoding="utf-8")


def test_quotes_command_names_speakers(tmp_path: Path, story_dir: Path) -> None:
    r = run_cli("quotes", str(story_dir / "1-original.txt"), "--db", str(tmp_path / "q.db"), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    speakers = {q["speaker"] for q in data["quotes"] if q["kind"] == "direct"}
    assert any(s and "Collins" in s for s in speakers)
    assert any(n["kind"] == "count" and n["value"] == 2300 for n in data["numbers"])


def test_eval_subcommands_pass_their_arguments_through(tmp_path: Path) -> None:
    r = run_cli("eval", "reuse", "--help")
    assert r.returncode == 0 and "--no-baselines" in r.stdout
    missing = run_cli("eval", "reuse", str(tmp_path / "none.jsonl"), "--json")
    assert missing.returncode == 0  # an absent data set is skipped with a message, not a failure
    assert json.loads(missing.stdout)["skipped"].endswith("none.jsonl")


def test_export_jsonl_and_csv_neutralises_formulas(tmp_path: Path) -> None:
    from conftest import SPUN

    from newstrace.model import Article
    from newstrace.pipeline import Corpus
    from newstrace.text import content_hash

    db = tmp_path / "e.db"
    with Corpus(db) as c:
        c.add(
            [
                Article(
                    url="https://a.example/1",
                    title="Flood",
                    text=ORIGINAL,
                    site="a.example",
                    published="2025-01-05",
                    content_hash=content_hash(ORIGINAL),
                ),
                Article(
                    url="https://b.example/2",
                    title='=HYPERLINK("https://evil.example","x")',
                    text=SPUN,
                    site="b.example",
                    published="2025-01-06",
                    content_hash=content_hash(SPUN),
                ),
            ]
        )
        c.link()
    edges = run_cli("export", "edges", "--db", str(db))
    assert edges.returncode == 0, edges.stderr
    [edge] = [json.loads(line) for line in edges.stdout.splitlines()]
    assert edge["relation"] == "spun_copy" and "evidence" in edge
    out = tmp_path / "articles.csv"
    arts = run_cli("export", "articles", "--db", str(db), "--format", "csv", "--out", str(out))
    assert arts.returncode == 0, arts.stderr
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["title"] for r in rows] == ["Flood", '\'=HYPERLINK("https://evil.example","x")']
    # one row per altered quote, number or name, with the sites on both sides
    alts = run_cli("export", "alterations", "--db", str(db), "--format", "csv")
    assert alts.returncode == 0, alts.stderr
    got = {(r["kind"], r["source"], r["copy"], r["copy_site"], r["source_site"])
           for r in csv.DictReader(io.StringIO(alts.stdout))}
    assert ("number_changed", "12 million crowns", "15 million crowns", "b.example", "a.example") in got
    assert {k for k, *_ in got} == {"quote_altered", "number_changed", "name_changed"}
    jsonl = run_cli("export", "alterations", "--db", str(db)).stdout
    as_jsonl = [json.loads(line) for line in jsonl.splitlines()]
    assert len(as_jsonl) == len(got)
    assert all(r["diff"] and r["copy_url"] == "https://b.example/2" for r in as_jsonl)
    assert run_cli("export", "nothing", "--db", str(db)).returncode == 2


def test_an_error_is_one_line_however_long_the_path(tmp_path: Path) -> None:
    # rich wraps at 80 columns when stderr is no terminal; a wrapped error breaks `grep error:` scripts
    missing = tmp_path / ("a-long-folder-name-" * 6) / "page.html"
    r = run_cli("ingest", str(missing), "--db", str(tmp_path / "x.db"))
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert errors == [f"error: {missing}: no such file or directory"], r.stderr


def test_piped_output_keeps_each_paragraph_on_one_line(tmp_path: Path) -> None:
    """`newstrace extract page > article.txt` must not hard-wrap the article at 80 columns."""
    para = (
        "The harbour council of Port Elsen voted on Tuesday to extend the evening ferry timetable "
        "through the winter, after a petition signed by more than 1,400 residents of the villages."
    )
    page = tmp_path / "p.txt"
    page.write_text(f"Late ferries stay\n\n{para}\n\n{para.replace('Tuesday', 'Monday')}\n")
    r = subprocess.run(
        [sys.executable, "-m", "newstrace.cli", "extract", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert r.returncode == 0, r.stderr
    assert para in r.stdout.splitlines()


def test_trace_quotes_export_on_a_missing_database_say_so(tmp_path: Path) -> None:
    """A mistyped --db was created empty and the error blamed the article id instead."""
    db = tmp_path / "typo.db"
    for args in (["trace", "3"], ["quotes", "3"], ["export", "articles"], ["sites"], ["site", "x.example"],
                 ["link"]):
        r = run_cli(*args, "--db", str(db))
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip() == f"error: {db}: no such database", r.stderr
        assert not db.exists()


def test_trace_of_a_loopback_url_takes_the_allow_private_its_hint_names(tmp_path: Path,
                                                                        story_dir: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = ("<html><head><title>Flood in Port Averly</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in SPUN.split("\n\n")) + "</article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        db = tmp_path / "s.db"
        assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
        url = f"http://127.0.0.1:{server.server_address[1]}/spun"
        refused = run_cli("trace", url, "--db", str(db), "--brief")
        assert refused.returncode == 1 and "(use --allow-private to fetch it)" in refused.stderr
        allowed = run_cli("trace", url, "--db", str(db), "--brief", "--allow-private")
        assert allowed.returncode == 0, allowed.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_unknown_article_id_is_named_as_such(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    r = run_cli("trace", "999", "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.strip() == "error: 999: no stored article with this id", r.stderr


def test_export_to_an_unwritable_path_is_one_line(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    target = tmp_path / "no-such-folder" / "a.csv"
    r = run_cli("export", "articles", "--db", str(db), "--format", "csv", "--out", str(target))
    assert r.returncode == 1
    assert r.stderr.startswith(f"error: {target}: cannot write") and len(r.stderr.splitlines()) == 1, r.stderr


def test_report_with_one_unknown_reference_reports_the_others(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    html = tmp_path / "r.html"
    r = run_cli("report", "1", "999", "--db", str(db), "--html", str(html))
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "error: 999: no stored article with this id"
    assert "report: 1 article ->" in r.stdout and html.is_file()
    assert run_cli("report", "999", "--db", str(db), "--html", str(tmp_path / "n.html")).returncode == 1


def test_link_reads_records_as_ingest_does_and_names_what_it_cannot_do(tmp_path: Path) -> None:
    recs = [
        {"url": 123, "site": "a.example", "title": "Flood", "text": ORIGINAL, "published": "2025-01-05"},
        {"url": "https://b.example/2", "site": "b.example", "title": "Flood", "text": SPUN,
         "published": "2025-01-06"},
    ]
    src = tmp_path / "odd.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n" + "[" * 50_000 + "\n", encoding="utf-8")
    r = run_cli("link", str(src), "--json")
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("error:") == 1 and "odd.jsonl:3: invalid JSON (nested too deeply)" in r.stderr
    assert json.loads(r.stdout)["articles"] == 2  # a number is no URL: the record is read without one
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(b"WARC/1.0\r\n")
    bad = run_cli("link", str(warc))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "reads a JSONL file" in bad.stderr
    nowhere = run_cli("link", str(src), "--out", str(tmp_path / "missing" / "e.jsonl"))
    assert nowhere.returncode == 1 and "cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr


def test_error_lines_cannot_carry_escapes_or_forge_lines() -> None:
    from newstrace.cli import printable

    assert printable("evil\nerror: fake.html: injected") == "evil\\nerror: fake.html: injected"
    assert printable("\x1b]0;pwned\x07\x1b[31mtitle") == "\\x1b]0;pwned\\x07\\x1b[31mtitle"
    assert printable("bad\udcffname.html") == "bad\\udcffname.html"
    assert printable("Zürich — 東京") == "Zürich — 東京"


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    db = tmp_path / "race.db"
    code = f"from newstrace.store import SQLiteStore; SQLiteStore({str(db)!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


@pytest.mark.parametrize(("arg", "why"), [
    ("max_candidates=-5", "must be a finite number >= 0"),
    ("sentence_match_min=nan", "must be a finite number >= 0"),
    ("max_candidates=3.7", "is not a valid int"),
])
def test_settings_out_of_range_are_usage_errors(arg: str, why: str) -> None:
    r = run_cli("--set", arg, "settings", "--json")
    assert r.returncode == 2 and why in r.stderr and r.stdout == ""


def test_export_to_stdout_by_dash_and_write_errors_are_one_line(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "x.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    dash = run_cli("export", "articles", "--db", str(db), "--out", "-")
    assert dash.returncode == 0 and len(dash.stdout.splitlines()) == 4 and not (Path.cwd() / "-").exists()
    # text files have no address: the edge says which files it joins
    assert run_cli("link", "--db", str(db)).returncode == 0
    import csv

    edges = run_cli("export", "edges", "--db", str(db), "--format", "csv")
    assert [(Path(r["source_origin"]).name, Path(r["copy_origin"]).name, r["copy_url"])
            for r in csv.DictReader(io.StringIO(edges.stdout))] == [("1-original.txt", "2-spun.txt", "")]
    full = run_cli("export", "articles", "--db", str(db), "--out", "/dev/full")
    assert full.returncode == 1 and full.stderr.strip().startswith("error: /dev/full: cannot write")
    missing = run_cli("export", "articles", "--db", str(db), "--out", str(tmp_path / "no" / "a.jsonl"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert run_cli("trace", "", "--db", str(db)).returncode == 2
    assert run_cli("trace", str(story_dir), "--db", str(db)).returncode == 2  # a folder is not a page
    assert run_cli("trace", "9" * 30, "--db", str(db)).returncode == 1
    typo = tmp_path / "typo.db"
    assert run_cli("trace", str(next(story_dir.iterdir())), "--db", str(typo)).returncode == 2
    assert not typo.exists()  # not created empty to say "an origin in this corpus"


def test_out_dash_is_stdout_and_a_symlink_is_written_through_not_replaced(tmp_path: Path) -> None:
    recs = [{"url": f"https://s{i}.example/a", "site": f"s{i}.example", "title": "Flood", "text": ORIGINAL,
             "published": f"2025-01-0{i + 1}"} for i in range(2)]
    src = tmp_path / "two.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    r = run_cli("link", str(src), "--out", "-", "--json", cwd=tmp_path)
    assert r.returncode == 0 and not (tmp_path / "-").exists()
    assert [json.loads(x)["url"] for x in r.stdout.splitlines()] == ["https://s1.example/a"]
    assert json.loads(r.stderr)["edges"] == 1
    real = tmp_path / "kept.jsonl"
    real.write_text("")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)  # as /dev/stdout is: replacing it by a file would break it for everyone
    assert run_cli("link", str(src), "--out", str(link)).returncode == 0
    assert link.is_symlink() and "https://s1.example/a" in real.read_text()


def test_trace_says_the_direction_is_a_guess_under_the_origin(tmp_path: Path) -> None:
    recs = [{"url": f"https://s{i}.example/a", "site": f"s{i}.example", "title": "Flood", "text": text}
            for i, text in enumerate((ORIGINAL, SPUN))]
    src = tmp_path / "undated.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    db = tmp_path / "u.db"
    assert run_cli("ingest", str(src), "--db", str(db)).returncode == 0
    assert run_cli("link", "--db", str(db)).returncode == 0
    out = run_cli("trace", "2", "--db", str(db)).stdout
    assert "Direction uncertain:" in out and out.index("Direction uncertain:") < out.index("Chain:")


def test_trace_names_the_sites_own_text_a_rewrite_reuses(tmp_path: Path) -> None:
    recs = [{"url": f"https://uni.example/{slug}", "site": "uni.example", "title": title, "text": text,
             "published": day} for slug, title, text, day in (
                 ("flood", "Flood", ORIGINAL, "2025-01-05"), ("flood-2", "Flood, again", SPUN, "2025-01-09"))]
    src = tmp_path / "own.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    db = tmp_path / "own.db"
    assert run_cli("ingest", str(src), "--db", str(db)).returncode == 0
    assert run_cli("link", "--db", str(db)).returncode == 0
    out = " ".join(run_cli("trace", "2", "--db", str(db)).stdout.split())
    assert ("its text again (not copies, not independent coverage): #1 Flood (2025-01-05): this article "
            "reuses its text (a spun copy by the measures)") in out
    out = " ".join(run_cli("trace", "1", "--db", str(db)).stdout.split())
    assert "#2 Flood, again (2025-01-09): it reuses this article's text" in out


def test_trace_lists_independent_coverage_apart_from_copies(tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    assert run_cli("link", "--db", str(db)).returncode == 0
    ids = {Path(o).name: i for i, o in sqlite3.connect(db).execute("SELECT id, origin FROM articles")}
    data = json.loads(run_cli("trace", str(ids["1-original.txt"]), "--db", str(db), "--json").stdout)
    assert [c["copy_id"] for c in data["copies"]] == [ids["2-spun.txt"]]
    # the independent report is listed as the same story; the copy and the unrelated article are not
    assert [r["id"] for r in data["same_story"]] == [ids["3-independent.txt"]] and data["same_site"] == []
    assert data["same_story"][0]["title"] == "Port Averly counts the cost"
    out = " ".join(run_cli("trace", str(ids["3-independent.txt"]), "--db", str(db)).stdout.split())
    assert "it is an origin in this corpus" in out
    heading = "Same story, written independently on other sites (not copies):"
    assert f"{heading} #{ids['1-original.txt']} Storm surge floods Port Averly" in out
    # a page traced on the fly, not stored, gets the same list from its comparisons
    only = tmp_path / "only"
    only.mkdir()
    for name in ("3-independent.txt", "4-unrelated.txt"):
        (only / name).write_bytes((story_dir / name).read_bytes())
    db2 = tmp_path / "only.db"
    assert run_cli("ingest", str(only), "--db", str(db2)).returncode == 0
    fly = json.loads(run_cli("trace", str(story_dir / "1-original.txt"), "--db", str(db2), "--json").stdout)
    assert not fly["stored"] and fly["chain"] == []
    assert [r["title"] for r in fly["same_story"]] == ["Port Averly counts the cost"]
    # a text file has no site: the chain names the file, not "None" (a spun copy without a farm tail)
    (only / "2-spun.txt").write_text("Storm surge inundates Port Averly\n\n" + SPUN, encoding="utf-8")
    assert run_cli("ingest", str(only), "--db", str(db2)).returncode == 0
    text = run_cli("trace", str(story_dir / "1-original.txt"), "--db", str(db2), "--brief").stdout
    assert "1. (no site: 2-spun.txt) -> (no site: 1-original.txt): spun_copy" in text and "None" not in text


def test_out_never_writes_through_a_planted_temp_name_and_stdin_and_broken_pipes_work(
        tmp_path: Path, story_dir: Path) -> None:
    db = tmp_path / "x.db"
    assert run_cli("ingest", str(story_dir), "--db", str(db)).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / "out.csv.tmp").symlink_to(victim)  # the old fixed temp name, planted
    assert run_cli("export", "articles", "--db", str(db), "--format", "csv", "--out",
                   str(tmp_path / "out.csv")).returncode == 0
    assert victim.read_text() == "keep me\n" and not (tmp_path / "out.csv").is_symlink()
    blocker = tmp_path / "afile"
    blocker.write_text("")
    r = run_cli("export", "articles", "--db", str(db), "--out", str(blocker / "x.jsonl"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    # many edges to a reader that stops after one line: no BrokenPipeError traceback
    recs = [{"url": f"https://s{i}.example/a", "site": f"s{i}.example", "title": "Flood", "text": ORIGINAL,
             "published": f"2025-01-{i % 28 + 1:02d}"} for i in range(40)]
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    piped = subprocess.run(f"{sys.executable} -m newstrace.cli link /dev/stdin --out - < {src} | head -1",
                           shell=True, capture_output=True, text=True, timeout=300)
    assert piped.stdout.count("\n") == 1 and "Traceback" not in piped.stderr
    json.loads(piped.stdout)
    linked = run_cli("link", "--db", str(db), "--relink", "--out", "-", "--json")
    assert linked.stdout and all(json.loads(line)["relation"] for line in linked.stdout.splitlines())
    # a store's edges name their articles by the store's ids, as --json and export edges do
    assert all(isinstance(json.loads(line)["copy_id"], int) and isinstance(json.loads(line)["source_id"], int)
               for line in linked.stdout.splitlines())
    assert json.loads(linked.stderr)["compared"] >= 1  # the report went to stderr


def test_a_reader_that_stops_early_ends_the_run_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from newstrace.cli import write_output

    def closed_pipe(_fh: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(os, "dup2", lambda *_a: None)  # (leave the test runner's stdout alone)
    with pytest.raises(typer.Exit) as e:
        write_output(None, closed_pipe)
    assert e.value.exit_code == 0


def test_trace_shows_a_translation_side_by_side(tmp_path: Path) -> None:
    """The side-by-side table of a translation (sentence pairs of kind "translated") crashed."""
    rows = [json.loads(ln) for ln in (Path(__file__).parent / "data" / "translations.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    pair = [r for r in rows if r["cluster"] == "t01" and r["relation"] in ("original", "translation")][:2]
    src = tmp_path / "pair.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pair), encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert run_cli("ingest", str(src), "--db", db).returncode == 0
    assert run_cli("link", "--db", db).returncode == 0
    copy = next(r for r in pair if r["relation"] == "translation")
    r = run_cli("trace", copy["url"], "--db", db)
    assert r.returncode == 0, r.stderr
    assert "translated" in r.stdout and "Traceback" not in r.stderr


def test_an_added_or_dropped_quote_reads_as_such_in_the_trace() -> None:
    """A quote only in the copy was printed "quote_added: None -> '…' (fuller source)": a Python
    None, and a note that reads as harmless without what it may hide."""
    from newstrace.cli import _alteration_line
    from newstrace.model import FULLER_SOURCE, Alteration

    added = Alteration("quote_added", None, "Most never think about it.", note=FULLER_SOURCE)
    assert _alteration_line(added) == \
        "quote_added: 'Most never think about it.' (not in the source, fuller source)"
    dropped = Alteration("quote_dropped", "We will not wait.", None)
    assert _alteration_line(dropped) == "quote_dropped: 'We will not wait.' (left out of the copy)"
    assert _alteration_line(Alteration("number_changed", "43", "53")) == "number_changed: '43' -> '53'"
    said = Alteration("quote_altered", "We wait.", "We act.", speaker="Ingrid Valsberg")
    assert _alteration_line(said) == "quote_altered (Ingrid Valsberg): 'We wait.' -> 'We act.'"
    assert "None" not in _alteration_line(added) + _alteration_line(dropped)


def test_quotes_shows_an_interrupted_quote_as_one_row(tmp_path: Path) -> None:
    """“Many of the prisons,” she said, “are aging …” was two rows, each a fragment of a sentence."""
    page = tmp_path / "prisons.txt"
    page.write_text("Prison report\n\nThe warden spoke to reporters on Monday about the old prisons in the "
                    "county and what the new budget would change for them.\n\n“Many of the prisons,” she "
                    "said, “are aging and unsafe for the people inside them.” The county will ask the state "
                    "for help.\n", encoding="utf-8")
    table = run_cli("quotes", str(page))
    assert table.returncode == 0, table.stderr
    flat = " ".join(table.stdout.split())
    assert "Many of the prisons […] are aging and unsafe" in flat, table.stdout
    pieces = [q["content"] for q in json.loads(run_cli("quotes", str(page), "--json").stdout)["quotes"]
              if q["kind"] == "direct"]
    assert pieces == ["Many of the prisons", "are aging and unsafe for the people inside them."]


def _troops_chain(db: Path) -> None:
    """A chain of our own: the origin; spin.example drops the "not" of a quote and turns 4,500
    reservists into 45,000; mirror.example takes the spin word for word (and adds a closing line);
    fixer.example takes the mirror but prints the origin's 4,500 again."""
    from newstrace.model import Article
    from newstrace.pipeline import Corpus
    from newstrace.text import content_hash

    spin = TROOPS.replace("We will not send", "We will send").replace("4,500 reservists", "45,000 reservists")
    mirror = spin + "\n\nThe full statement was published on the ministry website on Monday evening, " \
                    "with a list of the units on alert."
    texts = {"origin": TROOPS, "spin": spin, "mirror": mirror, "fixer": mirror.replace("45,000", "4,500")}
    with Corpus(db) as c:
        c.add([Article(url=f"https://{site}.example/linden", title="Valdoria and the border", text=text,
                       site=f"{site}.example", published=f"2025-02-0{day}T09:00", lang="en",
                       content_hash=content_hash(text))
               for day, (site, text) in enumerate(texts.items(), 3)])
        c.link()


def test_a_verbatim_copy_of_an_altered_copy_shows_the_changes_it_carries(tmp_path: Path) -> None:
    """origin -> spin (a quote and a number altered) -> mirror (word for word of the spin): the
    mirror's step has no alterations of its own, and its trace read as if the mirror carried the
    origin's words faithfully. It names what the mirror prints differently from the origin, and
    the step that changed it."""
    db = tmp_path / "troops.db"
    _troops_chain(db)
    r = run_cli("trace", "https://mirror.example/linden", "--db", str(db), "--brief")
    assert r.returncode == 0, r.stderr
    assert "It prints 2 changes that earlier copies made to the origin's quotes, numbers or names " \
           "(2 by spin.example at step 1); it made none itself." in r.stdout
    mine = r.stdout[r.stdout.index("Alterations spin.example -> mirror.example"):]
    assert mine.startswith("Alterations spin.example -> mirror.example: none of its own\n"
                           "  carried from earlier steps (the origin's words -> mirror.example's):\n"
                           "  quote_altered (Linden): 'We will not send troops north' -> "
                           "'We will send troops north' [made at step 1 by spin.example]\n"
                           "  number_changed: '4,500 reservists' -> '45,000 reservists' "
                           "[made at step 1 by spin.example]\n"), mine
    j = json.loads(run_cli("trace", "https://mirror.example/linden", "--db", str(db), "--json").stdout)
    first, second = j["chain"]
    assert second["alterations"] == [] and first["inherited"] == []
    carried = [(a["kind"], a["source"], a["copy"], a["step"], a["changed_again"])
               for a in second["inherited"]]
    assert carried == [("quote_altered", "We will not send troops north", "We will send troops north", 1, []),
                       ("number_changed", "4,500 reservists", "45,000 reservists", 1, [])]
    assert j["from_origin"] == second["inherited"]
    # the fixer prints the origin's number again: only the altered quote is left of step 1
    fixed = json.loads(run_cli("trace", "https://fixer.example/linden", "--db", str(db), "--json").stdout)
    assert [c["copy"]["site"] for c in fixed["chain"]] == ["spin.example", "mirror.example", "fixer.example"]
    assert [a["kind"] for a in fixed["chain"][-1]["alterations"]] == ["number_changed"]
    assert [(a["kind"], a["step"]) for a in fixed["from_origin"]] == [("quote_altered", 1)]
    # an origin differs from itself in nothing
    assert json.loads(run_cli("trace", "1", "--db", str(db), "--json").stdout)["from_origin"] == []


def test_alteration_rows_carry_their_edges_direction_lag_and_credit(tmp_path: Path) -> None:
    """`sites` counts alterations of settled copies only: the export says which rows those are."""
    import csv

    from conftest import SPUN

    from newstrace.model import Article
    from newstrace.pipeline import Corpus
    from newstrace.text import content_hash

    db = tmp_path / "alt.db"
    with Corpus(db) as c:
        c.add([Article(url="https://a.example/1", title="Flood", text=ORIGINAL, site="a.example",
                       published="2025-01-05", content_hash=content_hash(ORIGINAL)),
               Article(url="https://b.example/2", title="Flood news", text=SPUN, site="b.example",
                       published="2025-01-07", content_hash=content_hash(SPUN))])
        c.link()
    [edge] = [json.loads(line) for line in run_cli("export", "edges", "--db", str(db)).stdout.splitlines()]
    want = {"direction_basis": edge["direction_basis"], "lag_days": 2.0, "credits_source": False}
    assert edge["direction_basis"] == "date" and edge["lag_days"] == 2.0
    jsonl = run_cli("export", "alterations", "--db", str(db)).stdout
    alts = [json.loads(line) for line in jsonl.splitlines()]
    assert alts and all({k: a[k] for k in want} == want for a in alts)
    rows = list(csv.DictReader(io.StringIO(
        run_cli("export", "alterations", "--db", str(db), "--format", "csv").stdout)))
    assert len(rows) == len(alts)
    assert {(r["direction_basis"], r["lag_days"], r["credits_source"]) for r in rows} == {
        ("date", "2.0", "false")}


def test_edges_join_the_articles_export_after_a_source_changed(tmp_path: Path) -> None:
    """A copy made from an older version of its source points at that version's id, which the
    articles export (current versions) leaves out: the edge names the current version too, and
    gives the coverage figures as columns a CSV reader can use."""
    import csv

    from newstrace.model import Article
    from newstrace.pipeline import Corpus
    from newstrace.text import content_hash

    db = tmp_path / "v.db"
    updated = ORIGINAL + "\n\nUpdate: the emergency office reopened the ferry terminal on Tuesday morning."

    def art(url: str, text: str, site: str, day: str) -> Article:
        return Article(url=url, title="Flood", text=text, site=site, published=day,
                       content_hash=content_hash(text))

    with Corpus(db) as c:
        c.add([art("https://a.example/1", ORIGINAL, "a.example", "2025-01-05"),
               art("https://b.example/2", SPUN, "b.example", "2025-01-07")])
        c.link()
        c.add([art("https://a.example/1", updated, "a.example", "2025-01-05")])  # the page changed
        c.link()
    articles = list(csv.DictReader(io.StringIO(
        run_cli("export", "articles", "--db", str(db), "--format", "csv").stdout)))
    ids = {r["id"]: r for r in articles}
    [edge] = list(csv.DictReader(io.StringIO(
        run_cli("export", "edges", "--db", str(db), "--format", "csv").stdout)))
    assert edge["source_superseded"] == "true" and edge["source_id"] not in ids
    assert ids[edge["source_current_id"]]["url"] == "https://a.example/1"
    assert 0.5 < float(edge["source_coverage"]) <= 1 and 0.5 < float(edge["copy_coverage"]) <= 1
    assert 0 < float(edge["word_change"]) < 1 and edge["share_paraphrased"] != ""
