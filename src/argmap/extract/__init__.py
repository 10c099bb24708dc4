"""Attribution extraction: spaCy components, rules, lexicon and the conversion to claims."""

from . import components  # noqa: F401  (registers the spaCy factories)
from .lexicon import Lexicon, load_lexicon
from .to_claims import to_claims

__all__ = ["Lexicon", "load_lexicon", "to_claims"]
