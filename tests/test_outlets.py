"""Known state-media outlets: look-ups, the user's own list, and where a trace, a site page and an
export name them. Corpora are our own fiction; the user list names a fictional outlet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import INDEPENDENT, ORIGINAL, SPUN, run_cli
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.errors import UsageError
from newstrace.model import Article
from newstrace.outlets import KINDS, builtin, known, parse_outlets
from newstrace.pipeline import Corpus
from newstrace.settings import Settings
from newstrace.text import content_hash
from newstrace.web import create_app

USER_LIST = """
[[outlet]]
name = "Statewire"
country = "Averland"
domains = ["statewire.example"]
names = ["Statewire News", "Statewire Agency"]
note = "news agency of the Averland government"

[[outlet]]
name = "RT"
country = "Russia"
domains = ["rt.com"]
note = "our own wording"
"""


def test_lookup_by_site_host_or_url_and_never_by_lookalike() -> None:
    k = known()
    assert k.of("rt.com").name == "RT"  # type: ignore[union-attr]
    assert k.of("https://francais.rt.com/international/1-x").name == "RT"  # type: ignore[union-attr]
    assert k.of("WWW.TASS.RU").name == "TASS"  # type: ignore[union-attr]
    assert k.of("en.people.cn").country == "China"  # type: ignore[union-attr]
    for other in ("notrt.com", "rt.com.evil.example", "example.com", "", None, "https://", "com"):
        assert k.of(other) is None, other


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r"https?://\[[^\]]{0,10}(/.*)?", fullmatch=True))
def test_lookups_never_raise_on_hostile_sites_titles_or_credit_lines(text: str) -> None:
    # sites come from records, titles and credit lines from hostile pages
    k = known()
    k.of(text)
    k.credited(text, [f"Source link: {text}", text], own_site=text)


def test_the_builtin_list_is_well_formed() -> None:
    outlets = builtin()
    assert len(outlets) >= 25
    seen: dict[str, str] = {}
    for o in outlets:
        assert o.name and o.country and o.note and o.kind in KINDS
        for d in o.domains:
            assert d == d.lower() and "/" not in d and d not in seen, (d, o.name, seen.get(d))
            seen[d] = o.name


def test_a_users_list_adds_outlets_and_overrides_entries(tmp_path: Path) -> None:
    f = tmp_path / "outlets.toml"
    f.write_text(USER_LIST, encoding="utf-8")
    k = known(str(f))
    assert k.of("news.statewire.example").name == "Statewire"  # type: ignore[union-attr]
    assert k.of("rt.com").note == "our own wording"  # type: ignore[union-attr]
    assert k.of("tass.ru").name == "TASS"  # type: ignore[union-attr]  # the built-in list stays


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[outlet]\nname=", "not valid TOML"),
        ('[[outlet]]\nname = "X"\ncountry = "Y"\n', "'domains' must be a non-empty list"),
        ('[[outlet]]\ncountry = "Y"\ndomains = ["x.example"]\n', "'name' is missing"),
        ('[[outlet]]\nname = "X"\ndomains = ["x.example"]\nkind = "friendly"\n', "kind 'friendly'"),
        ('[[outlet]]\nname = "X"\ndomains = ["x.example"]\nnames = "X News"\n', "'names' must be a list"),
    ],
)
def test_a_bad_outlets_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as e:
        known(str(f))
    assert "bad.toml" in str(e.value)
    with pytest.raises(UsageError, match="cannot read"):
        known(str(tmp_path / "missing.toml"))
    assert parse_outlets("", "empty.toml") == []


def test_ingest_refuses_a_broken_outlets_file_before_storing_anything(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[outlet]\nname=", encoding="utf-8")
    page = tmp_path / "a.txt"
    page.write_text("Ferry\n\n" + ORIGINAL, encoding="utf-8")
    r = run_cli("--set", f"outlets_file={bad}", "ingest", str(page), "--db", str(tmp_path / "x.db"))
    assert r.returncode == 2, r.stderr
    assert "bad.toml" in r.stderr and "not valid TOML" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_a_broken_outlets_file_is_read_once_not_per_page(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "broken.toml"
    f.write_text("[[outlet]\nname=", encoding="utf-8")
    reads: list[Path] = []
    real = Path.read_text

    def counting(self: Path, *a: object, **k: object) -> str:
        if self == f:
            reads.append(self)
        return real(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", counting)
    for _ in range(3):  # ingest asks for the list on every page
        with pytest.raises(UsageError, match="broken.toml: not valid TOML"):
            known(str(f))
    assert len(reads) == 1


def _user_list(folder: Path) -> tuple[Path, Settings]:
    """USER_LIST written to ``folder``, and the settings that read it."""
    f = folder / "outlets.toml"
    f.write_text(USER_LIST, encoding="utf-8")
    return f, Settings(outlets_file=str(f))


def _art(url: str, text: str, published: str, site: str) -> Article:
    return Article(url=url, title="Storm surge floods Port Averly", text=text, site=site, published=published,
                   lang="en", content_hash=content_hash(text))


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Settings]:
    d = tmp_path_factory.mktemp("outlets")
    f, settings = _user_list(d)
    db = d / "o.db"
    with Corpus(db, settings) as c:
        c.add([
            _art("https://statewire.example/flood", ORIGINAL, "2025-01-05", "statewire.example"),
            _art("https://farm.example/flood", SPUN, "2025-01-06", "farm.example"),
            _art("https://other.example/cost", INDEPENDENT, "2025-01-06", "other.example"),
        ])
        c.link()
    return db, settings


def test_a_trace_names_the_state_media_origin(corpus_db: tuple[Path, Settings]) -> None:
    db, settings = corpus_db
    with Corpus(db, settings) as c:
        tr = c.trace("https://farm.example/flood").to_json()
        assert tr["origin"]["site"] == "statewire.example"
        assert tr["outlets"] == {"statewire.example": {
            "name": "Statewire", "country": "Averland", "kind": "state media",
            "note": "news agency of the Averland government", "domains": ["statewire.example"],
            "names": ["Statewire News", "Statewire Agency"], "label": "Statewire, Averland: state media"}}
        assert c.trace("https://other.example/cost").to_json()["outlets"] == {}
    r = run_cli("--set", f"outlets_file={settings.outlets_file}", "trace", "https://farm.example/flood",
                "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "Statewire, Averland: state media (news agency of the Averland government)" in r.stdout
    plain = run_cli("trace", "https://farm.example/flood", "--db", str(db))
    assert "Statewire" not in plain.stdout  # not on the built-in list


def test_site_pages_label_state_media_and_who_relays_it(corpus_db: tuple[Path, Settings]) -> None:
    db, settings = corpus_db
    client = TestClient(create_app(db, settings))
    farm = client.get("/api/sites/farm.example").json()
    assert farm["state_media_copies"] == 1 and farm["outlet"] is None
    assert farm["source_sites"] == [
        {"site": "statewire.example", "copies": 1, "undetermined": 0, "outlet": "Statewire"}]
    relay = next(lb for lb in farm["labels"] if lb["label"] == "relays state media")
    assert relay["why"] == "its only copy comes from state media (Statewire)"
    wire = client.get("/api/sites/statewire.example").json()
    assert wire["outlet"]["name"] == "Statewire"
    assert {"label": "state media", "why": "Statewire, Averland: news agency of the Averland government"} \
        in wire["labels"]
    other = client.get("/api/sites/other.example").json()
    assert not {"state media", "relays state media"} & {lb["label"] for lb in other["labels"]}
    assert "relays state media" in client.get("/site/farm.example").text
    listed = {r["site"]: r["outlet"] for r in client.get("/api/sites").json()}
    assert listed == {"statewire.example": "Statewire", "farm.example": None, "other.example": None}
    assert '<span class="badge outlet">Statewire</span>' in client.get("/sites").text
    # the list shows each site's labels, with why, as its profile gives them
    api_labels = {r["site"]: r["labels"] for r in client.get("/api/sites").json()}
    assert api_labels["farm.example"] == farm["labels"] and api_labels["statewire.example"] == wire["labels"]
    row = next(tr for tr in client.get("/sites").text.split("<tr>") if "/site/farm.example" in tr)
    assert 'title="its only copy comes from state media (Statewire)">relays state media</span>' in row
    nodes = {n["site"]: n["outlet"] for n in client.get("/api/network").json()["nodes"]}
    assert nodes == {"statewire.example": "Statewire", "farm.example": None}
    net = client.get("/network").text
    assert net.count('class="state-media"') == 1 and "(state media: Statewire)" in net
    copy_id = next(a["id"] for a in client.get("/api/sites/farm.example").json()["recent"])
    page = client.get(f"/article/{copy_id}").text
    assert "by statewire.example (Statewire, Averland: state media)" in page
    assert 'class="badge outlet"' in page


def test_exports_name_the_outlets(corpus_db: tuple[Path, Settings]) -> None:
    db, settings = corpus_db
    opt = ("--set", f"outlets_file={settings.outlets_file}")
    edges = run_cli(*opt, "export", "edges", "--db", str(db), "--format", "csv")
    assert edges.returncode == 0, edges.stderr
    rows = list(csv.DictReader(io.StringIO(edges.stdout)))
    got = [(r["copy_url"], r["source_outlet"]) for r in rows]
    assert got == [("https://farm.example/flood", "Statewire")]
    arts = run_cli(*opt, "export", "articles", "--db", str(db))
    outlets = {json.loads(line)["site"]: json.loads(line)["outlet"] for line in arts.stdout.splitlines()}
    assert outlets == {"statewire.example": "Statewire", "farm.example": None, "other.example": None}


def test_the_outlets_command_lists_and_looks_up(tmp_path: Path) -> None:
    r = run_cli("outlets", "https://arabic.rt.com/world/1/", "--json")
    assert r.returncode == 0, r.stderr
    assert [o["name"] for o in json.loads(r.stdout)] == ["RT"]
    miss = run_cli("outlets", "farm.example")
    assert miss.returncode == 1 and miss.stdout == ""
    assert miss.stderr.strip() == ("farm.example: not on the list of known state-media outlets (built-in "
                                   "list and the setting outlets_file)")
    listed = json.loads(run_cli("outlets", "--json").stdout)
    assert len(listed) == len(builtin())
    missing = tmp_path / ("a-rather-long-folder-name-" * 3) / "outlets.toml"
    bad = run_cli("--set", f"outlets_file={missing}", "outlets")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and str(missing) in bad.stderr  # one line, however long


def test_an_article_credits_an_outlet_by_its_title_or_a_credit_link(tmp_path: Path) -> None:
    k = known()
    rt = k.of("rt.com")
    assert k.credited("Alliance chief rebukes the president — RT World News") == [
        (rt, "its title ends with “RT World News”")]
    assert k.credited("Harbour news | Russia Today", own_site="farm.example")[0][0] is rt
    assert k.credited("Alliance chief rebukes the president — RT World News", own_site="rt.com") == []
    assert k.credited("Why RT World News matters to its viewers") == []  # a mention is no credit
    credit = ["Source link: https://www.rt.com/news/1-harbour/", "Related Articles"]
    assert k.credited("No suffix", credit) == [(rt, "its page credits https://www.rt.com/news/1-harbour/")]
    assert k.credited("Plain", ["Source link: https://harbour.example/a"]) == []


def test_a_trace_says_whose_article_an_origin_copied(tmp_path: Path) -> None:
    f, settings = _user_list(tmp_path)
    db = tmp_path / "c.db"
    with Corpus(db, settings) as c:
        farm = _art("https://farm.example/flood", SPUN, "2025-01-06", "farm.example")
        farm.title = "Storm surge inundates Port Averly — Statewire News"
        c.add([farm])
        tr = c.trace("https://farm.example/flood").to_json()
    assert tr["is_origin"] and [(x["outlet"]["name"], x["how"]) for x in tr["origin_credits"]] == [
        ("Statewire", "its title ends with “Statewire News”")]
    r = run_cli("--set", f"outlets_file={f}", "trace", "https://farm.example/flood", "--db", str(db))
    assert "It credits Statewire, Averland: state media" in " ".join(r.stdout.split())
    page = TestClient(create_app(db, settings)).get("/article/1").text
    assert "credits" in page and "the text likely comes from statewire.example" in page


def test_sites_and_site_commands_profile_sites(corpus_db: tuple[Path, Settings]) -> None:
    db, settings = corpus_db
    opt = ("--set", f"outlets_file={settings.outlets_file}")
    listed = run_cli(*opt, "sites", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["site"]: r for r in json.loads(listed.stdout)}
    assert rows["farm.example"]["copies"] == 1 and rows["farm.example"]["share_copies"] == 1.0
    assert rows["farm.example"]["copies_altered"] == 1 and rows["statewire.example"]["copies_altered"] == 0
    wire = rows["statewire.example"]
    assert wire["outlet"] == "Statewire" and wire["copied_by_others"] == 1
    first = json.loads(run_cli(*opt, "sites", "--db", str(db), "--json", "--sort", "altered").stdout)[0]
    assert first["site"] == "farm.example"
    bad = run_cli(*opt, "sites", "--db", str(db), "--sort", "nonsense")
    assert bad.returncode == 2 and "--sort 'nonsense' is not one of" in bad.stderr
    table = run_cli(*opt, "sites", "--db", str(db))
    assert "statewire.example" in table.stdout and "Statewire" in table.stdout
    # the labels `site` gives, for each site of the list (JSON, and lines under the table)
    assert "relays state media" in [lb["label"] for lb in rows["farm.example"]["labels"]]
    assert "state media" in [lb["label"] for lb in rows["statewire.example"]["labels"]]
    assert all(lb["why"] for r in rows.values() for lb in r["labels"])  # as `site --json` gives them
    farm_line = next(ln for ln in table.stdout.splitlines() if ln.startswith("  farm.example: "))
    assert "relays state media" in farm_line
    prof = run_cli(*opt, "site", "farm.example", "--db", str(db))
    assert prof.returncode == 0, prof.stderr
    text = " ".join(prof.stdout.split())
    assert "[relays state media] its only copy comes from state media (Statewire)" in text
    assert "1 article, 1 copy (100%): spun_copy 1" in text and "statewire.example (Statewire)" in text
    assert "Lag behind its source (one per dated copy; median 1.0 days)" in text
    assert ("copies altering their source: 1 of 1 (name changed in 1, number changed in 1, "
            "quote altered in 1)") in text
    assert "[alters quotes] 1 quote altered (words or speaker) in its only copy" in text
    as_json = json.loads(run_cli(*opt, "site", "farm.example", "--db", str(db), "--json").stdout)
    assert as_json["state_media_copies"] == 1 and as_json["lags"] == [1.0]
    missing = run_cli("site", "nowhere.example", "--db", str(db))
    assert missing.returncode == 1 and missing.stderr.startswith("error: nowhere.example: no articles")


def test_a_page_title_that_kept_an_outlets_name_is_a_credit_even_when_the_headline_lost_it(
    tmp_path: Path,
) -> None:
    # without og:title, trafilatura drops the "— Statewire News" of <title> from the headline; the
    # page title is kept with the trimmed lines, and the trace reads the credit there
    f, settings = _user_list(tmp_path)
    paras = "".join(f"<p>{p}</p>" for p in SPUN.split("\n\n"))
    page = tmp_path / "farm.html"
    page.write_text(
        "<!-- saved from url=(0032)https://farm.example/flood-copy -->"
        "<html><head><title>Storm surge inundates Port Averly — Statewire News</title></head>"
        f"<body><article>{paras}</article></body></html>", encoding="utf-8")
    with Corpus(tmp_path / "c.db", settings) as c:
        c.ingest([str(page)])
        art = c.store.get(1)
        assert art.title == "Storm surge inundates Port Averly"
        assert "Page title: Storm surge inundates Port Averly — Statewire News" in art.trimmed
        tr = c.trace("1").to_json()
    assert [(x["outlet"]["name"], x["how"]) for x in tr["origin_credits"]] == [
        ("Statewire", "its page title ends with “Statewire News”")]
    # the outlet's own page keeps no such line, and a page title naming no outlet leaves none
    own = page.read_text(encoding="utf-8").replace("https://farm.example/", "https://statewire.exampl/")
    with Corpus(tmp_path / "d.db", settings) as c:
        for name, html in (("own.html", own.replace("statewire.exampl/", "statewire.example/")),
                           ("plain.html", own.replace("Statewire News", "Harbour Weekly"))):
            (tmp_path / name).write_text(html, encoding="utf-8")
            c.ingest([str(tmp_path / name)])
        assert all(not any(t.startswith("Page title:") for t in a.trimmed) for a in c.store.iter_articles())


def test_a_copy_of_a_copy_of_state_media_relays_state_media(tmp_path: Path) -> None:
    # statewire -> farm (spun) -> relay (the farm's words, a day later): the relay's only source is the
    # farm, no state media, but its chain reaches Statewire; a researcher counting who relays state
    # media must not lose it, and the edges export must name the chain's origin
    f, settings = _user_list(tmp_path)
    db = tmp_path / "chain.db"
    with Corpus(db, settings) as c:
        c.add([
            _art("https://statewire.example/flood", ORIGINAL, "2025-01-05", "statewire.example"),
            _art("https://farm.example/flood", SPUN, "2025-01-06", "farm.example"),
            _art("https://relay.example/flood", SPUN + "\n\nSource link", "2025-01-07", "relay.example"),
        ])
        c.link()
        edges = {(c.store.get(e.copy_id).site, c.store.get(e.source_id).site)  # type: ignore[union-attr]
                 for e in c.store.all_edges()}
    assert ("relay.example", "farm.example") in edges and ("relay.example", "statewire.example") not in edges
    client = TestClient(create_app(db, settings))
    relay = client.get("/api/sites/relay.example").json()
    assert relay["state_media_copies"] == 0 and relay["state_media_via_copies"] == 1
    assert relay["settled"]["state_media_via"] == [
        {"outlet": "Statewire", "through": "farm.example", "copies": 1}]
    why = {lb["label"]: lb["why"] for lb in relay["labels"]}
    assert why["relays state media"] == \
        "its only copy comes from state media (Statewire) through another site (farm.example)"
    farm = client.get("/api/sites/farm.example").json()  # a direct copy: counted as before, not twice
    assert farm["state_media_copies"] == 1 and farm["state_media_via_copies"] == 0
    # the list of sites gives the same figures, so that one table answers "who relays state media"
    listed = {r["site"]: r for r in client.get("/api/sites").json()}
    relay_row = listed["relay.example"]
    assert (relay_row["state_media_copies"], relay_row["state_media_via_copies"]) == (0, 1)
    assert listed["farm.example"]["state_media_copies"] == 1 and listed["farm.example"]["lag_median"] == 1.0
    as_json = {r["site"]: r for r in json.loads(run_cli(
        "--set", f"outlets_file={f}", "sites", "--db", str(db), "--json").stdout)}
    assert as_json["relay.example"]["state_media_via_copies"] == 1
    r = run_cli("--set", f"outlets_file={f}", "export", "edges", "--db", str(db), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = {(row["copy_site"], row["source_site"]): row for row in csv.DictReader(io.StringIO(r.stdout))}
    assert rows[("relay.example", "farm.example")]["origin_site"] == "statewire.example"
    assert rows[("relay.example", "farm.example")]["origin_outlet"] == "Statewire"
    assert rows[("farm.example", "statewire.example")]["origin_site"] == "statewire.example"
    text = run_cli("--set", f"outlets_file={f}", "site", "relay.example", "--db", str(db)).stdout
    assert "through another site (farm.example)" in text
