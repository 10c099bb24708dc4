"""Where the seed article lives: $ARGMAP_SEEDS, ../shared/seeds next to the checkout, or /work/shared/seeds."""

import os
from pathlib import Path

NAME = "000_dad2c62ecae5722a.txt"
_CANDIDATES = [
    Path(os.environ["ARGMAP_SEEDS"]) if os.environ.get("ARGMAP_SEEDS") else None,
    Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds",
    Path("/work/shared/seeds"),
]
SEED = next((d / NAME for d in _CANDIDATES if d is not None and (d / NAME).is_file()), Path("/work/shared/seeds") / NAME)
