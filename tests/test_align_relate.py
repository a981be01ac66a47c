import pytest
from conftest import (
    ABOUT_VELTMARK,
    FRENCH,
    HEAVY_SPUN_LEAD,
    INDEPENDENT,
    ORIGINAL,
    RELEASE_A,
    RELEASE_B,
    SITE_CHROME,
    SPUN,
    TEASER,
    UNRELATED,
)
from hypothesis import given
from hypothesis import strategies as st

from newstrace.align import align, align_prepared, prepare, word_diff
from newstrace.fingerprint import features
from newstrace.link import choose_sources
from newstrace.model import Direction, Edge, PairKind, Relation
from newstrace.relate import Meta, classify, direction
from newstrace.settings import Settings

S = Settings()


def rel(src: str, cpy: str) -> Relation:
    return classify(align(src, cpy, S), S).relation


def test_verbatim_copy() -> None:
    al = align(ORIGINAL, ORIGINAL, S)
    assert al.share_identical == 1.0 and al.source_coverage == 1.0
    assert classify(al, S).relation is Relation.VERBATIM_COPY


def test_quote_marks_set_off_by_blanks_are_no_paraphrase() -> None:
    """Scraped copies print “ a quote. ” with blanks inside the marks: the same words, a verbatim
    copy whose quotes are unchanged (it was called spun, and its quotes altered)."""
    from newstrace.quotes import fidelity

    src = ("The harbour board approved the new ferry timetable on Monday after a long debate. The chair "
           "called the plan “a turning point for the islands.” Critics said it cut too many winter "
           "crossings. Councillor Ana Ruiz said the vote was “the hardest of my career.” She voted for it "
           "anyway. Residents filled the hall for the six-hour session, and several spoke against the cuts.")
    spaced = src.replace("“", "“ ").replace("”", " ”")
    assert rel(src, spaced) is Relation.VERBATIM_COPY
    assert fidelity(src, spaced) == []


def test_spun_copy_is_found_though_shingles_differ() -> None:
    al = align(ORIGINAL, SPUN, S)
    verdict = classify(al, S)
    assert verdict.relation is Relation.SPUN_COPY, verdict.reasons
    assert al.order_agreement == 1.0
    assert al.share_paraphrased > 0.3

    # Word 5-gram Jaccard is low: plain near-duplicate detection would miss this copy.
    def grams(t: str) -> set[tuple[str, ...]]:
        from newstrace.text import words

        w = words(t)
        return {tuple(w[i : i + 5]) for i in range(len(w) - 4)}

    a, b = grams(ORIGINAL), grams(SPUN)
    assert len(a & b) / len(a | b) < 0.35


def test_partial_copy_inside_longer_article() -> None:
    paras = ORIGINAL.split("\n\n")
    longer = "\n\n".join(
        [
            UNRELATED.split("\n\n")[0],
            paras[1],
            paras[3],
            paras[4],
            UNRELATED.split("\n\n")[1],
            "The rest of this newsletter covers local sport, weather and a recipe for fish soup "
            "from our readers.",
        ]
    )
    assert rel(ORIGINAL, longer) is Relation.PARTIAL_COPY


def test_independent_coverage_sharing_a_quote_is_not_a_copy() -> None:
    # The independent article repeats names, numbers and paraphrases the same quote.
    assert rel(ORIGINAL, INDEPENDENT) is Relation.SAME_STORY


def test_unrelated() -> None:
    assert rel(ORIGINAL, UNRELATED) is Relation.UNRELATED


def test_alignment_marks_added_and_dropped() -> None:
    cut = (
        "\n\n".join(ORIGINAL.split("\n\n")[:2])
        + "\n\nA sentence the copier wrote on their own about nothing."
    )
    al = align(ORIGINAL, cut, S)
    kinds = [p.kind for p in al.pairs]
    assert PairKind.ADDED in kinds and PairKind.DROPPED in kinds
    # Every sentence of both texts appears exactly once.
    assert sorted(p.copy_index for p in al.pairs if p.copy_index is not None) == list(
        range(al.copy_sentences)
    )
    assert sorted(p.source_index for p in al.pairs if p.source_index is not None) == list(
        range(al.source_sentences)
    )


def test_word_diff_highlights_swaps() -> None:
    ops = word_diff("the water came in fast", "the water came in quickly")
    assert ("replace", "fast", "quickly") in ops


def test_direction_by_date_then_evidence() -> None:
    a = Meta("https://a.example/x", "a.example", "2024-03-01", None, (), "text")
    b = Meta("https://b.example/y", "b.example", "2024-03-02", None, (), "text")
    assert direction(a, b, S) == (Direction.A_TO_B, "date")
    assert direction(b, a, S) == (Direction.B_TO_A, "date")
    nodate_a = Meta("https://a.example/x", "a.example", None, None, (), "text")
    farm = Meta(
        "https://farm.example/y", "farm.example", None, None, ("Source link", "Leave a Reply"), "text"
    )
    assert direction(nodate_a, farm, S) == (Direction.A_TO_B, "boilerplate")
    canon = Meta("https://c.example/y", "c.example", None, "https://a.example/x", (), "text")
    assert direction(nodate_a, canon, S) == (Direction.A_TO_B, "canonical")
    plain = Meta("https://d.example/z", "d.example", None, None, (), "text")
    assert direction(nodate_a, plain, S) == (Direction.UNDETERMINED, "undetermined")


def test_a_link_to_the_other_page_outweighs_a_date_that_says_otherwise() -> None:
    original = Meta("https://lake.example/news/ferry", "lake.example", "2024-03-02", None, (), "text")
    skewed = Meta("https://farm.example/ferry", "farm.example", "2024-03-01", None,
                  ("Source link: https://www.lake.example/news/ferry/", "Leave a Reply"), "text")
    assert direction(skewed, original, S) == (Direction.B_TO_A, "attribution")
    assert direction(original, skewed, S) == (Direction.A_TO_B, "attribution")
    # a credit link to the source's archived copy (web.archive.org) names the source page
    archived = Meta("https://farm.example/ferry", "farm.example", "2024-03-01", None,
                    ("Source link: https://web.archive.org/web/20240302/https://lake.example/news/ferry",),
                    "text")
    assert direction(archived, original, S) == (Direction.B_TO_A, "attribution")
    keeps_canonical = Meta("https://farm.example/f", "farm.example", "2024-02-20",
                           "https://lake.example/news/ferry", (), "text")
    assert direction(keeps_canonical, original, S) == (Direction.B_TO_A, "canonical")
    # so does a credit of the other's site by name: a farm re-dates its copy, it still names the source
    names = Meta("https://farm.example/g", "farm.example", "2024-03-01", None, ("Source: lake.example",),
                 "text")
    assert direction(names, original, S) == (Direction.B_TO_A, "attribution")
    # saved pages have no URL: their own canonical address stands for it
    saved = Meta(None, "lake.example", None, "https://lake.example/news/ferry", (), "text")
    blog = Meta(None, "blog.example", "2024-01-01", "https://blog.example/ferry",
                ("Canonical link: https://lake.example/news/ferry",), "text")
    assert direction(blog, saved, S) == (Direction.B_TO_A, "attribution")


def test_features_are_stable_and_shared_by_spun_copy() -> None:
    fa, fb = set(features(ORIGINAL)), set(features(SPUN))
    assert features(ORIGINAL) == features(ORIGINAL)
    assert len(fa & fb) / min(len(fa), len(fb)) > 0.4


def test_translation_is_found_across_languages() -> None:
    from newstrace.link import compare
    from newstrace.model import Article

    en = Article(
        url="https://a.example/flood", title="Flood", text=ORIGINAL, lang="en", published="2025-01-05", id=1
    )
    fr = Article(
        url="https://b.example/crue", title="Crue", text=FRENCH, lang="fr", published="2025-01-06", id=2
    )
    other = Article(
        url="https://c.example/x", title="Chess", text=UNRELATED, lang="en", published="2025-01-06", id=3
    )
    cmp = compare(en, fr, S)
    assert cmp.verdict.relation is Relation.TRANSLATION, cmp.verdict.reasons
    assert cmp.source is en and cmp.basis == "date"
    assert all(p.kind is PairKind.TRANSLATED for p in cmp.alignment.pairs if p.source and p.copy)
    assert compare(other, fr, S).verdict.relation is Relation.UNRELATED


def _edge(src: int, rel: Relation, score: float, cov: float, src_cov: float, change: float,
          sents: range = range(10)) -> Edge:
    return Edge(src, 9, f"https://s{src}.example/", "https://copy.example/", rel, score, "date",
                {"copy_coverage": cov, "source_coverage": src_cov, "word_change": change,
                 "copy_sentences_matched": list(sents)})


def test_choose_sources_prefers_the_closest_source() -> None:
    dates = {1: "2024-03-19", 2: "2024-03-20", 3: "2024-03-21"}
    # a verbatim copy of a spun intermediate (2): the original (1) explains it only as a spun copy,
    # and a spun copy's score counts order agreement, so it scores higher than the verbatim edge
    via_spun = [_edge(1, Relation.SPUN_COPY, 0.980, 0.93, 1.0, 0.022),
                _edge(2, Relation.VERBATIM_COPY, 0.976, 0.93, 1.0, 0.0)]
    assert [e.source_id for e in choose_sources(via_spun, dates)] == [2]
    # a copy of a cut copy (2) covers all of it but only part of the original
    via_cut = [_edge(1, Relation.SPUN_COPY, 0.95, 1.0, 0.75, 0.1),
               _edge(2, Relation.SPUN_COPY, 0.94, 1.0, 1.0, 0.1)]
    assert [e.source_id for e in choose_sources(via_cut, dates)] == [2]
    # two copies of one original are as close to each other as to it: the earlier one wins
    siblings = [_edge(3, Relation.VERBATIM_COPY, 1.0, 1.0, 1.0, 0.0),
                _edge(1, Relation.VERBATIM_COPY, 0.999, 1.0, 1.0, 0.0),
                _edge(2, Relation.VERBATIM_COPY, 1.0, 1.0, 1.0, 0.0)]
    assert [e.source_id for e in choose_sources(siblings, dates)] == [1]
    # a source in the copy's own language before a translated one
    mixed = [_edge(1, Relation.TRANSLATION, 0.99, 1.0, 1.0, 0.0),
             _edge(2, Relation.SPUN_COPY, 0.8, 0.9, 0.9, 0.2)]
    assert [e.source_id for e in choose_sources(mixed, dates)] == [2]


def test_house_style_is_not_paraphrase() -> None:
    from newstrace.link import compare
    from newstrace.model import Article

    extra = ("\n\nThe new levee holds 40 percent more water than the old one, the council said. "
             "Its color scheme was organized by the harbor office.")
    styled = extra.replace("percent", "per cent").replace("color", "colour").replace(
        "organized", "organised").replace("harbor", "harbour")

    def art(i: int, text: str, day: str) -> Article:
        return Article(url=f"https://s{i}.example/x", title="Flood", text=text, lang="en",
                       published=day, id=i)

    src = art(1, ORIGINAL + extra, "2025-01-05")
    cmp = compare(src, art(2, ORIGINAL + styled, "2025-01-06"), S)
    assert cmp.alignment.word_change == 0.0 and cmp.verdict.relation is Relation.VERBATIM_COPY


def test_times_of_day_order_two_articles_of_one_day() -> None:
    early = Meta("https://a.example/x", "a.example", "2025-04-02T08:00:00+00:00", None, (), "text")
    late = Meta("https://b.example/y", "b.example", "2025-04-02T14:30:00+00:00", None, (), "text")
    assert direction(late, early, S) == (Direction.B_TO_A, "date")
    close = Meta("https://c.example/z", "c.example", "2025-04-02T08:20:00+00:00", None, (), "text")
    assert direction(close, early, S) == (Direction.UNDETERMINED, "undetermined")  # under an hour
    naive = Meta("https://d.example/w", "d.example", "2025-04-02T14:30:00", None, (), "text")
    assert direction(naive, early, S) == (Direction.UNDETERMINED, "undetermined")  # zones unknown


def test_a_wire_credit_in_parentheses_names_the_agency() -> None:
    wire = Meta("https://northwire.example/a", "northwire.example", None, None, (), "Text of the story.")
    paper = Meta("https://daily.example/b", "daily.example", None, None, (),
                 "KESSEL (Northwire) — Text of the story.")
    tail = Meta("https://herald.example/c", "herald.example", None, None, (), "The story. (Northwire)")
    assert direction(wire, paper, S) == (Direction.A_TO_B, "attribution")
    assert direction(tail, wire, S) == (Direction.B_TO_A, "attribution")


def test_a_credit_by_name_outweighs_dates_and_a_site_crediting_itself_names_no_other() -> None:
    """A farm re-dated its copy two days before the original and credits it by name: the original
    was called the copy (by date), and its own "SOURCE: Northwire News" line a credit of another
    source."""
    from newstrace.relate import names_a_source

    text = "Text of the story, told at length.\n"
    wire = Meta("https://northwire.example/a", "northwire.example", "2024-05-03", None, (),
                text + "SOURCE: Northwire News")
    farm = Meta("https://farm.example/b", "farm.example", "2024-05-01", None, (), text + "Source: Northwire")
    assert direction(wire, farm, S) == (Direction.A_TO_B, "attribution")
    assert direction(farm, wire, S) == (Direction.B_TO_A, "attribution")
    assert not names_a_source(wire) and names_a_source(farm)
    other = Meta("https://daily.example/c", "daily.example", None, None, (), text + "Source: Northwire News")
    assert names_a_source(other)
    # a credit naming the site and others names others: not a self-credit
    for site, line in [("northwire.example", "Source: Northwire and news agencies"),
                       ("northwire.example", "Source: Northwire, AP"),
                       ("news.skyline.example", "Source: News agencies")]:
        assert names_a_source(Meta(f"https://{site}/a", site, None, None, (), text + line)), line
    # a script address in a credit line names nobody
    assert not names_a_source(Meta("https://farm.example/a", "farm.example", None, None, (),
                                   text + "Source link: javascript:alert(4)"))
    assert names_a_source(Meta("https://farm.example/a", "farm.example", None, None, (),
                               text + "Source: Data: Eurostat"))  # a word and a colon is no address
    # an abbreviation in brackets in running text is no wire credit, and does not beat the dates
    cited = Meta("https://paper.example/a", "paper.example", "2024-05-01", None, (),
                 "OTTAWA - The minister told the Northwire Broadcasting Service (Northwire) on Monday that "
                 "talks had failed.\n" + text)
    later = Meta("https://northwire.example/b", "northwire.example", "2024-05-04", None, (), text)
    assert direction(cited, later, S) == (Direction.A_TO_B, "date")


def test_moments_in_different_time_zones_are_compared_as_moments() -> None:
    seoul = Meta("https://a.example/x", "a.example", "2025-04-03T01:30+09:00", None, (), "t")  # 16:30 UTC
    new_york = Meta("https://b.example/y", "b.example", "2025-04-02T22:00-04:00", None, (), "t")  # 02:00 UTC
    assert direction(new_york, seoul, S) == (Direction.B_TO_A, "date")


def test_credit_links_are_matched_without_tracking_or_amp_and_in_plain_text() -> None:
    from newstrace.relate import _norm_url

    page = "https://www.chronicle.example/health/trial"
    for credited in (page + "?utm_source=rss&utm_medium=feed", page + "/amp/", "https://amp.chronicle.example"
                     "/health/trial", page + "?outputType=amp", "http://chronicle.example/health/trial/"):
        assert _norm_url(credited) == _norm_url(page), credited
    assert _norm_url(page + "?id=7") != _norm_url(page)  # a real query stays
    original = Meta(page, "chronicle.example", "2025-05-02", None, (), "The trial results.")
    farm = Meta("https://farm.example/t", "farm.example", "2025-05-01", None, (),
                "The trial results.\n\nSource link: " + page + "?utm_source=rss")
    assert direction(farm, original, S) == (Direction.B_TO_A, "attribution")


def test_a_site_named_in_running_text_is_no_credit() -> None:
    paper = Meta("https://post.example/bridge", "post.example", "2025-04-03", None, (),
                 "The bridge closes on Monday. Details will be on the city's website, city.example, soon.")
    city = Meta("https://city.example/press/bridge", "city.example", "2025-04-03", None, (), "It closes.")
    assert direction(paper, city, S) == (Direction.UNDETERMINED, "undetermined")
    credited = Meta("https://post.example/b2", "post.example", "2025-04-03", None, (),
                    "The bridge closes on Monday.\n\nSource: city.example")
    assert direction(credited, city, S) == (Direction.B_TO_A, "attribution")
    afp = Meta("https://afp.example/en/barge", "afp.example", None, None, (), "A barge sank.")
    paper_afp = Meta("https://paper.example/barge", "paper.example", None, None, (), "VELDA (AFP) — It sank.")
    assert direction(paper_afp, afp, S) == (Direction.B_TO_A, "attribution")


def test_of_equally_close_sources_the_credited_one_is_kept() -> None:
    from newstrace.pipeline import link_records

    def rec(site: str, when: str, text: str) -> dict[str, str]:
        return {"url": f"https://{site}/barge", "site": site, "title": "Barge", "text": text,
                "published": when}

    recs = [rec("paper.example", "2025-08-17T10:05+00:00", ORIGINAL),
            rec("wire.example", "2025-08-17T10:45+00:00", ORIGINAL),
            rec("client.example", "2025-08-17T13:00+00:00", ORIGINAL + "\n\n(Wire)")]
    sources = {e.copy_url: e.source_url for e in link_records(recs)}
    assert sources["https://client.example/barge"] == "https://wire.example/barge"


def test_a_source_the_copy_credits_is_kept_over_a_mirror_closer_only_by_a_shared_cut() -> None:
    """A feed entry left out the original's author note; a spun copy that links to the original
    left it out too. The feed explained more of the source, not more of the copy, yet was named
    its source (and the copy's changes were put on the feed's account)."""
    from newstrace.pipeline import link_records

    def rec(site: str, when: str, text: str) -> dict[str, str]:
        return {"url": f"https://{site}/surge", "site": site, "title": "Surge", "text": text,
                "published": when}

    note = ("\n\nAbout the author: Lena Marsh has covered the port and its floods for the Averly Courier "
            "since 2009, and she writes its weekly harbour column every Saturday morning.")
    recs = [rec("paper.example", "2025-08-17T10:00+00:00", ORIGINAL + note),
            rec("feed.example", "2025-08-17T12:00+00:00", ORIGINAL),
            rec("farm.example", "2025-08-18T09:00+00:00", SPUN + "\n\nSource link: https://paper.example/surge")]
    sources = {e.copy_url: e.source_url for e in link_records(recs)}
    assert sources["https://farm.example/surge"] == "https://paper.example/surge"
    # a copy that carries the intermediate's own changes still goes through it
    spun_feed = rec("feed.example", "2025-08-17T12:00+00:00", SPUN)
    carried = rec("farm.example", "2025-08-18T09:00+00:00",
                  SPUN.replace("Sunday evening", "Sunday night") + "\n\nSource link: https://paper.example/surge")
    sources = {e.copy_url: e.source_url for e in link_records([recs[0], spun_feed, carried])}
    assert sources["https://farm.example/surge"] == "https://feed.example/surge"


def test_break_cycles_drops_the_guessed_edge_of_a_cycle() -> None:
    from newstrace.link import break_cycles

    def edge(src: int, cpy: int, basis: str, score: float = 1.0) -> Edge:
        return Edge(src, cpy, None, None, Relation.VERBATIM_COPY, score, basis, {})

    # 10:00 (a=3), 10:40 (b=2), 11:10 (c=1): two guesses under the hour gap, one settled pair
    cyc = [edge(1, 2, "undetermined"), edge(2, 3, "undetermined"), edge(3, 1, "date")]
    kept = break_cycles(cyc)
    assert len(kept) == 2 and cyc[2] in kept
    chain = [edge(1, 2, "date"), edge(2, 3, "date"), edge(1, 4, "undetermined")]
    assert break_cycles(chain) == chain


def test_a_min_date_gap_holds_for_timestamps_too() -> None:
    a = Meta("https://a.example/x", "a.example", "2025-04-01T10:00+00:00", None, (), "t")
    b = Meta("https://b.example/y", "b.example", "2025-04-02T10:00+00:00", None, (), "t")
    assert direction(a, b, S) == (Direction.A_TO_B, "date")
    assert direction(a, b, Settings(min_date_gap_days=2)) == (Direction.UNDETERMINED, "undetermined")


def test_amp_addresses() -> None:
    from newstrace.relate import is_amp_url

    for u in ("https://a.example/news/x/amp", "https://a.example/news/x.amp", "https://amp.a.example/x",
              "https://a.example/amp/news/x", "https://a.example/x?amp=1", "https://a.example/x?outputType=amp"):
        assert is_amp_url(u), u
    for u in ("https://a.example/news/amplifier", "https://a.example/x?ampere=1", "https://champ.example/x",
              None, "https://[::1/a"):
        assert not is_amp_url(u), u


ORIGIN_URL = "https://www.voice.example/news/4411-ferry-strike/"


def test_a_canonical_on_another_site_is_a_claim_not_the_pages_own_address() -> None:
    """A mirror whose canonical names the original is not credited by a farm that credits the
    original: only a canonical on the page's own site (an AMP or print page) is its address."""
    from newstrace.relate import _norm_url, credits, own_urls

    origin = Meta(ORIGIN_URL, "voice.example", "2026-03-13T06:30+00:00", ORIGIN_URL, (), "text")
    mirror = Meta("https://mirror.example/ferry/", "mirror.example", "2026-03-12T08:00+00:00", ORIGIN_URL,
                  ("Canonical link: " + ORIGIN_URL,), "text")
    farm = Meta("https://farm.example/ferry-strike/", "farm.example", "2026-03-13T14:22+00:00", None,
                ("Source link: " + ORIGIN_URL,), "text")
    assert not credits(farm, mirror) and credits(farm, origin)
    assert direction(mirror, farm, S) == (Direction.A_TO_B, "date")  # not "by credit line"
    assert direction(origin, farm, S) == (Direction.A_TO_B, "attribution")
    assert direction(origin, mirror, S) == (Direction.A_TO_B, "canonical")
    amp = Meta(ORIGIN_URL + "amp/x", "voice.example", None, "https://voice.example/news/4411-b", (), "t")
    assert "voice.example/news/4411-b" in own_urls(amp)  # its own site's canonical is its address
    assert own_urls(mirror) == {"mirror.example/ferry"}
    # the same mirror saved from a browser (no address; filed under its own site by its links)
    saved = Meta(None, "mirror.example", "2026-03-12T08:00+00:00", ORIGIN_URL, (), "text")
    assert own_urls(saved) == set() and not credits(farm, saved)
    page = Meta(None, "voice.example", None, ORIGIN_URL, (), "text")  # a saved page of the original
    assert own_urls(page) == {_norm_url(ORIGIN_URL)} and credits(farm, page)


@pytest.mark.parametrize("saved", [False, True])
def test_a_mirror_of_a_candidate_source_does_not_win_over_it(saved: bool) -> None:
    """A farm copy (no credit, dated a week later) of an origin and of its mirror (canonical to
    the origin, dated a day before it): the origin kept a "Follow us" line the mirror lacks, which
    makes the mirror a little closer; the mirror must not win, by closeness or by date. Also when
    the two were saved from a browser (no addresses: the origin's is its own canonical)."""
    from newstrace.link import compare
    from newstrace.model import Article

    origin = Article(url=None if saved else ORIGIN_URL, title="Flood",
                     text=ORIGINAL + "\n\nFollow Voice News on Telegram", canonical_url=ORIGIN_URL,
                     site="voice.example", published="2026-03-13T06:30+00:00", id=1)
    mirror = Article(url=None if saved else "https://mirror.example/flood/", title="Flood", text=ORIGINAL,
                     site="mirror.example", published="2026-03-12T08:00+00:00", canonical_url=ORIGIN_URL,
                     trimmed=["Canonical link: " + ORIGIN_URL], id=2)
    farm = Article(url="https://farm.example/flood/", title="Flood", text=ORIGINAL, site="farm.example",
                   published="2026-03-20", id=3)
    edges = [compare(origin, farm, S).edge(), compare(mirror, farm, S).edge()]
    assert all(e.copy_id == 3 for e in edges)
    dates = {1: origin.published, 2: mirror.published}
    assert [e.source_id for e in choose_sources(edges, dates, S)] == [1]
    assert [e.source_id for e in choose_sources(edges[::-1], dates, S)] == [1]
    # a spun intermediate that credits the original keeps its place: the copy carries its changes
    spun_mid = _edge(2, Relation.VERBATIM_COPY, 1.0, 1.0, 1.0, 0.0)
    spun_mid.evidence["source_names_source"] = ["s1.example"]
    from_origin = _edge(1, Relation.SPUN_COPY, 0.97, 1.0, 1.0, 0.04)
    assert [e.source_id for e in choose_sources([from_origin, spun_mid], dates, S)] == [2]


def test_a_guess_under_the_hour_gap_follows_the_times_not_the_input_order() -> None:
    from newstrace.link import compare
    from newstrace.model import Article

    origin = Article(url="https://voice.example/x", title="Flood", text=ORIGINAL, site="voice.example",
                     published="2026-03-13T09:30:00+03:00", id=2)  # 06:30 UTC
    farm = Article(url="https://farm.example/x", title="Flood", text=ORIGINAL, site="farm.example",
                   published="2026-03-13T07:10:00+00:00", id=1)  # listed first
    for a, b in ((farm, origin), (origin, farm)):
        cmp = compare(a, b, S)
        assert cmp.basis == "undetermined" and cmp.verdict.direction is Direction.UNDETERMINED
        assert cmp.source is origin and cmp.copy is farm
    naive = Article(url="https://naive.example/x", title="Flood", text=ORIGINAL, site="naive.example",
                    published="2026-03-13T05:00:00", id=3)  # zone unknown: no guess from it
    assert compare(farm, naive, S).source is farm


def test_a_credit_line_names_the_source_by_its_words_and_in_other_languages() -> None:
    origin = Meta("https://www.voice-tv.example/news/x", "voice-tv.example", None, None, (), "The text.")
    for line in ("Source: Voice TV", "This article was originally published on Voice TV.",
                 "Источник: Voice TV", "Quelle: Voice TV", "Fuente: Voice TV", "Fonte: Voice TV",
                 "المصدر: Voice TV", "Source : Voice TV World News", "Source: voice-tv.example"):
        for copy in (Meta("https://farm.example/x", "farm.example", None, None, (line,), "The text."),
                     Meta("https://farm.example/x", "farm.example", None, None, (), "The text.\n\n" + line)):
            assert direction(origin, copy, S) == (Direction.A_TO_B, "attribution"), line
            assert direction(copy, origin, S) == (Direction.B_TO_A, "attribution"), line
    link = Meta("https://farm.example/x", "farm.example", None, None, (),
                "The text.\n\nИсточник: https://www.voice-tv.example/news/x")
    assert direction(link, origin, S) == (Direction.B_TO_A, "attribution")
    # another outlet's name, a name in running text, a longer name that only begins alike: no credit
    for text in ("The text.\n\nSource: Voice of the Valley", "The text.\n\nSource: Voicetvnet",
                 "The text. Officials told Voice TV that the source was a leak.",
                 "The text.\n\nPublished on Voice TV day, March 3."):
        other = Meta("https://farm.example/x", "farm.example", None, None, (), text)
        assert direction(other, origin, S) == (Direction.UNDETERMINED, "undetermined"), text


FLOOD_MORE = "\n\n" + "\n\n".join((
    'Schools in the lower districts will stay closed until Thursday, the education office said.',
    'Volunteers from three neighbouring towns brought sandbags, blankets and drinking water to the '
    'sports hall, where 600 people spent the night.',
    'The weather service expects more rain on Wednesday but says the river should fall slowly by the '
    'weekend.',
    'Insurers said it was too early to estimate the cost of the damage.',
))

FRENCH_INDEPENDENT = "\n\n".join((
    'Les habitants de Port Averly ont passé lundi à vider leurs caves après les pires inondations '
    'depuis vingt ans.',
    "« J'ai tout perdu au rez-de-chaussée », a dit Tomas Berg, boulanger sur Harbour Lane, tandis que"
    ' des bénévoles portaient des sacs de sable devant sa boutique.',
    "Le bureau des urgences a indiqué qu'environ 2 300 personnes avaient été évacuées. Mara Collins, "
    'sa directrice, a dit que les équipes avaient travaillé toute la nuit.',
    "Selon les critiques, les barrières réparées au printemps dernier n'ont jamais été conçues pour "
    "une onde de cette ampleur. L'opposition réclame une enquête.",
    "Le maire Daniel Okafor a demandé une aide d'urgence à la région. Les assureurs estiment les "
    'dégâts à plusieurs millions de couronnes.',
))


def test_a_translation_cut_short_is_a_translation_and_independent_coverage_is_not() -> None:
    from newstrace.link import compare
    from newstrace.model import Article

    en = Article(url="https://a.example/flood", title="Flood", text=ORIGINAL + FLOOD_MORE, lang="en",
                 published="2025-01-05", id=1)
    cut = Article(url="https://b.example/crue", title="Crue", text="\n\n".join(FRENCH.split("\n\n")[:3]),
                  lang="fr", published="2025-01-06", id=2)
    cmp = compare(en, cut, S)
    assert cmp.alignment.source_coverage < S.translation_min_coverage  # the old rule could not see it
    assert cmp.verdict.relation is Relation.TRANSLATION, cmp.verdict.reasons
    assert cmp.source is en and "partial translation" in cmp.verdict.reasons[0]
    other = Article(url="https://c.example/caves", title="Caves", text=FRENCH_INDEPENDENT, lang="fr",
                    published="2025-01-06", id=3)
    assert compare(en, other, S).verdict.relation is Relation.SAME_STORY
    # the same sentences matched to scattered sentences of the source: no block, no translation
    from dataclasses import replace

    from newstrace.relate import classify_translation

    al = cmp.alignment
    spread = [replace(p, source_index=3 * p.source_index) if p.source_index is not None else p
              for p in al.pairs]
    assert classify_translation(replace(al, pairs=spread), S, 0.6).relation is Relation.SAME_STORY


def test_equally_close_sources_are_ordered_by_their_moments_across_time_zones() -> None:
    """Moscow time against UTC: the original at 09:00+03:00 (06:00 UTC) is earlier than a farm's
    08:00+00:00, which a comparison of the written strings got backwards (a farm-to-farm chain)."""
    rt = _edge(1, Relation.VERBATIM_COPY, 1.0, 1.0, 1.0, 0.0)
    farm = _edge(2, Relation.VERBATIM_COPY, 1.0, 1.0, 1.0, 0.0)
    dates = {1: "2026-04-08T09:00:00+03:00", 2: "2026-04-08T08:00:00+00:00"}
    assert [e.source_id for e in choose_sources([farm, rt], dates, S)] == [1]
    # a date without a time is that day's midday: not earlier than a page timed 06:30 that day
    dates = {1: "2026-04-08T06:30:00+00:00", 2: "2026-04-08"}
    assert [e.source_id for e in choose_sources([farm, rt], dates, S)] == [1]


def test_a_credit_names_a_site_by_its_whole_name_not_its_first_word() -> None:
    from newstrace.relate import credits

    wire = Meta("https://english.news.example/2025/a", "news.example", "2025-03-01T10:20:00+00:00", None, (),
                ORIGINAL)
    for credit in ("Source: News agencies", "Source: News Agencies and staff"):
        copy = Meta("https://farm.example/a", "farm.example", "2025-03-01T10:00:00+00:00", None, (),
                    ORIGINAL + "\n\n" + credit)
        assert not credits(copy, wire), credit
    for credit in ("Source: News", "via News.", "Source: news.example"):
        copy = Meta("https://farm.example/a", "farm.example", "2025-03-01T10:00:00+00:00", None, (),
                    ORIGINAL + "\n\n" + credit)
        assert credits(copy, wire), credit


# --- a closing block two different articles share: a company's "about" text, a site's sign-off ------

def test_two_press_releases_sharing_only_their_about_text_are_no_copy() -> None:
    al = align(RELEASE_A, RELEASE_B, S)
    assert al.closing_block == 4
    verdict = classify(al, S)
    assert verdict.relation not in (Relation.PARTIAL_COPY, Relation.SPUN_COPY, Relation.VERBATIM_COPY)
    assert "closing block" in verdict.reasons[-1]


def test_a_copy_that_also_shares_the_closing_block_is_still_a_copy() -> None:
    # a farm writes its own opening, copies two paragraphs from the middle of the first release and
    # keeps the company text at its end
    own = ("Big news for ferry passengers on the coast this week. Passengers have long complained about "
           "late departures on the northern routes, and local groups say the change is overdue.")
    copy = "\n\n".join([own, *RELEASE_A.split("\n\n")[1:3], ABOUT_VELTMARK])
    al = align(RELEASE_A, copy, S)
    assert al.closing_block == 4 and al.outside_evidence == 2
    assert classify(al, S).relation is Relation.PARTIAL_COPY


def test_a_copy_made_of_the_source_s_last_paragraphs_is_still_a_copy() -> None:
    # the copy's text is all from the end of the source: more than half of it is the shared run
    tail = "\n\n".join(RELEASE_B.split("\n\n")[4:])
    al = align(RELEASE_B, tail, S)
    assert al.closing_block == al.copy_sentences
    assert classify(al, S).relation in (Relation.PARTIAL_COPY, Relation.VERBATIM_COPY)


def test_articles_that_also_begin_alike_are_judged_as_usual() -> None:
    # the source's lead, a middle of the copy's own, the source's ending: a cut-down copy, not two
    # articles that only share an ending
    own = ("Passengers have long complained about late departures on the northern routes. Local groups say "
           "the change is overdue and hope for fewer cancelled crossings next winter. The ferry company has "
           "not said whether fares will change. Unions were not consulted, a spokesman for the crews said. "
           "Some routes were cut last year after two vessels were sold.")
    paragraphs = RELEASE_A.split("\n\n")
    copy = "\n\n".join([paragraphs[0], own, ABOUT_VELTMARK])
    al = align(RELEASE_A, copy, S)
    assert al.closing_block == 0 and al.evidence_matched == 5
    assert classify(al, S).relation in (Relation.PARTIAL_COPY, Relation.SPUN_COPY)


def test_articles_sharing_only_a_site_template_are_no_copy() -> None:
    # two different releases behind the same cookie notice, newsletter sign-up and disclaimer (a scraper
    # that kept the page's chrome glues them to the text): no copy; a real copy behind them still is one
    template = SITE_CHROME + "\n\n"
    body_a, body_b = RELEASE_A.split(ABOUT_VELTMARK)[0], RELEASE_B.split(ABOUT_VELTMARK)[0]
    al = align(template + body_a, template + body_b, S)
    copies = (Relation.PARTIAL_COPY, Relation.SPUN_COPY, Relation.VERBATIM_COPY)
    assert classify(al, S).relation not in copies
    assert classify(align(template + body_a, template + body_a, S), S).relation is Relation.VERBATIM_COPY
    cut = "\n\n".join(body_a.split("\n\n")[:4])
    assert classify(align(template + body_a, template + cut, S), S).relation in (Relation.PARTIAL_COPY,
                                                                                Relation.SPUN_COPY)


_COUNCIL = (
    "Der Stadtrat hat am Dienstag den Bau einer neuen Sporthalle im Norden der Stadt beschlossen. "
    "Die Halle soll bis zum Herbst 2027 fertig sein und rund neun Millionen Euro kosten. "
    "Die Opposition kritisierte die Finanzierung über neue Kredite."
)
_MARKET = (
    "Die Börse in Frankfurt hat die Woche mit leichten Verlusten beendet. Anleger blieben wegen der "
    "Zinspolitik der Notenbank vorsichtig. Der Euro kostete am Abend 1,0840 Dollar."
)
_FILM = (
    "The festival's jury gave its top prize to a debut feature about two sisters running a ferry. "
    "The director thanked the island's residents, who appear in most scenes as themselves."
)
_STORM = (
    "Storm warnings remain in place for the coast until Friday evening, the weather service said. "
    "Ferries between the islands were cancelled and two schools closed early."
)


def _comment_form(paper: str) -> str:
    return (
        f"Anmeldung Noch nicht bei der {paper}? Kommentarprofil anlegen. Ich habe die Netiquette und "
        "die Datenschutzerklärung gelesen und akzeptiere diese. * Pflichtfelder. Kommentar-Profil "
        "anlegen: Ich habe die NETIQUETTE und die DATENSCHUTZERKLÄRUNG gelesen und akzeptiere diese."
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two papers of one group print the same comment form under unrelated stories; in scraped
        # text it runs into the article's last words
        (_COUNCIL + " " + _comment_form("Kreiszeitung Nord"), _MARKET + " " + _comment_form("Tagespost Süd")),
        # a site's inbox offer and "follow us" line
        *[(_FILM + tail, _STORM + tail) for tail in [
            "\n\nGet the best of Riverside Daily delivered to your inbox - subscribe to the Riverside "
            "Morning Brief.\n\nFollow RiversideDaily.com on Twitter, Instagram, Facebook, Telegram and "
            "YouTube, and stay in the know with what is happening in the world around you, in real time.",
            # a research site's sign-up form and moderation note
            "\n\nEnter your details below for immediate access. If you would like to request a full trial "
            "of our services, please fill in the trial request form instead. Note our system only accepts "
            "work email addresses. The password for your account must be at least 8 characters long and "
            "contain one number.\n\nThe editors reserve the right to delete or edit comments without notice.",
            # a news site's consent notice
            "\n\nTo improve our website and show relevant news and targeted ads, we collect anonymised "
            "technical information about you. By clicking Accept and close, you consent to the processing "
            "of your data for these purposes. You can withdraw your consent as described in our privacy "
            "policy.",
        ]],
    ],
)
def test_articles_sharing_only_a_sites_forms_and_notices_are_no_copy(a: str, b: str) -> None:
    al = align(a, b, S)
    assert al.evidence_matched <= 1  # at most a sentence of their own ("withdraw your consent ...")
    assert not classify(al, S).relation.is_copy


def test_a_spun_copy_ending_like_its_source_after_an_inserted_teaser_is_still_spun() -> None:
    # the copy's last paragraph is the source's, after a "Read also" teaser: a closing run of two
    # sentences, but the paraphrased sentences before it are copied too
    spun = SPUN.split("\n\n")
    heavy = [*HEAVY_SPUN_LEAD.split("\n\n"), spun[2], spun[3]]
    al = align(ORIGINAL, "\n\n".join([*heavy, TEASER, spun[4]]), S)
    assert al.closing_block >= 2
    assert classify(al, S).relation is Relation.SPUN_COPY


TR_SOURCE = (
    "Belediye meclisi dün akşam yeni bütçeyi oy çokluğuyla kabul etti. "
    "Bütçede okulların onarımı için ayrılan pay geçen yıla göre belirgin biçimde artırıldı. "
    "Muhalefet üyeleri toplu taşıma ücretlerinin yükseltilmesine karşı çıktı. "
    "Belediye başkanı yaptığı konuşmada kentin borçlarının azaldığını söyledi. "
    "Yeni düzenlemeler önümüzdeki ayın başından itibaren uygulanacak."
)


def test_a_turkish_paraphrase_that_changes_word_endings_is_a_spun_copy() -> None:
    # each sentence rewritten: case and possessive endings changed, a few words swapped
    spun = (
        "Belediye meclisinde dün akşam yeni bütçe oy çokluğu ile onaylandı. "
        "Bütçedeki okul onarımlarına ayrılan pay geçen yıldakine kıyasla belirgin şekilde artırılmış. "
        "Muhalefetteki üyeler toplu taşıma ücretlerindeki yükselişe itiraz etti. "
        "Belediye başkanı konuşmasında kentteki borçların azalmakta olduğunu belirtti. "
        "Yeni düzenlemeler gelecek ayın başında yürürlüğe girecek."
    )
    verdict = classify(align_prepared(prepare(TR_SOURCE, "tr-TR"), prepare(spun, "tr-TR"), S), S)
    assert verdict.relation is Relation.SPUN_COPY
    # compared word for word, as in a language without stemming, hardly a sentence matches
    assert classify(align_prepared(prepare(TR_SOURCE), prepare(spun), S), S).relation is Relation.SAME_STORY
    # an independent Turkish report of the same vote stays independent coverage
    other = (
        "Kentin 2025 bütçesi uzun süren tartışmaların ardından meclisten geçti. "
        "Başkan, eğitim yatırımlarına öncelik verdiklerini ve okullara daha fazla kaynak aktaracaklarını "
        "anlattı. Ulaşım zammı ise salondaki muhalif grubun sert tepkisine yol açtı. "
        "Bazı üyeler oylamadan önce salonu terk etti."
    )
    al = align_prepared(prepare(TR_SOURCE, "tr"), prepare(other, "tr"), S)
    assert al.evidence_matched == 0 and not classify(al, S).relation.is_copy


# --- the order-preserving chain: same result as comparing every pair, in O(k log n) -----------------

def _chain_by_every_pair(sims: dict[tuple[int, int], float], tau: float,
                         floor: float = 0.0) -> list[tuple[int, int]]:
    """The weighted longest chain the obvious way, O(k^2): the reference for ``_monotone``."""
    good = sorted((i, j, s - floor) for (i, j), s in sims.items() if s >= tau)
    if not good:
        return []
    best = [s for _, _, s in good]
    prev = [-1] * len(good)
    for x, (i, j, s) in enumerate(good):
        for y in range(x):
            iy, jy, _ = good[y]
            if iy < i and jy < j and best[y] + s > best[x]:
                best[x], prev[x] = best[y] + s, y
    x = max(range(len(good)), key=lambda t: best[t])
    chain = []
    while x >= 0:
        chain.append(good[x][:2])
        x = prev[x]
    return chain[::-1]


@given(st.dictionaries(st.tuples(st.integers(0, 12), st.integers(0, 12)),
                       st.sampled_from([0.375, 0.5, 0.625, 0.75, 0.875, 1.0]), max_size=60))
def test_the_chain_is_the_one_every_pair_comparison_finds(sims: dict[tuple[int, int], float]) -> None:
    # similarities in eighths add up exactly, so equal totals are ties, not rounding accidents
    from newstrace.align import _monotone

    assert _monotone(13, 13, sims, 0.5) == _chain_by_every_pair(sims, 0.5)
    # each pair weighing what it has over 0.375 (a margin of 0.125 under the bar): still eighths
    assert _monotone(13, 13, sims, 0.5, 0.125) == _chain_by_every_pair(sims, 0.5, 0.375)


def test_one_clear_pair_outweighs_two_doubtful_ones_it_crosses() -> None:
    """A rewrite that moves its key sentence up and adds a sentence after it: summed raw
    similarities chained the two doubtful pairs in order (0.55 + 0.48 over 0.81), pairing the
    sentences around other facts, and the years in them read as changed numbers."""
    from newstrace.align import _monotone
    from newstrace.quotes import fidelity

    source = ("The Brandholm ferry terminal, which was first due to close in 2021 or 2022, will serve the "
              "Osterby route. Nordline and its partners have decided to keep the Brandholm ferry terminal on "
              "the west coast open until 2026. The harbour board will review the timetable in the spring.")
    copy = ("Nordline and its partners have decided to keep the Brandholm ferry terminal on the west coast "
            "open to 2026 by adding two new berths on the Osterby route. Passenger numbers at the Brandholm "
            "terminal have grown every year since Nordline and its partners began sailing there in early "
            "2015. The harbour board will look at the timetable again in the spring.")
    al = align(source, copy, S)
    assert {(p.source_index, p.copy_index) for p in al.pairs} == {(0, None), (1, 0), (None, 1), (2, 2)}
    assert fidelity(source, copy, al, settings=S) == []
    raw = Settings(sentence_chain_margin=S.sentence_match_min)  # the raw sums: the old chain
    old = align(source, copy, raw)
    assert {(p.source_index, p.copy_index) for p in old.pairs} == {(0, 0), (1, 1), (2, 2)}
    assert _monotone(2, 2, {(0, 0): 0.55, (1, 1): 0.48, (1, 0): 0.81}, 0.45, 0.1) == [(1, 0)]


def test_two_long_texts_of_like_sentences_align_in_subquadratic_time() -> None:
    """Every sentence of one text is like every sentence of the other (they differ in a number):
    n^2 sentence pairs, which the pairwise chain compared in n^4 (200 sentences each took a
    minute) and counting shared words in n^2 (2,000 each took minutes and a gigabyte). Four times
    the sentences must cost about four times the time (quadratic: 16x); the best of two runs each,
    as a ratio in one process."""
    import time

    def cost(n: int) -> float:
        a = " ".join(f"The harbour council met again on day {i} to discuss the ferry." for i in range(n))
        b = " ".join(f"The harbour council met once more on day {i} to discuss the ferry." for i in range(n))
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            al = align(a, b, S)
            best = min(best, time.perf_counter() - t0)
        assert al.matched == n and al.order_agreement == 1.0
        return best

    small, large = cost(150), cost(600)
    assert large < 10 * small, (small, large)


def test_a_long_text_of_repeated_lines_still_aligns_with_itself() -> None:
    """Past 128 sentences a word in more sentences than that no longer finds candidates by itself;
    a copy sentence of such words only is compared with the source sentences near its own place."""
    text = "The harbour council met again to discuss the ferry. " * 300
    al = align(text, text, S)
    assert al.matched == 300 and al.source_coverage == 1.0 and al.order_agreement == 1.0
    assert classify(al, S).relation is Relation.VERBATIM_COPY
    # a line with a rare word that only a far-off, unlike source line also holds: still compared with
    # the lines near its place
    line = "The harbour council met again to discuss the ferry. "
    source = "Tuesday was cold and wet. " + line * 299
    copy = line * 150 + "The harbour council met again on Tuesday to discuss the ferry. " + line * 149
    al = align(source, copy, S)
    kinds = {p.copy_index: p.kind for p in al.pairs if p.copy_index is not None}
    assert kinds[150] is not PairKind.ADDED and al.matched == 300


def test_a_text_of_repeated_lines_under_the_common_word_bound_aligns_in_order() -> None:
    # 100 like lines: each copy line shares as many words with every source line; the 32 it is
    # compared with are those nearest its own place, so the chain runs through all of them
    text = "The harbour council met again to discuss the ferry. " * 100
    al = align(text, text, S)
    assert al.matched == 100 and al.order_agreement == 1.0
