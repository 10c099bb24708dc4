"""Convert GUM's Wikinews documents (RST attribution relations + gold UD trees) into argmap gold files.

    python bench/gold/gum_convert.py [--src /work/shared/gum] [--out bench/gold/gum]

Writes, deterministically (a rerun rewrites the same bytes):

* `OUT/texts/<doc>.txt` -- the running text rebuilt from `dep/<doc>.conllu`: the sentences of a
  paragraph joined by one space, paragraphs (`# newpar`) separated by a blank line, a final newline;
* `OUT/{dev,test}/<doc>.json` -- gold in the bench/gold/FORMAT.md schema, one attribution per RST
  `attribution-positive` / `attribution-negative` relation (see OUT/README.md for the conventions);
* prints the split counts and every tokenisation mismatch between the .rs4 and .conllu files.

Source: Georgetown University Multilayer Corpus (GUM), Zeldes (2017), texts from Wikinews
(CC BY 2.5), annotations CC BY 4.0.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import itertools
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = Path("/work/shared/gum")
DEFAULT_OUT = HERE / "gum"
GENRES = ("news", "interview")

# ---------------------------------------------------------------------------------------------
# the split (decided before looking at argmap's output on these documents; see README.md)


def gum_test_list(splits_md: str) -> set[str]:
    """The document names under the `## test` heading of GUM's splits.md (not `test2`)."""
    out, section = set(), None
    for line in splits_md.splitlines():
        m = re.match(r"^##\s+(\S+)\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^\s*\*\s+(\S+)\s*$", line)
        if m and section == "test":
            out.add(m.group(1))
    return out


def hash_bucket(doc: str) -> int:
    return int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 5


def split_of(doc: str, gum_test: set[str]) -> str:
    """`test` when GUM puts the document in its test list or its name hashes to bucket 0 or 1."""
    return "test" if doc in gum_test or hash_bucket(doc) in (0, 1) else "dev"


# ---------------------------------------------------------------------------------------------
# categories (bench data: predicate lemmas of the UD tree)

SPEECH = {
    "say", "tell", "add", "state", "announce", "explain", "report", "write", "tweet", "comment", "note",
    "claim", "ask", "reply", "respond", "answer", "remark", "observe", "describe", "argue", "insist",
    "warn", "predict", "confirm", "deny", "admit", "acknowledge", "mention", "declare", "testify",
    "quote", "call", "urge", "demand", "promise", "assert", "stress", "emphasize", "emphasise", "point",
    "complain", "criticize", "criticise", "praise", "joke", "reveal", "inform", "post", "blog", "publish",
    "email", "e-mail", "reiterate", "allege", "accuse", "mean", "speak", "talk", "discuss", "suggest",
    "propose", "recommend", "disclose", "vow", "pledge", "threaten", "concede", "maintain", "contend",
    "counter", "retort", "exclaim", "shout", "cry", "scream", "whisper", "theorize", "theorise",
    "recount", "indicate", "express", "chant", "sing", "read", "cite", "clarify", "elaborate",
    "highlight", "boast", "object", "protest", "question", "inquire", "enquire", "request", "order",
    "instruct", "advise", "caution", "assure", "guarantee", "swear", "notify", "quip", "continue",
    "conclude", "defend", "lie", "rule", "reason", "attribute", "label", "dub", "brand",
    # noun cues (comment, claim, quote, remark: above)
    "statement", "word", "interview", "announcement", "record", "case", "testimony", "letter", "message",
}
BELIEF = {
    "think", "believe", "feel", "know", "hope", "expect", "want", "plan", "suppose", "guess", "wonder",
    "consider", "suspect", "doubt", "fear", "imagine", "remember", "recall", "understand", "realize",
    "realise", "assume", "agree", "see", "find", "decide", "wish", "learn", "hear", "estimate",
    "determine", "notice", "intend", "prefer", "presume", "reckon", "trust", "figure", "forget",
    "discover", "perceive", "sense", "deem", "regard", "judge", "bet", "dream", "envision", "foresee",
    "anticipate", "speculate", "recognize", "recognise", "accept", "prove", "worry", "convince",
    # adjectives and nouns
    "sure", "certain", "convinced", "confident", "aware", "afraid", "hopeful", "worried",
    "conclusion", "view", "opinion", "belief", "idea", "sensation", "impression", "feeling", "mind",
}
EVIDENCE_VERBS = {  # with an inanimate subject (INANIMATE); "the report says" counts too
    "show", "find", "suggest", "reveal", "indicate", "demonstrate", "confirm", "conclude", "estimate",
    "predict", "prove", "report", "say", "state", "note", "point", "project", "document",
}
INANIMATE = {
    "study", "survey", "report", "data", "datum", "poll", "research", "analysis", "test", "result",
    "figure", "statistic", "evidence", "record", "document", "paper", "census", "finding", "findings",
    "investigation", "experiment", "index", "review", "model", "measurement", "estimate", "count",
    "audit", "inquiry", "probe", "assessment", "observation", "scan", "simulation", "trial", "sample",
    "number", "calculation", "examination", "autopsy", "footage", "video", "image", "photo", "map",
    "log", "forecast", "projection", "traffic",
}
COLON_MARKS = {":", "-", "\u2013", "\u2014", "--"}
# credits, not statements: "Image: NASA", "Video: X", "(copyright X; reprinted with permission)"
CREDIT_LABELS = {"image", "photo", "video", "audio", "copyright", "photograph", "picture"}

# ---------------------------------------------------------------------------------------------
# CoNLL-U


@dataclass
class Tok:
    i: int              # index in the document's token list
    form: str
    lemma: str
    upos: str
    deprel: str
    head: int | None    # document token index of the head, None for the root
    start: int = 0      # character offsets in the rebuilt text
    end: int = 0
    sent: int = 0
    children: list[int] = field(default_factory=list)


@dataclass
class Conllu:
    text: str
    toks: list[Tok]
    title: str | None
    problems: list[str]


def read_conllu(path: Path) -> Conllu:
    """Rebuild the running text and the word tokens (with character offsets) of one .conllu file."""
    problems: list[str] = []
    sentences = []        # (newpar, text, words, mwts) where words = [(id, cols)], mwts = {first_id: (last_id, form, misc)}
    cur = None
    title = None
    newpar = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if line.startswith("# newpar"):  # "# newpar" or "# newpar_block = ..."
                newpar = True
            elif line.startswith("# text = "):
                cur = {"newpar": newpar, "text": line[len("# text = "):], "words": [], "mwts": {}}
                newpar = False
            elif line.startswith("# meta::title = "):
                title = line[len("# meta::title = "):]
            continue
        if not line.strip():
            if cur is not None:
                sentences.append(cur)
                cur = None
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # empty node (enhanced graph only)
        if "-" in cols[0]:
            a, b = (int(x) for x in cols[0].split("-"))
            cur["mwts"][a] = (b, cols[1], cols[9])
            continue
        cur["words"].append((int(cols[0]), cols))
    if cur is not None:
        sentences.append(cur)

    pieces: list[str] = []
    toks: list[Tok] = []
    pos = 0
    for si, s in enumerate(sentences):
        if si:
            sep = "\n\n" if s["newpar"] else " "
            pieces.append(sep)
            pos += len(sep)
        stext = s["text"]
        base = len(toks)
        idmap = {wid: base + k for k, (wid, _) in enumerate(s["words"])}
        # character offsets within the sentence: find each surface form in order
        cursor = 0
        mwt_end = 0
        mwt_span = None
        spaced_check = []  # (end offset, SpaceAfter=No?) per surface token
        for wid, cols in s["words"]:
            if wid in s["mwts"]:
                last, sform, smisc = s["mwts"][wid]
                st = _find(stext, sform, cursor, problems, path.name, si)
                mwt_span = (st, st + len(sform), last)
                spaced_check.append((st + len(sform), "SpaceAfter=No" in smisc))
                cursor = st
                mwt_end = st + len(sform)
            if mwt_span is not None and wid <= mwt_span[2]:
                # a word inside a multi-word token: its form if found inside the surface, else the whole surface
                k = stext.find(cols[1], cursor, mwt_span[1])
                if k == -1:
                    ws, we = mwt_span[0], mwt_span[1]
                else:
                    ws, we = k, k + len(cols[1])
                    cursor = we
                if wid == mwt_span[2]:
                    cursor = mwt_end
                    mwt_span = None
            else:
                ws = _find(stext, cols[1], cursor, problems, path.name, si)
                we = ws + len(cols[1])
                cursor = we
                spaced_check.append((we, "SpaceAfter=No" in cols[9]))
            head = int(cols[6])
            toks.append(Tok(i=idmap[wid], form=cols[1], lemma=cols[2], upos=cols[3], deprel=cols[7],
                            head=idmap[head] if head else None, start=pos + ws, end=pos + we, sent=si))
        for end, no_space in spaced_check[:-1]:
            has_space = end < len(stext) and stext[end] == " "
            if has_space == no_space:
                problems.append(f"{path.name}: sentence {si + 1}: SpaceAfter disagrees with '# text' at {end}")
        pieces.append(stext)
        pos += len(stext)
    for t in toks:
        if t.head is not None:
            toks[t.head].children.append(t.i)
    return Conllu("".join(pieces) + "\n", toks, title, problems)


def _find(stext: str, form: str, cursor: int, problems: list[str], name: str, si: int) -> int:
    k = stext.find(form, cursor)
    if k == -1 or stext[cursor:k].strip():
        problems.append(f"{name}: sentence {si + 1}: token {form!r} not found at {cursor}")
        k = cursor
        while k < len(stext) and stext[k] == " ":
            k += 1
    return k


# ---------------------------------------------------------------------------------------------
# RST (rstWeb .rs4)


@dataclass
class Rst:
    segments: dict[int, str]                     # id -> text (tokens separated by spaces)
    parent: dict[int, int | None]
    relname: dict[int, str | None]
    children: dict[int, list[int]]


def read_rst(path: Path) -> Rst:
    root = ET.parse(path).getroot()
    body = root.find("body")
    segments, parent, relname = {}, {}, {}
    for el in body:
        if el.tag not in ("segment", "group"):
            continue
        nid = int(el.get("id"))
        parent[nid] = int(el.get("parent")) if el.get("parent") else None
        relname[nid] = el.get("relname")
        if el.tag == "segment":
            segments[nid] = (el.text or "").strip()
    children: dict[int, list[int]] = {n: [] for n in parent}
    for n, p in parent.items():
        if p is not None:
            children.setdefault(p, []).append(n)
    return Rst(segments, parent, relname, children)


def leaves(rst: Rst, node: int) -> set[int]:
    out, stack = set(), [node]
    while stack:
        n = stack.pop()
        if n in rst.segments:
            out.add(n)
        stack.extend(rst.children.get(n, ()))
    return out


def align_segments(rst: Rst, conllu: Conllu, name: str, problems: list[str]) -> dict[int, list[int]]:
    """Segment id -> the document token indices it covers.

    Both files tokenise alike, but not always identically (multi-word tokens, quotes); the alignment is
    on the non-space characters of both, so a differing token boundary cannot shift later segments.
    """
    order = sorted(rst.segments)
    rchars, rseg = [], []
    for sid in order:
        for ch in rst.segments[sid]:
            if not ch.isspace():
                rchars.append(ch)
                rseg.append(sid)
    cchars, ctok = [], []
    for t in conllu.toks:
        for ch in conllu.text[t.start:t.end]:
            if not ch.isspace():
                cchars.append(ch)
                ctok.append(t.i)
    r, c = "".join(rchars), "".join(cchars)
    seg_toks: dict[int, dict[int, int]] = {sid: {} for sid in order}
    if r == c:
        blocks = [(0, 0, len(r))]
    else:
        sm = difflib.SequenceMatcher(None, r, c, autojunk=False)
        blocks = sm.get_matching_blocks()
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                problems.append(f"{name}: rs4/conllu text differs ({tag}): rs4 {r[max(0, i1 - 10):i2 + 10]!r} "
                                f"vs conllu {c[max(0, j1 - 10):j2 + 10]!r}")
    for a, b, size in blocks:
        for k in range(size):
            d = seg_toks[rseg[a + k]]
            d[ctok[b + k]] = d.get(ctok[b + k], 0) + 1
    # a token split across two segments goes to the segment holding most of its characters
    owner: dict[int, tuple[int, int]] = {}
    for sid, d in seg_toks.items():
        for ti, n in d.items():
            if ti not in owner or n > owner[ti][1]:
                owner[ti] = (sid, n)
    out: dict[int, list[int]] = {sid: [] for sid in order}
    for ti, (sid, _) in sorted(owner.items()):
        out[sid].append(ti)
    prev = -1
    for sid in order:
        if not out[sid]:
            problems.append(f"{name}: segment {sid} maps to no token")
            continue
        if out[sid] != list(range(out[sid][0], out[sid][-1] + 1)) or out[sid][0] <= prev:
            problems.append(f"{name}: segment {sid} is not a contiguous run of tokens in text order")
        prev = out[sid][-1]
    missing = set(range(len(conllu.toks))) - set(owner)
    if missing:
        problems.append(f"{name}: {len(missing)} conllu tokens belong to no segment")
    return out


# ---------------------------------------------------------------------------------------------
# attributions


def runs(toks: list[Tok], idx: list[int], drop_edge_punct: bool = False) -> list[list[int]]:
    """Character ranges of the contiguous runs of token indices (a gap of punctuation only is filled:
    "Charles Bolden, NASA Administrator" is one run)."""
    idx = sorted(set(idx))
    if drop_edge_punct and idx:
        filled = set(idx)
        for a, b in itertools.pairwise(idx):
            if all(toks[k].upos in ("PUNCT", "SYM") for k in range(a + 1, b)):
                filled.update(range(a + 1, b))
        idx = sorted(filled)
    groups: list[list[int]] = []
    for i in idx:
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups:
        if drop_edge_punct:
            while g and toks[g[0]].upos == "PUNCT":
                g = g[1:]
            while g and toks[g[-1]].upos == "PUNCT" and not (
                    toks[g[-1]].form in ")]" and any(toks[k].form in "([" for k in g)):
                g = g[:-1]
        if g:
            out.append([toks[g[0]].start, toks[g[-1]].end])
    return out


def subtree(toks: list[Tok], i: int) -> list[int]:
    out, stack = [], [i]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(toks[n].children)
    return out


def depth(toks: list[Tok], i: int) -> int:
    d = 0
    while toks[i].head is not None and d < 1000:
        i = toks[i].head
        d += 1
    return d


def base_rel(t: Tok) -> str:
    return t.deprel.split(":")[0]


UPOS_RANK = {"VERB": 0, "ADJ": 1, "NOUN": 2, "PROPN": 3, "PRON": 4, "NUM": 5, "ADP": 6, "AUX": 7}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"}


def find_predicate(toks: list[Tok], sat: set[int], content: set[int]) -> tuple[int | None, str]:
    """The cue word of an attribution satellite, and how it was found.

    1. "according to": the token `according` that has a `to` below it;
    2. else a satellite word linked to the content by a dependency (it heads a content word, or a
       content word heads it), preferring a word in the cue lists, then verbs, adjectives, nouns,
       then the highest in the tree;
    3. else the highest word of the satellite (bylines such as "Charles Bolden, NASA Administrator"
       after a quote of several sentences).
    """
    for i in sorted(sat):
        if toks[i].form.lower() == "according" and any(toks[c].form.lower() == "to" for c in toks[i].children):
            return i, "according"
    words = [i for i in sorted(sat) if toks[i].upos not in ("PUNCT", "SYM")]
    if not words:
        return None, "none"

    def rank(i: int) -> tuple:
        t = toks[i]
        listed = t.lemma.lower() in SPEECH | BELIEF | EVIDENCE_VERBS
        return (not listed, UPOS_RANK.get(t.upos, 9), depth(toks, i), i)

    linked = [i for i in words
              if base_rel(toks[i]) not in ("punct", "cc", "mark", "discourse", "reparandum", "case")
              and toks[i].upos in UPOS_RANK
              and (toks[i].head in content
                   or any(c in content and base_rel(toks[c]) not in ("punct", "cc") for c in toks[i].children))]
    if linked:
        return min(linked, key=rank), "linked"
    tops = [i for i in words if toks[i].head is None or toks[i].head not in sat]
    return min(tops or words, key=lambda i: (UPOS_RANK.get(toks[i].upos, 9) > 1, depth(toks, i), i)), "top"


def without_case(toks: list[Tok], i: int, sat: set[int]) -> list[int]:
    """The subtree of i inside the satellite, without i's own case marker ("by the Crown" -> "the Crown")."""
    drop = {c for c in toks[i].children if toks[c].deprel in ("case", "fixed")}
    drop |= {d for c in drop for d in subtree(toks, c)}
    return [k for k in subtree(toks, i) if k in sat and k not in drop]


def find_source(toks: list[Tok], pred: int, sat: set[int]) -> list[int]:
    """The source phrase of a verbal or nominal cue: its subject (or agent, or possessor), in the satellite."""
    v = pred
    for _ in range(10):
        t = toks[v]
        lemma = t.lemma.lower()
        kids = [c for c in t.children if c in sat]
        if lemma == "quote":  # "he was quoted by the paper": the speaker is the passive subject
            order = ("nsubj:pass", "nsubj", "obl:agent")
        elif lemma == "attribute":  # "a quote attributed to X"
            order = ("obl", "obl:agent")
        elif t.upos in ("NOUN", "PROPN"):  # "in the words of X", "in his view", "X's statement"
            order = ("nmod:poss", "nmod", "nsubj")
        else:
            order = ("nsubj", "nsubj:outer", "obl:agent", "csubj")
            if lemma not in SPEECH:  # "I'm disappointed", "I am convinced"; not "I was told"
                order += ("nsubj:pass",)
        for rel in order:
            for c in kids:
                if toks[c].deprel == rel:
                    return without_case(toks, c, sat)
        # "I just wanted to know", "came to the conclusion": the subject of the governing verb;
        # "made you realize", "let us see": the object of an object-control verb
        if t.deprel.split(":")[0] in ("xcomp", "obl", "obj") and t.head is not None and t.head in sat:
            if t.deprel.split(":")[0] == "xcomp":
                for c in toks[t.head].children:
                    if c in sat and toks[c].deprel in ("obj", "iobj"):
                        return without_case(toks, c, sat)
            v = t.head
            continue
        return []
    return []


def boundary_marks(toks: list[Tok], sat: set[int], content: set[int]) -> bool:
    """A colon or dash in the satellite or right next to it in the content."""
    near = {min(sat) - 1, max(sat) + 1} & content
    return any(toks[i].form in COLON_MARKS for i in sat | near)


def credit_label(toks: list[Tok], sat: set[int], content: set[int]) -> int | None:
    """The label word of an image / video credit or a copyright line ("Image: NASA"), in the satellite
    or in the content right before it ("Shimon Peres image: David Shankbone"); -1 when in the content."""
    for i in sorted(sat):
        nxt = toks[i + 1].form if i + 1 < len(toks) else ""
        if toks[i].form.lower() in CREDIT_LABELS and (nxt in (":", ";") or toks[i].form.lower() == "copyright"):
            return i
    before = min(sat) - 1
    if before in content and toks[before].form == ":" and toks[before - 1].form.lower() in CREDIT_LABELS:
        return -1
    return None


def analyse(toks: list[Tok], sat: set[int], content: set[int], sources_at: int | None) -> dict:
    """Cue, source, category and credit flag of one attribution (satellite and content token indices)."""
    words = [i for i in sorted(sat) if toks[i].upos not in ("PUNCT", "SYM")]
    verbless = not any(toks[i].upos in ("VERB", "AUX") for i in sat)
    label = credit_label(toks, sat, content)
    in_sources = sources_at is not None and toks[min(sat)].start > sources_at
    title_only = verbless and not any(toks[i].upos in ("VERB", "AUX") for i in content)
    if label is not None or (in_sources and verbless) or title_only:
        # a credit ("Image: NASA"), a reference in the "Sources" list, an "Author. Title" line
        cue = [label] if label is not None and label >= 0 else []
        src = [i for i in words if i not in cue]
        return {"cue": cue, "source": src, "category": "other", "credit": True}
    a = _analyse_statement(toks, sat, content, words)
    a["credit"] = in_sources  # a headline quoted in the "Sources" list ("..., say feds")
    return a


def _analyse_statement(toks: list[Tok], sat: set[int], content: set[int], words: list[int]) -> dict:
    pred, how = find_predicate(toks, sat, content)
    if pred is None:
        return {"cue": [], "source": [], "category": "other"}
    t = toks[pred]
    lemma = t.lemma.lower()
    if how == "according":
        to = [c for c in t.children if toks[c].form.lower() == "to"][:1]
        noun = t.head
        src = [] if noun is None or noun not in sat else [
            i for i in subtree(toks, noun) if i in sat and i != pred and i not in to]
        return {"cue": [pred] + to, "source": src, "category": "according"}
    if t.upos in NOMINAL and lemma not in SPEECH | BELIEF:
        # a byline: "- Matthew Ingram", "Charles Bolden, NASA Administrator", "One Rohingya, Muhammad Amin,"
        src = [i for i in subtree(toks, pred) if i in sat] if how == "linked" else words
        cue = []
        if words[0] in src and toks[words[0]].form.lower() in ("source", "sources", "via", "credit"):
            cue = [words[0]]  # "(source: Google Analytics)"
            src = [i for i in src if i != words[0]]
        return {"cue": cue, "source": src, "category": "colon" if boundary_marks(toks, sat, content) else "other"}
    src = find_source(toks, pred, sat)
    subj_lemma = ""
    heads = [i for i in src if toks[i].head not in src]
    if heads:
        subj_lemma = toks[heads[0]].lemma.lower()
    if lemma in EVIDENCE_VERBS and subj_lemma in INANIMATE:
        cat = "evidence"
    elif t.upos not in ("VERB", "AUX", "ADJ") and lemma not in SPEECH | BELIEF and boundary_marks(toks, sat, content):
        cat = "colon"
    elif lemma in SPEECH:
        cat = "speech"
    elif lemma in BELIEF:
        cat = "belief"
    else:
        cat = "other"
    return {"cue": [pred], "source": src, "category": cat}


def attribution_edges(rst: Rst, path: Path) -> list[tuple[int, int, str, bool]]:
    """(satellite node, governed node, relation, secondary?) for every attribution relation, primary
    tree first (in node order), then secondary edges (<secedge>)."""
    out = [(n, rst.parent[n], rst.relname[n], False) for n in sorted(rst.parent)
           if (rst.relname.get(n) or "").startswith("attribution-") and rst.parent[n] is not None]
    for el in ET.parse(path).getroot().iter("secedge"):
        if (el.get("relname") or "").startswith("attribution-"):
            out.append((int(el.get("source")), int(el.get("target")), el.get("relname"), True))
    return out


def convert_doc(name: str, src: Path, problems: list[str]) -> tuple[str, dict]:
    conllu = read_conllu(src / "dep" / f"{name}.conllu")
    problems.extend(conllu.problems)
    rst_path = src / "rst" / f"{name}.rs4"
    rst = read_rst(rst_path)
    seg_toks = align_segments(rst, conllu, name, problems)
    toks = conllu.toks
    m = re.search(r"(?m)^Sources?$", conllu.text)
    sources_at = m.start() if m else None
    atts = []
    for node, par, rel, secondary in attribution_edges(rst, rst_path):
        sat_segs = leaves(rst, node)
        if secondary:  # the target may lie inside the source's subtree
            sat_segs -= leaves(rst, par)
        content_segs = sorted(leaves(rst, par) - sat_segs)
        if not content_segs:
            problems.append(f"{name}: attribution node {node} governs no other segment")
            continue
        sat = {ti for s in sat_segs for ti in seg_toks[s]}
        content_idx = {ti for s in content_segs for ti in seg_toks[s]}
        if not sat or not content_idx:
            problems.append(f"{name}: attribution node {node}: no tokens for the satellite or the content")
            continue
        a = analyse(toks, sat, content_idx, sources_at)
        # content: contiguous runs of governed segments (segment ids follow the text)
        groups: list[list[int]] = []
        for s in content_segs:
            if groups and s == groups[-1][-1] + 1:
                groups[-1].append(s)
            else:
                groups.append([s])
        content_spans = []
        for g in groups:
            ti = [t for s in g for t in seg_toks[s]]
            content_spans.append([toks[min(ti)].start, toks[max(ti)].end])
        att = {
            "id": f"a{len(atts) + 1}",
            "source": runs(toks, a["source"], drop_edge_punct=True),
            "cue": runs(toks, a["cue"]),
            "content": content_spans,
            "actor": None,
            "actor_parent": None,
            "kind": None,
            "target": None,
            "rst_relation": rel.split("-", 1)[1],
            "category": a["category"],
            "credit": a["credit"],
            "rst_satellite": node,
            "rst_satellite_segments": sorted(sat_segs),
            "rst_content_segments": content_segs,
        }
        if secondary:
            att["rst_secondary"] = True
        atts.append(att)
    gold = {
        "document": f"{name}.txt",
        "sha256": hashlib.sha256(conllu.text.encode("utf-8")).hexdigest(),
        "source": "Georgetown University Multilayer Corpus (GUM), Zeldes (2017), texts from Wikinews "
                  "(CC BY 2.5), annotations CC BY 4.0",
        "attributions": atts,
        "links": [],
    }
    return conllu.text, gold


def documents(src: Path) -> list[str]:
    return sorted(p.stem for p in (src / "rst").glob("*.rs4")
                  if p.stem.split("_")[1] in GENRES and (src / "dep" / f"{p.stem}.conllu").is_file())


def kept_links(path: Path) -> list:
    """The `links` of an existing gold file (annotated by hand, bench/gold/gum/LINKS.md): a rerun of
    the conversion keeps them; [] when there is no such file."""
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("links", [])


def convert(src: Path, out: Path, verbose: bool = True, links_from: Path | None = None) -> dict:
    """Convert every document of `src` into `out`; the hand-annotated links are read from the gold
    files of `links_from` (default `out`) and kept."""
    links_from = out if links_from is None else links_from
    gum_test = gum_test_list((src / "splits.md").read_text(encoding="utf-8"))
    problems: list[str] = []
    stats: dict = {"docs": {}, "atts": {}, "cats": {}}
    (out / "texts").mkdir(parents=True, exist_ok=True)
    names = documents(src)
    wanted = {"texts": {f"{n}.txt" for n in names}, "dev": set(), "test": set()}
    for name in names:
        text, gold = convert_doc(name, src, problems)
        split = split_of(name, gum_test)
        gold["links"] = kept_links(links_from / split / f"{name}.json")
        wanted[split].add(f"{name}.json")
        (out / split).mkdir(parents=True, exist_ok=True)
        (out / "texts" / f"{name}.txt").write_text(text, encoding="utf-8", newline="\n")
        (out / split / f"{name}.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n",
                                                  encoding="utf-8", newline="\n")
        genre = name.split("_")[1]
        stats["docs"].setdefault(split, {}).setdefault(genre, 0)
        stats["docs"][split][genre] += 1
        stats["atts"][split] = stats["atts"].get(split, 0) + len(gold["attributions"])
        for a in gold["attributions"]:
            c = stats["cats"].setdefault(split, {})
            c[a["category"]] = c.get(a["category"], 0) + 1
            stats.setdefault("credits", {}).setdefault(split, 0)
            stats["credits"][split] += a["credit"]
    # stale files from an earlier run with other documents or another split
    for sub, keep in wanted.items():
        d = out / sub
        if d.is_dir():
            for f in d.iterdir():
                if f.is_file() and f.name not in keep:
                    f.unlink()
    stats["problems"] = problems
    if verbose:
        for p in problems:
            print("problem:", p, file=sys.stderr)
        for split in ("dev", "test"):
            docs = stats["docs"].get(split, {})
            print(f"{split}: " + ", ".join(f"{g} {docs.get(g, 0)}" for g in GENRES)
                  + f" documents; {stats['atts'].get(split, 0)} attributions; "
                  + ", ".join(f"{k} {v}" for k, v in sorted(stats["cats"].get(split, {}).items()))
                  + f"; credits {stats.get('credits', {}).get(split, 0)}")
            for g in GENRES:
                if not docs.get(g):
                    print(f"note: the {split} split has no {g} document", file=sys.stderr)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="the GUM folder (rst/, dep/, splits.md)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    convert(args.src, args.out)


if __name__ == "__main__":
    main()
