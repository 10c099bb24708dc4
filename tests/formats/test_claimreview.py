"""ClaimReview export and `argmap rate`: the JSON-LD is checked against a JSON Schema of the
schema.org ClaimReview properties that fact-check aggregators require (claimReviewed, reviewRating
with alternateName and a ratingValue inside [worstRating, bestRating], itemReviewed Claim with its
author and appearance), written from schema.org's definitions, not from our code.
"""

from __future__ import annotations

import json

import jsonschema

from argmap.formats.claimreview import dumps_claimreview, to_claimreview
from argmap.model import Rating
from argmap.store import open_store

_THING = {"type": "object", "required": ["@type", "name"], "properties": {"@type": {"enum": ["Person", "Organization", "Thing"]}, "name": {"type": "string", "minLength": 1}}}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
CLAIMREVIEW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {"type": "array", "items": {
            "type": "object",
            "required": ["@type", "claimReviewed", "reviewRating", "itemReviewed"],
            "properties": {
                "@type": {"const": "ClaimReview"},
                "url": {"type": "string", "format": "uri"},
                "claimReviewed": {"type": "string", "minLength": 1},
                "datePublished": _DATE,
                "author": {**_THING, "properties": {**_THING["properties"], "@type": {"const": "Organization"}}},
                "reviewBody": {"type": "string"},
                "reviewRating": {
                    "type": "object", "required": ["@type", "alternateName"],
                    "properties": {"@type": {"const": "Rating"}, "alternateName": {"type": "string"},
                                   "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                                   "bestRating": {"const": 5}, "worstRating": {"const": 1}},
                    "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
                },
                "itemReviewed": {
                    "type": "object", "required": ["@type"],
                    "properties": {
                        "@type": {"const": "Claim"}, "author": _THING, "datePublished": _DATE,
                        "appearance": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["@type"],
                            "properties": {"@type": {"const": "CreativeWork"}, "url": {"type": "string"}, "headline": {"type": "string"}}}},
                    },
                },
            },
        }},
    },
}


def test_claimreview_valid_for_rated_claims_only(rich_map):
    text = dumps_claimreview(rich_map, author="Example Check", author_url="https://check.example",
                             review_url="https://check.example/reviews/{claim}")
    data = json.loads(text)
    jsonschema.validate(data, CLAIMREVIEW_SCHEMA, format_checker=jsonschema.FormatChecker())
    rated = [c for c in rich_map.claims if c.rating]
    assert [r["identifier"] for r in data["@graph"]] == [c.id for c in rated]
    review = next(r for r in data["@graph"] if r["reviewRating"].get("ratingValue"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    assert review["datePublished"] == "2025-05-02" and review["url"].endswith(review["identifier"])
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Algerian Ministry of Foreign Affairs"}
    assert item["appearance"][0]["url"] == "https://news.example.org/drone" and item["datePublished"] == "2025-04-07"
    assert item["appearance"][0]["publisher"]["name"] == "Example News"
    unverifiable = next(r for r in data["@graph"] if r["reviewRating"]["alternateName"] == "Unverifiable")
    assert "ratingValue" not in unverifiable["reviewRating"]


def test_claimreview_is_safe_inside_a_script_element(rich_map):
    text = dumps_claimreview(rich_map)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert any("<b>contradict</b>" in r.get("reviewBody", "") for r in data["@graph"])
    assert any(r["claimReviewed"].startswith("<img") for r in data["@graph"])


def test_claimreview_empty_without_ratings(tiny_map):
    assert to_claimreview(tiny_map) == {"@context": "https://schema.org", "@graph": []}


def test_rate_cli_sets_and_clears_a_rating(cli, rich_db):
    with open_store(rich_db) as s:
        claim = next(c for c in s.claims() if c.rating is None and c.actor)
    result = cli("--db", rich_db, "rate", claim.id, "Mostly-True", "--note", "Two sources agree.", "--reviewer", "ana", "--date", "2025-06-01")
    assert result.exit_code == 0, result.output
    with open_store(rich_db) as s:
        rated = s.claim(claim.id)
        history = s.history(limit=1)[0]
    assert (rated.rating, rated.rating_note, rated.rated_on.isoformat()) == (Rating.mostly_true, "Two sources agree.", "2025-06-01")
    assert (history["action"], history["reviewer"], history["record_id"]) == ("rate", "ana", claim.id)
    out = cli("--db", rich_db, "export", "--format", "claimreview", "--publisher", "Example Check")
    assert claim.id in out.stdout and "Mostly true" in out.stdout
    assert cli("--db", rich_db, "rate", claim.id, "none").exit_code == 0
    with open_store(rich_db) as s:
        assert s.claim(claim.id).rating is None
        assert "rating" not in s.claim(claim.id).model_dump_json()


def test_rate_cli_refuses_bad_input(cli, rich_db):
    bad = cli("--db", rich_db, "rate", "c-nowhere", "false")
    assert bad.exit_code == 6 and "no claim with id" in bad.stderr
    with open_store(rich_db) as s:
        cid = s.claims()[0].id
    assert "is not one of" in cli("--db", rich_db, "rate", cid, "pants-on-fire").stderr
    assert "not a date" in cli("--db", rich_db, "rate", cid, "false", "--date", "soon").stderr
