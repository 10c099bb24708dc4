"""Score argmap's source resolution (claim -> actor id) on real news: GUM's coreference chains as gold.

    python bench/eval_actors.py [--which gum-dev|gum-test|gum] [--genre news|interview] [--verbose]
                                [--engine whole|prefilter|pieces] [--src /work/shared/gum] [--model NAME]

Gold: the GUM attributions (bench/gold/gum/{dev,test}/, credits left out) and GUM's coreference
(`coref/*.tsv`, aligned to our texts by bench/gold/gum_coref.py). A gold attribution's **gold entity**
is the coreference chain of the mention its source refers to (`CorefDoc.mention_for`: the mention
containing the source's head word that best matches the source's tokens; "Officials" -> the chain of
"officials", "he" -> the chain "he" belongs to). Attributions without a source or whose source overlaps
no mention have no gold entity and are not scored.

argmap runs on each whole text (`build_nlp`, `resolve_document` with an empty `Registry()`; `--engine prefilter`
or `pieces`: the way `argmap extract` runs, `parallel.Extractor` parsing pieces, with or without the pre-filter,
as in `bench/eval_extract.py`); its claims
are matched to the gold by content exactly as `bench/eval_extract.py` does for GUM (credits and the
claims overlapping them left out, `goldlib.match_jaccard`). Over the matched pairs with a gold entity
("statements"):

* **B3 doc**: B-cubed precision / recall / F1 of argmap's actor ids against the gold entities, one
  clustering per document, micro-averaged over statements; a claim whose actor is None is a singleton.
* **B3 pooled**: one clustering of all statements of the split: an actor id is one cluster across
  documents; gold entities are document-local except that chains carrying the same GUM Wikipedia
  identity ("United_States", "NASA", "Wikinews") are one entity across documents. `doc-local` gives the
  same with every gold entity document-local (cross-document merging can then only cost precision).
* **accuracy**: a statement is right when its actor id is the one its gold entity maps to; per
  document, each gold entity maps to the actor id most of its statements got, one-to-one (an actor id
  is the mapping of at most one entity, largest count first; None is never right). **pronoun**: the
  same over the statements whose gold source mention is a pronoun ("he", "I", "we", "who", "his").
* counts: statements scored, their pronoun share, the share with no actor, actors per gold entity
  (distinct argmap clusters among an entity's statements, None each its own; mean over the entities
  of each document), gold entities per actor (mean over the non-None actor ids of each document), and
  the share of statements whose argmap source span overlaps the gold source (the rest are extraction
  errors of the source, not resolution errors) with the accuracy on those; for reference, the B3 doc
  of the trivial baseline that gives every statement an actor of its own (precision 1).

`gum-test` is for reporting only: `--verbose` (the wrong statements) refuses it (exit 2).

`--pronoun-survey` (gum-dev only) is a wider development check of the pronoun resolver than the
statements give: every "he", "she", "they", "it" of gum-dev that is a subject (UD nsubj*) and whose
coreference chain has an earlier non-pronoun mention of a person or organisation, resolved by the
resolver as it stands once the document's claims are resolved (`Resolver._antecedent`; first and
second person and an interview's turns are left out). A resolution counts as right when a word of the
actor's name (three letters or more) occurs in a mention of the gold chain: a lenient judge, for
comparing versions, not a score to report. With `--verbose`, the misses.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "gold"))
import gum_coref  # noqa: E402
from goldlib import bcubed_average, bcubed_items, find_gold, majority_mapping, match_jaccard, overlap, without_credits  # noqa: E402

from argmap.extract.actors import Registry, resolve_document  # noqa: E402
from argmap.ingest import read_document  # noqa: E402
from argmap.pipeline import build_nlp  # noqa: E402

SPLITS = ("gum-dev", "gum-test")


@dataclass
class Statement:
    doc: str
    gold_id: str
    chain: int
    identity: str | None
    pronoun: bool
    actor: str | None
    gold_source: str
    gold_entity: str            # a readable name of the chain
    pred_source: str | None
    source_ok: bool             # argmap's source span overlaps the gold source


@dataclass
class Split:
    label: str
    statements: list[Statement] = field(default_factory=list)
    n_gold: int = 0                  # gold attributions, credits left out
    n_entity: int = 0                # ... with a gold entity
    n_matched: int = 0               # ... matched by a claim
    how: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def run_doc(nlp, gd, src: Path, split: Split, engine: str = "whole") -> None:
    doc = read_document(gd.doc_path)
    if doc.sha256 != gd.data.get("sha256"):
        print(f"warning: {gd.name}: text changed since the gold was written (sha256 differs)", file=sys.stderr)
    cd = gum_coref.load(gd.doc_path.stem, src)
    split.problems += cd.problems
    if cd.text != doc.text:
        split.problems.append(f"{gd.name}: read_document's text differs from the file (offsets may be off)")
    if engine == "whole":
        claims, _ = resolve_document(nlp(doc.text), doc, Registry())
    else:
        from argmap.parallel import Extractor, Settings

        got = next(Extractor(Settings(prefilter=engine == "prefilter", registry=Registry()), nlp=nlp).run([doc]))
        claims = got.claims
    gold, claims = without_credits(gd.data["attributions"], claims)
    m = match_jaccard(gold, claims, doc.text)
    split.n_gold += len(gold)
    for gi, g in enumerate(gold):
        mention, how = cd.mention_for(g["source"])
        split.how[how] = split.how.get(how, 0) + 1
        if mention is None:
            continue
        split.n_entity += 1
        if gi not in m:
            continue
        split.n_matched += 1
        c = claims[m[gi]]
        split.statements.append(Statement(
            doc=gd.doc_path.stem, gold_id=g["id"], chain=mention.chain, identity=cd.chain_identity(mention.chain),
            pronoun=mention.pronoun, actor=c.actor, gold_source=" ".join(doc.text[s:e] for s, e in g["source"]),
            gold_entity=f"{cd.chain_name(mention.chain)} #{mention.chain}", pred_source=c.source_text,
            source_ok=overlap(g["source"], c.spans.source) > 0))


def score(split: Split) -> dict:
    st = split.statements
    by_doc: dict[str, list[Statement]] = {}
    for s in st:
        by_doc.setdefault(s.doc, []).append(s)
    doc_items, singleton_items, right, actors_per_entity, entities_per_actor = [], [], [], [], []
    for ss in by_doc.values():
        gold = [s.chain for s in ss]
        pred = [s.actor for s in ss]
        doc_items += bcubed_items(gold, pred)
        singleton_items += bcubed_items(gold, [None] * len(gold))
        mapping = majority_mapping(gold, pred)
        right += [(s.actor is not None and mapping.get(s.chain) == s.actor, s.pronoun, s.source_ok) for s in ss]
        for chain in dict.fromkeys(gold):
            got = [s.actor for s in ss if s.chain == chain]
            actors_per_entity.append(len({a for a in got if a is not None}) + sum(a is None for a in got))
        for actor in dict.fromkeys(a for a in pred if a is not None):
            entities_per_actor.append(len({s.chain for s in ss if s.actor == actor}))
    pred_all = [s.actor for s in st]
    linked = [("identity", s.identity) if s.identity else (s.doc, s.chain) for s in st]
    local = [(s.doc, s.chain) for s in st]
    n = len(st)
    n_pron = sum(s.pronoun for s in st)
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return {
        "set": split.label, "gold": split.n_gold, "with_entity": split.n_entity, "how": dict(split.how),
        "statements": n, "pronoun_share": n_pron / n if n else 0.0, "no_actor": sum(a is None for a in pred_all) / n if n else 0.0,
        "entities": len(actors_per_entity), "docs": len(by_doc),
        "b3_doc": bcubed_average(doc_items), "b3_singletons": bcubed_average(singleton_items),
        "b3_pooled": bcubed_average(bcubed_items(linked, pred_all)),
        "b3_pooled_local": bcubed_average(bcubed_items(local, pred_all)),
        "accuracy": mean([r for r, _, _ in right]), "pronoun_accuracy": mean([r for r, p, _ in right if p]), "pronouns": n_pron,
        "source_ok": mean([ok for _, _, ok in right]), "accuracy_source_ok": mean([r for r, _, ok in right if ok]),
        "actors_per_entity": mean(actors_per_entity), "entities_per_actor": mean(entities_per_actor),
    }


def fmt(row: dict) -> str:
    b3 = lambda t: f"P {t[0]:.2f} R {t[1]:.2f} F1 {t[2]:.2f}"  # noqa: E731
    how = ", ".join(f"{k} {v}" for k, v in sorted(row["how"].items()))
    return (f"{row['set']:22s} statements {row['statements']:4d} (pronoun {row['pronoun_share']:.2f}, no actor {row['no_actor']:.2f})"
            f"  B3 doc {b3(row['b3_doc'])}  pooled {b3(row['b3_pooled'])} (doc-local gold {b3(row['b3_pooled_local'])})"
            f"  accuracy {row['accuracy']:.2f} pronoun {row['pronoun_accuracy']:.2f} ({row['pronouns']})"
            f"  actors/entity {row['actors_per_entity']:.2f} entities/actor {row['entities_per_actor']:.2f}"
            f"\n{'':22s}   gold attributions {row['gold']} (credits left out), with a gold entity {row['with_entity']}"
            f" (source -> mention: {how}); matched by content: {row['statements']}; {row['entities']} gold entities"
            f" in {row['docs']} documents"
            f"\n{'':22s}   argmap's source overlaps the gold source in {row['source_ok']:.2f} of the statements; accuracy on those"
            f" {row['accuracy_source_ok']:.2f}; B3 doc of the all-singletons baseline: {b3(row['b3_singletons'])}")


def wrong_cases(split: Split) -> list[str]:
    out = []
    by_doc: dict[str, list[Statement]] = {}
    for s in split.statements:
        by_doc.setdefault(s.doc, []).append(s)
    for doc, ss in by_doc.items():
        mapping = majority_mapping([s.chain for s in ss], [s.actor for s in ss])
        for s in ss:
            if s.actor is None or mapping.get(s.chain) != s.actor:
                out.append(f"  ~ {doc} {s.gold_id}{' [pronoun]' if s.pronoun else ''}: gold source {s.gold_source!r} = "
                           f"{s.gold_entity!r} (maps to {mapping.get(s.chain)}) | got actor={s.actor} src={s.pred_source!r}"
                           f"{'' if s.source_ok else ' (not the gold source)'}")
    return out


def claims_and_entities(nlp, doc, engine: str = "whole") -> tuple[list, list]:
    """The claims (actors not resolved) and named entities the resolver gets for `doc`: from a parse
    of the whole text, or as `parallel.Extractor` gives them (`prefilter`: the pre-filtered pieces and
    the names `unparsed_names` finds in the skipped text; `pieces`: every piece)."""
    from argmap.extract.to_claims import to_claims

    if engine == "whole":
        return to_claims(nlp(doc.text), doc, 0)
    from argmap.extract.actors import unparsed_names
    from argmap.extract.quotes import find_quotes
    from argmap.parallel import Extractor, Settings

    ex = Extractor(Settings(prefilter=engine == "prefilter", registry=Registry()), nlp=nlp)
    quotes = find_quotes(doc.text) if ex.triggers is not None else None
    spans = ex.spans(doc.text, quotes)
    claims, ents = [], []
    for (s, e), sdoc in zip(spans, nlp.pipe(doc.text[s:e] for s, e in spans)):
        c, en = to_claims(sdoc, doc, s, quotes=quotes)
        claims += c
        ents += en
    if ex.triggers is not None:
        ents += unparsed_names(doc.text, spans)
    return claims, ents


def pronoun_survey(nlp, src: Path = gum_coref.DEFAULT_SRC, verbose: bool = False, genre: str | None = None,
                   engine: str = "whole") -> dict:
    """See the module docstring (`--pronoun-survey`); gum-dev only."""
    import re

    from argmap.extract.actors import Resolver

    tally = {"pronouns": 0, "right": 0, "none": 0, "wrong": 0}
    for gd in find_gold("gum-dev"):
        if genre and not gd.name.startswith(f"GUM_{genre}_"):
            continue
        doc = read_document(gd.doc_path)
        cd = gum_coref.load(gd.doc_path.stem, src)
        claims, ents = claims_and_entities(nlp, doc, engine)
        resolver = Resolver(Registry(), doc, ents)
        resolver.contents = [span for c in claims for span in c.spans.content]
        resolver.claims = claims
        for c in sorted(claims, key=lambda c: c.spans.source[0][0] if c.spans.source else c.spans.cue[0][0] if c.spans.cue else 0):
            resolver.resolve(c)
        chains: dict[int, list] = {}
        for m in cd.mentions.values():
            chains.setdefault(m.chain, []).append(m)
        for m in sorted(cd.mentions.values(), key=lambda m: m.start):
            low = m.text.lower()
            if low not in {"he", "she", "they", "it"} or not cd.toks[m.head].deprel.startswith("nsubj"):
                continue
            before = [x for x in chains[m.chain] if x.start < m.start and not x.pronoun]
            if not before or before[-1].entity not in {"person", "organization"}:
                continue
            said = resolver._interviewee_speaks(m.text, m.start, claims[0] if claims else None)
            if (said[0] if isinstance(said, tuple) else said is not None):  # older resolvers returned the actor
                continue
            actor = resolver._antecedent(low, m.start)
            mentions = " ".join(x.text.lower() for x in chains[m.chain])
            words = [w.lower() for w in re.findall(r"[\w'-]{3,}", actor.name)] if actor else []
            right = any(w in mentions for w in words if w not in {"the", "and", "colleagues", "government", "of"})
            tally["pronouns"] += 1
            tally["right" if right else "none" if actor is None else "wrong"] += 1
            if verbose and not right:
                context = doc.text[max(0, m.start - 120) : m.start + 30].replace("\n", " / ")
                print(f"  ~ {gd.doc_path.stem} {m.text!r} gold={before[-1].text[:30]!r} got={actor.id if actor else None} | ...{context}")
    return tally


def evaluate(which: str = "gum-dev", verbose: bool = False, model: str | None = None, src: Path = gum_coref.DEFAULT_SRC,
             genre: str | None = None, engine: str = "whole") -> list[dict]:
    sets = list(SPLITS) if which == "gum" else [which]
    if verbose and "gum-test" in sets:
        raise ValueError("--verbose is refused on gum-test: the test split is for reporting only")
    nlp = build_nlp(model)
    rows = []
    for s in sets:
        golds = find_gold(s)
        if genre:
            golds = [g for g in golds if g.name.startswith(f"GUM_{genre}_")]
        split = Split(f"argmap/{s}" + (f"/{genre}" if genre else "") + (f" [{engine}]" if engine != "whole" else ""))
        for gd in golds:
            run_doc(nlp, gd, src, split, engine)
        for p in split.problems:
            print(f"alignment: {p}", file=sys.stderr)
        if verbose:
            print("\n".join(wrong_cases(split)))
        rows.append(score(split))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--which", default="gum-dev", choices=[*SPLITS, "gum"], help="gum: both splits, one row each")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the wrong statements (not on gum-test)")
    ap.add_argument("--genre", choices=["news", "interview"], default=None)
    ap.add_argument("--src", type=Path, default=gum_coref.DEFAULT_SRC, help="GUM sources (dep/, coref/)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--engine", choices=["whole", "prefilter", "pieces"], default="whole",
                    help="whole text at once (default), or as `argmap extract` runs: pieces with / without the pre-filter")
    ap.add_argument("--pronoun-survey", action="store_true",
                    help="gum-dev only: every subject he/she/they/it with a person or organisation antecedent (see above)")
    args = ap.parse_args()
    if args.pronoun_survey:
        if args.which != "gum-dev":
            print("error: --pronoun-survey reads gum-dev only", file=sys.stderr)
            sys.exit(2)
        t = pronoun_survey(build_nlp(args.model), args.src, args.verbose, args.genre, args.engine)
        n = t["pronouns"] or 1
        print(f"gum-dev{'' if args.engine == 'whole' else f' [{args.engine}]'} subject pronouns with a person or organisation antecedent: {t['pronouns']}; right {t['right'] / n:.2f}, "
              f"unresolved {t['none'] / n:.2f}, wrong {t['wrong'] / n:.2f}")
        return
    if args.verbose and args.which != "gum-dev":
        print("error: --verbose is refused on gum-test: the test split is for reporting only; "
              "read wrong cases on gum-dev (--which gum-dev --verbose)", file=sys.stderr)
        sys.exit(2)
    for row in evaluate(args.which, args.verbose, args.model, args.src, args.genre, args.engine):
        print(fmt(row))


if __name__ == "__main__":
    main()
