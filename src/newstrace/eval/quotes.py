"""Quote and attribution extraction measured on PolNeAR, beside textacy's ``direct_quotations``.

PolNeAR (``../shared/data/quotes/polnear``, brat stand-off files) annotates every attribution in
1,008 US political news articles: a Source (speaker), a Cue and a Content span joined by an
``Attribution`` event (``Attribution-no-source`` when no speaker is named). Content and source spans
may be discontinuous (a quote interrupted by "he said"). The data stays outside the repository.

What is scored (all over word tokens, ``\\w+`` runs, so quote marks and punctuation at the edges of a
span never matter):

- a predicted and a gold content span *match (overlap)* when the words they share are at least
  half of the longer of the two (OVERLAP_MIN), and *match (exact)* when they hold the same words;
  predictions and gold are paired one to one, greedily by overlap;
- ``all``: every gold attribution against every prediction (direct and indirect);
- ``direct``: gold attributions whose content opens with a quote mark, against predictions of kind
  ``direct``; a predicted direct quote that matches any gold attribution (for instance a partial quote
  inside reported speech) counts as correct for precision;
- ``speaker_accuracy``: over matched pairs whose gold has a Source span, the share where the predicted
  speaker mention shares a word with the gold source span (or the resolved speaker's text equals it).

Articles annotated by several annotators are scored against the first annotation file in name order.
The baseline is textacy's ``direct_quotations`` run on the very same spaCy parse; it gives up on a
document whose quote-mark count is odd (``bailed_documents``). ``textacy_per_paragraph`` runs it on
each paragraph instead, so one unbalanced mark costs one paragraph only.

Run: ``python -m newstrace.eval.quotes [--split test] [--limit N] [--json] [--root DIR]
[--fidelity REUSE_JSONL]``; :func:`evaluate_fidelity` scores :func:`newstrace.quotes.fidelity` on a reuse
set with planted alterations (``newstrace eval make-reuse-set``).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import quotes as Q
from ._common import default_data_root

POLNEAR_DIR = Path("quotes") / "polnear"
"""Where PolNeAR lives under the data root (``$NEWSTRACE_DATA`` or ``../shared/data``)."""
OVERLAP_MIN = 0.5
"""Two spans match (overlap) when their shared words are at least this share of the longer span."""

_QUOTE_OPEN = frozenset("\"“„«»‘‚'")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"^([TE]\d+)\t(.*)$")


@dataclass(slots=True)
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False


@dataclass(slots=True)
class Prediction:
    content: list[tuple[int, int]]
    kind: str
    mention: tuple[int, int] | None = None
    speaker: str | None = None


def read_ann(path: Path) -> list[GoldAttribution]:
    """Attributions of one brat ``.ann`` file (Attribution and Attribution-no-source events)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        ident, rest = m.groups()
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            typ, _, offs = head.partition(" ")
            frags = []
            for part in offs.split(";"):
                nums = part.split()
                if len(nums) == 2 and nums[0].isdigit() and nums[1].isdigit():
                    frags.append((int(nums[0]), int(nums[1])))
            spans[ident] = (typ, frags)
        else:
            args: dict[str, list[str]] = {}
            for a in rest.split():
                role, _, ref = a.partition(":")
                args.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(args)
    out = []
    for ev in events:
        if "Attribution" not in ev and "Attribution-no-source" not in ev:
            continue
        content = sorted(f for r in ev.get("Content", []) if r in spans for f in spans[r][1])
        if not content:
            continue
        out.append(
            GoldAttribution(
                content=content,
                source=sorted(f for r in ev.get("Source", []) if r in spans for f in spans[r][1]),
                cue=sorted(f for r in ev.get("Cue", []) if r in spans for f in spans[r][1]),
            )
        )
    return out


def _is_direct(text: str, content: list[tuple[int, int]]) -> bool:
    s, e = content[0]
    frag = text[s:e].lstrip()
    return bool(frag) and frag[0] in _QUOTE_OPEN


Article = tuple[str, str, list[GoldAttribution]]  # (name, text, gold attributions)


def load_split(root: Path, split: str, limit: int | None = None) -> list[Article]:
    """(name, text, gold attributions) for each article of a split, in name order."""
    base = root / "data" / split
    out = []
    texts = sorted((base / "text").glob("*.txt"))
    anns = sorted((base / "attributions").glob("*.ann"))
    by_article: dict[str, Path] = {}
    for a in anns:
        name = a.stem.rsplit("_", 1)[0]
        by_article.setdefault(name, a)
    for t in texts:
        if t.stem not in by_article:
            continue
        text = t.read_text(encoding="utf-8")
        gold = read_ann(by_article[t.stem])
        for g in gold:
            g.direct = _is_direct(text, g.content)
        out.append((t.stem, text, gold))
        if limit is not None and len(out) >= limit:
            break
    return out


class _Words:
    """Word-token indexes of a text, to turn character spans into sets of words."""

    def __init__(self, text: str) -> None:
        self.starts = [m.start() for m in _WORD.finditer(text)]

    def of(self, frags: Sequence[tuple[int, int]]) -> frozenset[int]:
        out: set[int] = set()
        for s, e in frags:
            i = bisect.bisect_left(self.starts, s)
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        return frozenset(out)


def _match(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairs (gold index, pred index, overlap) with overlap >= OVERLAP_MIN."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            inter = len(g & p)
            if not inter:
                continue
            ov = inter / max(len(g), len(p))
            if ov >= OVERLAP_MIN:
                cands.append((ov, gi, pi))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    ug: set[int] = set()
    up: set[int] = set()
    out = []
    for ov, gi, pi in cands:
        if gi in ug or pi in up:
            continue
        ug.add(gi)
        up.add(pi)
        out.append((gi, pi, ov))
    return out


@dataclass(slots=True)
class _Tally:
    pred: int = 0
    gold: int = 0
    tp_pred: int = 0  # predictions matched (overlap)
    tp_gold: int = 0  # gold matched (overlap)
    exact_pred: int = 0
    exact_gold: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0

    def summary(self) -> dict[str, Any]:
        def prf(tp_p: int, tp_g: int) -> dict[str, float]:
            p = tp_p / self.pred if self.pred else 0.0
            r = tp_g / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

        return {
            "predicted": self.pred,
            "gold": self.gold,
            "overlap": prf(self.tp_pred, self.tp_gold),
            "exact": prf(self.exact_pred, self.exact_gold),
            "speaker_accuracy": (
                round(self.speaker_ok / self.speaker_total, 4) if self.speaker_total else None
            ),
            "speaker_pairs": self.speaker_total,
        }


def _speaker_ok(text: str, words: _Words, g: GoldAttribution, p: Prediction) -> bool:
    if p.mention is not None and words.of([p.mention]) & words.of(g.source):
        return True
    if p.speaker:
        gold_src = " ".join(text[s:e] for s, e in g.source).strip().lower()
        return p.speaker.strip().lower() == gold_src
    return False


def _score(
    text: str, gold: list[GoldAttribution], preds: list[Prediction], tallies: dict[str, _Tally]
) -> None:
    words = _Words(text)
    gsets = [words.of(g.content) for g in gold]
    psets = [words.of(p.content) for p in preds]
    # all attributions
    t = tallies["all"]
    t.gold += len(gold)
    t.pred += len(preds)
    pairs = _match(gsets, psets)
    t.tp_pred += len(pairs)
    t.tp_gold += len(pairs)
    exact = sum(1 for gi, pi, _ in pairs if gsets[gi] == psets[pi])
    t.exact_pred += exact
    t.exact_gold += exact
    for gi, pi, _ in pairs:
        if gold[gi].source:
            t.speaker_total += 1
            t.speaker_ok += _speaker_ok(text, words, gold[gi], preds[pi])
    # direct quotes
    d = tallies["direct"]
    dpred = [i for i, p in enumerate(preds) if p.kind == "direct"]
    d.pred += len(dpred)
    d.gold += sum(1 for g in gold if g.direct)
    dpairs = _match(gsets, [psets[i] for i in dpred])
    d.tp_pred += len(dpairs)
    d.exact_pred += sum(1 for gi, pj, _ in dpairs if gsets[gi] == psets[dpred[pj]])
    for gi, pj, _ in dpairs:
        if not gold[gi].direct:
            continue
        d.tp_gold += 1
        d.exact_gold += gsets[gi] == psets[dpred[pj]]
        if gold[gi].source:
            d.speaker_total += 1
            d.speaker_ok += _speaker_ok(text, words, gold[gi], preds[dpred[pj]])


def predict(text: str, doc: Any = None) -> list[Prediction]:
    """newstrace's attributions for one article, as scored here."""
    return [
        Prediction(content=list(a.fragments), kind=a.kind, mention=a.mention, speaker=a.speaker)
        for a in Q.extract_attributions(text, "en", doc=doc)
    ]


def _textacy_triples(doc: Any) -> list[Prediction] | None:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        for tr in direct_quotations(doc):
            c = tr.content
            sp = sorted(tr.speaker, key=lambda t: t.i)
            mention = (sp[0].idx, sp[-1].idx + len(sp[-1].text)) if sp else None
            out.append(
                Prediction(
                    content=[(c.start_char, c.end_char)],
                    kind="direct",
                    mention=mention,
                    speaker=" ".join(t.text for t in sp) or None,
                )
            )
    except ValueError:  # textacy gives up on an odd number of quote marks
        return None
    return out


def predict_textacy(doc: Any, *, per_paragraph: bool = False) -> tuple[list[Prediction], bool]:
    """textacy's direct_quotations on a spaCy parse: (predictions, gave_up)."""
    if not per_paragraph:
        res = _textacy_triples(doc)
        return (res or [], res is None)
    out: list[Prediction] = []
    gave_up = False
    start = 0
    toks = list(doc)
    for i, tok in enumerate(toks + [None]):
        if tok is None or (tok.is_space and "\n" in tok.text):
            if i > start:
                span = doc[start:i]
                sub = span.as_doc()
                base = span.start_char
                res = _textacy_triples(sub)
                if res is None:
                    gave_up = True
                    res = []
                for p in res:
                    p.content = [(s + base, e + base) for s, e in p.content]
                    if p.mention:
                        p.mention = (p.mention[0] + base, p.mention[1] + base)
                out.extend(res)
            start = i + 1
    return out, gave_up


def textacy_version() -> str | None:
    try:
        import textacy

        return str(textacy.__version__)
    except ImportError:
        return None


def evaluate_quotes(
    root: Path | None = None, split: str = "test", limit: int | None = None
) -> dict[str, Any]:
    """Precision, recall and F1 of content spans (overlap and exact) for direct quotes and for all
    attributions, and speaker accuracy, for newstrace and textacy side by side on a PolNeAR split
    (``root`` defaults to ``<data root>/quotes/polnear``).

    Returns ``{"skipped": reason}`` when the data folder is missing.
    """
    root = Path(root) if root is not None else default_data_root() / POLNEAR_DIR
    if not (root / "data" / split / "text").is_dir():
        return {"skipped": f"PolNeAR data not found at {root}/data/{split} (see ../shared/data/README.md)"}
    t0 = time.perf_counter()
    articles = load_split(root, split, limit)
    has_textacy = textacy_version() is not None
    systems = ["newstrace"] + (["textacy", "textacy_per_paragraph"] if has_textacy else [])
    tallies = {s: {"all": _Tally(), "direct": _Tally()} for s in systems}
    bailed = 0
    secs = {s: 0.0 for s in systems}
    parse_s = 0.0
    for _name, text, gold in articles:
        t1 = time.perf_counter()
        doc = Q.parse(text)
        parse_s += time.perf_counter() - t1
        t1 = time.perf_counter()
        _score(text, gold, predict(text, doc), tallies["newstrace"])
        secs["newstrace"] += time.perf_counter() - t1
        if has_textacy and doc is not None:
            t1 = time.perf_counter()
            preds, gave_up = predict_textacy(doc)
            bailed += gave_up
            _score(text, gold, preds, tallies["textacy"])
            secs["textacy"] += time.perf_counter() - t1
            t1 = time.perf_counter()
            preds, _ = predict_textacy(doc, per_paragraph=True)
            _score(text, gold, preds, tallies["textacy_per_paragraph"])
            secs["textacy_per_paragraph"] += time.perf_counter() - t1
    result: dict[str, Any] = {
        "data": str(root),
        "split": split,
        "articles": len(articles),
        "gold_attributions": tallies["newstrace"]["all"].gold,
        "gold_direct": tallies["newstrace"]["direct"].gold,
        "overlap_min": OVERLAP_MIN,
        "spacy_model": Q.SPACY_MODEL,
        "parse_seconds": round(parse_s, 2),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    for s in systems:
        result[s] = {k: v.summary() for k, v in tallies[s].items()}
        result[s]["extract_seconds"] = round(secs[s], 2)
    if has_textacy:
        result["textacy"]["version"] = textacy_version()
        result["textacy"]["bailed_documents"] = bailed
    else:
        result["textacy"] = {"skipped": "textacy is not installed (pip install textacy)"}
    return result


# --------------------------------------------------------------------------------------------------
# Fidelity on a reuse set with planted alterations
# --------------------------------------------------------------------------------------------------

FIDELITY_KINDS = ("quote_altered", "number_changed", "name_changed")
"""Planted kinds scored by :func:`evaluate_fidelity` (others are reported but not scored)."""


def _strip_marks(s: str) -> str:
    return s.strip().strip("".join(Q.QUOTE_CHARS)).strip(" ,.;:")


SPUN_QUOTE_MIN_SHARE = 0.6
"""A reported copy quote is the planted one when it shares this share of the shorter's words."""


def _word_share(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _planted_match(kind: str, planted: dict[str, Any], alt: Any) -> bool:
    """Does a reported alteration correspond to a planted one?"""
    if kind == "quote_altered":
        # The source quote must be the planted one; the copy's version may differ from the planted
        # text where a later spin of the copy changed more words inside the same quote.
        ps, pc = _strip_marks(planted.get("source", "")), _strip_marks(planted.get("copy", ""))
        src, cpy = alt.source or "", alt.copy or ""
        same_copy = pc[:40] in cpy or cpy[:40] in pc or _word_share(pc, cpy) >= SPUN_QUOTE_MIN_SHARE
        return bool(ps and pc) and (ps[:40] in src or src[:40] in ps) and same_copy
    if kind == "number_changed":
        ps, pc = str(planted.get("source")), str(planted.get("copy"))
        return ps in (alt.source or "") and pc in (alt.copy or "")
    if kind == "name_changed":
        return (planted.get("source"), planted.get("copy")) == (alt.source, alt.copy)
    return False


def _explained(alt: Any, planted: list[dict[str, Any]]) -> bool:
    """A quote alteration whose changed words are those of a planted number or name change."""
    changed = [(a, b) for op, a, b in alt.diff if op != "equal"]
    if not changed:
        return False
    for a, b in changed:
        if not any(
            str(p.get("source", "")) in a and str(p.get("copy", "")) in b
            for p in planted
            if p.get("kind") in ("number_changed", "name_changed")
        ):
            return False
    return True


def evaluate_fidelity(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Precision and recall of :func:`newstrace.quotes.fidelity` on a reuse set whose copies carry
    ``planted`` alterations (``newstrace eval make-reuse-set``): each copy is compared with its direct
    source (``source_url``). A reported quote_altered, number_changed or name_changed counts as correct
    when it matches a planted one of its kind; in a copy whose quotes were spun on purpose
    (``quotes_spun``), every quote_altered counts as correct. Also reported: verbatim copies with no
    planted alteration on which anything at all was flagged (must be 0)."""
    path = Path(path)
    if not path.is_file():
        return {"skipped": f"reuse set not found at {path} (make it with `newstrace eval make-reuse-set`)"}
    from .reuse import load_records

    problems: list[str] = []
    records = load_records(path, problems=problems)
    by_url = {r.get("url"): r for r in records if r.get("url")}
    tp = {k: 0 for k in FIDELITY_KINDS}
    reported = {k: 0 for k in FIDELITY_KINDS}
    planted_n = {k: 0 for k in FIDELITY_KINDS}
    found_n = {k: 0 for k in FIDELITY_KINDS}
    spun_quotes = spun_found = 0
    verbatim_clean = verbatim_flagged = 0
    other: dict[str, int] = {}
    examples: list[dict[str, Any]] = []
    copies = [r for r in records if r.get("source_url") in by_url and r.get("text")]
    if limit is not None:
        copies = copies[:limit]
    t0 = time.perf_counter()
    for r in copies:
        src = by_url[r["source_url"]]
        alts = Q.fidelity(src.get("text") or "", r["text"], lang=r.get("lang") or "en")
        planted = [p for p in r.get("planted") or [] if isinstance(p, dict)]
        spun = any(p.get("kind") == "quotes_spun" for p in planted)
        if r.get("relation") == "verbatim_copy" and not planted:
            verbatim_clean += 1
            verbatim_flagged += bool(alts)
        used: set[int] = set()
        for a in alts:
            if a.kind not in FIDELITY_KINDS:
                other[a.kind] = other.get(a.kind, 0) + 1
                continue
            reported[a.kind] += 1
            hit = next(
                (
                    i
                    for i, p in enumerate(planted)
                    if i not in used and p.get("kind") == a.kind and _planted_match(a.kind, p, a)
                ),
                None,
            )
            if hit is not None:
                used.add(hit)
                tp[a.kind] += 1
            elif spun and a.kind == "quote_altered":
                tp[a.kind] += 1
            elif a.kind == "quote_altered" and _explained(a, planted):
                tp[a.kind] += 1  # a planted number or name change that fell inside quote marks
            elif len(examples) < 20:
                examples.append(
                    {
                        "url": r.get("url"),
                        "variant": r.get("variant"),
                        "kind": a.kind,
                        "source": (a.source or "")[:120],
                        "copy": (a.copy or "")[:120],
                    }
                )
        for i, p in enumerate(planted):
            k = p.get("kind")
            if k in FIDELITY_KINDS:
                planted_n[k] += 1
                found_n[k] += i in used
        if spun:
            spun_quotes += 1
            spun_found += any(a.kind == "quote_altered" for a in alts)
    per_kind = {}
    for k in FIDELITY_KINDS:
        prec = tp[k] / reported[k] if reported[k] else 0.0
        rc = found_n[k] / planted_n[k] if planted_n[k] else 0.0
        per_kind[k] = {
            "reported": reported[k],
            "correct": tp[k],
            "planted": planted_n[k],
            "found": found_n[k],
            "precision": round(prec, 4),
            "recall": round(rc, 4),
        }
    scored = ("quote_altered", "number_changed")
    tp_qn = sum(tp[k] for k in scored)
    rep_qn = sum(reported[k] for k in scored)
    pl_qn = sum(planted_n[k] for k in scored)
    fd_qn = sum(found_n[k] for k in scored)
    return {
        "data": str(path),
        "copies": len(copies),
        "record_problems": problems[:20],
        "quotes_and_numbers": {
            "precision": round(tp_qn / rep_qn, 4) if rep_qn else 0.0,
            "recall": round(fd_qn / pl_qn, 4) if pl_qn else 0.0,
            "reported": rep_qn,
            "planted": pl_qn,
        },
        "per_kind": per_kind,
        "quotes_spun_copies": spun_quotes,
        "quotes_spun_detected": spun_found,
        "verbatim_copies_without_planted": verbatim_clean,
        "verbatim_copies_flagged": verbatim_flagged,
        "other_alterations": dict(sorted(other.items())),
        "false_positive_examples": examples,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_quotes`' result."""
    if "skipped" in result:
        return f"skipped: {result['skipped']}"
    lines = [
        (
            f"PolNeAR {result['split']}: {result['articles']} articles, "
            f"{result['gold_attributions']} attributions ({result['gold_direct']} direct quotes); "
            f"overlap >= {result['overlap_min']}"
        ),
        f"{'system':<22}{'set':<8}{'P':>7}{'R':>7}{'F1':>7}  {'exact P':>8}{'R':>7}{'F1':>7}  {'speaker':>8}",
    ]
    for s in ("newstrace", "textacy", "textacy_per_paragraph"):
        r = result.get(s)
        if not r or "skipped" in r:
            if r:
                lines.append(f"{s:<22}{r['skipped']}")
            continue
        for k in ("direct", "all"):
            m = r[k]
            o, x = m["overlap"], m["exact"]
            spk = "-" if m["speaker_accuracy"] is None else f"{m['speaker_accuracy']:.3f}"
            lines.append(
                f"{s:<22}{k:<8}{o['precision']:>7.3f}{o['recall']:>7.3f}{o['f1']:>7.3f}  "
                f"{x['precision']:>8.3f}{x['recall']:>7.3f}{x['f1']:>7.3f}  {spk:>8}"
            )
    if "bailed_documents" in result.get("textacy", {}):
        bailed = result["textacy"]["bailed_documents"]
        lines.append(f"textacy gave up on {bailed} articles (odd quote-mark count)")
    return "\n".join(lines)


def format_fidelity(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_fidelity`' result."""
    if "skipped" in result:
        return f"skipped: {result['skipped']}"
    qn = result["quotes_and_numbers"]
    lines = [
        f"fidelity on {result['data']}: {result['copies']} copies",
        f"{'kind':<22}{'reported':>9}{'planted':>9}{'P':>8}{'R':>8}",
        (
            f"{'quotes + numbers':<22}{qn['reported']:>9}{qn['planted']:>9}"
            f"{qn['precision']:>8.3f}{qn['recall']:>8.3f}"
        ),
    ]
    for k, m in result["per_kind"].items():
        lines.append(f"{k:<22}{m['reported']:>9}{m['planted']:>9}{m['precision']:>8.3f}{m['recall']:>8.3f}")
    lines.append(
        f"verbatim copies flagged: {result['verbatim_copies_flagged']} of "
        f"{result['verbatim_copies_without_planted']}; quotes spun on purpose detected: "
        f"{result['quotes_spun_detected']} of {result['quotes_spun_copies']}"
    )
    lines += [f"skipped or noted: {m}" for m in result.get("record_problems", [])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newstrace.eval.quotes``: print the table (or JSON with ``--json``); exit 0, also when
    the data is missing (the result then says ``skipped``)."""
    ap = argparse.ArgumentParser(prog="newstrace eval quotes", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--root", type=Path, default=None, help="PolNeAR folder (default: <data root>/quotes/polnear)"
    )
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles (or copies)")
    ap.add_argument(
        "--fidelity",
        type=Path,
        default=None,
        metavar="REUSE_JSONL",
        help="also score fidelity on a reuse set with planted alterations",
    )
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    result = evaluate_quotes(args.root, args.split, args.limit)
    fid = evaluate_fidelity(args.fidelity, args.limit) if args.fidelity is not None else None
    if args.json:
        if fid is not None:
            result = {"polnear": result, "fidelity": fid}
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_table(result))
        if fid is not None:
            print()
            print(format_fidelity(fid))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
