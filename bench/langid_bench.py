"""Language identification on short news paragraphs: py3langid, lingua and langdetect (issue #22).

English paragraphs are the 1-3 sentence paragraphs of the GUM news and interview texts
(`bench/gold/gum/texts/`); French paragraphs are our own sentences (`bench/data/langid_fr.txt`) plus
the 1-3 sentence paragraphs of `corpus/algeria-mali-fr/` when that corpus exists. Each detector is
scored twice: restricted to the languages argmap has a package for (what `argmap.lang.detect` does)
and unrestricted (all the languages the library knows: does a French paragraph come out Catalan?),
on the whole paragraphs and on their first four words (a headline-sized text). The last row is
`argmap.lang.detect` itself: its accuracy is over the texts it answers; "(a+b -> default)" counts
the paragraphs and 4-word prefixes it leaves to the caller's default (too short, or unsure). Speed is the mean
time per paragraph after a warm-up call, and the load time of the first call.

Run: python bench/langid_bench.py [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUM_TEXTS = ROOT / "bench" / "gold" / "gum" / "texts"
FR_OWN = ROOT / "bench" / "data" / "langid_fr.txt"
FR_CORPUS = ROOT / "corpus" / "algeria-mali-fr"
ARGMAP = "argmap.lang.detect"
SENT_END = re.compile(r"[.!?»\"”')]\s+(?=[A-Z«\"“À-Ý])")


def short_paragraphs(text: str) -> list[str]:
    """Paragraphs of 1-3 sentences and at least 3 words (front matter of a corpus file left out)."""
    if text.startswith("---"):
        text = text.split("---", 2)[-1]
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if len(para.split()) < 3 or para.startswith("#"):
            continue
        if len(SENT_END.findall(para)) + 1 <= 3:
            out.append(para)
    return out


def load_eval(limit: int) -> list[tuple[str, str]]:
    en = []
    for path in sorted(GUM_TEXTS.glob("GUM_*.txt")):
        if "_news_" in path.name or "_interview_" in path.name:
            en += short_paragraphs(path.read_text(encoding="utf-8"))
    fr = [line.strip() for line in FR_OWN.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    if FR_CORPUS.is_dir():
        for path in sorted(FR_CORPUS.glob("*.md")) + sorted(FR_CORPUS.glob("*.txt")):
            if path.name.lower() != "readme.md":
                fr += short_paragraphs(path.read_text(encoding="utf-8"))
    return [(t, "en") for t in en[:limit]] + [(t, "fr") for t in fr[:limit]]


def detectors(langs: list[str]):
    """name -> builder of (restricted classify, unrestricted classify); each returns an ISO 639-1 code or None.

    A builder loads its library's model, so timing it (and the first call) is the load time."""
    out = {}

    def build_py3langid():
        import py3langid
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        restricted.set_languages(langs)
        return (lambda t: restricted.classify(t)[0], lambda t: py3langid.classify(t)[0])

    out["py3langid 0.4 (BSD-3-Clause)"] = build_py3langid

    def build_lingua():
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in langs]
        lin_r = LanguageDetectorBuilder.from_languages(*wanted).build()
        lin_all = LanguageDetectorBuilder.from_all_languages().build()
        return (lambda t: lingua_code(lin_r, t), lambda t: lingua_code(lin_all, t))

    def lingua_code(detector, text):
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else None

    out["lingua 2.1 (Apache-2.0)"] = build_lingua

    import langdetect
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # langdetect samples n-grams at random; a fixed seed makes it deterministic

    def ld_restricted(text):
        try:
            probs = {p.lang: p.prob for p in langdetect.detect_langs(text)}
        except langdetect.LangDetectException:
            return None
        best = max(langs, key=lambda c: probs.get(c, 0.0))
        return best if probs.get(best, 0.0) > 0 else None

    def ld_all(text):
        try:
            return langdetect.detect(text)
        except langdetect.LangDetectException:
            return None

    out["langdetect 1.0.9 (Apache-2.0)"] = lambda: (ld_restricted, ld_all)

    def build_argmap():
        # what argmap ships: py3langid restricted, with its short-text and confidence floors; an
        # abstention returns the default, here "und" (counted apart below, not as an error)
        sys.path.insert(0, str(ROOT / "src"))
        from argmap.lang import detect

        def run(t):
            got = detect(t, default="und", languages=langs)
            return got

        return (run, run)

    out[ARGMAP] = build_argmap
    return out


def score(classify, items) -> tuple[float, list[tuple[str, str, str | None]]]:
    """Accuracy over the answered items (an "und" abstention is left out) and the misses."""
    wrong, answered = [], 0
    for text, gold in items:
        got = classify(text)
        if got == "und":
            continue
        answered += 1
        if got != gold:
            wrong.append((gold, got, text))
    return 1 - len(wrong) / max(answered, 1), wrong


def abstentions(classify, items) -> int:
    return sum(classify(text) == "und" for text, _ in items)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="at most this many paragraphs per language")
    ap.add_argument("--show-errors", action="store_true", help="print the misclassified paragraphs")
    args = ap.parse_args(argv)
    langs = ["en", "fr"]
    items = load_eval(args.limit)
    short = [(" ".join(t.split()[:4]), g) for t, g in items]
    n_en = sum(g == "en" for _, g in items)
    print(f"{n_en} English and {len(items) - n_en} French paragraphs "
          f"(mean {sum(len(t.split()) for t, _ in items) / len(items):.0f} words); 4-word prefixes of the same")
    print(f"{'detector':44} {'restricted':>10} {'4 words':>8} {'all langs':>9} {'4w all':>7} {'load s':>7} {'ms/para':>8}")
    for name, build in detectors(langs).items():
        t0 = time.perf_counter()
        restricted, unrestricted = build()
        restricted("warm up the model")
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        acc, wrong = score(restricted, items)
        per = (time.perf_counter() - t0) / len(items) * 1000
        acc4, wrong4 = score(restricted, short)
        acc_all, wrong_all = score(unrestricted, items)
        acc4_all, _ = score(unrestricted, short)
        if name == ARGMAP:
            acc_all = acc4_all = float("nan")  # always restricted
            name += f" ({abstentions(restricted, items)}+{abstentions(restricted, short)} -> default)"
        print(f"{name:44} {acc:10.3f} {acc4:8.3f} {acc_all:9.3f} {acc4_all:7.3f} {load:7.2f} {per:8.2f}")
        if args.show_errors:
            for gold, got, text in wrong + wrong4 + wrong_all:
                print(f"    {gold} -> {got}: {text[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
