"""First-contact estimate of the cleaner on real articles in other sites' chrome.

    python benchmarks/cleaning_furniture.py [--pages N] [--data DIR] [--dump FILE]
        [--furniture DIR] [--seed N]

Real corpus articles are set into the page furniture of ``benchmarks/furniture/*.txt`` (38
hand-written site layouts; see the README there). The templates were written without reading
the cleaner's rules or its fixture pages, so the score is a first-contact estimate of how the
cleaner does on unseen sites' chrome.

- AbMuSu documents (``abmusu-train/train.jsonl``): title, ``anchor_text`` as the lead and the
  ``raw_text`` lines as body paragraphs;
- ViMs articles (``vims-dev/*/original/*.txt``): ``Title:``, ``Summary:`` as the lead and the
  ``Content:`` paragraphs.

Each page: the template's head, the title, its byline block, the lead (on about half of the
pages with the template's dateline, e.g. ``(PLVN) - ``), its ``after_lead`` lines, the body
with 1-4 of the template's inserts (captions, related boxes, ads, polls, video labels) put
between paragraphs at random, and its footer. Blank-line style is drawn per page: a blank line
between every two lines, none, or blank lines only between blocks (chrome runs kept tight).
Placeholders are filled with made-up names, dates and counts, and ``{headline}`` / ``{blurb}``
with the titles and leads of other articles of the same corpus (as real "related" boxes show).
Gold = the lead and the body lines; lines that the corpus itself carries in its body (its own
captions, credits) count as body. Everything is seeded (``random.Random(0)``); the corpus is
read at run time and the script skips a corpus that is absent.

Scores: body-line precision / recall / F1 over non-blank lines for ``diemtin.clean`` (its
``Article.lines`` roles LEAD/BODY), the keep-every-line baseline's F1 and jusText's F1 (its
Vietnamese stop-list, one ``<p>`` per line) when ``justext`` is importable.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402
from cleaning import keep_all, make_justext  # noqa: E402  (one jusText harness for both)
from diemtin import clean  # noqa: E402
from diemtin.text.normalize import normalize_text  # noqa: E402
from diemtin.types import LineRole  # noqa: E402

FURNITURE = Path(__file__).resolve().parent / "furniture"
DATA = Path("/work/shared/data")

Doc = tuple[str, str, list[str]]  # title, lead, body paragraphs
Template = dict[str, list]
Page = tuple[str, str, list[str], set[int]]  # corpus, template, lines, gold body indices

NAMES = [
    "Minh Anh",
    "Hoàng Long",
    "Thu Hằng",
    "Nguyễn Hải",
    "Lê Phương Thảo",
    "Trần Quang Vinh",
    "Bảo Ngọc",
    "Phạm Tuấn",
    "Ngọc Mai",
    "Đức Thịnh",
    "Hà Linh",
    "Vũ Sơn",
    "Thanh Tùng",
    "Nguyễn Thị Lan",
    "Quốc Khánh",
    "Mai Phương",
    "Đỗ Hùng",
    "Khánh Vy",
    "Trung Kiên",
    "Lan Hương",
    "Phan Dũng",
    "Hồng Nhung",
    "Văn Chung",
    "Tuệ Minh",
    "Bùi Hoàng",
    "Kim Oanh",
]
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def load_templates(root: Path = FURNITURE) -> list[tuple[str, Template]]:
    out = []
    for path in sorted(root.glob("*.txt")):
        tpl: Template = {
            "dateline": [],
            "head": [],
            "byline": [],
            "after_lead": [],
            "insert": [],
            "foot": [],
        }
        cur: list[str] | None = None
        for raw in path.read_text(encoding="utf-8").split("\n"):
            line = raw.rstrip()
            if line.startswith(";;"):
                continue
            if line.startswith("@@ "):
                sec = line[3:].strip()
                if sec == "insert":
                    cur = []
                    tpl["insert"].append(cur)
                else:
                    cur = tpl[sec]
                continue
            if cur is not None and line.strip():
                cur.append(line.strip())
        out.append((path.stem, tpl))
    return out


def abmusu_docs(root: Path) -> list[Doc]:
    path = root / "abmusu-train" / "train.jsonl"
    if not path.is_file():
        return []
    docs: list[Doc] = []
    for row in path.read_text(encoding="utf-8").splitlines():
        for d in json.loads(row)["single_documents"]:
            title = normalize_text(d.get("title", "")).strip()
            lead = " ".join(normalize_text(d.get("anchor_text", "")).split())
            body = [" ".join(x.split()) for x in normalize_text(d.get("raw_text", "")).split("\n")]
            body = [x for x in body if x and x != lead]
            if title and lead and body:
                docs.append((title, lead, body))
    return docs


def vims_docs(root: Path) -> list[Doc]:
    docs: list[Doc] = []
    for path in sorted((root / "vims-dev").glob("*/original/*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        head, _, content = text.partition("Content:")
        meta = dict(line.split(":", 1) for line in head.split("\n") if ":" in line)
        title = meta.get("Title", "").strip()
        lead = " ".join(meta.get("Summary", "").split())
        body = [" ".join(x.split()) for x in content.split("\n") if x.strip()]
        if title and lead and body:
            docs.append((title, lead, body))
    return docs


class Filler:
    """Fills a template line's placeholders; headlines come from other articles."""

    def __init__(self, rng: random.Random, docs: list[Doc], own_title: str) -> None:
        self.rng, self.docs, self.own = rng, docs, own_title
        self.last: Doc | None = None
        self.d = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2016, 2023)

    def _sub(self, m: re.Match[str]) -> str:
        key, rng = m.group(1), self.rng
        if key == "headline":
            while True:
                doc = rng.choice(self.docs)
                if doc[0] != self.own:
                    self.last = doc
                    return doc[0]
        if key == "blurb":
            return self.last[1] if self.last else rng.choice(self.docs)[1]
        if key == "date":
            return f"{self.d[0]:02d}/{self.d[1]:02d}/{self.d[2]}"
        if key == "year":
            return str(self.d[2])
        if key == "time":
            return f"{rng.randint(5, 23):02d}:{rng.randint(0, 59):02d}"
        if key == "weekday":
            return rng.choice(WEEKDAYS)
        if key in ("author", "author2"):
            return rng.choice(NAMES)
        if key == "n":
            return str(rng.randint(2, 15))
        if key == "nn":
            return str(rng.randint(100, 9999))
        return m.group(0)

    def __call__(self, lines: list[str]) -> list[str]:
        return [re.sub(r"\{(\w+)\}", self._sub, line) for line in lines]


def build_page(
    doc: Doc, tpl: Template, docs: list[Doc], rng: random.Random
) -> tuple[list[str], set[int]]:
    title, lead, body = doc
    fill = Filler(rng, docs, title)
    style = rng.choice(["all", "none", "blocks"])
    if tpl["dateline"] and rng.random() < 0.5:
        lead = f"{rng.choice(tpl['dateline'])} {lead}"
    blocks: list[tuple[list[str], bool]] = [  # (lines, is_body)
        (fill(tpl["head"]), False),
        ([title], False),
        (fill(tpl["byline"]), False),
        ([lead], True),
        (fill(tpl["after_lead"]), False),
    ]
    k = min(rng.randint(1, 4), len(body) - 1, len(tpl["insert"]))
    slots = set(rng.sample(range(1, len(body)), k)) if k > 0 else set()
    inserts = rng.sample(tpl["insert"], k) if k > 0 else []
    for i, para in enumerate(body):
        if i in slots:
            blocks.append((fill(inserts.pop()), False))
        blocks.append(([para], True))
    blocks.append((fill(tpl["foot"]), False))
    lines: list[str] = []
    gold: set[int] = set()
    for block, is_body in blocks:
        if not block:
            continue
        for j, line in enumerate(block):
            if lines and (style == "all" or (style == "blocks" and j == 0)):
                lines.append("")
            if is_body:
                gold.add(len(lines))
            lines.append(line)
    return lines, gold


def make_pages(
    root: Path, count: int, seed: int = 0, furniture: Path = FURNITURE
) -> tuple[list[Page], list[Page]]:
    rng = random.Random(seed)
    templates = load_templates(furniture)
    pages: list[Page] = []
    plain: list[Page] = []
    corpora = [("AbMuSu", abmusu_docs(root)), ("ViMs", vims_docs(root))]
    corpora = [(name, docs) for name, docs in corpora if docs]
    for c, (name, docs) in enumerate(corpora):
        chosen = rng.sample(docs, min(count // len(corpora), len(docs)))
        for n, doc in enumerate(chosen):
            tname, tpl = templates[(n + 7 * c) % len(templates)]
            lines, gold = build_page(doc, tpl, docs, rng)
            pages.append((name, tname, lines, gold))
            plain.append((f"{name} plain (no chrome)", "-", *plain_page(doc)))
    return pages, plain


def plain_page(doc: Doc) -> tuple[list[str], set[int]]:
    """The same article with no chrome at all (title, lead, body, blank-separated)."""
    title, lead, body = doc
    lines = [title]
    for para in [lead, *body]:
        lines += ["", para]
    return lines, set(range(2, len(lines), 2))


def run_clean(lines: list[str]) -> set[int]:
    art = clean("\n".join(lines))
    if len(art.lines) != len(lines):  # should not happen: normalisation keeps line count
        raise RuntimeError(f"clean() returned {len(art.lines)} lines for {len(lines)}")
    return {i for i, ln in enumerate(art.lines) if ln.role in (LineRole.LEAD, LineRole.BODY)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DATA, help="shared data directory")
    ap.add_argument("--pages", type=int, default=600, help="pages in all (split over corpora)")
    ap.add_argument("--dump", type=Path, help="write every wrong line (JSON lines) here")
    ap.add_argument("--no-justext", action="store_true", help="skip the jusText column")
    ap.add_argument("--furniture", type=Path, default=FURNITURE, help="layout templates directory")
    ap.add_argument("--seed", type=int, default=0, help="random seed for page generation")
    args = ap.parse_args(argv)

    pages, plain = make_pages(args.data, args.pages, args.seed, args.furniture)
    if not pages:
        print(f"no corpus under {args.data}: nothing to score (skipped)")
        return 0
    just = None if args.no_justext else make_justext()
    systems: dict[str, Callable[[list[str]], set[int]]] = {"clean": run_clean, "keep-all": keep_all}
    if just:
        systems["jusText"] = just
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    elapsed = 0.0
    for corpus, tname, lines, gold in pages:
        for sname, fn in systems.items():
            start = time.perf_counter()
            pred = fn(lines)
            if sname == "clean":
                elapsed += time.perf_counter() - start
            tp, fp, fn_ = len(pred & gold), len(pred - gold), len(gold - pred)
            for key in ((corpus, sname), ("all", sname), (f"tpl:{tname}", sname)):
                c = counts[key]
                c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn_
            if dump and sname == "clean":
                for i in sorted((pred - gold) | (gold - pred)):
                    kind = "FP" if i in pred else "FN"
                    ctx = [x for x in lines[max(0, i - 3) : i + 4] if x]
                    dump.write(
                        json.dumps(
                            {
                                "kind": kind,
                                "corpus": corpus,
                                "template": tname,
                                "line": lines[i],
                                "context": ctx,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    if dump:
        dump.close()

    cols = list(systems)
    head = f"{'page set':<26} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'keep-all F1':>11} {'jusText F1':>10}"
    print(head)
    print("-" * len(head))
    n_by: dict[str, int] = defaultdict(int)
    for corpus, tname, _l, _g in pages:
        n_by[corpus] += 1
        n_by["all"] += 1
        n_by[f"tpl:{tname}"] += 1

    def row(key: str, label: str) -> str:
        p, r, f = prf(*counts[(key, "clean")])
        base = prf(*counts[(key, "keep-all")])[2]
        jt = f"{prf(*counts[(key, 'jusText')])[2]:.3f}" if "jusText" in cols else "n/a"
        return f"{label:<26} {n_by[key]:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f} {base:>11.3f} {jt:>10}"

    for key in [*dict.fromkeys(c for c, *_ in pages), "all"]:
        print(row(key, key))
    for corpus in dict.fromkeys(c for c, *_ in plain):
        tot = [0, 0, 0]
        for _c, _t, lines, gold in (p for p in plain if p[0] == corpus):
            pred = run_clean(lines)
            tot = [tot[0] + len(pred & gold), tot[1] + len(pred - gold), tot[2] + len(gold - pred)]
        p, r, f = prf(*tot)
        n = sum(1 for x in plain if x[0] == corpus)
        print(f"{corpus:<26} {n:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f} {'':>11} {'':>10}")
    print("\nper template (worst first):")
    tkeys = sorted(
        {k for k, _s in counts if k.startswith("tpl:")}, key=lambda k: (prf(*counts[(k, "clean")])[2], k)
    )
    for key in tkeys:
        print(row(key, key[4:]))
    print(f"\nclean(): {elapsed / len(pages) * 1000:.2f} ms/page")
    print(f"machine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
