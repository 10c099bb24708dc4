"""Attribution extraction: spaCy components, rules, lexicon and the conversion to claims.

spaCy is imported only when extraction is needed: importing this package registers the spaCy
factories (`argmap_attributions`, `argmap_paragraph_breaks`) at once when spaCy is already imported
(`import spacy, argmap.extract`), and otherwise the first time `to_claims` or `components` is used,
when `pipeline.build_nlp` loads a pipeline, or when spaCy looks the factory up (the package's
`spacy_factories` entry points). So a run with nothing to parse, which still reads the actor
resolver (`extract.actors`), does not pay spaCy's import (about a second).
"""

import importlib
import sys

if "spacy" in sys.modules:  # as before: everything at once
    from . import components  # noqa: F401  (registers the spaCy factories)
    from .lexicon import Lexicon, load_lexicon
    from .to_claims import to_claims

__all__ = ["Lexicon", "load_lexicon", "to_claims"]


def __getattr__(name: str):
    # importlib, not `from . import x`: that would ask this very function for `x` first
    if name in ("Lexicon", "load_lexicon"):
        return getattr(importlib.import_module(f"{__name__}.lexicon"), name)
    if name in ("to_claims", "components"):
        module = importlib.import_module(f"{__name__}.components")  # registers the spaCy factories
        if name == "to_claims":
            globals()["to_claims"] = module = importlib.import_module(f"{__name__}.to_claims").to_claims
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
