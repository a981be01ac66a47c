"""Site profiles (`sites`, `site`, /api/sites, exports) on stores we build by hand: articles and the
provenance edges a link run would have kept, so that each test states exactly what is in the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import run_cli
from fastapi.testclient import TestClient

from newstrace.model import Article, Edge, Relation
from newstrace.store import SQLiteStore
from newstrace.text import content_hash
from newstrace.web import create_app, queries


def put(st: SQLiteStore, url: str, site: str, published: str | None, text: str = "") -> int:
    """Store an invented article; the same URL with other text becomes its next version."""
    text = text or f"An invented report kept at {url} for the site profile tests."
    art = Article(url=url, title=f"Report {url.rsplit('/', 1)[-1]}", text=text, site=site,
                  published=published, lang="en", content_hash=content_hash(text))
    return st.put_article(art, []).article_id


def link(st: SQLiteStore, copy_id: int, *sources: tuple[int, str, str, float], **evidence: Any) -> None:
    """Kept edges of one copy: (source id, relation, direction basis, score) each."""
    st.set_edges(copy_id, [
        Edge(source_id=s, copy_id=copy_id, source_url=None, copy_url=None, relation=Relation(rel),
             score=score, direction_basis=basis, evidence=dict(evidence))
        for s, rel, basis, score in sources
    ])


def by_site(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["site"]: r for r in rows}


def test_updated_articles_are_counted_once_in_every_view(tmp_path: Path) -> None:
    """An article re-ingested with new content is a new version; the old one is superseded. Copies of
    the old version of an origin still count as copies of it; an old version of a copy is history."""
    db = tmp_path / "v.db"
    with SQLiteStore(db) as st:
        a1 = put(st, "https://origin.example/a", "origin.example", "2025-02-01")
        b = put(st, "https://origin.example/b", "origin.example", "2025-02-02")
        c1 = put(st, "https://farm.example/1", "farm.example", "2025-02-03")
        link(st, c1, (a1, "verbatim_copy", "date", 1.0))
        m = put(st, "https://mirror.example/1", "mirror.example", "2025-02-05")
        link(st, m, (a1, "verbatim_copy", "date", 1.0))
        c2_old = put(st, "https://farm.example/2", "farm.example", "2025-02-04")
        link(st, c2_old, (b, "verbatim_copy", "date", 1.0))
        c2_new = put(st, "https://farm.example/2", "farm.example", "2025-02-04", text="An updated farm copy.")
        link(st, c2_new, (b, "verbatim_copy", "date", 0.9))
        put(st, "https://origin.example/a", "origin.example", "2025-02-01", text="The corrected origin.")
        assert st.superseded_ids() == {a1, c2_old}
        row = by_site(queries.sites(st))["origin.example"]
        prof = queries.site_profile(st, "origin.example")
        assert prof is not None
        # current copies of the old version of /a on two sites, and of /b on farm.example
        assert row["copied_by_others"] == prof["copied_by_others"] == 3
        assert prof["copied_by"] == [{"site": "farm.example", "copies": 2, "undetermined": 0},
                                     {"site": "mirror.example", "copies": 1, "undetermined": 0}]
        assert by_site(queries.sites(st, sort="copied"))["farm.example"]["copies"] == 2
    edges = run_cli("export", "edges", "--db", str(db))
    assert edges.returncode == 0, edges.stderr
    rows = [json.loads(line) for line in edges.stdout.splitlines()]
    arts = [json.loads(line) for line in run_cli("export", "articles", "--db", str(db)).stdout.splitlines()]
    # only the current version of the farm copy, each copy once, every copy in the articles export
    assert sorted(r["copy_id"] for r in rows) == sorted([c1, c2_new, m])
    assert {r["copy_id"] for r in rows} <= {a["id"] for a in arts}
    # the copy of the old origin version says that its source is not in the articles export
    assert {r["copy_id"]: r["source_superseded"] for r in rows} == {c1: True, c2_new: False, m: True}


def test_copied_by_others_counts_every_copying_site(tmp_path: Path) -> None:
    """The list of copying sites is limited; the totals are not."""
    db = tmp_path / "many.db"
    with SQLiteStore(db) as st:
        origin = put(st, "https://origin.example/a", "origin.example", "2025-02-01")
        for i in range(60):
            cid = put(st, f"https://copier{i:02d}.example/a", f"copier{i:02d}.example", "2025-02-02")
            link(st, cid, (origin, "verbatim_copy", "date", 1.0))
        prof = queries.site_profile(st, "origin.example")
        assert prof is not None
        row = by_site(queries.sites(st))["origin.example"]
        assert prof["copied_by_others"] == 60 == row["copied_by_others"]
        assert len(prof["copied_by"]) == 50 and prof["copied_by_sites"] == 60
        why = {lb["label"]: lb["why"] for lb in prof["labels"]}
        assert why["copied source"] == "60 copies made of its articles"
    page = TestClient(create_app(db)).get("/site/origin.example").text
    assert "The 50 of 60 sites that copied most; 60 copies in all." in page
    cli = run_cli("site", "origin.example", "--db", str(db))
    assert "copied by (the 20 of 60 sites with most copies)" in cli.stdout, cli.stdout
    assert "; 60 copies made of it by others" in cli.stdout
    one = run_cli("site", "copier59.example", "--db", str(db)).stdout
    assert "1 article, 1 copy (100%): verbatim_copy 1; 0 copies made of it by others" in one, one


def guessed_corpus(db: Path) -> None:
    """guess.example copied three src.example articles, or src.example copied it: nothing settles the
    direction (no credit, dates too close); settled.example credits src.example in two copies."""
    numbers = {"alterations": [{"kind": "number_changed", "source": "12 boats", "copy": "15 boats"}]}
    with SQLiteStore(db) as st:
        for i in range(3):
            src = put(st, f"https://src.example/{i}", "src.example", f"2025-03-0{i + 1}T09:20:00")
            cpy = put(st, f"https://guess.example/{i}", "guess.example", f"2025-03-0{i + 1}T09:00:00")
            link(st, cpy, (src, "verbatim_copy", "undetermined", 1.0), **numbers)
            if i < 2:
                cpy = put(st, f"https://settled.example/{i}", "settled.example", f"2025-03-0{i + 2}T09:00:00")
                link(st, cpy, (src, "verbatim_copy", "attribution", 1.0))
        put(st, "https://settled.example/own", "settled.example", "2025-03-05")


def test_labels_rest_on_settled_directions_and_figures_count_the_guesses(tmp_path: Path) -> None:
    db = tmp_path / "guess.db"
    guessed_corpus(db)
    with SQLiteStore(db) as st:
        rows = by_site(queries.sites(st))
        guess, src = queries.site_profile(st, "guess.example"), queries.site_profile(st, "src.example")
        settled = queries.site_profile(st, "settled.example")
    assert guess is not None and src is not None and settled is not None
    labels = {lb["label"] for lb in guess["labels"]}
    assert not labels & {"copier", "mirror", "fast copier", "alters numbers"}, guess["labels"]
    assert (guess["copies"], guess["copies_undetermined"]) == (3, 3)
    assert guess["source_sites"] == [{"site": "src.example", "copies": 3, "undetermined": 3, "outlet": None}]
    src_why = {lb["label"]: lb["why"] for lb in src["labels"]}
    assert src_why["copied source"] == "2 copies made of its articles" and "original reporting" not in src_why
    assert (src["copied_by_others"], src["copied_by_others_undetermined"]) == (5, 3)
    assert src["copied_by"] == [{"site": "guess.example", "copies": 3, "undetermined": 3},
                                {"site": "settled.example", "copies": 2, "undetermined": 0}]
    assert (rows["guess.example"]["copies"], rows["guess.example"]["copies_undetermined"]) == (3, 3)
    assert rows["src.example"]["copied_by_others_undetermined"] == 3
    assert rows["guess.example"]["copies_altered"] == 0  # who changed the number is not known
    why = {lb["label"]: lb["why"] for lb in settled["labels"]}
    assert why["copier"] == "2 of its 3 articles are copies" and "mirror" in why
    # the CLI and the web page say how many directions are guesses
    table = run_cli("sites", "--db", str(db))
    line = next(ln for ln in table.stdout.splitlines() if "guess.example" in ln)
    assert line.split()[:4] == ["guess.example", "3", "3", "(3?)"], table.stdout
    assert "(n?): n of them with a guessed direction" in table.stdout
    one = run_cli("site", "guess.example", "--db", str(db)).stdout
    assert "3 of its 3 copies have a guessed direction" in one and "[copier]" not in one, one
    client = TestClient(create_app(db))
    page = client.get("/site/guess.example").text
    assert "3 of its 3 copies have a guessed direction" in page
    api = client.get("/api/sites/guess.example").json()
    assert (api["copies_undetermined"], api["settled"]["copies"]) == (3, 0)
    assert api["direction_notes"] == guess["direction_notes"]
    listed = by_site(client.get("/api/sites").json())
    assert listed["guess.example"]["copies_undetermined"] == 3
    assert listed["src.example"]["copied_by_others_undetermined"] == 3


def test_one_lag_per_copy_against_its_source_and_a_true_median(tmp_path: Path) -> None:
    db = tmp_path / "lag.db"
    with SQLiteStore(db) as st:
        for i, (spub, cpub) in enumerate([("2025-03-01T00:00:00", "2025-03-01T02:24:00"),    # 0.1 day
                                          ("2025-03-02T00:00:00", "2025-03-02T04:48:00"),    # 0.2
                                          ("2025-03-05T00:00:00", "2025-03-08T00:00:00")]):  # 3.0
            src = put(st, f"https://wire.example/{i}", "wire.example", spub)
            cpy = put(st, f"https://quick.example/{i}", "quick.example", cpub)
            link(st, cpy, (src, "verbatim_copy", "date", 1.0))
        # stitched from two sources: one lag, behind the best-scoring one (1.5 days), not two
        main = put(st, "https://wire.example/main", "wire.example", "2025-03-03T00:00:00")
        extra = put(st, "https://other.example/x", "other.example", "2025-03-01T00:00:00")
        cpy = put(st, "https://quick.example/stitched", "quick.example", "2025-03-04T12:00:00")
        link(st, cpy, (main, "partial_copy", "date", 0.9), (extra, "partial_copy", "date", 0.5))
        prof = queries.site_profile(st, "quick.example")
    assert prof is not None
    assert sorted(prof["lags"]) == [0.1, 0.2, 1.5, 3.0]
    assert prof["lag_median"] == 0.85  # not the upper middle value, 1.5
    assert dict(prof["lag_histogram"]) == {"same day": 2, "1 day": 1, "2–3 days": 1, "4–7 days": 0,
                                           "1–4 weeks": 0, "over 4 weeks": 0}
    assert "fast copier" in {lb["label"] for lb in prof["labels"]}
    one = run_cli("site", "quick.example", "--db", str(db)).stdout
    assert "Lag behind its source (one per dated copy; median 0.8 days):" in one, one
    page = TestClient(create_app(db)).get("/site/quick.example").text
    assert "Lag between source and copy" in page and "median 0.8 days" in page
    assert "behind the origin" not in run_cli("site", "--help").stdout


def test_copies_dated_before_their_source_are_shown_apart(tmp_path: Path) -> None:
    """A copy that credits its source yet is dated five days before it was re-dated: that is no
    same-day copy, and no ground for "fast copier"."""
    db = tmp_path / "back.db"
    with SQLiteStore(db) as st:
        for i in range(3):
            src = put(st, f"https://paper.example/{i}", "paper.example", f"2025-04-1{i}T10:00:00+00:00")
            cpy = put(st, f"https://back.example/{i}", "back.example", f"2025-04-0{i + 5}T10:00:00+00:00")
            link(st, cpy, (src, "verbatim_copy", "attribution", 1.0))
        prof = queries.site_profile(st, "back.example")
    assert prof is not None
    assert prof["dated_before_source"] == 3 and prof["lag_median"] is None
    assert all(n == 0 for _, n in prof["lag_histogram"])
    why = {lb["label"]: lb["why"] for lb in prof["labels"]}
    assert "fast copier" not in why
    assert why["dated before its source"] == "3 of its 3 copies are dated before the source they derive from"
    one = run_cli("site", "back.example", "--db", str(db)).stdout
    assert "3 copies dated before their source" in one, one
    page = TestClient(create_app(db)).get("/site/back.example").text
    assert "3 copies dated before their source" in page


def test_sites_table_keeps_its_numbers_readable_beside_a_long_site_name(tmp_path: Path) -> None:
    """Piped output is 80 columns wide: one 60-character site name squeezed every number away."""
    import os
    import subprocess
    import sys

    long_site = "breaking-news-updates-" + "x" * 30 + ".example"
    db = tmp_path / "long.db"
    with SQLiteStore(db) as st:
        src = put(st, f"https://{long_site}/a", long_site, "2025-03-01")
        for i in range(12):
            cpy = put(st, f"https://short{i}.example/a", f"short{i}.example", "2025-03-02")
            link(st, cpy, (src, "verbatim_copy", "undetermined" if i < 5 else "date", 1.0))
    cmd = [sys.executable, "-m", "newstrace.cli", "sites", "--db", str(db), "--sort", "copied"]
    env = {**os.environ, "COLUMNS": "80"}
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env).stdout
    table = out.split("\n(n?)")[0]  # the note under the table is one line, never wrapped
    assert max(len(ln) for ln in table.splitlines()) <= 80, out
    for header in ("articles", "copies", "share", "altering", "copied", "others"):
        assert header in out, out
    assert "12 (5?)" in out and "100%" in out, out  # 12 copies made of it, 5 with a guessed direction
    assert long_site[:16] in out  # folded over lines, not cut


def test_outlet_kind_names_the_label_and_the_network_counts_copies(tmp_path: Path) -> None:
    db = tmp_path / "fars.db"
    with SQLiteStore(db) as st:  # Fars News Agency is on the built-in list as "state-affiliated"
        a = put(st, "https://farsnews.ir/a", "farsnews.ir", "2025-03-01")
        b = put(st, "https://farsnews.ir/b", "farsnews.ir", "2025-03-01")
        cpy = put(st, "https://relay.example/ab", "relay.example", "2025-03-02")
        link(st, cpy, (a, "partial_copy", "date", 0.9), (b, "partial_copy", "date", 0.8))
        fars, relay = queries.site_profile(st, "farsnews.ir"), queries.site_profile(st, "relay.example")
        net = queries.network(st)
    assert fars is not None and relay is not None
    labels = {lb["label"] for lb in fars["labels"]}
    assert "state-affiliated" in labels and "state media" not in labels
    why = {lb["label"]: lb["why"] for lb in relay["labels"]}
    assert why["relays state-affiliated media"] == (
        "its only copy comes from state-affiliated media (Fars News Agency)")
    nodes = {n["site"]: n for n in net["nodes"]}
    assert nodes["relay.example"]["copies_made"] == 1 == relay["copies"]  # one copy, two sources
    assert nodes["farsnews.ir"]["copied_by_others"] == 1 == fars["copied_by_others"]


def test_credit_labels_rest_on_settled_copies_whose_credit_is_recorded(tmp_path: Path) -> None:
    """laundry.example names the source of one of its settled copies and of none of three others;
    one more was linked before credits were recorded, and three guessed copies (naming nothing)
    may be the originals: neither counts. syndic.example names the source of four of its five
    copies, one of them stitched from two sources and crediting the second. lone.example: one
    copy of each kind is no habit either way."""
    db = tmp_path / "credit.db"
    no, yes = {"credits_source": False}, {"credits_source": True}
    with SQLiteStore(db) as st:
        n = iter(range(100))

        def copy_of(site: str, basis: str, evidence: dict[str, Any], *, stitched: bool = False) -> int:
            i = next(n)
            src = put(st, f"https://wire.example/{i}", "wire.example", "2025-05-01T08:00:00")
            cpy = put(st, f"https://{site}/{i}", site, "2025-05-01T12:00:00")
            if stitched:  # its closest source named nowhere, the second one credited
                other = put(st, f"https://agency.example/{i}", "agency.example", "2025-05-01T07:00:00")
                st.set_edges(cpy, [
                    Edge(src, cpy, None, None, Relation.PARTIAL_COPY, 0.9, basis, dict(no)),
                    Edge(other, cpy, None, None, Relation.PARTIAL_COPY, 0.6, basis, dict(yes))])
            else:
                link(st, cpy, (src, "verbatim_copy", basis, 1.0), **evidence)
            return cpy

        for _ in range(3):
            copy_of("laundry.example", "date", no)
            copy_of("laundry.example", "undetermined", no)
        copy_of("laundry.example", "date", yes)
        copy_of("laundry.example", "date", {})  # linked before credits were recorded
        copy_of("syndic.example", "attribution", {})  # the direction settled by its credit line
        copy_of("syndic.example", "canonical", {})  # its canonical URL points at the source
        copy_of("syndic.example", "date", yes)
        copy_of("syndic.example", "date", no, stitched=True)
        copy_of("syndic.example", "date", no)
        copy_of("lone.example", "date", no)
        copy_of("lone.example", "date", yes)
        laundry, syndic, lone = (queries.site_profile(st, f"{name}.example")
                                 for name in ("laundry", "syndic", "lone"))
        rows = by_site(queries.sites(st))
        first = queries.sites(st, sort="uncredited")[0]["site"]
    assert laundry is not None and syndic is not None and lone is not None
    credit = ("credited", "uncredited", "credit_unrecorded")
    assert tuple(laundry["settled"][k] for k in credit) == (1, 3, 1)
    assert tuple(syndic["settled"][k] for k in credit) == (4, 1, 0)
    why = {lb["label"]: lb["why"] for lb in laundry["labels"]}
    assert why["presents copies as its own"] == (
        "3 of its 4 copies with a recorded credit name no source at all")
    assert "credits its sources" not in why
    why = {lb["label"]: lb["why"] for lb in syndic["labels"]}
    assert why["credits its sources"] == "4 of its 5 copies name their source"  # 80 %: the threshold
    assert "presents copies as its own" not in why
    assert not {lb["label"] for lb in lone["labels"]} & {"presents copies as its own", "credits its sources"}
    counts = {s: (r["copies_credited"], r["copies_uncredited"]) for s, r in rows.items()}
    assert (counts["laundry.example"], counts["syndic.example"]) == ((1, 3), (4, 1))
    assert first == "laundry.example"
    one = run_cli("site", "laundry.example", "--db", str(db)).stdout
    assert "[presents copies as its own] 3 of its 4 copies with a recorded credit" in one, one
    assert ("copies naming their source: 1 of 5 with a settled direction; 3 name no source at all; "
            "1 not recorded") in one, one
    table = run_cli("sites", "--db", str(db), "--sort", "uncredited").stdout
    line = next(ln for ln in table.splitlines() if "laundry.example" in ln)
    assert line.split()[:6] == ["laundry.example", "8", "8", "(3?)", "100%", "3"], table
    client = TestClient(create_app(db))
    page = client.get("/site/laundry.example").text
    assert "presents copies as its own" in page and "credit not recorded" in page
    assert "of its 5 copies with a settled direction, 1 names its source and 3 name no source at all" in page
    assert "uncredited copies" in client.get("/sites").text
    api = client.get("/api/sites/syndic.example").json()
    assert {k: api["settled"][k] for k in credit} == {"credited": 4, "uncredited": 1, "credit_unrecorded": 0}
    assert [r["credits_source"] for r in api["recent"]].count(False) == 1
    listed = by_site(client.get("/api/sites", params={"sort": "uncredited"}).json())
    assert listed["laundry.example"]["copies_uncredited"] == 3


def test_a_quote_with_more_of_its_speakers_words_still_counts_as_a_quote_change() -> None:
    """A copy running a quote on past the source's end may have more of the statement, or words
    put in the speaker's mouth: only the original tells, so it counts (with its note)."""
    from newstrace.model import FULLER_SOURCE
    from newstrace.web.queries import alteration_summary

    longer = {"kind": "quote_altered", "source": "We will build it.", "copy": "We will build it. Soon.",
              "note": FULLER_SOURCE}
    changed = {"kind": "quote_altered", "source": "We will build it.", "copy": "We might build it."}
    rows = [(2, "spun_copy", None, None, None, json.dumps({"alterations": [longer]}), "Copy A", 1),
            (3, "spun_copy", None, None, None, json.dumps({"alterations": [changed]}), "Copy B", 1)]
    summary = alteration_summary(rows)
    assert summary["copies_altered"] == 2 and summary["by_kind"] == {"quote_altered": 2}
    assert summary["copies_quote_altered"] == 2
    assert [x["note"] for x in summary["examples"]] == [FULLER_SOURCE, None]


def test_sites_says_when_limit_cuts_the_list(tmp_path: Path) -> None:
    db = tmp_path / "many.db"
    with SQLiteStore(db) as st:
        for i in range(5):
            put(st, f"https://site{i}.example/a", f"site{i}.example", "2025-03-01")
    cut = run_cli("sites", "--db", str(db), "--json", "--limit", "3")
    assert cut.returncode == 0, cut.stderr
    assert len(json.loads(cut.stdout)) == 3  # stdout stays one JSON list
    assert "showing 3 of 5 sites (by --sort articles); --limit 5 lists all" in cut.stderr
    table = run_cli("sites", "--db", str(db), "--limit", "3")
    assert "3 of 5 sites" in table.stdout and "showing 3 of 5 sites" in table.stderr
    whole = run_cli("sites", "--db", str(db))
    assert "5 sites" in whole.stdout and "showing" not in whole.stderr
