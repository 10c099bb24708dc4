"""Pull quotes: paragraphs that repeat a sentence of the running text give no claims.
"""

from __future__ import annotations

import bisect


def pull_quote_paragraphs(text: str) -> set[int]:
    """Indices of paragraphs that repeat text found in a longer paragraph (pull quotes).

    Notes:
        Magazines repeat a sentence as a stand-alone pull quote, sometimes shortened with an
        ellipsis ("South Africa could … play a role"). A paragraph whose fragments (split at
        ellipses) all occur, in order, inside a longer paragraph is a pull quote.
    """
    paras = text.split("\n")
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + 1
    out = set()
    for i, p in enumerate(paras):
        if len(p) > 600:  # pull quotes are short
            continue
        frags = [f.strip(" .") for f in p.replace("...", "…").split("…")]
        frags = [f for f in frags if len(f) >= 12]
        if not frags or sum(len(f) for f in frags) < 30:
            continue
        k = text.find(frags[0])
        tries = 0
        while k != -1 and tries < 50:  # bounded: a text repeating one paragraph must not go quadratic
            tries += 1
            j = para_index_of(starts, k)
            q = paras[j]
            if j != i and len(q) > len(p):
                at = k - starts[j] + len(frags[0])
                for f in frags[1:]:
                    at = q.find(f, at)
                    if at == -1:
                        break
                    at += len(f)
                else:
                    out.add(i)
                    break
            k = text.find(frags[0], k + 1)
    return out


def para_index_of(starts: list[int], offset: int) -> int:

    return bisect.bisect_right(starts, offset) - 1
