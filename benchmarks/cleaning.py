"""Quality and speed of the line-role cleaner (body-line precision / recall / F1).

    python benchmarks/cleaning.py [--vims DIR] [--repeat N]

Page sets:

- ``fixtures dev`` / ``fixtures held-out``: ``tests/data/pages`` (annotated flat-text pages in
  many site styles; the held-out pages were written after the rules, in batches, one row
  each; see their README for the first-run scores of each batch);
- ``worked examples``: the two NATO-Russia pages of the shared examples, when present;
- ``ViMs plain`` (with ``--vims DIR``, default ``/work/shared/data/vims-dev`` when present):
  each ViMs article laid out as a plain page (title, lead, body paragraphs, no chrome). It
  measures how much real article text the rules throw away (precision is 1 by construction).
- ``ViMs in furniture`` (with the ViMs directory): 600 ViMs articles, each set in the page
  furniture of one fixture page (its header, byline block, the chrome runs found between its
  paragraphs, put between the article's paragraphs at seeded random places, and its footer),
  in the fixture's blank-line style: real article text in other sites' chrome. Lines that
  ViMs itself carries in its text (captions, dates, ads) count as body here, so recall below
  the ``ViMs plain`` row's is what the furniture costs.

Columns: the cleaner's body-line P/R/F1; the keep-every-non-blank-line baseline's F1; jusText's
F1 (its Vietnamese stop-list, each line a ``<p>``) when ``justext`` is importable, else
``n/a`` (it is not a dependency); and the mean cleaning time per page.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402
from diemtin.evaluate.lines import gold_line_indices  # noqa: E402
from diemtin.text.boilerplate import assign_roles  # noqa: E402
from diemtin.text.normalize import normalize_text  # noqa: E402
from diemtin.types import LineRole  # noqa: E402

PAGES = ROOT / "tests" / "data" / "pages"
EXAMPLES = Path("/work/shared/examples/nato-russia")
DEFAULT_VIMS = Path("/work/shared/data/vims-dev")
# 1-based body lines (lead included) of the worked examples, read off the pages by hand.
EXAMPLE_BODY = {"000_": {3, 7, 9, 11, 13, 15}, "003_": {5, 7, 9, 13, 15, 17, 19, 21}}

Page = tuple[list[str], set[int]]  # normalised lines, indices of body lines
Counts = tuple[int, int, int]


def fixture_pages(split: str, batch: int | None = None) -> list[Page]:
    out: list[Page] = []
    for js in sorted(PAGES.glob("*.json")):
        gold = json.loads(js.read_text(encoding="utf-8"))
        if gold["split"] != split or (batch is not None and int(gold.get("batch", 1)) != batch):
            continue
        lines = normalize_text(js.with_suffix(".txt").read_text(encoding="utf-8")).split("\n")
        out.append((lines, gold_line_indices(lines, gold["body"])))
    return out


def example_pages() -> list[Page]:
    out: list[Page] = []
    for prefix, body in EXAMPLE_BODY.items():
        for path in sorted(EXAMPLES.glob(f"{prefix}*.txt")):
            lines = normalize_text(path.read_text(encoding="utf-8")).split("\n")
            out.append((lines, {i - 1 for i in body}))
    return out


def vims_pages(root: Path) -> list[Page]:
    out: list[Page] = []
    for path in sorted(root.glob("*/original/*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        head, _, content = text.partition("Content:")
        meta = dict(line.split(":", 1) for line in head.split("\n") if ":" in line)
        title, lead = meta.get("Title", "").strip(), meta.get("Summary", "").strip()
        body = [line.strip() for line in content.split("\n") if line.strip()]
        if not (title and lead and body):
            continue
        lines = [title, "", lead]
        for para in body:
            lines += ["", para]
        out.append((lines, {i for i in range(2, len(lines)) if lines[i]}))
    return out


def _fixture_furniture() -> list[tuple[list[str], list[str], list[list[str]], list[str], bool]]:
    """(head up to the title, lines between title and lead, chrome runs inside the body,
    tail after the last body line, blank-line style) of every fixture page."""
    out = []
    for js in sorted(PAGES.glob("*.json")):
        gold = json.loads(js.read_text(encoding="utf-8"))
        lines = normalize_text(js.with_suffix(".txt").read_text(encoding="utf-8")).split("\n")
        title = normalize_text(gold["title"]).strip()
        body = [normalize_text(b).strip() for b in gold["body"]]
        idx: list[int] = []
        for i, line in enumerate(lines):
            if len(idx) < len(body) and line.strip() == body[len(idx)]:
                idx.append(i)
        t = next(i for i, line in enumerate(lines) if line.strip() == title)
        between = lines[t + 1 : idx[0]]
        runs: list[list[str]] = []
        for a, b in pairwise(idx):
            run = [line for line in lines[a + 1 : b] if line.strip()]
            if run and a == idx[0]:
                between += run  # right under the lead: the byline block, the top photo
            elif run:
                runs.append(run)
        blank = any(not line.strip() for line in lines[idx[0] : idx[-1]])
        out.append((lines[:t], between, runs, lines[idx[-1] + 1 :], blank))
    return out


def furniture_pages(root: Path, count: int = 600, seed: int = 0) -> list[Page]:
    rng = random.Random(seed)
    plain = vims_pages(root)
    rng.shuffle(plain)
    styles = _fixture_furniture()
    out: list[Page] = []
    for n, (vlines, _gold) in enumerate(plain[:count]):
        title, lead = vlines[0], vlines[2]
        body = [line for line in vlines[4:] if line]
        head, between, runs, tail, blank = styles[n % len(styles)]
        sep = [""] if blank else []
        lines = [*head, title, *between, lead]
        gold = {len(lines) - 1}
        slots = rng.sample(range(1, len(body)), min(len(runs), len(body) - 1)) if body else []
        at = dict(zip(sorted(slots), runs, strict=False))
        for k, para in enumerate(body):
            for extra in at.get(k, []):
                lines += [*sep, extra]
            lines += [*sep, para]
            gold.add(len(lines) - 1)
        out.append(([*lines, *sep, *tail], gold))
    return out


def cleaner(lines: list[str]) -> set[int]:
    return {
        i for i, ln in enumerate(assign_roles(lines)) if ln.role in (LineRole.LEAD, LineRole.BODY)
    }


def keep_all(lines: list[str]) -> set[int]:
    return {i for i, line in enumerate(lines) if line.strip()}


def make_justext() -> Callable[[list[str]], set[int]] | None:
    try:
        import justext  # type: ignore[import-not-found]
    except ImportError:
        return None
    from html import escape

    stoplist = justext.get_stoplist("Vietnamese")

    def run(lines: list[str]) -> set[int]:
        idx = [i for i, line in enumerate(lines) if line.strip()]
        html = (
            "<html><body>" + "".join(f"<p>{escape(lines[i])}</p>" for i in idx) + "</body></html>"
        )
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        good = {" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate}
        return {i for i in idx if " ".join(lines[i].split()) in good}

    return run


def score(pages: Iterable[Page], fn: Callable[[list[str]], set[int]]) -> Counts:
    tp = fp = fn_ = 0
    for lines, gold in pages:
        pred = fn(lines)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn_ += len(gold - pred)
    return tp, fp, fn_


def prf(counts: Counts) -> tuple[float, float, float]:
    tp, fp, fn = counts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ms_per_page(pages: list[Page], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for lines, _gold in pages:
            assign_roles(lines)
        best = min(best, time.perf_counter() - start)
    return best / max(len(pages), 1) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--vims", type=Path, default=DEFAULT_VIMS, help="ViMs directory (optional)")
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats (best is kept)")
    args = ap.parse_args(argv)

    batches = sorted(
        {
            int(json.loads(js.read_text(encoding="utf-8")).get("batch", 1))
            for js in PAGES.glob("*.json")
            if json.loads(js.read_text(encoding="utf-8"))["split"] == "heldout"
        }
    )
    dev, heldout = fixture_pages("dev"), fixture_pages("heldout")
    sets: list[tuple[str, list[Page]]] = [("fixtures dev", dev)]
    sets += [(f"held-out batch {b}", fixture_pages("heldout", b)) for b in batches]
    sets += [("fixtures held-out", heldout), ("fixtures all", dev + heldout)]
    if EXAMPLES.is_dir():
        sets.append(("worked examples", example_pages()))
    if args.vims and args.vims.is_dir():
        sets.append(("ViMs plain", vims_pages(args.vims)))
        sets.append(("ViMs in furniture", furniture_pages(args.vims)))
    just = make_justext()

    head = f"{'page set':<18} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'keep-all F1':>11} {'jusText F1':>10} {'ms/page':>8}"
    print(head)
    print("-" * len(head))
    for name, pages in sets:
        p, r, f = prf(score(pages, cleaner))
        base = prf(score(pages, keep_all))[2]
        jt = f"{prf(score(pages, just))[2]:.3f}" if just else "n/a"
        ms = ms_per_page(pages, args.repeat)
        print(
            f"{name:<18} {len(pages):>5} {p:>6.3f} {r:>6.3f} {f:>6.3f} {base:>11.3f} {jt:>10} {ms:>8.3f}"
        )
    print(
        f"\nmachine: {machine()}; load average {os.getloadavg()[0]:.1f} (timings are the best of --repeat runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
