"""ClaimReview export: schema.org ClaimReview JSON-LD for the claims a reviewer has rated.

This module owns the mapping from a rated claim (`Claim.rating`, `rating_note`, `rated_on`, set by
`argmap rate`) to a schema.org ClaimReview (https://schema.org/ClaimReview), the markup fact-checkers
publish so search engines and aggregators show their verdicts: the claim's text, who said it (the
actor as a Person or Organization), where and when it appeared (the document's URL, title,
publisher and date), and the verdict on a 1-5 scale with its words. `<`, `>` and `&` are written as
JSON escapes, so the output can go inside a `<script type="application/ld+json">` element as it is.
Only http(s) URLs are written: a document's other URL is left out, a non-web `author_url` or
`review_url` is refused, and claim ids are percent-encoded where they go into `review_url`.
Pure: returns text.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..errors import InputError
from ..model import ActorKind, ArgumentMap, Rating, web_url

#: Verdict -> (ratingValue on a 1..5 scale, or None when there is no place on it; the words shown).
SCALE: dict[Rating, tuple[int | None, str]] = {
    Rating.false: (1, "False"),
    Rating.mostly_false: (2, "Mostly false"),
    Rating.mixed: (3, "Mixed"),
    Rating.mostly_true: (4, "Mostly true"),
    Rating.true: (5, "True"),
    Rating.unverifiable: (None, "Unverifiable"),
}
BEST, WORST = 5, 1


def _organisation(name: str | None, url: str | None = None) -> dict | None:
    if not name:
        return None
    out = {"@type": "Organization", "name": name}
    if url:
        out["url"] = url
    return out


def review_url_for(template: str, claim_id: str) -> str:
    """`template` with `{claim}` replaced by the percent-encoded claim id (`/`, `?`, `#` included)."""
    return template.replace("{claim}", quote(claim_id, safe=""))


def _check_url(url: str | None, option: str) -> str | None:
    """A URL option given by the user: None, or an absolute http(s) URL (`{claim}` allowed in it)."""
    if url is None:
        return None
    if web_url(review_url_for(url, "c-0")) is None:
        raise InputError(f"{option} {url[:200]!r} is not an absolute http(s) URL")
    return url.strip()


def to_claimreview(amap: ArgumentMap, *, author: str | None = None, author_url: str | None = None,
                   review_url: str | None = None) -> dict:
    """A JSON-LD document (`@context` + `@graph`) with one ClaimReview per rated claim, in map order.

    Args:
        amap: the map; only claims with a rating are reviewed.
        author: the fact-checking organisation that publishes the reviews.
        author_url: its home page.
        review_url: URL of each review; `{claim}` in it becomes the (percent-encoded) claim id.

    Raises:
        InputError: `author_url` or `review_url` is not an absolute http(s) URL.
    """
    author_url = _check_url(author_url, "--publisher-url")
    review_url = _check_url(review_url, "--review-url")
    amap = amap.sorted()
    docs = {d.id: d for d in amap.documents}
    actors = {a.id: a for a in amap.actors}
    graph = []
    for c in amap.claims:
        if c.rating is None:
            continue
        value, words = SCALE[c.rating]
        doc, actor = docs.get(c.document), actors.get(c.actor or "")
        rating = {"@type": "Rating", "alternateName": words}
        if value is not None:
            rating.update({"ratingValue": value, "bestRating": BEST, "worstRating": WORST})
        item = {"@type": "Claim"}
        if actor is not None:
            kind = "Person" if actor.kind is ActorKind.person else "Organization"
            item["author"] = {"@type": kind, "name": actor.name}
        elif c.source_text:
            item["author"] = {"@type": "Thing", "name": c.source_text}
        if doc is not None:
            if doc.published:
                item["datePublished"] = doc.published.isoformat()
            appearance = {"@type": "CreativeWork", "headline": doc.title}
            if web_url(doc.url):
                appearance["url"] = web_url(doc.url)
            if doc.published:
                appearance["datePublished"] = doc.published.isoformat()
            if doc.publisher:
                appearance["publisher"] = _organisation(doc.publisher)
            item["appearance"] = [appearance]
        review = {"@type": "ClaimReview", "identifier": c.id}
        if review_url:
            review["url"] = review_url_for(review_url, c.id)
        review["claimReviewed"] = c.text
        if c.rated_on:
            review["datePublished"] = c.rated_on.isoformat()
        if author:
            review["author"] = _organisation(author, author_url)
        review["reviewRating"] = rating
        if c.rating_note:
            review["reviewBody"] = c.rating_note
        review["itemReviewed"] = item
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def dumps_claimreview(amap: ArgumentMap, **options) -> str:
    """`to_claimreview` as JSON text that is safe inside an HTML `<script>` element."""
    text = json.dumps(to_claimreview(amap, **options), ensure_ascii=False, indent=2)
    # valid JSON either way; escaped, no "</script>" or "<!--" in a claim can end the script element
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
