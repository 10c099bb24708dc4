"""Two claims in two languages: which words of one are the other's (pure; issue #22, item 4).

No multilingual sentence encoder ships in a package we may install (the embedding model argmap uses,
all-MiniLM-L6-v2, reads English only), so two statements in different languages are compared by what
survives translation:

* numbers, as written ("2025", "48");
* names, whose letters barely change ("Tinzaouatène" / "Tinzaouaten", "Bamako");
* cognates, which French and English share across the vocabulary of news ("agression" / "aggression",
  "prémédité" / "premeditated", "trajectoire" / "trajectory", "violation", "militaire" / "military").

A word is compared in its `form`: folded to lower-case ASCII, doubled letters made single, at least
`MIN_LETTERS` letters long and not a stop word of its language (the link lexicon's `stopwords`, read
from `argmap.lang.lexicon`). Two forms are the same word when they are equal numbers, or when one
starts the other (at least five letters), or when `difflib`'s ratio of the two is at least
`MIN_RATIO` and they begin alike. `alignment` pairs the forms of two claims one to one.
"""

from __future__ import annotations

import difflib
import functools
import math
import re

from .. import lang as language
from ..lang.text import fold

#: shortest word compared (letters); shorter ones are function words in both languages
MIN_LETTERS = 5
#: difflib ratio from which two forms are one word in two languages
MIN_RATIO = 0.75
_WORD = re.compile(r"[^\W_]+")
_DOUBLE = re.compile(r"([a-z])\1+")


@functools.lru_cache(maxsize=16)
def stopwords(lang: str) -> frozenset[str]:
    """The folded stop words of language `lang`'s link lexicon (none when it has no such list)."""
    try:
        words = (language.lexicon(lang).get("link") or {}).get("stopwords") or ()
    except ValueError:
        return frozenset()
    if isinstance(words, str):
        words = words.split()
    return frozenset(fold(w) for w in words)


def forms(text: str, lang: str) -> tuple[str, ...]:
    """The comparable forms of the words of `text` (in `lang`), in order, each once."""
    stop = stopwords(lang)
    out: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if word.isdigit():
            out[word] = None
        elif len(word) >= MIN_LETTERS and word.isalpha() and word not in stop:
            out[_DOUBLE.sub(r"\1", word)] = None
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def same_word(a: str, b: str) -> bool:
    """Are forms `a` and `b` one word in two languages?"""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short):
        return True
    return a[:2] == b[:2] and difflib.SequenceMatcher(None, a, b).ratio() >= MIN_RATIO


def alignment(a: tuple[str, ...], b: tuple[str, ...]) -> list[tuple[str, str]]:
    """The forms of `a` and `b` that are the same word, paired one to one in the order of `a`."""
    free = list(b)
    pairs = []
    for x in a:
        for k, y in enumerate(free):
            if same_word(x, y):
                pairs.append((x, y))
                del free[k]
                break
    return pairs


def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of the shorter claim's forms that the other claim has too (0 when either has none)."""
    if not a or not b:
        return 0.0
    return len(alignment(a, b)) / min(len(a), len(b))


#: a restatement across languages needs this many words in common ...
MIN_WORDS = 2
#: ... making at least this share of the shorter claim's words
MIN_OVERLAP = 0.3
#: letters of a word's start that index it for candidates (cognates share their first letters)
PREFIX = 4
#: a word start shared by more claims of one body and language than this proposes no candidates (like
#: blocking's cap: "drone" in a corpus about a drone pairs everything; rare starts carry the weight)
POSTING_CAP = 40


#: claims of one document whose best partners lie in one document of the other language that make
#: the two a report of each other (a communiqué and its translation, an article and its French edition)
PAIRED_CLAIMS = 3


def restatements(texts: list[str], langs: list[str | None], bodies: list[str | None], denials: list[bool],
                 docs: list[str] | None = None) -> list[tuple[int, int, float, list[tuple[str, str]]]]:
    """The claims that say again, in another language, what a claim says: for claims `i` and `j` in
    two languages, spoken by one body (`bodies`: the actor's root; None speaks for nobody), with the
    same polarity (`denials`), whose words align (`alignment`: at least `MIN_WORDS`, `MIN_OVERLAP` of
    the shorter), each claim's best partner in the other language when it is mutual.

    Partners are ranked by the weight of the words they share (a word's weight grows with the rarity
    of its first letters among the claims: names and rare words tell statements apart). With the
    claims' documents (`docs`), two documents in two languages whose claims find their best partners
    in each other (`PAIRED_CLAIMS` of them or more) report the same statements: their claims look
    for partners there first, and one shared word is enough inside them.

    Returns (later index, earlier index, weighted overlap, aligned words), sorted. Candidates come
    from an index of the words' first `PREFIX` letters per body, so the work grows with the claims
    that share a body and a rare word start (`POSTING_CAP`), not with the square of the corpus; inside
    a pair of reports every claim of one is compared with every claim of the other (two articles)."""
    n = len(texts)
    form = [forms(texts[i], langs[i]) if langs[i] and bodies[i] else () for i in range(n)]
    index: dict[tuple[str, str, str], list[int]] = {}
    for i in range(n):
        for f in form[i]:
            index.setdefault((bodies[i], langs[i], f[:PREFIX]), []).append(i)
    others = sorted({lg for lg in langs if lg})
    # a word's weight: how rare its start is among the claims (names and rare words tell one
    # statement from another; "drone" in a corpus about a drone does not)
    df: dict[str, int] = {}
    for i in range(n):
        for key in {f[:PREFIX] for f in form[i]}:
            df[key] = df.get(key, 0) + 1
    total = max(1, sum(1 for f in form if f))
    weight = {k: math.log(1 + total / c) for k, c in df.items()}

    def mass(fs) -> float:
        return sum(weight[f[:PREFIX]] for f in fs)

    scores: dict[tuple[int, int], tuple[float, list, bool]] = {}  # (score, words, enough words alone)

    def score(i: int, j: int) -> None:
        if denials[i] != denials[j] or (i, j) in scores:
            return
        pairs = alignment(form[i], form[j])
        if not pairs:
            return
        share = len(pairs) / min(len(form[i]), len(form[j]))
        if share < MIN_OVERLAP:
            return
        weighted = mass(x for x, _ in pairs) / min(mass(form[i]), mass(form[j]))
        scores[(i, j)] = (min(1.0, weighted) + 0.01 * len(pairs), pairs, len(pairs) >= MIN_WORDS)

    for i in range(n):
        if not form[i]:
            continue
        for other in others:
            if other <= langs[i]:
                continue  # each pair of languages once: the first language looks for the second's claims
            seen: set[int] = set()
            for f in form[i]:
                post = index.get((bodies[i], other, f[:PREFIX]), ())
                if len(post) <= POSTING_CAP:
                    seen.update(post)
            for j in sorted(seen):
                score(i, j)

    def best_of(allowed) -> dict[int, tuple[float, int]]:
        best: dict[int, tuple[float, int]] = {}
        for (i, j), (s, _, _) in scores.items():
            if not allowed(i, j):
                continue
            for a, b in ((i, j), (j, i)):
                if a not in best or (s, -b) > (best[a][0], -best[a][1]):
                    best[a] = (s, b)
        return best

    plain = lambda i, j: scores[(i, j)][2]  # noqa: E731
    best = best_of(plain)
    paired: set[frozenset] = set()
    if docs is not None:
        votes: dict[frozenset, int] = {}
        for a, (_, b) in best.items():
            if a < b and best[b][1] == a:  # a mutual best votes once for its two documents
                key = frozenset((docs[a], docs[b]))
                votes[key] = votes.get(key, 0) + 1
        paired = {k for k, v in votes.items() if v >= PAIRED_CLAIMS}
        if paired:
            in_pair = {d for k in paired for d in k}
            # two reports of the same statements name their speakers each in its language ("un
            # diplomate algérien", "an Algerian diplomat" may be two actors): inside the pair, any
            # two claims are compared, whoever the resolver made their speakers
            members: dict[str, list[int]] = {}
            for i in range(n):
                if docs[i] in in_pair and langs[i]:
                    members.setdefault(docs[i], []).append(i)
            for key in paired:
                d1, d2 = sorted(key)
                for i in members.get(d1, ()):
                    for j in members.get(d2, ()):
                        if langs[i] != langs[j]:
                            a, b = (i, j) if langs[i] < langs[j] else (j, i)
                            form[a] = form[a] or forms(texts[a], langs[a])
                            form[b] = form[b] or forms(texts[b], langs[b])
                            for f in (*form[a], *form[b]):
                                weight.setdefault(f[:PREFIX], math.log(1 + total))
                            score(a, b)
            # inside a pair of reports, partners come from the other report and one word may do;
            # elsewhere, as before
            best = best_of(lambda i, j: frozenset((docs[i], docs[j])) in paired
                           or (plain(i, j) and docs[i] not in in_pair and docs[j] not in in_pair))
    # one partner each: pairs from the best score down, a claim taken once (inside a pair of reports
    # the second best goes to the second claim: "accusations that it destroyed a drone" takes the
    # accusation, "it destroyed a drone" the next); outside them only mutual bests
    inside = (lambda i, j: frozenset((docs[i], docs[j])) in paired) if paired else (lambda i, j: False)  # noqa: E731
    taken: set[int] = set()
    out = []
    for (i, j), (s, pairs, _) in sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if i in taken or j in taken or i not in best or j not in best:
            continue
        if not inside(i, j) and not (best[i][1] == j and best[j][1] == i):
            continue
        if not inside(i, j) and not plain(i, j):
            continue
        taken.update((i, j))
        out.append((max(i, j), min(i, j), round(min(1.0, s), 4), pairs))
    return sorted(out)
