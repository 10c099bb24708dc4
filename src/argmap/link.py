"""Linking entry point: `link_claims(claims, actors, documents)` (the implementation is `argmap.linking`).

Kept as a module so that `from argmap.link import link_claims` (jobs.link) keeps working.
"""

from __future__ import annotations

from .linking import BlockStats, link_claims

__all__ = ["BlockStats", "link_claims"]
