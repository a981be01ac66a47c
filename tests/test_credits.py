"""Whether each copy names its source, from a real link run to every place that shows a copy: the
trace (CLI text, --json, the web page and API), the exports and the site labels. Credited
syndication (a paper crediting the article it runs) must read apart from laundering (a farm
presenting the same text as its own)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import INDEPENDENT, ORIGINAL, SPUN, UNRELATED, run_cli
from fastapi.testclient import TestClient

from newstrace.model import Article
from newstrace.pipeline import Corpus
from newstrace.text import content_hash
from newstrace.web import create_app, queries


def art(url: str, text: str, published: str, site: str) -> Article:
    return Article(url=url, title=text.split(".")[0][:60], text=text, site=site, published=published,
                   lang="en", content_hash=content_hash(text))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two origins; farm.example copies both and names neither (ids 3, 4); paper.example runs both
    and credits them, the flood story by its site's name and the chess story by a link (ids 5, 6):
    both credits settle the direction, as the dates would."""
    return _linked(tmp_path_factory.mktemp("credit") / "c.db", [
        ("https://origin.example/flood", ORIGINAL, "2025-01-05"),
        ("https://origin.example/chess", UNRELATED, "2025-01-04"),
        ("https://farm.example/flood", SPUN, "2025-01-06"),
        ("https://farm.example/chess", UNRELATED, "2025-01-06"),
        ("https://paper.example/flood", ORIGINAL + "\n\nSource: origin.example", "2025-01-07"),
        ("https://paper.example/chess", UNRELATED + "\n\nSource: https://origin.example/chess", "2025-01-07"),
    ])


def _linked(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A store of ``(url, text, date)`` articles (the site is the URL's host), linked."""
    with Corpus(path) as c:
        c.add([art(url, text, day, url.split("/")[2]) for url, text, day in rows])
        c.link()
    return path


def test_every_kept_edge_records_whether_its_copy_names_the_source(db: Path) -> None:
    with Corpus(db) as c:
        edges = {e.copy_id: e for e in c.store.all_edges()}
    assert {cid: (e.source_id, e.direction_basis, e.credits_source) for cid, e in edges.items()} == {
        3: (1, "date", False), 4: (2, "date", False),
        5: (1, "attribution", True), 6: (2, "attribution", True)}
    # recorded either way, so that an edge linked before credits were recorded is told apart
    assert all(isinstance(e.evidence["credits_source"], bool) for e in edges.values())


def test_the_trace_marks_each_copy_credited_or_not(db: Path) -> None:
    farm = run_cli("trace", "3", "--db", str(db), "--brief")
    assert farm.returncode == 0, farm.stderr
    assert "1. origin.example -> farm.example: spun_copy (score" in farm.stdout
    assert "direction by date, no credit, 1 day later)" in farm.stdout, farm.stdout
    paper = run_cli("trace", "5", "--db", str(db), "--brief").stdout
    assert "direction by credit line, credits source, 2 days later)" in paper, paper
    origin = run_cli("trace", "1", "--db", str(db), "--brief").stdout
    # each copy with its site, title and date (a copy without an address was a bare "#3")
    farm_title = SPUN.split(".")[0][:60]
    assert f"direction by date, no credit): #3 farm.example — {farm_title} (2025-01-06) " \
           "https://farm.example/flood" in origin, origin
    assert "direction by credit line, credits source): #5 paper.example — " in origin, origin
    data = json.loads(run_cli("trace", "3", "--db", str(db), "--json").stdout)
    assert [step["credits_source"] for step in data["chain"]] == [False]
    copies = json.loads(run_cli("trace", "1", "--db", str(db), "--json").stdout)["copies"]
    assert {e["copy_id"]: e["credits_source"] for e in copies} == {3: False, 5: True}

    client = TestClient(create_app(db))
    assert client.get("/api/articles/5").json()["trace"]["chain"][0]["credits_source"] is True
    page = client.get("/article/3").text
    assert "It does not name its source." in page
    assert '<span class="badge credit credit-no"' in page and "The copy does not name its source." in page
    assert "It names its source." in client.get("/article/5").text
    listed = client.get("/article/1").text  # its copies, each with its mark
    assert listed.count('class="badge credit credit-no"') == 1
    assert listed.count('class="badge credit credit-yes"') == 1


def test_exports_carry_the_credit_of_each_edge(db: Path) -> None:
    jsonl = run_cli("export", "edges", "--db", str(db))
    assert jsonl.returncode == 0, jsonl.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert {r["copy_id"]: r["credits_source"] for r in rows} == {3: False, 4: False, 5: True, 6: True}
    table = run_cli("export", "edges", "--db", str(db), "--format", "csv").stdout
    got = {int(r["copy_id"]): r["credits_source"] for r in csv.DictReader(io.StringIO(table))}
    assert got == {3: "false", 4: "false", 5: "true", 6: "true"}  # as in JSON: an empty cell is null
    # both articles' titles and dates, and the lag, so that a direction can be checked in the sheet
    row = next(r for r in csv.DictReader(io.StringIO(table)) if r["copy_id"] == "3")
    assert (row["copy_published"], row["source_published"], row["lag_days"]) == \
        ("2025-01-06", "2025-01-05", "1.0")
    assert row["source_title"] == ORIGINAL.split(".")[0][:60] and row["copy_title"] == SPUN.split(".")[0][:60]


def test_site_labels_tell_a_copy_presented_as_its_own_from_credited_syndication(db: Path) -> None:
    with Corpus(db) as c:
        farm = queries.site_profile(c.store, "farm.example")
        paper = queries.site_profile(c.store, "paper.example")
    assert farm is not None and paper is not None
    farm_why = {lb["label"]: lb["why"] for lb in farm["labels"]}
    paper_why = {lb["label"]: lb["why"] for lb in paper["labels"]}
    assert farm_why["presents copies as its own"] == "2 of its 2 copies name no source at all"
    assert paper_why["credits its sources"] == "2 of its 2 copies name their source"
    assert "copier" in farm_why and "copier" in paper_why  # the share of copies alone cannot tell them apart
    assert "presents copies as its own" not in paper_why and "credits its sources" not in farm_why
    page = TestClient(create_app(db)).get("/site/farm.example").text
    assert "presents copies as its own" in page and "2 of its 2 copies name no source at all" in page


def test_a_paper_crediting_the_wire_is_not_presenting_copies_as_its_own(tmp_path: Path) -> None:
    """Two papers run the same two Northwire stories (the wire itself is not in the corpus): the later
    paper names no article of the corpus, only the wire, so it does not name its source, but it
    names another one. A farm that drops the wire credit names none."""
    flood = "PORT AVERLY (Northwire) — " + ORIGINAL
    chess = "KESSEL (Northwire) — " + UNRELATED
    path = _linked(tmp_path / "w.db", [
        ("https://paper-a.example/flood", flood, "2025-01-05"),
        ("https://paper-a.example/chess", chess, "2025-01-05"),
        ("https://paper-b.example/flood", flood, "2025-01-06"),
        ("https://paper-b.example/chess", chess, "2025-01-06"),
        ("https://farm.example/flood", SPUN, "2025-01-07"),
        ("https://farm.example/chess", UNRELATED, "2025-01-07"),
    ])
    with Corpus(path) as c:
        edges = {e.copy_url: e for e in c.store.all_edges()}
        b = queries.site_profile(c.store, "paper-b.example")
        farm = queries.site_profile(c.store, "farm.example")
    paper_b = edges["https://paper-b.example/flood"]
    assert (paper_b.credits_source, paper_b.credit_text) == (False, "names another source")
    assert edges["https://farm.example/chess"].credit_text == "no credit"
    assert b is not None and farm is not None
    assert b["settled"]["credits_other_source"] == 2 and b["settled"]["uncredited"] == 0
    b_labels = {lb["label"]: lb["why"] for lb in b["labels"]}
    assert "presents copies as its own" not in b_labels
    assert b_labels["credits its sources"] == ("2 of its 2 copies name a source (2 only another one, such as "
                                               "the wire service it took the story from)")
    assert "presents copies as its own" in {lb["label"] for lb in farm["labels"]}
    trace = run_cli("trace", "https://paper-b.example/flood", "--db", str(path), "--brief").stdout
    assert "names another source, 1 day later)" in trace, trace
    rows = [json.loads(line) for line in run_cli("export", "edges", "--db", str(path)).stdout.splitlines()]
    assert {r["copy_url"]: r["names_other_source"] for r in rows}["https://paper-b.example/chess"] is True
    client = TestClient(create_app(path))
    page = client.get("/article/3").text
    assert "credit-other" in page and "names another (a wire service or agency)" in page
    site = client.get("/site/paper-b.example").text  # its recent articles, each with its mark
    assert site.count('class="badge credit credit-other"') == 2
    assert site.count('class="badge credit credit-no"') == 1  # the legend of the counts, no copy


@pytest.mark.parametrize(("text", "named"), [
    ("Berlin (dpa) - Die Regierung hat am Montag beschlossen.", True),
    ("BERLIN (dpa/AFP) – Die Regierung hat beschlossen.", True),
    ("MADRID (Europa Press) - El gobierno aprobó el plan.", True),
    ("МОСКВА, 3 марта. /ТАСС/. Президент подписал указ.", True),
    ("新华社北京3月3日电 国务院今天发布通知。", True),
    ("The ferry left on time, the operator said. (AFP/Reuters)", True),
    ("The ferry left on time.\nQuelle: Reuters", True),
    # running text and a site's own footer name no source
    ("The North Atlantic Treaty Organization (NATO) — the alliance said it would meet.", False),
    ("Sources close to the ministry said the plan was ready.", False),
    ("Viacom shares fell. Bronx residents said. Fuentes oficiales lo negaron.", False),
])
def test_a_copy_names_a_source_by_a_credit_line_or_a_wire_credit(text: str, named: bool) -> None:
    from newstrace.relate import Meta, names_a_source

    meta = Meta(url="https://x.example/a", site="x.example", published=None, canonical_url=None,
                trimmed=("© 2026 X News. All rights reserved.",), text=text)
    assert names_a_source(meta) is named


def test_the_trace_warns_of_a_copy_dated_before_the_source_it_credits(tmp_path: Path) -> None:
    """A farm that re-dated its copy two days before the original it links to: the chain said
    nothing of it (only the site profile did)."""
    db = _linked(tmp_path / "r.db", [
        ("https://origin.example/flood", ORIGINAL, "2025-01-07"),
        ("https://farm.example/flood", SPUN + "\n\nSource link: https://origin.example/flood", "2025-01-05"),
    ])
    out = run_cli("trace", "2", "--db", str(db), "--brief").stdout
    assert "direction by credit line, credits source, dated 2 days before its source)" in out, out
    assert "the copy is dated before its source: re-dated, or a wrong date; the direction rests on its " \
           "credit of the source" in out
    page = TestClient(create_app(db)).get("/article/2").text
    assert "dated 2 days before its source" in page


def test_the_trace_of_an_origin_counts_the_copies_of_its_copies(tmp_path: Path) -> None:
    """An origin's trace listed only its direct copies: that a copy was copied again went unsaid."""
    db = _linked(tmp_path / "c.db", [
        ("https://origin.example/flood", ORIGINAL, "2025-01-05"),
        ("https://farm.example/flood", SPUN + "\n\nSource link: https://origin.example/flood", "2025-01-06"),
        ("https://mirror.example/flood", SPUN + "\n\nSource link: https://farm.example/flood", "2025-01-07"),
    ])
    out = run_cli("trace", "1", "--db", str(db), "--brief").stdout
    assert "Copies of this article: 1 (2 articles derive from it in all, 1 of them through other copies)" \
        in out, out
    assert "#2 farm.example — " in out
    page = TestClient(create_app(db)).get("/article/1").text  # the page says so too
    assert "1 copy of it was found (2 articles derive from it in all, 1 of them through other " \
           "copies)." in page


def test_a_lag_is_in_days_when_a_date_has_no_time_and_trace_json_gives_it(tmp_path: Path) -> None:
    """Against a source dated by the day only, a copy was "20 hours later", a precision the date
    does not have; and --json chain steps had no lag, which the text, the web and exports give."""
    from newstrace.web.views import lag_between

    assert lag_between("2025-01-05", "2025-01-05T20:00+00:00") == "same day"
    assert lag_between("2025-01-05T23:00+00:00", "2025-01-06") == "1 day later"
    assert lag_between("2025-01-05T10:00+00:00", "2025-01-05T15:00+00:00") == "5 hours later"
    # a time is read in UTC against a date, and the text keeps the sign lag_days has
    assert lag_between("2025-03-12", "2025-03-11T23:00-05:00") == "same day"
    assert lag_between("2025-03-12", "2025-03-12T20:00-08:00") == "1 day later"
    db = _linked(tmp_path / "l.db", [
        ("https://origin.example/flood", ORIGINAL, "2025-01-05"),
        ("https://farm.example/flood", SPUN, "2025-01-07"),
    ])
    [step] = json.loads(run_cli("trace", "2", "--db", str(db), "--json").stdout)["chain"]
    assert step["lag_days"] == 2.0


def test_a_verbatim_copy_that_changed_a_figure_is_not_called_word_for_word(tmp_path: Path) -> None:
    """"This article is a verbatim copy" over a copy that changed a number reads as word for word."""
    from newstrace.web.views import lag_text

    long = ORIGINAL + "\n\n" + INDEPENDENT  # one changed number in a long text: still verbatim
    db = _linked(tmp_path / "v.db", [
        ("https://origin.example/flood", long, "2025-01-05T08:00+00:00"),
        ("https://farm.example/flood", long.replace("2,300 residents", "3,200 residents"),
         "2025-01-06T20:00+00:00"),
    ])
    page = TestClient(create_app(db)).get("/article/2").text
    assert "verbatim copy (word for word but for 1 altered quote, number or name) of an article by " \
           "origin.example (2025-01-05), 1.5 days later." in page
    assert lag_text(2.0) == "2 days later" and lag_text(12.4) == "12 days later"


def test_a_pasted_text_is_traced_to_its_nearest_stored_twin(tmp_path: Path) -> None:
    """A farm page's text pasted with one number changed was traced to the farm's source only: the
    farm page's template made it the copy of the paste, which has no template, date or address."""
    from dataclasses import replace

    from newstrace.model import Article
    from newstrace.pipeline import Corpus
    from newstrace.text import content_hash

    db = tmp_path / "p.db"
    farm = replace(art("https://farm.example/flood", SPUN, "2025-01-06", "farm.example"),
                   trimmed=["Source link: https://origin.example/flood", "Related Articles", "Leave a Reply"])
    with Corpus(db) as c:
        c.add([art("https://origin.example/flood", ORIGINAL, "2025-01-05", "origin.example"), farm])
        c.link()

    body = SPUN.replace("2,300 inhabitants", "3,200 inhabitants")

    def traced(origin: str) -> list[str | None]:
        with Corpus(db) as c:
            tr = c.trace_article(Article(url=None, title="Surge in Port Averly", text=body, site=None,
                                         published=None, lang="en", content_hash=content_hash(body),
                                         origin=origin))
        return [ln.source.url for ln in tr.chain]

    # an uploaded page was extracted and has no template: that weighs as before (not a paste)
    assert traced("upload:surge.html") == ["https://origin.example/flood"]
    with Corpus(db) as c:
        tr = c.trace_article(Article(url=None, title="Surge in Port Averly", text=body, site=None,
                                     published=None, lang="en", content_hash=content_hash(body),
                                     origin="pasted text"))
    assert [ln.source.url for ln in tr.chain] == ["https://origin.example/flood",
                                                  "https://farm.example/flood"]
    assert [(a.kind, a.source, a.copy) for a in tr.chain[-1].alterations] == [
        ("number_changed", "2,300 inhabitants", "3,200 inhabitants")]
