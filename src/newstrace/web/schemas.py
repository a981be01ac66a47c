"""Response models of the JSON API: they document the shapes in the OpenAPI schema.

The trace shape (``/api/articles/{id}``, ``/api/trace``) is ``Trace.to_json()`` from the pipeline,
the same as ``newstrace trace --json``; it is documented in the README, "JSON shapes".
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ArticleMeta(BaseModel):
    id: int | None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None


class LatestCopy(BaseModel):
    copy_: ArticleMeta = Field(alias="copy")
    source: ArticleMeta
    relation: str
    score: float


class SiteCount(BaseModel):
    site: str | None
    copies: int
    articles: int | None = None
    share: float | None = None


class CopiedOrigin(ArticleMeta):
    copies: int = Field(description="Direct copies of this origin.")
    reach: int = Field(description="Articles deriving from it directly or through other copies.")


class Overview(BaseModel):
    articles: int
    sites: int
    edges: int = Field(description="Provenance edges (copy -> source).")
    copies: int = Field(description="Articles that are copies of another article.")
    by_relation: dict[str, int]
    latest_copies: list[LatestCopy]
    top_copiers: list[SiteCount]
    most_copied: list[CopiedOrigin]
    timeline: list[tuple[str, int]] = Field(description="[day, copies published that day], oldest first.")


_CREDIT = ("Whether it names its source when it is a copy: true (a credit line or link to the source, a "
           "canonical URL pointing at it, or a credit of its site or agency), false (it names none of its "
           "sources), null (no copy, or a copy linked before newstrace recorded credits).")
_OTHER = ("True when, naming none of its sources, it names another one (the wire service or agency its "
          "source also took the story from): not presented as its own.")


class SearchHit(ArticleMeta):
    snippet: str = Field(description="Matching text; matches are wrapped in \\u0002 ... \\u0003.")
    relation: str | None = Field(description="Its copy relation when it is a copy of another article.")
    credits_source: bool | None = Field(None, description=_CREDIT)
    names_other_source: bool = Field(False, description=_OTHER)
    copies: int = Field(description="Copies made of it.")


class SearchResult(BaseModel):
    query: str
    fts_query: str | None = Field(description="The escaped FTS5 query that was run.")
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    note: str | None = Field(None, description="Why nothing was searched (a query without words).")


class Facets(BaseModel):
    sites: list[str]
    langs: list[str]
    relations: list[str]


_GUESSED = ("whose direction is a guess (direction_basis undetermined: nothing settled which article "
            "came first, so the copy may be the source); labels leave them out")


class Label(BaseModel):
    label: str
    why: str


class SiteSummary(BaseModel):
    site: str | None
    articles: int
    copies: int
    copies_undetermined: int = Field(0, description=f"Of its copies, those {_GUESSED}.")
    share_copies: float
    copied_by_others: int
    copied_by_others_undetermined: int = Field(
        0, description=f"Of the copies others made of it, those {_GUESSED}.")
    copies_altered: int = Field(
        0, description="Its copies with a settled direction that change a quote, a number or a name of "
        "their source."
    )
    copies_credited: int = Field(0, description="Its copies with a settled direction that name their source.")
    copies_uncredited: int = Field(
        0, description="Its copies with a settled direction that name no source at all, neither theirs nor "
        "another (presented as its own).")
    outlet: str | None = Field(None, description="The known state-media outlet the site belongs to, if any.")
    labels: list[Label] = Field(default_factory=list, description="The labels its profile gives it.")
    state_media_copies: int = Field(
        0, description="Its copies with a source on the list of state media (as its profile counts them).")
    state_media_via_copies: int = Field(
        0, description="Its other copies that reach a listed outlet through other sites.")
    lag_median: float | None = Field(
        None, description="Median days from a copy's direct source to the copy (its profile's lag_median).")


class ArticleRow(ArticleMeta):
    relation: str | None = None
    credits_source: bool | None = Field(None, description=_CREDIT)
    names_other_source: bool = Field(False, description=_OTHER)
    copies: int = 0


class SiteAlterations(BaseModel):
    copies_altered: int = Field(
        description="Its copies that change a quote, a number or a name of their source."
    )
    copies_quote_altered: int = Field(description="Its copies that change a quote's words (more than an "
                                                  "article or 'that') or its speaker.")
    quotes_minor: int = Field(0, description="Quotes altered only by an article or 'that' (note \"minor\").")
    copies_by_kind: dict[str, int] = Field(description="Copies with at least one alteration of each kind.")
    by_kind: dict[str, int] = Field(description="Alterations of each kind over all its copies.")
    numbers_close: int = Field(0, description="Number changes that only round the source's number or "
                                              "give it in other units (note \"rounded\" or \"converted\").")
    copies_number_changed: int = Field(0, description="Its copies that change a number by more than that "
                                                      "(what the label 'alters numbers' rests on).")
    examples: list[dict[str, Any]] = Field(
        description="The most recent alterations: {copy_id, copy_title, source_id, kind, source, copy, diff, "
                    "note, speaker} (speaker: the person a quote is attributed to, or null; note: "
                    "\"rounded\" or \"converted\" for a number close to the source's, \"fuller "
                    "source\" for a quote with more of its speaker's words than the source has, "
                    "\"shortened\" for a quote cut to a part, \"minor\" for one changed only by an article "
                    "or 'that')."
    )


class SettledFigures(BaseModel):
    copies: int = Field(description="Its copies with a settled direction.")
    copies_by_relation: dict[str, int]
    state_media_copies: int
    state_media_via_copies: int = Field(
        0, description="Its copies that reach state media through other sites (a copy of a copy of a "
        "listed outlet, every step settled), not counted in state_media_copies.")
    state_media_via: list[dict[str, Any]] = Field(
        default_factory=list, description="Those copies by outlet and the site in between: "
        "{outlet, through, copies}.")
    state_media_kinds: list[str] = Field(
        default_factory=list, description="Kinds of the listed outlets those copies come from, directly "
        "or through other sites.")
    copied_by_others: int = Field(description="Copies others made of it with a settled direction.")
    credited: int = Field(0, description="Its copies that name their source (a credit line or link to it, a "
                          "canonical URL pointing at it, or a credit of its site or agency).")
    uncredited: int = Field(
        0, description="Its copies that name no source at all: presented as its own.")
    credits_other_source: int = Field(
        0, description="Its copies that do not name their source but another one (the wire service or "
        "agency its source also took the story from): not presented as its own.")
    credit_unrecorded: int = Field(
        0, description="Its copies whose credit is not recorded (linked before newstrace recorded credits; "
        "`newstrace link --relink` records them): in neither count.")


class SiteProfile(BaseModel):
    site: str
    articles: int
    copies: int
    copies_undetermined: int = Field(0, description=f"Of its copies, those {_GUESSED}.")
    share_copies: float = Field(description="Share of its articles that are copies (0..1).")
    copies_by_relation: dict[str, int]
    source_sites: list[dict[str, Any]] = Field(
        description="Sites it copied from: {site, copies, undetermined (those of the copies with a guessed "
        "direction), outlet (known state-media outlet's name or null)}."
    )
    outlet: dict[str, Any] | None = Field(
        None, description="The state-media outlet this site belongs to: {name, country, kind, note, domains}."
    )
    state_media_copies: int = Field(0, description="Its copies with a source on the list of state media.")
    state_media_via_copies: int = Field(
        0, description="Its other copies whose chain, as their trace follows it, reaches a listed outlet "
        "through other sites.")
    copied_by: list[dict[str, Any]] = Field(
        description="Sites that copied it, most copies first, at most 50: {site, copies, undetermined}.")
    copied_by_sites: int = Field(0, description="Sites that copied it, all of them.")
    copied_by_others: int = Field(description="Copies other sites made of its articles, all of them.")
    copied_by_others_undetermined: int = Field(
        0, description=f"Of the copies others made of it, those {_GUESSED}.")
    settled: SettledFigures = Field(
        description="The figures labels rest on: copies whose direction is settled (by a credit, a "
        "canonical link, boilerplate or a clear date order).")
    direction_notes: list[str] = Field(
        default_factory=list, description="Sentences saying how many copies have a guessed direction.")
    origins: list[dict[str, Any]] = Field(
        description="Articles it copied (the direct sources of its copies, not their chains' origins), "
        "most copied first.")
    lags: list[float] = Field(
        description="One per copy with a settled direction: days from the publication of its direct "
        "(best-scoring settled) source to the copy's; negative when the copy is dated before it.")
    lag_median: float | None = Field(None, description="Median of the lags that are not negative.")
    dated_before_source: int = Field(
        0, description="Copies dated before the source they derive from (re-dated): negative lags.")
    lag_histogram: list[tuple[str, int]] = Field(description="The lags that are not negative, by bin.")
    recent: list[ArticleRow]
    timeline: list[tuple[str, int]]
    alterations: SiteAlterations = Field(
        description="What its copies with a settled direction changed in their sources.")
    labels: list[Label]


class NetworkEdge(BaseModel):
    source: str
    target: str
    weight: int
    by_relation: dict[str, int]


class NetworkNode(BaseModel):
    site: str
    articles: int
    copies_made: int
    copied_by_others: int
    outlet: str | None = Field(None, description="The known state-media outlet the site belongs to, if any.")


class Network(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    sites_total: int
    truncated: bool


class Health(BaseModel):
    ok: bool
    articles: int
