"""Turn traces into what the templates show: clipped text, safe links, word-level diffs.

Everything that came from a crawled page is treated as hostile: it reaches the templates as plain
strings (Jinja2 escapes them), links are kept only for plain ``http(s)`` URLs, and long fields are
clipped so that one giant article cannot make a page unusable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..align import word_diff
from ..model import Article, CarriedAlteration, Edge, PairKind
from ..pipeline import Trace, TraceLink
from ..relate import basis_text, copy_lag, parse_moment

MAX_TITLE = 300
MAX_SITE = 120
MAX_SENTENCE = 2_000
"""Sentences longer than this are clipped in the side-by-side view (and before diffing)."""
MAX_ROWS = 400
"""At most this many aligned sentence pairs are shown per chain link."""
MAX_BODY = 20_000
"""Article bodies are shown up to this many characters."""

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f]+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

RELATION_LABELS = {
    "verbatim_copy": "verbatim copy",
    "spun_copy": "spun copy",
    "partial_copy": "partial copy",
    "translation": "translation",
    "same_story": "same story",
    "unrelated": "unrelated",
}

ALTERATION_LABELS = {
    "quote_altered": "quote altered",
    "quote_dropped": "quote dropped",
    "quote_added": "quote added",
    "speaker_changed": "speaker changed",
    "number_changed": "number changed",
    "name_changed": "name changed",
}


def safe_href(url: object) -> str | None:
    """The URL if it is a plain http(s) URL that is safe to put in ``href``, else None.

    ``javascript:``, ``data:``, ``vbscript:``, protocol-relative and anything with whitespace,
    quotes or control characters is refused (rendered as text, never as a link)."""
    if not isinstance(url, str) or len(url) > 4_000 or not _SAFE_URL.match(url):
        return None
    return url


def clip(text: object, limit: int) -> str:
    """``text`` as a string of at most ``limit`` characters (an ellipsis marks the cut)."""
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: max(0, limit - 1)].rstrip() + "…"


def relation_label(rel: object) -> str:
    value = getattr(rel, "value", rel)
    return RELATION_LABELS.get(str(value), str(value).replace("_", " "))


Segment = tuple[str, str]
"""(css class, text): class ``""`` for unchanged words, ``del``/``ins`` for changed ones,
``del num``/``ins num`` when the change touches a number."""


def diff_segments(source: str, copy: str) -> tuple[list[Segment], list[Segment]]:
    """Word-level difference of two aligned sentences as segments for the two columns."""
    left: list[Segment] = []
    right: list[Segment] = []
    for op, a, b in word_diff(clip(source, MAX_SENTENCE), clip(copy, MAX_SENTENCE)):
        if op == "equal":
            left.append(("", a))
            right.append(("", b))
            continue
        numbers = bool(_DIGIT.search(a) and _DIGIT.search(b))
        left += _changed("del", a, numbers)
        right += _changed("ins", b, numbers)
    return left, right


def _changed(cls: str, text: str, numbers: bool) -> list[Segment]:
    """A changed run of words; when numbers changed, the words holding digits get the ``num`` class."""
    if not text:
        return []
    if not numbers:
        return [(cls, text)]
    out: list[Segment] = []
    for word in text.split():
        kind = cls + " num" if _DIGIT.search(word) else cls
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + " " + word)
        else:
            out.append((kind, word))
    return out


def article_view(a: Article | dict[str, Any] | None) -> dict[str, Any]:
    """Display fields of an article (no body)."""
    if a is None:
        return {
            "id": None,
            "title": "(unknown article)",
            "site": None,
            "published": None,
            "url": None,
            "href": None,
            "lang": None,
            "author": None,
        }
    get = a.get if isinstance(a, dict) else (lambda k, d=None: getattr(a, k, d))
    url = get("url")
    return {
        "id": get("id"),
        "title": clip(get("title") or "(untitled)", MAX_TITLE),
        "site": clip(get("site"), MAX_SITE) if get("site") else None,
        "site_key": get("site"),
        "published": clip(get("published"), 40) if get("published") else None,
        "url": clip(url, 500) if url else None,
        "href": safe_href(url),
        "lang": clip(get("lang"), 20) if get("lang") else None,
        "author": clip(get("author"), 200) if get("author") else None,
    }


QUOTE_TEXT_KINDS = frozenset({"quote_altered"})
"""Alterations shown word by word on the texts as written, not on the stored word diff."""
CHANGED_KINDS = frozenset({"quote_altered", "speaker_changed", "number_changed", "name_changed"})
"""Alterations that change what the source says (a quote added or dropped may be a cut)."""


def alteration_view(alt: Any) -> dict[str, Any]:
    get = alt.get if isinstance(alt, dict) else (lambda k, d=None: getattr(alt, k, d))
    kind = str(get("kind") or "")
    diff = get("diff") or []
    left: list[Segment] = []
    right: list[Segment] = []
    for item in diff[:200]:
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            continue
        op, a, b = (str(x) if x is not None else "" for x in item)
        if op == "equal":
            left.append(("", a))
            right.append(("", b))
        else:
            if a:
                left.append(("del", a))
            if b:
                right.append(("ins", b))
    if get("source") and get("copy") and (not diff or kind in QUOTE_TEXT_KINDS):
        # the quote as written on both sides, punctuation and all (the stored word diff drops it:
        # "directly we've found the next best thing water" misquoted what the page says)
        left, right = diff_segments(str(get("source"))[:MAX_SENTENCE], str(get("copy"))[:MAX_SENTENCE])
    return {
        "kind": kind,
        "label": ALTERATION_LABELS.get(kind, kind.replace("_", " ")),
        "source_text": clip(get("source"), MAX_SENTENCE) if get("source") else None,
        "copy_text": clip(get("copy"), MAX_SENTENCE) if get("copy") else None,
        "left": left,
        "right": right,
        "detail": clip(get("detail"), 500) if get("detail") else None,
        # "rounded" / "converted" for a number close to the source's, "fuller source" for a quote with
        # more of its speaker's words than the source has, "shortened" / "minor" for a quote cut to a
        # part or changed only by an article or "that" (absent from older records)
        "note": clip(get("note"), 40) if get("note") else None,
        # who the quote is attributed to (absent from older records)
        "speaker": clip(get("speaker"), MAX_SITE) if get("speaker") else None,
    }


def carried_note(c: CarriedAlteration, sites: Sequence[str]) -> str:
    """Which step made a change a copy inherited, and which changed it again: "made at step 1 by
    spin.example, changed again at step 3 by again.example". ``sites``: each step's copy's site."""
    def by(step: int) -> str:
        return f"step {step} by {sites[step - 1]}" if 0 < step <= len(sites) else f"step {step}"

    again = "".join(f", changed again at {by(n)}" for n in c.changed_again)
    return f"made at {by(c.step)}{again}"


def carried_text(tr: Trace, sites: Sequence[str]) -> str | None:
    """One sentence on what the article prints differently from its origin that earlier copies made
    (a copy of an altered copy has no alterations of its own); None for a one-step chain, where the
    step's alterations say it all, or a chain that changed nothing. ``sites`` as :func:`carried_note`."""
    if len(tr.chain) < 2:
        return None
    last = tr.chain[-1]
    inherited = last.inherited
    earlier = sum(len(ln.alterations) for ln in tr.chain[:-1])
    if not inherited and not earlier:
        return None
    what = "quotes, numbers or names"
    if not inherited:
        return (f"None of the {earlier} change{'s' * (earlier != 1)} that earlier copies made to the "
                f"origin's {what} is left in it (undone, rewritten or left out).")
    steps: dict[int, int] = {}
    for c in inherited:
        steps[c.step] = steps.get(c.step, 0) + 1
    where = ", ".join(f"{k} by {sites[n - 1] if n <= len(sites) else '?'} at step {n}"
                      for n, k in sorted(steps.items()))
    n, own = len(inherited), len(last.alterations)
    itself = f"it made {own} itself, against its direct source" if own else "it made none itself"
    return (f"It prints {n} change{'s' * (n != 1)} that earlier copies made to the origin's {what} "
            f"({where}); {itself}.")


def link_view(ln: TraceLink) -> dict[str, Any]:
    """One chain step: who copied whom, how, when, the evidence and the aligned sentences."""
    al = ln.comparison.alignment
    rows: list[dict[str, Any]] = []
    counts = {k.value: 0 for k in PairKind}
    for p in al.pairs:
        kind = str(getattr(p.kind, "value", p.kind))
        counts[kind] = counts.get(kind, 0) + 1
        if len(rows) >= MAX_ROWS:
            continue
        if p.source and p.copy and kind in (PairKind.EDITED.value, PairKind.PARAPHRASED.value):
            left, right = diff_segments(p.source, p.copy)
        else:
            left = [("", clip(p.source, MAX_SENTENCE))] if p.source else []
            right = [("", clip(p.copy, MAX_SENTENCE))] if p.copy else []
        rows.append(
            {
                "kind": kind,
                "left": left,
                "right": right,
                "similarity": round(p.similarity, 2),
                "changed": kind != PairKind.IDENTICAL.value,
            }
        )
    lag = copy_lag(ln.source.published, ln.copy.published)  # "before" only at the dates' precision
    ev = ln.edge.evidence or {}
    return {
        "source": article_view(ln.source),
        "target": article_view(ln.copy),  # not "copy": Jinja would find dict.copy
        "relation": ln.edge.relation.value,
        "relation_label": relation_label(ln.edge.relation),
        "score": round(ln.edge.score, 2),
        "basis": ln.edge.direction_basis,
        "basis_text": basis_text(ln.edge.direction_basis),
        "credits_source": ln.edge.credits_source,
        "names_other_source": ln.edge.names_other_source,
        "reasons": [clip(r, 300) for r in ev.get("reasons", [])][:12] if isinstance(ev, dict) else [],
        "lag_days": lag,
        "lag_text": lag_between(ln.source.published, ln.copy.published),
        "coverage": {"of_source": round(al.source_coverage, 2), "of_copy": round(al.copy_coverage, 2)},
        "counts": counts,
        "rows": rows,
        "rows_hidden": max(0, len(al.pairs) - MAX_ROWS),
        "alterations": [alteration_view(a) for a in ln.alterations][:100],
        # the origin's words this copy still prints changed by earlier steps; ``trace_view`` adds
        # each one's ``made`` ("made at step 1 by …"), which needs the whole chain
        "inherited": [alteration_view(c.alteration) for c in ln.inherited][:100],
    }


def lag_text(lag: float | None, days_only: bool = False) -> str | None:
    """'3 days later', '5 hours later', 'same day', 'dated 2 days before its source' (a re-dated
    copy, or a wrong date: the direction rests on a credit), or None without dates. With
    ``days_only`` (a date without a time on either side) no hours, which the dates do not give."""
    if lag is None:
        return None
    if lag < 0:
        return f"dated {_span(-lag, days_only) or 'just'} before its source"
    return _span(lag, days_only) + " later" if _span(lag, days_only) else "same day"


def dates_only(*published: str | None) -> bool:
    """Any of these dates gives a day without a time ("2025-03-12"): a lag between them is in days."""
    return any(p is not None and len(p.strip()) <= 10 for p in published)


def lag_between(source_published: str | None, copy_published: str | None) -> str | None:
    """:func:`lag_text` for a copy and its source: in calendar days when either date has no time."""
    lag = copy_lag(source_published, copy_published)
    if lag is None or not dates_only(source_published, copy_published):
        return lag_text(lag)
    copied, published = _utc_day(copy_published), _utc_day(source_published)
    if copied is None or published is None:
        return lag_text(lag, True)
    days = float((copied - published).days)
    # the sign of the lag the exports and --json give (copy_lag), so that the text never says
    # "before" where lag_days is positive, nor "later" where it is negative
    days = max(days, 0.0) if lag >= 0 else min(days, -1.0)
    return lag_text(days, True)


def _utc_day(value: str | None) -> Any:
    """The calendar day of a date, or of a time in UTC ("2025-03-11T23:00-05:00" is 12 March)."""
    moment = parse_moment(value)
    return moment.date() if moment is not None else None


def _span(days: float, days_only: bool = False) -> str:
    """'3 days', '5 hours', or '' under half an hour (under a day with ``days_only``)."""
    if days_only:
        n = int(days + 1e-9)
        return f"{n} day{'s' * (n != 1)}" if n else ""
    if days < 1:
        hours = round(days * 24)
        return f"{hours} hour{'s' * (hours != 1)}" if hours else ""
    if days < 10 and round(days, 1) != round(days):  # "1.5 days", as profiles give the median
        return f"{round(days, 1)} days"
    n = round(days)
    return f"{n} day{'s' * (n != 1)}"


def copies_view(edges: list[Edge], metas: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies made of an article, with the copying article's metadata."""
    out = []
    for e in edges:
        meta = metas.get(e.copy_id) if e.copy_id is not None else None
        v = article_view(meta or {"id": e.copy_id, "url": e.copy_url})
        v.update(
            relation=e.relation.value, relation_label=relation_label(e.relation), score=round(e.score, 2),
            credits_source=e.credits_source,
            names_other_source=e.names_other_source,
        )
        out.append(v)
    return out


def body_paragraphs(text: str, limit: int = MAX_BODY) -> tuple[list[str], bool]:
    """The body split into paragraphs, clipped to ``limit`` characters; (paragraphs, clipped)."""
    clipped = len(text) > limit
    head = text[:limit]
    paras = [p.strip() for p in re.split(r"\n\s*\n", head) if p.strip()]
    return [clip(p, MAX_SENTENCE * 2) for p in paras[:300]], clipped


def trace_view(tr: Trace, copies_meta: dict[int, dict[str, Any]] | None = None,
               reach: int | None = None) -> dict[str, Any]:
    """Everything the article page and the report show about one trace; ``reach``: how many
    articles derive from it in all (through copies of copies too), when known."""
    chain = [link_view(ln) for ln in tr.chain]
    sites = [clip(ln.copy.site, MAX_SITE) if ln.copy.site else "an unknown site" for ln in tr.chain]
    for ln, c in zip(tr.chain, chain, strict=True):
        for v, carried in zip(c["inherited"], ln.inherited, strict=False):
            v["made"] = carried_note(carried, sites)
    origin = article_view(tr.origin)
    art = article_view(tr.article)
    path = [article_view(ln.source) for ln in tr.chain] + [art] if tr.chain else [art]
    for v in (origin, art, *path, *(c["source"] for c in chain)):
        v["outlet"] = outlet_view(tr.outlets.get(v["site_key"] or ""))
    paras, clipped = body_paragraphs(tr.article.text)
    def changed(c: dict[str, Any]) -> int:
        return sum(a["kind"] in CHANGED_KINDS for a in c["alterations"])

    n_alt = sum(changed(c) for c in chain)
    n_added = sum(a["kind"] == "quote_added" for c in chain for a in c["alterations"])
    n_dropped = sum(a["kind"] == "quote_dropped" for c in chain for a in c["alterations"])
    # where along the chain: the page lists each step's alterations under that step
    steps_altered = [f"{changed(c)} from {c['source']['site'] or 'an unknown site'} to "
                     f"{c['target']['site'] or 'an unknown site'}" for c in chain if changed(c)]
    return {
        "article": art,
        "origin": origin,
        "is_origin": not tr.chain,
        "stored": tr.stored,
        "chain": chain,
        "path": path,
        "copies": copies_view(tr.copies, copies_meta or {}),
        "alterations": n_alt,
        "quotes_added": n_added,
        "quotes_dropped": n_dropped,
        # the same story on other sites, and the site's own related articles (its text under another
        # address, reused or rewritten, or a follow-up): listed apart, best first; a page traced on
        # the fly gets them from its comparisons
        "same_story": [article_view(r.article) for r in tr.same_story],
        "same_site": [article_view(r.article) for r in tr.same_site],
        "alterations_where": "; ".join(steps_altered) if len(chain) > 1 else "",
        # what the article still prints of the earlier steps' changes to the origin
        "carried": carried_text(tr, sites),
        "body": paras,
        "body_clipped": clipped,
        "body_chars": len(tr.article.text),
        "trimmed": [clip(t, 200) for t in tr.article.trimmed[:20]],
        "verdict": verdict_text(tr, chain, reach),
        "doubt": tr.direction_doubt(),
        "credits": [
            {"outlet": outlet_view(c["outlet"]), "domain": clip(c["outlet"]["domains"][0], 120),
             "how": clip(c["how"], 300)}
            for c in tr.origin_credits
        ],
    }


def outlet_view(o: dict[str, Any] | None) -> dict[str, str] | None:
    """A known outlet's display fields (its label "RT, Russia: state media" and note), or None."""
    if not o:
        return None
    return {"label": clip(o["label"], 160), "note": clip(o["note"], 200)}


def verdict_text(tr: Trace, chain: list[dict[str, Any]], reach: int | None = None) -> str:
    """One sentence an editor can read first."""
    if not chain:
        n = len(tr.copies)
        if n:
            more = reach - n if reach is not None else 0
            also = f" ({reach} articles derive from it in all, {more} of them through other copies)" \
                if more > 0 else ""
            return (
                f"No earlier source was found: this article is an origin in this corpus, "
                f"and {n} cop{'ies' if n != 1 else 'y'} of it {'were' if n != 1 else 'was'} found{also}."
            )
        return "No earlier source and no copies were found in this corpus."
    first, last = chain[0], chain[-1]
    origin = first["source"]
    when = f" ({origin['published'][:10]})" if origin["published"] else ""
    steps = len(chain)
    via = "" if steps == 1 else f" through {steps - 1} intermediate cop{'ies' if steps > 2 else 'y'}"
    lag = f", {last['lag_text']}" if steps == 1 and last["lag_text"] else ""
    known = origin.get("outlet")
    who = f" ({known['label']})" if known else ""
    names = {True: "names", False: "does not name"}.get(last["credits_source"])
    direct = "" if steps == 1 else f" direct source ({last['source']['site'] or 'an unknown site'})"
    credit = f" It {names} its{direct or ' source'}." if names else ""
    if last.get("names_other_source"):
        credit += " It names another source (a wire service or agency)."
    label = last["relation_label"]
    # against the origin: a word-for-word copy of an altered copy prints the alterations it kept
    # (of a spun copy, "word for word" would be wrong: the sentence on what it carries says it)
    facts = sum(c.alteration.kind in CHANGED_KINDS for c in tr.from_origin)
    if all(c["relation"] == "verbatim_copy" for c in chain) and facts:  # what an editor reads
        many = "s" * (facts != 1)
        label += f" (word for word but for {facts} altered quote{many}, number{many} or name{many})"
    return (
        f"This article is a {label} of an article by {origin['site'] or 'an unknown site'}"
        f"{who}{when}{via}{lag}.{credit}"
    )
