"""GUM's coreference (WebAnno TSV 3.2, `coref/<doc>.tsv`) aligned to our GUM texts (bench/gold/gum/texts/).

    python bench/gold/gum_coref.py [--src /work/shared/gum]    # check every document, print the problems

The TSV's character offsets refer to GUM's own text, not ours, so they are not used: the TSV lists the
same word tokens, in the same order, as `dep/<doc>.conllu`, from which bench/gold/gum_convert.py rebuilt
our text, so TSV row k is conllu word k and takes that word's offsets in our text (checked: same number
of words, same forms, same sentence breaks; every difference is listed in `CorefDoc.problems`).

* **Mention** = one `webanno.custom.Referent` span (its `[id]`): entity type, information status, the
  Wikipedia identity GUM gives some mentions, its tokens and `[start, end)` character span in our text,
  its head (the first token whose UD head lies outside the mention) and `pronoun` (every token of the
  mention is UPOS `PRON` in the gold UD tree: "he", "I", "who", "his", "this", "themselves").
* **Chain** = a connected component of the identity relations (`webanno.custom.Coref` types `coref`,
  `ana`, `cata`, `appos`, `pred`, `disc`; the `bridge:*` relations link different entities and are left
  out). A mention without such a link is a chain of its own. The chain id is the smallest mention id
  in the chain.
* `CorefDoc.mention_for(spans)`: the mention a source span refers to (see its docstring).

Source: Georgetown University Multilayer Corpus (GUM), Zeldes (2017), texts from Wikinews (CC BY 2.5),
annotations CC BY 4.0.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gum_convert import DEFAULT_SRC, Tok, read_conllu  # noqa: E402

TEXTS = HERE / "gum" / "texts"
#: relation types that say two mentions are the same entity (GUM: lexical coreference, anaphora,
#: cataphora, apposition, predication, discourse deixis); `bridge:*` is not identity
IDENTITY = frozenset({"coref", "ana", "cata", "appos", "pred", "disc"})
_VALUE = re.compile(r"^(?P<value>.*?)(?:\[(?P<id>\d+)\])?$")
_TARGET = re.compile(r"^(?P<addr>\d+-\d+)\[(?P<target>\d+)_(?P<source>\d+)\]$")


@dataclass
class Mention:
    id: int
    first: int                  # document token index of the first / last token (inclusive)
    last: int
    start: int                  # character span in our text
    end: int
    entity: str                 # person, organization, place, abstract, event, object, time, ...
    infstat: str                # new, giv:act, giv:inact, acc:com, acc:inf, ...
    identity: str | None        # GUM's Wikipedia identity ("Charles_Bolden"), else None
    head: int                   # document token index of the mention's head
    pronoun: bool
    text: str
    chain: int = -1

    @property
    def ntoks(self) -> int:
        return self.last - self.first + 1


@dataclass
class Relation:
    type: str                   # coref, ana, cata, appos, pred, disc, bridge:def, ...
    source: int                 # mention id of the row the relation is written on
    target: int                 # mention id it points to
    row: int                    # document token index of that row
    addr: int                   # document token index of the target address


@dataclass
class CorefDoc:
    name: str
    text: str
    toks: list[Tok]
    mentions: dict[int, Mention]
    relations: list[Relation]
    chains: dict[int, list[Mention]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def chain_identity(self, chain: int) -> str | None:
        """GUM's Wikipedia identity of a chain (the most frequent one of its mentions), else None."""
        ids = Counter(m.identity for m in self.chains[chain] if m.identity)
        return ids.most_common(1)[0][0] if ids else None

    def chain_name(self, chain: int) -> str:
        """A readable name for a chain: its first mention that is not a pronoun, else its first mention."""
        ms = self.chains[chain]
        return next((m.text for m in ms if not m.pronoun), ms[0].text)

    def tokens_in(self, spans: list) -> list[int]:
        """Document token indices of the tokens that overlap the character spans."""
        return [t.i for t in self.toks if any(t.start < e and s < t.end for s, e in spans)]

    def mention_for(self, spans: list) -> tuple[Mention | None, str]:
        """The mention a (source) span refers to, and how it was found:

        * `head`: the source's head is its first non-punctuation token whose UD head lies outside the
          source; among the mentions that contain that token, the one with the best token Jaccard with
          the source, ties to the shorter mention, then the lower id ("NASA Administrator Charles
          Bolden" -> that whole mention, not "NASA"; "Smith and Jones" -> the coordination, not "Smith";
          a relative "who" -> the tightest noun phrase around it, the one it belongs to);
        * `overlap`: no mention contains the head: the overlapping mention with the best token Jaccard
          (ties likewise);
        * `none`: no mention overlaps the source (or the source is empty): (None, "none").
        """
        src = self.tokens_in(spans)
        if not src:
            return None, "none"
        sset = set(src)
        heads = [i for i in src if self.toks[i].head is None or self.toks[i].head not in sset]
        head = next((i for i in heads if self.toks[i].upos != "PUNCT"), heads[0] if heads else src[0])

        def score(m: Mention) -> tuple:
            mt = set(range(m.first, m.last + 1))
            return (-len(mt & sset) / len(mt | sset), m.ntoks, m.id)

        having = [m for m in self.mentions.values() if m.first <= head <= m.last]
        if having:
            return min(having, key=score), "head"
        over = [m for m in self.mentions.values() if any(m.first <= i <= m.last for i in src)]
        if over:
            return min(over, key=score), "overlap"
        return None, "none"


def _values(col: str) -> list[tuple[str, int | None]]:
    if col == "_":
        return []
    out = []
    for part in col.split("|"):
        m = _VALUE.match(part)
        out.append((m.group("value"), int(m.group("id")) if m.group("id") else None))
    return out


def load(name: str, src: Path = DEFAULT_SRC, text: str | None = None) -> CorefDoc:
    """The coref mentions and chains of one GUM document, aligned to our text (bench/gold/gum/texts/)."""
    problems: list[str] = []
    if text is None:
        text = (TEXTS / f"{name}.txt").read_text(encoding="utf-8")
    conllu = read_conllu(src / "dep" / f"{name}.conllu")
    toks = conllu.toks
    if conllu.text != text:
        problems.append(f"{name}: the text rebuilt from the conllu differs from ours")
    rows = [line.split("\t") for line in (src / "coref" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    if len(rows) != len(toks):
        problems.append(f"{name}: {len(rows)} TSV tokens, {len(toks)} conllu words")
    addr = {r[0]: k for k, r in enumerate(rows)}
    prev_sent = None
    for k, (r, t) in enumerate(zip(rows, toks)):
        if r[2] != t.form:
            problems.append(f"{name}: token {r[0]}: TSV {r[2]!r} vs conllu {t.form!r}")
        sent = r[0].split("-")[0]
        if k and (sent != prev_sent) != (t.sent != toks[k - 1].sent):
            problems.append(f"{name}: token {r[0]}: sentence break differs from the conllu")
        prev_sent = sent
        if text[t.start:t.end] != t.form:
            problems.append(f"{name}: token {r[0]} {t.form!r} sits on {text[t.start:t.end]!r} in our text")

    # spans: id -> token indices and the layer's values
    spans: dict[int, list[int]] = {}
    attrs: dict[int, dict[str, str]] = {}
    for k, r in enumerate(rows[:len(toks)]):
        for col, key in ((3, "entity"), (4, "infstat"), (6, "identity")):
            for value, mid in _values(r[col]):
                if mid is None:
                    problems.append(f"{name}: token {r[0]}: a {key} value without an id ({value!r}), ignored")
                    continue
                attrs.setdefault(mid, {}).setdefault(key, value)
                if key == "entity":
                    spans.setdefault(mid, []).append(k)
    mentions: dict[int, Mention] = {}
    for mid, ks in sorted(spans.items()):
        first, last = min(ks), max(ks)
        if ks != list(range(first, last + 1)):
            problems.append(f"{name}: mention {mid} is not contiguous")
        inside = set(range(first, last + 1))
        head = next((i for i in range(first, last + 1) if toks[i].head is None or toks[i].head not in inside), first)
        a = attrs[mid]
        identity = a.get("identity")
        mentions[mid] = Mention(
            id=mid, first=first, last=last, start=toks[first].start, end=toks[last].end,
            entity=a.get("entity", "_"), infstat=a.get("infstat", "_"),
            identity=identity if identity and identity != "_" else None, head=head,
            pronoun=all(toks[i].upos == "PRON" for i in inside),
            text=text[toks[first].start:toks[last].end])
    relations: list[Relation] = []
    for k, r in enumerate(rows[:len(toks)]):
        if len(r) < 10 or r[8] == "_":
            continue
        types, targets = r[8].split("|"), r[9].split("|")
        if len(types) != len(targets):
            problems.append(f"{name}: token {r[0]}: {len(types)} relation types, {len(targets)} targets")
        for typ, tgt in zip(types, targets):
            m = _TARGET.match(tgt)
            if not m:
                problems.append(f"{name}: token {r[0]}: unreadable relation target {tgt!r}")
                continue
            s, t = int(m.group("source")), int(m.group("target"))
            if s not in mentions or t not in mentions or m.group("addr") not in addr:
                problems.append(f"{name}: token {r[0]}: relation {typ} {s} -> {t} names an unknown mention")
                continue
            relations.append(Relation(typ, s, t, k, addr[m.group("addr")]))

    # chains: union-find over the identity relations
    parent = {mid: mid for mid in mentions}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rel in relations:
        if rel.type in IDENTITY:
            a, b = find(rel.source), find(rel.target)
            if a != b:
                parent[max(a, b)] = min(a, b)
    chains: dict[int, list[Mention]] = {}
    for mid in sorted(mentions):
        m = mentions[mid]
        m.chain = find(mid)
        chains.setdefault(m.chain, []).append(m)
    for ms in chains.values():
        ms.sort(key=lambda m: (m.first, -m.last, m.id))
    doc = CorefDoc(name, text, toks, mentions, relations, chains, problems)
    for cid, ms in chains.items():
        ids = {m.identity for m in ms if m.identity}
        if len(ids) > 1:
            problems.append(f"{name}: chain {cid} ({doc.chain_name(cid)!r}) has several identities: {sorted(ids)}")
    return doc


def documents(src: Path = DEFAULT_SRC) -> list[str]:
    return sorted(p.stem for p in (src / "coref").glob("*.tsv"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    args = ap.parse_args()
    n_m = n_c = n_p = 0
    problems = []
    for name in documents(args.src):
        d = load(name, args.src)
        n_m += len(d.mentions)
        n_c += len(d.chains)
        n_p += sum(m.pronoun for m in d.mentions.values())
        problems += d.problems
    print(f"{len(documents(args.src))} documents, {n_m} mentions ({n_p} pronouns), {n_c} chains")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems")


if __name__ == "__main__":
    main()
