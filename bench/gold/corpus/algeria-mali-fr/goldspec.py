"""Span specs -> gold attributions, shared by make_gold.py and make_gold_blind.py (bench/gold/FORMAT.md,
French note): each span is given by its text, "text" when it occurs once in the document or
("context", "text") when the context occurs once and the text once inside it. Specs use plain spaces
around « » and before : ; ? ! and ’; the document's typography (a style: the space inside « », the
space before : ; ? !, the apostrophe) is applied before searching. A span that cannot be placed is
printed and counted in `Placer.errors`.
"""

import re

from argmap.ingest import normalise, split_front_matter


def document_text(path) -> str:
    """The normalised text of a French corpus document (offsets refer to it)."""
    meta, text = split_front_matter(normalise(path.read_text(encoding="utf-8")))
    assert meta.get("language") == "fr", path.name
    return text


def typeset(s: str, style: tuple) -> str:
    """A spec string in the document's typography."""
    guillemet, punct, apostrophe = style
    if guillemet:
        s = s.replace("« ", "«" + guillemet).replace(" »", guillemet + "»")
    if punct:
        s = re.sub(r" ([:;?!])", lambda m: punct + m.group(1), s)
    return s.replace("’", apostrophe)


class Placer:
    def __init__(self):
        self.errors = 0

    def find(self, text: str, spec, style: tuple, name: str, aid: str) -> list[int]:
        ctx, sub = (spec, spec) if isinstance(spec, str) else spec
        ctx, sub = typeset(ctx, style), typeset(sub, style)
        n = text.count(ctx)
        if n != 1:
            print(f"{name} {aid}: context {ctx!r} occurs {n} times")
            self.errors += 1
            return [0, 0]
        c = text.index(ctx)
        k = ctx.count(sub)
        if k != 1:
            print(f"{name} {aid}: {sub!r} occurs {k} times in its context")
            self.errors += 1
            return [0, 0]
        s = c + ctx.index(sub)
        assert text[s:s + len(sub)] == sub
        return [s, s + len(sub)]

    def attributions(self, text: str, specs: list, style: tuple, name: str) -> list[dict]:
        """[(id, source specs, cue specs, content specs, actor, actor_parent, kind, target)] -> gold attributions."""
        atts = []
        for aid, src, cue, content, actor, parent, kind, target in specs:
            a = {"id": aid}
            for key, specl in (("source", src), ("cue", cue), ("content", content)):
                a[key] = sorted(self.find(text, sp, style, name, aid) for sp in specl)
            a.update(actor=actor, actor_parent=parent, kind=kind, target=target)
            a["text"] = {k: [text[s:e] for s, e in a[k]] for k in ("source", "cue", "content")}
            atts.append(a)
        assert len({a["id"] for a in atts}) == len(atts), name
        return atts
