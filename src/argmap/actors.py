"""`argmap.actors` is `argmap.extract.actors` (actor resolution runs on spaCy Docs, with the rest of
extraction); this name stays for the scripts that import it."""

from .extract.actors import *  # noqa: F401,F403
from .extract.actors import (  # noqa: F401  (names without __all__ and the private helpers scripts use)
    Country,
    Registry,
    Resolver,
    _country_index,
    _find_country,
    author_actor,
    countries,
    expand_acronym,
    interviewee,
    name_gender,
    noun_gender,
    person_id,
    resolve_claims,
    resolve_document,
    slugify,
)
