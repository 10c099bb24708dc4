"""Reading the YAML that users write: front matter, `.meta.yaml` sidecars, `actors.yaml`, style files.

One loader for all of them, safe and bounded:

* no Python objects (PyYAML's safe loader) and **no aliases**: `*ref` is refused, so a "billion
  laughs" block of nested aliases cannot expand into gigabytes (anchors alone are harmless);
* **no implicit timestamps**: `published: 2025-13-45` stays the string it is written as, and the
  code that wants a date checks it (PyYAML would raise a bare `ValueError` building the date);
* a size cap on the text and a depth guard: a deeply nested flow sequence is refused, not a
  `RecursionError`.

Every failure is an `InputError` with a one-line reason.
"""

from __future__ import annotations

import yaml

from .errors import InputError

#: Bytes of YAML one file (or one front-matter block) may have.
MAX_YAML_CHARS = 1_000_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _AliasRefused(Exception):
    def __init__(self, mark) -> None:
        super().__init__(f"line {mark.line + 1}" if mark is not None else "")


class _Loader(yaml.SafeLoader):
    """The safe loader without aliases and without implicit timestamps."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str, *, what: str, max_chars: int = MAX_YAML_CHARS) -> object:
    """The data of one YAML document (None when it is empty).

    Args:
        text: the YAML text.
        what: how messages name it ("front matter", "actors.yaml", ...).
        max_chars: refuse longer texts.

    Raises:
        InputError: too long, not valid YAML, an alias, or nested too deeply.
    """
    if len(text) > max_chars:
        raise InputError(f"{what} is too long for YAML metadata ({len(text):,} characters > {max_chars:,})")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _AliasRefused as exc:
        raise InputError(f"{what} uses a YAML alias ('*name', {exc}); write the value out instead") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{what} is not valid YAML ({str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise InputError(f"{what} is nested too deeply to be YAML metadata") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value (e.g. a float)
        raise InputError(f"{what} has a value YAML cannot build ({exc.__class__.__name__}: {exc})") from None
