"""argmap: claim-and-counterclaim argument maps from news and analysis texts.

Library first: `argmap.jobs` runs the main jobs on a `argmap.store.Store`; `argmap.model` holds the
typed records; `argmap.pipeline.build_nlp` loads spaCy with argmap's components.
"""

__version__ = "0.1.0"

from .model import MODEL_VERSION, Actor, ArgumentMap, Claim, Document, Link  # noqa: E402

__all__ = ["MODEL_VERSION", "Actor", "ArgumentMap", "Claim", "Document", "Link", "__version__"]
