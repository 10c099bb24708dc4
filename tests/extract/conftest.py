import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model with argmap's components (skips when no model is installed)."""
    from argmap.errors import ModelNotFoundError
    from argmap.pipeline import build_nlp

    try:
        return build_nlp()
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))
