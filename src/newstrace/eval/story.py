"""``newstrace eval story``: story similarity against human ratings.

Two data sets (see ``../shared/data/README.md``):

- SemEval-2022 Task 8 (``story/semeval2022-task8-hfl/data/{training,testing}_set.csv``): pairs of
  news articles in 10 languages and 8 cross-language pairs, rated 1 (very similar) to 4 (very
  dissimilar) on "Overall". We report the Pearson correlation of :func:`newstrace.story.story_similarity`
  with ``(4 - Overall) / 3`` per language pair and overall. The score's model was fitted on the
  training half (``--fit`` shows how); the figure to quote is the one on the testing half.
- Gedikli et al. story chains (``story/gedikli-story-chains``): 100 English business/energy
  articles, all 4,950 pairs labelled "same story chain" by two coders. We report precision, recall
  and F1 of :func:`newstrace.story.is_same_story` against each coder.

``--fit`` fits the additive model (piecewise-linear per feature, ridge) on the training half,
reports it on the testing half and prints the tables to paste into ``newstrace/story.py``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import story
from ..extract import is_wall
from ..settings import Settings
from ._common import SEMEVAL_DIR, default_data_root, pearson, prf, print_json, print_table, skipped

GEDIKLI_DIR = Path("story") / "gedikli-story-chains"
GEDIKLI_TEXTS = "gedikli-business_energy_news_dataset-2021-06-29-article_texts.csv"
GEDIKLI_CODERS = {
    "coder1": "hand_coded/story_pairs-2021-06-29-coder1-gedikli.csv",
    "coder2": "hand_coded/story_pairs-2021-06-29-coder2-unaware_student.csv",
}
_SETTINGS = Settings()
SAME_STORY_MAX_OVERALL = 1.5
"""SemEval pairs rated Overall <= this count as 'the same story' when choosing the threshold."""

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True, slots=True)
class RatedPair:
    pair_id: str
    lang1: str
    lang2: str
    text1: str
    text2: str
    overall: float  # 1 = very similar .. 4 = very dissimilar

    @property
    def target(self) -> float:
        """The rating on the score's scale: 1 = very similar, 0 = very dissimilar."""
        return (4.0 - self.overall) / 3.0

    @property
    def has_wall(self) -> bool:
        """One of the texts is a cookie/bot-check/ad-blocker wall, not an article: extraction would
        have skipped it (``newstrace.extract.is_wall``), so newstrace never scores such a pair. Costs
        a sentence split of both texts: compute it once per pair."""
        return is_wall(self.text1, _SETTINGS) or is_wall(self.text2, _SETTINGS)


def load_semeval(root: Path, half: str, limit: int | None = None) -> list[RatedPair]:
    """One half (``training`` or ``testing``) of the SemEval-2022 Task 8 pairs."""
    path = root / SEMEVAL_DIR / f"{half}_set.csv"
    out: list[RatedPair] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            try:
                overall = float(row["Overall"])
            except (KeyError, ValueError):
                continue
            out.append(
                RatedPair(row["pair_id"], row["lang1"], row["lang2"], row["text1"], row["text2"], overall)
            )
            if limit is not None and len(out) >= limit:
                break
    return out


def load_gedikli(root: Path) -> tuple[dict[str, str], dict[str, dict[tuple[str, str], int]]]:
    """(url -> title + text, coder -> {(url_a, url_b) sorted: 0/1})."""
    base = root / GEDIKLI_DIR
    texts: dict[str, str] = {}
    with (base / GEDIKLI_TEXTS).open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            texts[row["url"].strip()] = (row.get("title") or "").strip() + "\n\n" + (row.get("text") or "")
    coders: dict[str, dict[tuple[str, str], int]] = {}
    for name, rel in GEDIKLI_CODERS.items():
        labels: dict[tuple[str, str], int] = {}
        with (base / rel).open(encoding="utf-8-sig") as f:
            for line in f:
                parts = [p.strip().rstrip(",") for p in line.strip().split(";")]
                if len(parts) != 3 or parts[2] not in ("0", "1"):
                    continue
                a, b = sorted(parts[:2])
                labels[(a, b)] = int(parts[2])
        coders[name] = labels
    return texts, coders


def _pair_key(a: str, b: str, la: str | None, lb: str | None) -> str:
    h = hashlib.sha1()
    for part in (story.FEATURES_VERSION, a, b, la or "", lb or ""):
        h.update(part.encode("utf-8", "replace") + b"\x00")
    return h.hexdigest()


def pair_features(
    pairs: list[tuple[str, str, str | None, str | None]], cache: dict[str, list[float]] | None = None
) -> list[story.StoryFeatures]:
    """Features of (text_a, text_b, lang_a, lang_b) pairs; each distinct text is embedded once.

    ``cache`` (key -> feature vector) is read and filled: features depend only on the texts and
    ``story.FEATURES_VERSION``, not on the model weights, so refits need no new embeddings.
    """
    keys = [_pair_key(*p) for p in pairs]
    todo = [i for i, k in enumerate(keys) if cache is None or k not in cache]
    index: dict[tuple[str, str | None], int] = {}
    texts: list[str] = []
    langs: list[str | None] = []
    for i in todo:
        a, b, la, lb = pairs[i]
        for t, lang in ((a, la), (b, lb)):
            if (t, lang) not in index:
                index[(t, lang)] = len(texts)
                texts.append(t)
                langs.append(lang)
    docs = story.prepare(texts, langs) if texts else []
    out: dict[int, story.StoryFeatures] = {}
    for i in todo:
        a, b, la, lb = pairs[i]
        out[i] = story.compare(docs[index[(a, la)]], docs[index[(b, lb)]])
        if cache is not None:
            cache[keys[i]] = out[i].vector()
    if cache is not None:
        for i, k in enumerate(keys):
            if i not in out:
                out[i] = story.StoryFeatures.from_vector(cache[k])
    return [out[i] for i in range(len(pairs))]


# --- fitting the additive model ---------------------------------------------------------------


def _tent_basis(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Piecewise-linear (tent) basis: coefficient j is the function's value at knot j."""
    x = np.clip(x, knots[0], knots[-1])
    basis = np.zeros((len(x), len(knots)))
    for j in range(len(knots)):
        if j > 0:
            m = (x >= knots[j - 1]) & (x <= knots[j])
            basis[m, j] = (x[m] - knots[j - 1]) / (knots[j] - knots[j - 1])
        if j < len(knots) - 1:
            m = (x >= knots[j]) & (x < knots[j + 1])
            basis[m, j] = (knots[j + 1] - x[m]) / (knots[j + 1] - knots[j])
    return basis


def _ramp_basis(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Ramps: column j rises from 0 at knot j to 1 at knot j + 1 (flat outside)."""
    return np.stack(
        [np.clip((x - knots[j]) / (knots[j + 1] - knots[j]), 0.0, 1.0) for j in range(len(knots) - 1)], axis=1
    )


def fit_model(
    feats: list[story.StoryFeatures],
    targets: list[float],
    features: tuple[str, ...] = story.FEATURES,
    n_knots: int = 6,
    alpha: float = 0.1,
    monotone: bool = True,
) -> tuple[float, dict[str, tuple[tuple[float, ...], tuple[float, ...]]]]:
    """Fit the additive model: one piecewise-linear function per feature, knots at quantiles.

    ``monotone`` (the default): every function is non-decreasing — more similar never scores
    lower — fitted by non-negative least squares on ramp increments with a ridge penalty ``alpha``
    (this also keeps the end knots, where few pairs lie, from swinging). Otherwise ridge on tent
    coefficients. Returns (bias, {feature: (knots, values)}) in the shape of ``story.MODEL``, each
    function shifted to mean zero over the training pairs (the bias holds the mean).
    """
    y = np.asarray(targets, dtype=float)
    knots: dict[str, np.ndarray] = {}
    xs: dict[str, np.ndarray] = {}
    for name in features:
        x = np.asarray([float(getattr(f, name)) for f in feats])
        k = (
            np.array([0.0, 1.0])
            if name == "same_lang"
            else np.unique(np.round(np.quantile(x, np.linspace(0, 1, n_knots)), 4))
        )
        if len(k) < 2:
            continue
        knots[name], xs[name] = k, x
    model: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {}
    if monotone:
        from scipy.optimize import nnls

        cols = [_ramp_basis(xs[n], knots[n]) for n in knots]
        design = np.hstack(cols + [np.ones((len(y), 1)), -np.ones((len(y), 1))])
        reg = np.sqrt(alpha) * np.eye(design.shape[1])
        reg[-2:, -2:] = 0.0  # no penalty on the intercept
        coef, _ = nnls(np.vstack([design, reg]), np.concatenate([y, np.zeros(design.shape[1])]), maxiter=5000)
        pos = 0
        bias = float(coef[-2] - coef[-1])
        for name, k in knots.items():
            inc = coef[pos : pos + len(k) - 1]
            values = np.concatenate([[0.0], np.cumsum(inc)])
            mean = float(np.mean(np.interp(xs[name], k, values)))
            values = values - mean
            bias += mean
            model[name] = (tuple(round(float(v), 4) for v in k), tuple(round(float(v), 4) for v in values))
            pos += len(k) - 1
        return round(bias, 4), model
    columns = [_tent_basis(xs[n], knots[n]) for n in knots]
    design = np.hstack(columns)
    mean_y = float(y.mean())
    col_mean = design.mean(axis=0)
    xc = design - col_mean
    coef = np.linalg.solve(xc.T @ xc + alpha * np.eye(xc.shape[1]), xc.T @ (y - mean_y))
    pos = 0
    for name, k in knots.items():
        c = coef[pos : pos + len(k)]
        # tent bases sum to 1 at every x, so shifting all values shifts the function: centre it
        values = c - float(col_mean[pos : pos + len(k)] @ c)
        model[name] = (tuple(round(float(v), 4) for v in k), tuple(round(float(v), 4) for v in values))
        pos += len(k)
    return round(mean_y, 4), model


def prf_at(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of "score >= ``threshold``" against ``labels``."""
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    return prf(tp, fp, fn)


def best_threshold(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """The score threshold with the best F1 for ``labels`` (returns threshold, F1)."""
    best = (0.5, -1.0)
    for t in np.unique(np.round(scores, 3)):
        f = prf_at(scores, labels, float(t))["f1"]
        if f > best[1]:
            best = (float(t), f)
    return best


# --- the evaluation -------------------------------------------------------------------------


def _semeval_report(pairs: list[RatedPair], scores: list[float], walls: list[bool]) -> dict[str, Any]:
    """Pearson per language pair and overall; ``walls[i]``: pair i holds a wall page."""
    by_lp: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_lp[f"{p.lang1}-{p.lang2}"].append(i)
    targets = [p.target for p in pairs]
    same = [i for i, p in enumerate(pairs) if p.lang1 == p.lang2]
    cross = [i for i, p in enumerate(pairs) if p.lang1 != p.lang2]
    per = {
        lp: {"n": len(ix), "pearson": pearson([scores[i] for i in ix], [targets[i] for i in ix])}
        for lp, ix in sorted(by_lp.items())
    }
    articles = [i for i, wall in enumerate(walls) if not wall]
    return {
        "n": len(pairs),
        "pearson": pearson(scores, targets),
        "articles_only": {
            "n": len(articles),
            "wall_pairs_left_out": len(pairs) - len(articles),
            "pearson": pearson([scores[i] for i in articles], [targets[i] for i in articles]),
        },
        "pearson_same_language": pearson([scores[i] for i in same], [targets[i] for i in same]),
        "pearson_cross_language": pearson([scores[i] for i in cross], [targets[i] for i in cross]),
        "by_language_pair": per,
    }


def evaluate_story(
    data_root: Path | None = None,
    *,
    limit: int | None = None,
    fit: bool = False,
    gedikli: bool = True,
    semeval: bool = True,
    cache_path: Path | None = None,
    gedikli_limit: int | None = None,
) -> dict[str, Any]:
    """Run the story evaluation; returns the JSON summary (see module docstring).

    ``limit``: at most this many SemEval pairs per half. ``gedikli_limit``: only the first that many
    Gedikli articles (all pairs among them). ``cache_path``: a JSON file of SemEval pair features,
    read and updated (speeds up refits).
    """
    root = Path(data_root) if data_root else default_data_root()
    cache: dict[str, list[float]] | None = None
    if cache_path is not None:
        cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    result: dict[str, Any] = {"data_root": str(root), "limit": limit}
    bias, model = story.MODEL_BIAS, story.MODEL
    threshold = story.SAME_STORY_THRESHOLD
    if semeval and (root / SEMEVAL_DIR).is_dir():
        train = load_semeval(root, "training", limit)
        test = load_semeval(root, "testing", limit)
        f_train = pair_features([(p.text1, p.text2, p.lang1, p.lang2) for p in train], cache)
        f_test = pair_features([(p.text1, p.text2, p.lang1, p.lang2) for p in test], cache)
        if cache is not None and cache_path is not None:
            cache_path.write_text(json.dumps(cache), encoding="utf-8")
        w_train = [p.has_wall for p in train]
        w_test = [p.has_wall for p in test]
        if fit:  # on the pairs newstrace would score: wall pages never reach the story model
            kept = [i for i, wall in enumerate(w_train) if not wall]
            bias, model = fit_model([f_train[i] for i in kept], [train[i].target for i in kept])
            tr_scores = [story.score_features(f, model, bias) for f in f_train]
            threshold, _ = best_threshold(tr_scores, [p.overall <= SAME_STORY_MAX_OVERALL for p in train])
            result["fitted"] = {"bias": bias, "model": model, "same_story_threshold": threshold}
            q_bias, q_model = fit_model([f_train[i] for i in kept], [train[i].target for i in kept],
                                        features=story.QUICK_FEATURES)
            q_train = [story.score_features(f, q_model, q_bias) for f in f_train]
            q_threshold, _ = best_threshold(q_train, [p.overall <= SAME_STORY_MAX_OVERALL for p in train])
            result["fitted_quick"] = {"bias": q_bias, "model": q_model, "same_story_threshold": q_threshold}
        s_train = [story.score_features(f, model, bias) for f in f_train]
        s_test = [story.score_features(f, model, bias) for f in f_test]
        result["semeval_test"] = _semeval_report(test, s_test, w_test)
        result["semeval_train"] = _semeval_report(train, s_train, w_train)
        singles = {}
        for name in story.FEATURES:
            if name == "same_lang":
                continue
            singles[name] = pearson([float(getattr(f, name)) for f in f_test], [p.target for p in test])
        result["semeval_test"]["single_feature_pearson"] = singles
        labels = [p.overall <= SAME_STORY_MAX_OVERALL for p in test]
        result["semeval_test"]["same_story"] = prf_at(s_test, labels, threshold) | {"threshold": threshold}
        # the quick model the linker checks its same-story pairs with (title + lead, names, numbers)
        q_bias, q_model = story.QUICK_MODEL_BIAS, story.QUICK_MODEL
        q_threshold = story.QUICK_THRESHOLD
        if fit:
            fq = result["fitted_quick"]
            q_bias, q_model, q_threshold = fq["bias"], fq["model"], fq["same_story_threshold"]
        q_test = [story.score_features(f, q_model, q_bias) for f in f_test]
        result["semeval_test"]["same_story_quick"] = prf_at(q_test, labels, q_threshold) | {
            "threshold": q_threshold, "pearson": pearson(q_test, [p.target for p in test])}
    elif semeval:
        result["semeval_skipped"] = f"not found: {root / SEMEVAL_DIR}"
    if gedikli and (root / GEDIKLI_DIR).is_dir():
        result["gedikli"] = _gedikli(root, model, bias, threshold, gedikli_limit)
    elif gedikli:
        result["gedikli_skipped"] = f"not found: {root / GEDIKLI_DIR}"
    return result


def _gedikli(
    root: Path,
    model: dict[str, tuple[tuple[float, ...], tuple[float, ...]]],
    bias: float,
    threshold: float,
    limit: int | None,
) -> dict[str, Any]:
    texts, coders = load_gedikli(root)
    urls = sorted(texts)
    if limit is not None:
        urls = urls[: max(2, limit)]
    keep = set(urls)
    docs = story.prepare([texts[u] for u in urls], ["en"] * len(urls))
    pos = {u: i for i, u in enumerate(urls)}
    scores: dict[tuple[str, str], float] = {}
    for i, a in enumerate(urls):
        for b in urls[i + 1 :]:
            key = (a, b) if a < b else (b, a)
            scores[key] = story.score_features(story.compare(docs[pos[a]], docs[pos[b]]), model, bias)
    out: dict[str, Any] = {"articles": len(urls), "pairs": len(scores), "threshold": threshold}
    for name, labels in coders.items():
        lab = {k: v for k, v in labels.items() if k[0] in keep and k[1] in keep}
        keys = [k for k in lab if k in scores]
        ks, ys = [scores[k] for k in keys], [bool(lab[k]) for k in keys]
        best_t, best_f = best_threshold(ks, ys)
        out[name] = prf_at(ks, ys, threshold) | {
            "positives": sum(lab[k] for k in keys),
            "hindsight_threshold": best_t,
            "hindsight_f1": best_f,
        }
    return out


def _print(result: dict[str, Any]) -> None:
    if "semeval_test" in result:
        te, tr = result["semeval_test"], result["semeval_train"]
        rows = [
            [lp, v["n"], v["pearson"], tr["by_language_pair"].get(lp, {}).get("pearson")]
            for lp, v in te["by_language_pair"].items()
        ]
        rows.append(["same-language", None, te["pearson_same_language"], tr["pearson_same_language"]])
        rows.append(["cross-language", None, te["pearson_cross_language"], tr["pearson_cross_language"]])
        rows.append(["ALL", te["n"], te["pearson"], tr["pearson"]])
        ao, tao = te["articles_only"], tr["articles_only"]
        label = f"ALL but {ao['wall_pairs_left_out']} pairs with a wall page"
        rows.append([label, ao["n"], ao["pearson"], tao["pearson"]])
        print_table(
            "SemEval-2022 Task 8: Pearson of story_similarity with Overall (testing half held out)",
            ["language pair", "pairs", "Pearson (test)", "Pearson (train, fitted on)"],
            rows,
        )
        ss, sq = te["same_story"], te["same_story_quick"]
        print_table(
            f"SemEval test: same story (Overall <= {SAME_STORY_MAX_OVERALL})",
            ["", "threshold", "precision", "recall", "F1", "Pearson"],
            [["is_same_story", ss["threshold"], ss["precision"], ss["recall"], ss["f1"], te["pearson"]],
             ["quick model (link's check)", sq["threshold"], sq["precision"], sq["recall"], sq["f1"],
              sq["pearson"]]],
        )
        print_table(
            "SemEval test: Pearson of single features",
            ["feature", "Pearson"],
            list(te["single_feature_pearson"].items()),
        )
    if "gedikli" in result:
        g = result["gedikli"]
        rows = []
        for name in GEDIKLI_CODERS:
            if name in g:
                v = g[name]
                rows.append(
                    [
                        name,
                        v["positives"],
                        v["precision"],
                        v["recall"],
                        v["f1"],
                        v["hindsight_threshold"],
                        v["hindsight_f1"],
                    ]
                )
        print_table(
            f"Gedikli story chains: is_same_story (threshold {g['threshold']}) vs each coder "
            f"({g['articles']} articles, {g['pairs']} pairs)",
            ["coder", "positives", "precision", "recall", "F1", "hindsight thr.", "hindsight F1"],
            rows,
        )
    if "fitted" in result:
        fitted = result["fitted"]
        print("\nFitted model (paste into newstrace/story.py):")
        print(f"MODEL_BIAS = {fitted['bias']}")
        print("MODEL = {")
        for name, (k, v) in fitted["model"].items():
            print(f'    "{name}": ({k}, {v}),')
        print("}")
        print(f"SAME_STORY_THRESHOLD = {fitted['same_story_threshold']}")
        quick = result["fitted_quick"]
        print(f"QUICK_MODEL_BIAS = {quick['bias']}")
        print("QUICK_MODEL = {")
        for name, (k, v) in quick["model"].items():
            print(f'    "{name}": ({k}, {v}),')
        print("}")
        print(f"QUICK_THRESHOLD = {quick['same_story_threshold']}")
    for key in ("semeval_skipped", "gedikli_skipped"):
        if key in result:
            print(f"skipped: {result[key]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newstrace eval story", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="data root (default ../shared/data)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many pairs per SemEval half")
    ap.add_argument("--gedikli-limit", type=int, default=None, help="only the first N Gedikli articles")
    ap.add_argument("--fit", action="store_true", help="fit the model on the training half and print it")
    ap.add_argument("--no-gedikli", action="store_true")
    ap.add_argument("--no-semeval", action="store_true")
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="JSON file caching SemEval pair features "
        "(outside the repository, e.g. build/story-features.json)",
    )
    ap.add_argument("--json", action="store_true", help="print the JSON summary")
    args = ap.parse_args(argv)
    root = args.data or default_data_root()
    if not (root / SEMEVAL_DIR).is_dir() and not (root / GEDIKLI_DIR).is_dir():
        return skipped("story data (SemEval-2022 Task 8, Gedikli)", root / "story", args.json)
    result = evaluate_story(
        root,
        limit=args.limit,
        fit=args.fit,
        gedikli=not args.no_gedikli,
        semeval=not args.no_semeval,
        cache_path=args.cache,
        gedikli_limit=args.gedikli_limit,
    )
    if args.json:
        print_json(result)
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
