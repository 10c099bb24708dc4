"""End-to-end tests in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
review the seed article by keyboard and check the store; edit offsets, split, add a missed claim and
link two claims through the page; make sure document text never runs as code. They also save the
screenshots of docs/screenshots/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from argmap.model import Actor, Claim, ClaimSpans, Document, Link, Relation, Status
from argmap.store import open_store

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

SELECT_JS = """([pane, start, end]) => {
  const spans = [...document.querySelectorAll('#' + pane + ' [data-start]')];
  const at = (off, isEnd) => {
    const s = spans.find((x) => +x.dataset.start <= off && (isEnd ? off <= +x.dataset.end : off < +x.dataset.end));
    return [s.firstChild, off - +s.dataset.start];  // the test texts are BMP-only: UTF-16 = code points
  };
  const r = document.createRange();
  r.setStart(...at(start, false));
  r.setEnd(...at(end, true));
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
}"""


def settle(page) -> None:
    """Wait until the page has no request of a user action in flight."""
    page.wait_for_function("() => document.body.dataset.ready === '1' && !document.body.classList.contains('busy')")


def card_id(page, card: str = "claim-card") -> str:
    settle(page)
    return page.get_attribute(f"#{card}", "data-id")


def press_and_wait(page, key: str, card: str = "claim-card") -> str:
    """Press `key` on the card showing item X and wait until another item is shown; returns the new id."""
    before = card_id(page, card)
    page.keyboard.press(key)
    page.wait_for_function("([card, id]) => document.getElementById(card).dataset.id !== id", arg=[card, before])
    return card_id(page, card)


def shoot(page, name: str, *, full_page: bool = False) -> None:
    """Save a screenshot for docs/ (without the transient toast message)."""
    # rewritten only when asked (ARGMAP_SCREENSHOTS=1) or missing, so a test run leaves the checkout clean
    if (SCREENSHOTS / name).exists() and not os.environ.get("ARGMAP_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.getElementById('toast').className = ''; }")
    page.wait_for_timeout(250)  # the toast fades out
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def wait_for_map(page, pane: str, card: str = "claim-card") -> None:
    """Wait until the map pane shows the item on the card as current."""
    item = card_id(page, card)
    if card == "claim-card":
        page.wait_for_function("([pane, id]) => document.getElementById(pane).dataset.focus === id", arg=[pane, item],
                               timeout=10_000)
    else:
        page.wait_for_selector(f"#{pane} svg g.node.current", timeout=10_000)


def test_browser_review_seed_by_keyboard_then_reload(page, fresh_seed_db, live_server):
    server = live_server(fresh_seed_db)
    page.goto(server.url)
    # asked once for the reviewer name
    page.wait_for_selector("#reviewer-dialog[open]")
    page.fill("#reviewer-input", "Tess")
    page.keyboard.press("Enter")
    page.wait_for_selector("#reviewer-dialog", state="hidden")
    assert page.inner_text("#reviewer-name") == "Tess"
    wait_for_map(page, "map-claims")
    total = page.inner_text("#prog-claims .nums")
    assert total.startswith("0 / ")

    accepted = card_id(page)
    rejected = press_and_wait(page, "a")
    with open_store(fresh_seed_db, create=False) as s:  # rejecting a claim rejects its proposed links (#21)
        cascaded = {lk.id for lk in s.links_touching([rejected]) if lk.status == Status.proposed}
    edited = press_and_wait(page, "r")
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    with open_store(fresh_seed_db, create=False) as s:
        old_actor = s.claim(edited).actor
        new_actor = next(a.id for a in s.actors() if a.id != old_actor)
    page.select_option("#edit-actor", new_actor)
    wait_for_map(page, "map-claims")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=edited)
    settle(page)
    assert page.inner_text("#prog-claims .nums").startswith("3 / ")

    page.keyboard.press("l")
    page.wait_for_selector("#link-card", state="visible")
    wait_for_map(page, "map-links", "link-card")
    link_accepted = card_id(page, "link-card")
    link_undone = press_and_wait(page, "a", "link-card")
    press_and_wait(page, "a", "link-card")
    page.keyboard.press("u")  # takes back the second link decision and shows that link again
    page.wait_for_function("id => document.getElementById('link-card').dataset.id === id", arg=link_undone)
    settle(page)
    assert page.get_attribute("#link-card", "data-status") == "proposed"

    page.reload()
    settle(page)
    assert page.inner_text("#prog-claims .nums").startswith("3 / ")
    assert page.inner_text("#prog-links .nums").startswith(f"{1 + len(cascaded - {link_accepted})} / ")
    assert page.inner_text("#reviewer-name") == "Tess"  # remembered: not asked again
    assert page.is_hidden("#reviewer-dialog")
    page.keyboard.press("h")
    page.wait_for_selector("#history-table tbody tr")
    settle(page)
    assert page.locator("#history-table tbody tr.undone").count() == 1

    with open_store(fresh_seed_db, create=False) as s:
        claims = {c.id: c for c in s.claims() if c.status != Status.proposed}
        links = {lk.id: lk for lk in s.links() if lk.status != Status.proposed}
        history, total = s.review_history(limit=20)
    assert {cid: c.status for cid, c in claims.items()} == {
        accepted: Status.accepted, rejected: Status.rejected, edited: Status.edited}
    assert claims[edited].actor == new_actor
    assert {c.reviewer for c in claims.values()} == {"Tess"}
    assert {lid: lk.status for lid, lk in links.items()} == {
        **{lid: Status.rejected for lid in cascaded}, link_accepted: Status.accepted}
    assert links[link_accepted].reviewer == "Tess"
    # accept, reject (+ its links), edit, link accept, link accept, undo
    assert total == 6 + len(cascaded)
    edit_row = next(r for r in history if r["record_id"] == edited)
    assert json.loads(edit_row["before"])["actor"] == old_actor and edit_row["reviewer"] == "Tess"
    assert not page.errors, page.errors


def test_browser_edit_offsets_split_add_and_link(page, fresh_seed_db, live_server):
    server = live_server(fresh_seed_db, reviewer="Ivo")
    with open_store(fresh_seed_db, create=False) as s:
        target = s.claim_queue(sort="document")[0]
        doc = s.document(target.document)
    page.goto(server.url)
    settle(page)
    page.select_option("#f-sort", "document")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=target.id)
    wait_for_map(page, "map-claims")

    # content boundaries by selecting text in the context
    s0, e0 = target.spans.content[0]
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    page.evaluate(SELECT_JS, ["claim-context", s0, e0 - 10])
    page.click("#edit-form button[data-set=content]")
    page.click("#edit-form button[type=submit]")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=target.id)
    settle(page)
    with open_store(fresh_seed_db, create=False) as s:
        edited = s.claim(target.id)
    assert edited.status == Status.edited
    assert edited.spans.content[0][0] == s0 and e0 - 11 <= edited.spans.content[0][1] <= e0 - 10
    assert edited.text == " ".join(doc.text[slice(*edited.spans.content[0])].split())

    # split at the cursor
    second = card_id(page)
    with open_store(fresh_seed_db, create=False) as s:
        c2 = s.claim(second)
    s2, e2 = c2.spans.content[0]
    at = doc.text.index(" ", s2 + (e2 - s2) // 2)
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    page.evaluate(SELECT_JS, ["claim-context", at, at])
    page.click("#edit-split")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=second)
    settle(page)
    first_part = card_id(page)
    with open_store(fresh_seed_db, create=False) as s:
        assert s.claim(second).status == Status.rejected
        part = s.claim(first_part)
    assert part.rule == "review.split" and part.spans.content[-1][1] == at

    # pin it, open another claim by clicking its box on the map, link them
    page.keyboard.press("p")
    with open_store(fresh_seed_db, create=False) as s:
        other = next(c for c in s.claims(document=doc.id, status="proposed") if c.id != first_part)
    page.click(f"#map-claims g.node.claim[id='{other.id}'] text >> nth=0")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=other.id)
    settle(page)
    page.click("#pin-bar button[data-rel=contradicts]")
    settle(page)
    with open_store(fresh_seed_db, create=False) as s:
        made = s.link(Link.make_id(first_part, other.id, Relation.contradicts))
    assert (made.status, made.method, made.reviewer) == (Status.accepted, "review.manual", "Ivo")

    # add a claim the extractor missed: select its content in the document
    page.keyboard.press("d")
    page.wait_for_selector("#doc-text [data-start]")
    # the first sentence no extracted claim touches (computed, so no article text lives in the repo)
    with open_store(fresh_seed_db, create=False) as s:
        covered = {i for c in s.claims(document=doc.id) for a, b in c.spans.content for i in range(a, b)}
    start = end = 0
    for para_start in [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]:
        stop = doc.text.find(". ", para_start)
        if stop != -1 and stop - para_start > 30 and "\n" not in doc.text[para_start:stop] and not (covered & set(range(para_start, stop))):
            start, end = para_start, stop
            break
    assert end > start
    page.evaluate(SELECT_JS, ["doc-text", start, end])
    page.click("#doc-add")
    page.wait_for_selector("#add-form", state="visible")
    page.fill("#add-new-actor", "Crisis Group analysts")
    page.select_option("#add-kind", "belief")
    page.evaluate("() => document.getElementById('doc-panel').scrollIntoView()")
    page.click("#add-form button[type=submit]")
    settle(page)
    page.wait_for_selector("#add-form", state="hidden")
    with open_store(fresh_seed_db, create=False) as s:
        added = [c for c in s.claims(document=doc.id) if c.rule == "review.added"]
        assert [(c.spans.content, c.text, c.actor, c.kind.value) for c in added] == [
            ([(start, end)], doc.text[start:end], "crisis-group-analysts", "belief")]
    assert page.get_attribute("#claim-card", "data-id") == added[0].id
    assert not page.errors, page.errors


XSS = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "\"><svg onload=\"window.__xss = 3\">",
    "<a href=\"javascript:window.__xss = 4\">click</a>",
]


@pytest.fixture(params=["csp", "no-csp"])
def xss_page(request, browser):
    """A page with the app's Content-Security-Policy enforced, and one with it bypassed: escaping alone must hold."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=request.param == "no-csp")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    yield pg
    context.close()


def test_browser_document_text_is_never_run(xss_page, tmp_path, live_server):
    """Claim, actor, document and link texts full of markup show as text and execute nothing."""
    page = xss_page
    text = (f"The minister said that {XSS[0]} was found in the files. "
            f"Officials claimed that {XSS[1]} appeared near {XSS[2]} the border {XSS[3]}.\n")
    sha = "f" * 64
    doc = Document(id=Document.make_id(sha), title=XSS[1], path="evil.txt", sha256=sha, text=text, publisher=XSS[0])
    evil = Actor(id="evil", name=XSS[1])

    def claim_over(fragment: str, confidence: float) -> Claim:
        s = text.index(fragment)
        spans = ClaimSpans(content=[(s, s + len(fragment))], source=[(0, 12)], cue=[(13, 17)])
        return Claim(id=Claim.make_id(doc.id, spans), document=doc.id, actor="evil", source_text=XSS[2],
                     cue=XSS[3], text=fragment, spans=spans, confidence=confidence, rule=XSS[0], note=XSS[1])

    c1, c2 = claim_over(XSS[0], 0.1), claim_over(XSS[1], 0.2)
    link = Link(id=Link.make_id(c1.id, c2.id, Relation.contradicts), source=c1.id, target=c2.id,
                relation=Relation.contradicts, reason=XSS[1] + XSS[0], method=XSS[2])
    db = tmp_path / "evil.db"
    with open_store(db) as s:
        s.add_document(doc)
        s.apply_review(reviewer=XSS[0], action="import", actors=[evil], claims=[c1, c2])
        s.replace_links([link])
    server = live_server(db, reviewer=XSS[1])
    page.goto(server.url)
    settle(page)
    wait_for_map(page, "map-claims")
    assert XSS[0] in page.inner_text("#claim-context")
    assert XSS[1] in page.inner_text("#claim-actor") and XSS[1] in page.inner_text("#reviewer-name")
    page.keyboard.press("e")  # actor names in <option>s
    page.wait_for_selector("#edit-form", state="visible")
    page.keyboard.press("Escape")
    page.wait_for_selector("#edit-form", state="hidden")
    settle(page)  # the next key must not reach a page still closing the form
    page.keyboard.press("d")  # the whole document
    page.wait_for_selector("#doc-text [data-start]")
    assert XSS[3] in page.inner_text("#doc-text")
    page.keyboard.press("l")
    page.wait_for_selector("#link-card", state="visible")
    wait_for_map(page, "map-links", "link-card")
    assert XSS[0] in page.inner_text("#link-reason")
    page.keyboard.press("a")
    settle(page)
    page.keyboard.press("h")
    page.wait_for_selector("#history-table tbody tr")
    settle(page)
    page.goto(server.url + f"claims/{c2.id}")  # the map's node links
    settle(page)
    assert page.get_attribute("#claim-card", "data-id") == c2.id
    page.wait_for_timeout(200)

    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # only /static/app.js
    assert page.evaluate("document.querySelectorAll('main img, main iframe, main [onload], main [onerror]').length") == 0
    assert page.evaluate("[...document.querySelectorAll('.map a')].every((a) => !a.hasAttribute('href') && !a.hasAttribute('xlink:href'))")
    assert not page.errors, page.errors


def test_browser_screenshots_of_the_team_corpus(page, fresh_corpus_db, live_server):
    server = live_server(fresh_corpus_db, reviewer="Ana")  # a copy: other tests start from the unreviewed corpus
    page.goto(server.url)
    settle(page)
    wait_for_map(page, "map-claims")
    shoot(page, "claim-queue.png")
    press_and_wait(page, "a")
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    shoot(page, "claim-edit.png")
    page.keyboard.press("Escape")
    page.wait_for_selector("#edit-form", state="hidden")
    settle(page)  # the next key must not reach a page still closing the form
    page.keyboard.press("l")
    page.wait_for_selector("#link-card", state="visible")
    wait_for_map(page, "map-links", "link-card")
    shoot(page, "link-queue.png")
    press_and_wait(page, "a", "link-card")
    page.keyboard.press("h")
    page.wait_for_selector("#history-table tbody tr")
    settle(page)
    shoot(page, "history.png")
    assert page.locator("#history-table tbody tr").count() >= 2
    assert not page.errors, page.errors


def test_browser_shows_the_inferred_side_and_a_reviewer_declares_one(page, fresh_seed_db, live_server):
    """The seed has no actors.yaml: its actors carry the sides `argmap link` inferred; a reviewer
    declares one from the claim card, the store keeps it and the inferred one gives way."""
    server = live_server(fresh_seed_db, reviewer="Tess")
    page.goto(server.url)
    settle(page)
    for _ in range(30):  # skip to a claim whose actor has an inferred side
        if "inferred side" in page.inner_text("#claim-side"):
            break
        press_and_wait(page, "s")
    claim_id = card_id(page)
    with open_store(fresh_seed_db, create=False) as s:
        actor_id = s.claim(claim_id).actor
        carrier = next(a for a in s.actors() if a.id == actor_id)
    side = page.inner_text("#claim-side")
    assert "inferred side" in side and ("blames" in side or "blamed" in side or "leans" in side or "part of" in side)
    page.click("#side-edit")
    page.fill("#side-input", "transition")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('claim-side').innerText.startsWith('side transition')")
    settle(page)
    assert card_id(page) == claim_id  # typing the side was not taken for review shortcuts
    with open_store(fresh_seed_db, create=False) as s:
        actors = {a.id: a for a in s.actors()}
        history, _ = s.review_history(limit=5)
    assert actors[actor_id].side == "transition" and actors[actor_id].inferred_side is None
    assert carrier.inferred_side is not None or carrier.parent
    assert any(r["record_id"] == actor_id and r["reviewer"] == "Tess" for r in history)
    assert not page.errors, page.errors
