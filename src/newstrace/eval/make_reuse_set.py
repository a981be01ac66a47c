"""``newstrace eval make-reuse-set``: a development set of content-farm copies built from real articles.

There is no public set of real web copies with labels, so we make one the way content farms work:

- originals: real article bodies, the Zyte benchmark's ground truth (real news pages, mostly
  English) first, then pages of the trafilatura evaluation set extracted with trafilatura;
- copies on farm sites with their own template: a header (breadcrumbs, "Posted by admin") and an
  auto-blog tail ("Source link", "Related Articles" with other headlines, "Leave a Reply", ...);
- ``verbatim_copy``: the whole body, sometimes the last paragraph cut;
- ``spun_copy`` at three strengths (``newstrace.eval._spin``): light (a quarter of the synonym table
  applied), medium (plus function words, sentence splits/merges, reordered clauses) and heavy
  (everything, repeated until the word 5-gram Jaccard with the source is below 0.2; a copy that
  does not get there is labelled medium); some have cut paragraphs;
- ``partial_copy``: a run of 30-60 % of the paragraphs embedded in another text (a body from a
  filler pool that never appears in the set on its own, so lineages stay unambiguous);
- planted alterations in some copies: a changed number, a misspelled name (every occurrence), an
  altered quote (a swapped word, an added or removed negation, or a cut clause), recorded in
  ``planted`` so the quotes evaluation can score fidelity: ``{"kind": "number_changed" |
  "name_changed" | "quote_altered", "source": ..., "copy": ...}`` (numbers also carry the source and
  copy sentence). They are planted before spinning: in spun copies the number and the name stay as
  planted, but the words around them (and, in heavy spins, words inside quotes: ``quotes_spun``)
  may have changed as well;
- chains: a copy of a copy (``source_url`` names the intermediate copy; ``relation`` is the relation
  to that direct source);
- hard negatives: real independent coverage of the same story, never copies: SemEval-2022 Task 8
  same-language pairs rated Overall <= 1.5 and Gedikli story-chain pairs both coders marked as the
  same story, each in its own cluster (first article ``original``, the others ``same_story``), some
  with farm copies of the first; pairs that share long word runs (5-gram containment >= 0.2:
  syndicated wire copy, not independent coverage) are left out;
- unrelated articles, each its own cluster.
- Translations: no translation model is available offline, so there are none (stated in the summary).

Dates: copies are 1-6 days after their source; about 10 % of records have no date. Every record
has the reuse format of ``../shared/data/README.md`` plus ``planted`` (list), ``variant`` (e.g.
``spun/heavy``, ``verbatim/cut``, ``spun/light/chain``, ``same_story/semeval``) and ``jaccard5``
(word 5-gram Jaccard with its direct source, copies only). Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import html as html_lib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _spin
from ._common import DATA_ENV, SEMEVAL_DIR, default_data_root

ZYTE_DIR = Path("extraction") / "zyte-article-extraction-benchmark"
TRAF_DIR = Path("extraction") / "trafilatura-eval" / "tests"
GEDIKLI_DIR = Path("story") / "gedikli-story-chains"

MIN_BODY_CHARS = 1200
"""Originals are at least this long (shorter bodies make poor copy sources)."""
MAX_BODY_CHARS = 12000
"""Longer bodies are cut at a paragraph boundary near this length (keeps the set small)."""
HEAVY_MAX_JACCARD = 0.2
"""A heavy spin must end below this word 5-gram Jaccard with its source."""
SYNDICATION_CONTAINMENT = 0.2
"""Same-story pairs sharing this much of the smaller text's word 5-grams are left out (likely
syndicated copies, not independent coverage)."""

FARM_SITES = [
    "dailynewsfeed24.example",
    "worldnewsnow.example",
    "breakingtoday.example",
    "newsroundup.example",
    "trendingwire.example",
    "globalheadlines.example",
    "thenewsbeat.example",
    "infopulse.example",
    "hotstories.example",
    "newsmix365.example",
    "latestbuzz.example",
    "topnewsdesk.example",
    "citizenpost.example",
    "freshreport.example",
    "newsflashhub.example",
    "reportersdigest.example",
    "viralnewsroom.example",
    "headlinecentral.example",
    "todaysnewsline.example",
    "newsaggregate.example",
]
SECTIONS = ["World", "Business", "Politics", "Tech", "Health", "Sports", "Entertainment", "US", "Europe"]
FILLER_INTROS = [
    "Here is what we know so far.",
    "Stay with us for more updates on this developing story.",
    "Our editors have collected the most important details below.",
    "Readers have been asking about this for days, so we looked into it.",
]

csv.field_size_limit(2**31 - 1)


@dataclass
class Body:
    """A real article body usable as an original, filler or unrelated article."""

    key: str
    url: str
    title: str
    text: str
    lang: str
    origin: str  # zyte | trafilatura | semeval | gedikli
    published: str | None = None


@dataclass
class Record:
    cluster: str
    url: str
    site: str
    lang: str
    published: str | None
    relation: str
    source_url: str | None
    title: str
    text: str
    variant: str
    planted: list[dict[str, Any]] = field(default_factory=list)
    jaccard5: float | None = None
    body: str = ""  # the text before the farm template (not written out)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "cluster": self.cluster,
            "url": self.url,
            "site": self.site,
            "lang": self.lang,
            "published": self.published,
            "relation": self.relation,
            "source_url": self.source_url,
            "title": self.title,
            "text": self.text,
            "variant": self.variant,
            "planted": self.planted,
        }
        if self.jaccard5 is not None:
            d["jaccard5"] = round(self.jaccard5, 4)
        return d


# --- reading real bodies ------------------------------------------------------------------------


def _site(url: str) -> str:
    m = re.match(r"^[a-z]+://([^/:?#]+)", url)
    host = m.group(1).lower() if m else "unknown.example"
    return host.removeprefix("www.")


def _title_from_html(raw: str) -> str:
    for pat in (
        r'<meta[^>]+property=["\']og:title["\'][^>]+content=["\']([^"\']+)',
        r'<meta[^>]+content=["\']([^"\']+)["\'][^>]+property=["\']og:title',
        r"<title[^>]*>(.*?)</title>",
    ):
        m = re.search(pat, raw, re.IGNORECASE | re.DOTALL)
        if m:
            t = " ".join(html_lib.unescape(m.group(1)).split())
            t = re.split(r"\s+[|–—-]\s+(?=[^|–—-]{2,40}$)", t)[0]  # drop a trailing " - Site Name"
            if t:
                return t[:200]
    return ""


def _trim(text: str) -> str:
    text = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip())
    if len(text) <= MAX_BODY_CHARS:
        return text
    cut = text.rfind("\n\n", 0, MAX_BODY_CHARS)
    return text[: cut if cut > MAX_BODY_CHARS // 2 else MAX_BODY_CHARS]


def _lang(text: str) -> str:
    import py3langid

    return str(py3langid.classify(text[:1500])[0])


def zyte_bodies(root: Path) -> list[Body]:
    base = root / ZYTE_DIR
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    out: list[Body] = []
    for key in sorted(truth):
        body = _trim(truth[key].get("articleBody") or "")
        if len(body) < MIN_BODY_CHARS:
            continue
        url = truth[key].get("url") or f"https://zyte-benchmark.example/{key[:12]}"
        title = ""
        path = base / "html" / f"{key}.html.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
                title = _title_from_html(f.read(300_000))
        out.append(
            Body(key=f"zyte:{key[:16]}", url=url, title=title, text=body, lang=_lang(body), origin="zyte")
        )
    return out


def trafilatura_bodies(root: Path, rng: random.Random, n: int) -> list[Body]:
    """Up to ``n`` pages of the trafilatura evaluation set, extracted with trafilatura (random order)."""
    import trafilatura

    base = root / TRAF_DIR
    evaldata = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    urls = sorted(evaldata)
    rng.shuffle(urls)
    out: list[Body] = []
    for url in urls:
        if len(out) >= n:
            break
        name = evaldata[url].get("file")
        path = next(
            (
                p
                for p in (
                    base / "cache" / f"{name}.gz",
                    base / "eval" / f"{name}.gz",
                    base / "cache" / str(name),
                    base / "eval" / str(name),
                )
                if p.is_file()
            ),
            None,
        )
        if path is None:
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        try:
            doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False)
        except Exception:  # noqa: BLE001 - a page trafilatura cannot read is simply not used
            doc = None
        text = _trim(getattr(doc, "text", None) or "") if doc is not None else ""
        if len(text) < MIN_BODY_CHARS:
            continue
        title = (getattr(doc, "title", None) or "").strip()
        out.append(
            Body(key=f"traf:{name}", url=url, title=title, text=text, lang=_lang(text), origin="trafilatura")
        )
    return out


def _key60(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))[:60]


def _containment(a: str, b: str) -> float:
    sa, sb = _spin.word_ngrams(a), _spin.word_ngrams(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def semeval_groups(root: Path) -> list[list[Body]]:
    """Same-language SemEval pairs rated Overall <= 1.5 (both texts real articles, not syndicated)."""
    base = root / SEMEVAL_DIR
    rows: list[dict[str, str]] = []
    for half in ("training", "testing"):
        path = base / f"{half}_set.csv"
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows.extend(csv.DictReader(f))
    seen: dict[str, int] = {}
    for r in rows:
        for t in (r["text1"], r["text2"]):
            seen[_key60(t)] = seen.get(_key60(t), 0) + 1
    groups: list[list[Body]] = []
    used: set[str] = set()
    for r in rows:
        try:
            overall = float(r["Overall"])
        except ValueError:
            continue
        if r["lang1"] != r["lang2"] or overall > 1.5:
            continue
        t1, t2 = " ".join(r["text1"].split()), " ".join(r["text2"].split())
        if min(len(t1), len(t2)) < 500 or seen[_key60(t1)] > 2 or seen[_key60(t2)] > 2:
            continue  # scraping failures (cookie walls, captcha pages) repeat across pairs
        if _key60(t1) in used or _key60(t2) in used or _containment(t1, t2) >= SYNDICATION_CONTAINMENT:
            continue
        used.update((_key60(t1), _key60(t2)))
        pid = r["pair_id"]
        a, b = pid.split("_") if "_" in pid else (pid + "a", pid + "b")
        groups.append(
            [
                Body(
                    key=f"semeval:{a}",
                    url=f"https://semeval-news.example/{r['lang1']}/{a}",
                    title="",
                    text=t1,
                    lang=r["lang1"],
                    origin="semeval",
                ),
                Body(
                    key=f"semeval:{b}",
                    url=f"https://semeval-news.example/{r['lang2']}/{b}",
                    title="",
                    text=t2,
                    lang=r["lang2"],
                    origin="semeval",
                ),
            ]
        )
    return groups


def gedikli_groups(root: Path) -> list[list[Body]]:
    """Connected groups of Gedikli articles that both coders put in the same story chain."""
    base = root / GEDIKLI_DIR
    texts: dict[str, Body] = {}
    with (base / "gedikli-business_energy_news_dataset-2021-06-29-article_texts.csv").open(
        encoding="utf-8-sig", newline=""
    ) as f:
        for row in csv.DictReader(f):
            url = row["url"].strip()
            date = (row.get("date") or "")[:10] or None
            texts[url] = Body(
                key=f"gedikli:{url}",
                url=url,
                title=(row.get("title") or "").strip(),
                text=_trim(row.get("text") or ""),
                lang="en",
                origin="gedikli",
                published=date,
            )
    labels: list[dict[tuple[str, str], int]] = []
    for name in (
        "story_pairs-2021-06-29-coder1-gedikli.csv",
        "story_pairs-2021-06-29-coder2-unaware_student.csv",
    ):
        lab: dict[tuple[str, str], int] = {}
        with (base / "hand_coded" / name).open(encoding="utf-8-sig") as f:
            for line in f:
                parts = [p.strip().rstrip(",") for p in line.strip().split(";")]
                if len(parts) == 3 and parts[2] in ("0", "1"):
                    a, b = sorted(parts[:2])
                    lab[(a, b)] = int(parts[2])
        labels.append(lab)
    both = sorted(k for k in labels[0] if labels[0][k] == 1 and labels[1].get(k) == 1)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in both:
        if a in texts and b in texts and _containment(texts[a].text, texts[b].text) < SYNDICATION_CONTAINMENT:
            parent[find(a)] = find(b)
    comps: dict[str, list[str]] = {}
    for url in sorted(parent):
        comps.setdefault(find(url), []).append(url)
    groups = []
    for members in comps.values():
        if len(members) < 2:
            continue
        bodies = sorted((texts[u] for u in members), key=lambda b: (b.published or "", b.url))
        kept: list[Body] = []
        for body in bodies:  # no two members may share long word runs (one may copy the other)
            if all(_containment(body.text, k.text) < SYNDICATION_CONTAINMENT for k in kept):
                kept.append(body)
        if len(kept) >= 2:
            groups.append(kept[:4])
    return groups


# --- making copies ------------------------------------------------------------------------------


def _date(base: dt.date, days: int) -> str:
    return (base + dt.timedelta(days=days)).isoformat()


def _slug(title: str, n: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:8] or ["story"]
    return "-".join(words) + f"-{n}"


def _template(
    title: str, body: str, site: str, date: str | None, rng: random.Random, related: list[str]
) -> str:
    head: list[str] = []
    if rng.random() < 0.6:
        head.append(f"Home » {rng.choice(SECTIONS)} » {title[:60]}")
    if rng.random() < 0.5:
        head.append(
            f"Posted by {rng.choice(['admin', 'editor', 'newsdesk', 'staff'])}"
            + (f" on {date}" if date else "")
        )
    tail: list[str] = []
    if rng.random() < 0.8:
        tail.append(rng.choice(["Source link", "Source", "Read the original article", "Via"]))
    if related and rng.random() < 0.7:
        tail.append(rng.choice(["Related Articles", "Related Posts", "You May Also Like"]))
        tail.extend(related[: rng.randint(2, 4)])
    if rng.random() < 0.7:
        tail += [
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Comment",
            "Name *",
            "Email *",
            "Website",
            "Save my name, email, and website in this browser for the next time I comment.",
        ]
    if rng.random() < 0.5:
        tail.append(f"Copyright © {(date or '2024')[:4]} {site}. All rights reserved.")
    return "\n\n".join(head + [body] + tail)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[Record] = []
        self.n = 0
        self.related_titles: list[str] = []

    def farm_url(self, title: str, date: str | None) -> tuple[str, str]:
        self.n += 1
        site = self.rng.choice(FARM_SITES)
        y, m = (date or "2024-01-01")[:4], (date or "2024-01-01")[5:7]
        return f"https://{site}/{y}/{m}/{_slug(title, self.n)}/", site

    def add(self, rec: Record) -> Record:
        self.records.append(rec)
        return rec

    def _date_after(self, src: Record) -> str | None:
        if src.published is None or self.rng.random() < 0.1:
            return (
                None
                if src.published is None or self.rng.random() < 0.5
                else _date(dt.date.fromisoformat(src.published[:10]), self.rng.randint(1, 6))
            )
        return _date(dt.date.fromisoformat(src.published[:10]), self.rng.randint(1, 6))

    def _plant(
        self, text: str, english: bool, p_number: float, p_name: float, p_quote: float
    ) -> tuple[str, list[dict[str, Any]]]:
        planted: list[dict[str, Any]] = []
        for p, fn in (
            (p_number, _spin.alter_number),
            (p_name, _spin.misspell_name),
            (p_quote, _spin.alter_quote),
        ):
            if self.rng.random() < p:
                if fn is _spin.misspell_name and not english:
                    continue
                text, rec = fn(text, self.rng)
                if rec:
                    planted.append(rec)
        return text, planted

    def _finish(
        self,
        src: Record,
        cluster: str,
        relation: str,
        variant: str,
        title: str,
        body: str,
        planted: list[dict[str, Any]],
    ) -> Record:
        date = self._date_after(src)
        url, site = self.farm_url(title, date)
        related = [
            t
            for t in self.rng.sample(self.related_titles, min(4, len(self.related_titles)))
            if t and t != title
        ]
        text = _template(title, body, site, date, self.rng, related)
        return self.add(
            Record(
                cluster=cluster,
                url=url,
                site=site,
                lang=src.lang,
                published=date,
                relation=relation,
                source_url=src.url,
                title=title,
                text=text,
                variant=variant,
                planted=planted,
                jaccard5=_spin.jaccard(src.body, body),
                body=body,
            )
        )

    def verbatim(self, src: Record, cluster: str) -> Record:
        paras = _paragraphs(src.body)
        variant = "verbatim"
        if len(paras) >= 8 and self.rng.random() < 0.3:
            paras = paras[:-1]
            variant = "verbatim/cut"
        body, planted = self._plant("\n\n".join(paras), src.lang == "en", 0.15, 0.1, 0.1)
        title = src.title if self.rng.random() < 0.7 else src.title.upper() if src.title else ""
        return self._finish(src, cluster, "verbatim_copy", variant, title, body, planted)

    def spun(self, src: Record, cluster: str, level: str) -> Record:
        paras = _paragraphs(src.body)
        variant = f"spun/{level}"
        if len(paras) >= 6 and self.rng.random() < 0.3:
            paras = paras[: len(paras) - self.rng.randint(1, 2)]
            variant += "/cut"
        base = "\n\n".join(paras)
        planted: list[dict[str, Any]] = []
        base, planted = self._plant(base, src.lang == "en", 0.5, 0.4, 0.4)
        quote_rate = 0.5 if level == "heavy" else 0.0
        body, _passes = _spin.spin_until(
            base, level, self.rng, HEAVY_MAX_JACCARD if level == "heavy" else None, quote_rate
        )
        if level == "heavy":
            planted.append({"kind": "quotes_spun", "detail": "table words inside quotes swapped at 50 %"})
            if _spin.jaccard(src.body, body) >= HEAVY_MAX_JACCARD:
                variant = variant.replace("heavy", "medium")  # honest label: it did not get hard enough
        title = _spin.spin_title(src.title, self.rng) if src.title else ""
        return self._finish(src, cluster, "spun_copy", variant, title, body, planted)

    def partial(self, src: Record, cluster: str, filler: Body) -> Record:
        paras = _paragraphs(src.body)
        k = max(2, round(len(paras) * self.rng.uniform(0.3, 0.6)))
        start = self.rng.randint(0, max(0, len(paras) - k))
        block = paras[start : start + k]
        host = _paragraphs(filler.text)
        cut = self.rng.randint(1, max(1, min(3, len(host) - 1)))
        body_paras = [self.rng.choice(FILLER_INTROS)] + host[:cut] + block + host[cut : cut + 4]
        body, planted = self._plant("\n\n".join(body_paras), src.lang == "en", 0.2, 0.1, 0.2)
        title = filler.title or (src.title + " — what it means")
        variant = "partial"
        if src.lang == "en" and self.rng.random() < 0.3:
            body = body.replace("\n\n".join(block), _spin.spin_text("\n\n".join(block), "light", self.rng))
            variant = "partial/spun"
        return self._finish(src, cluster, "partial_copy", variant, title, body, planted)


def make_reuse_set(
    out_path: str | Path,
    seed: int = 7,
    n_clusters: int = 60,
    *,
    data_root: str | Path | None = None,
    n_same_story: int | None = None,
    n_unrelated: int | None = None,
) -> dict[str, Any]:
    """Write the development set to ``out_path`` (JSONL); returns a summary.

    ``n_clusters`` originals with copies; ``n_same_story`` hard-negative clusters (default
    ``n_clusters // 2``) and ``n_unrelated`` unrelated articles (default ``n_clusters // 3``).
    """
    root = Path(data_root) if data_root else default_data_root()
    rng = random.Random(seed)
    n_same_story = n_clusters // 2 if n_same_story is None else n_same_story
    n_unrelated = n_clusters // 3 if n_unrelated is None else n_unrelated
    n_filler = max(4, (n_clusters * 3) // 5 + 2)  # each filler text is used once (lineages stay apart)

    zyte = zyte_bodies(root) if (root / ZYTE_DIR).is_dir() else []
    rng.shuffle(zyte)
    english = [b for b in zyte if b.lang == "en"]
    others = [b for b in zyte if b.lang != "en"]
    pool: list[Body] = english + others
    need = n_clusters + n_unrelated + n_filler
    if len(pool) < need and (root / TRAF_DIR).is_dir():
        pool += trafilatura_bodies(root, rng, need - len(pool))
    if len(pool) < n_clusters + 2:
        raise FileNotFoundError(f"not enough article bodies under {root / 'extraction'}")
    originals = pool[:n_clusters]
    rest = pool[n_clusters:]
    filler = list(rest[:n_filler])
    unrelated = rest[n_filler : n_filler + n_unrelated]

    b = _Builder(rng)
    b.related_titles = [x.title for x in pool if x.title]
    start = dt.date(2024, 1, 8)
    levels = ["light", "medium", "heavy"]
    level_i = 0

    def original(body: Body, cluster: str, relation: str = "original", variant: str = "original") -> Record:
        date = body.published
        if date is None:
            date = _date(start, rng.randint(0, 300))
        if rng.random() < 0.08:
            date = None
        rec = b.add(
            Record(
                cluster=cluster,
                url=body.url,
                site=_site(body.url),
                lang=body.lang,
                published=date,
                relation=relation,
                source_url=None,
                title=body.title,
                text=body.text,
                variant=variant,
                body=body.text,
            )
        )
        return rec

    for i, body in enumerate(originals):
        cid = f"c{i + 1:03d}"
        src = original(body, cid)
        copies: list[Record] = []
        english_src = body.lang == "en"
        if rng.random() < 0.75:
            copies.append(b.verbatim(src, cid))
        n_spun = rng.choice([1, 1, 2]) if english_src else 0
        for _ in range(n_spun):
            copies.append(b.spun(src, cid, levels[level_i % 3]))
            level_i += 1
        if (rng.random() < 0.5 or not copies) and filler:
            copies.append(b.partial(src, cid, filler.pop()))
        if copies and rng.random() < 0.4:  # a copy of a copy
            mid = rng.choice([c for c in copies if c.relation != "partial_copy"] or copies)
            if english_src and rng.random() < 0.5:
                chained = b.spun(mid, cid, rng.choice(levels[:2]))
            else:
                chained = b.verbatim(mid, cid)
            chained.variant += "/chain"

    groups = (gedikli_groups(root) if (root / GEDIKLI_DIR).is_dir() else []) + (
        semeval_groups(root) if (root / SEMEVAL_DIR).is_dir() else []
    )
    rng.shuffle(groups)
    for j, group in enumerate(groups[:n_same_story]):
        cid = f"s{j + 1:03d}"
        first = original(group[0], cid, "original", f"original/{group[0].origin}")
        for other in group[1:]:
            rec = original(other, cid, "same_story", f"same_story/{other.origin}")
            if (
                rec.published
                and first.published
                and rec.published < first.published
                and other.origin != "gedikli"
            ):
                rec.published = first.published
        if first.lang == "en" and rng.random() < 0.4:
            b.spun(first, cid, rng.choice(levels))
        elif rng.random() < 0.3:
            b.verbatim(first, cid)

    for k, body in enumerate(unrelated):
        original(body, f"u{k + 1:03d}", "unrelated", "unrelated")

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for rec in b.records:
            f.write(json.dumps(rec.to_json(), ensure_ascii=False) + "\n")
    return summarise(b.records) | {
        "out": str(out),
        "seed": seed,
        "data_root": str(root),
        "translations": "none: no translation model is available offline",
    }


def summarise(records: list[Record] | list[dict[str, Any]]) -> dict[str, Any]:
    rows = [r.to_json() if isinstance(r, Record) else r for r in records]
    by_relation: dict[str, int] = {}
    by_variant: dict[str, int] = {}
    jacc: dict[str, list[float]] = {}
    planted: dict[str, int] = {}
    for r in rows:
        by_relation[r["relation"]] = by_relation.get(r["relation"], 0) + 1
        v = r.get("variant") or r["relation"]
        by_variant[v] = by_variant.get(v, 0) + 1
        if r.get("jaccard5") is not None:
            jacc.setdefault(v.split("/cut")[0], []).append(float(r["jaccard5"]))
        for p in r.get("planted") or []:
            planted[p["kind"]] = planted.get(p["kind"], 0) + 1
    return {
        "records": len(rows),
        "clusters": len({r["cluster"] for r in rows}),
        "by_relation": dict(sorted(by_relation.items())),
        "by_variant": dict(sorted(by_variant.items())),
        "jaccard5_with_source": {
            k: {"mean": sum(v) / len(v), "max": max(v), "min": min(v)} for k, v in sorted(jacc.items())
        },
        "planted": dict(sorted(planted.items())),
        "without_date": sum(1 for r in rows if not r.get("published")),
    }


def iter_records(path: str | Path) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newstrace eval make-reuse-set", description=__doc__.split("\n")[0])
    ap.add_argument(
        "out", type=Path, help="output JSONL (outside the repository, e.g. build/reuse-dev.jsonl)"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--clusters", type=int, default=60, help="originals with copies")
    ap.add_argument(
        "--same-story", type=int, default=None, help="hard-negative clusters (default clusters/2)"
    )
    ap.add_argument("--unrelated", type=int, default=None, help="unrelated articles (default clusters/3)")
    ap.add_argument("--data", type=Path, default=None, help="data root (default ../shared/data)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    root = args.data or default_data_root()
    if not (root / ZYTE_DIR).is_dir() and not (root / TRAF_DIR).is_dir():
        # an evaluation without its data is skipped (exit 0); a set asked for and not written is an
        # error, or the next step (ingest, eval reuse) fails on a file that is not there
        print(f"error: article bodies (extraction data) not found at {root / 'extraction'}: "
              f"name the data root with --data or ${DATA_ENV}; nothing written to {args.out}",
              file=sys.stderr)
        return 1
    summary = make_reuse_set(
        args.out,
        seed=args.seed,
        n_clusters=args.clusters,
        data_root=root,
        n_same_story=args.same_story,
        n_unrelated=args.unrelated,
    )
    if args.json:
        from ._common import print_json

        print_json(summary)
    else:
        from ._common import print_table

        print(f"wrote {summary['records']} records in {summary['clusters']} clusters to {summary['out']}")
        print_table("records by variant", ["variant", "records"], list(summary["by_variant"].items()))
        print_table(
            "word 5-gram Jaccard of copies with their direct source",
            ["variant", "mean", "min", "max"],
            [[k, v["mean"], v["min"], v["max"]] for k, v in summary["jaccard5_with_source"].items()],
        )
        print_table("planted alterations", ["kind", "count"], list(summary["planted"].items()))
        print(f"records without a date: {summary['without_date']}; translations: {summary['translations']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
