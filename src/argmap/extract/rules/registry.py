"""The rule registry: every attribution rule is registered here by name, in the style of spaCy's
factories, and the pipeline component runs the ordered list of names in its config.

Two kinds of rule:

* `find` — `fn(doc, lex) -> Iterable[Found]`: reads the parse and proposes attributions;
* `pass` — `fn(doc, lex, found) -> list[Found]`: rewrites what the finders proposed (widens
  contents to whole quotes, merges, replaces), in list order, after every finder ran.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("find", "pass")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    fn: Callable

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip().split("\n", 1)[0]


RULES: dict[str, Rule] = {}


def rule(name: str, kind: str) -> Callable[[Callable], Callable]:
    """Decorator: register `fn` as rule `name` of `kind` ('find' or 'pass')."""
    if kind not in KINDS:
        raise ValueError(f"rule kind must be one of {KINDS}, not {kind!r}")

    def deco(fn: Callable) -> Callable:
        if name in RULES and RULES[name].fn is not fn:
            raise ValueError(f"rule {name!r} is registered twice")
        RULES[name] = Rule(name, kind, fn)
        return fn

    return deco


def get_rules(names: list[str] | tuple[str, ...]) -> list[Rule]:
    """The registered rules for `names`, in order.

    Raises:
        ValueError: an unknown name (the message lists the known ones).
    """
    out = []
    for n in names:
        if n not in RULES:
            raise ValueError(f"unknown attribution rule {n!r}; known: {', '.join(sorted(RULES))}")
        out.append(RULES[n])
    return out
