"""Write bench/gold/gum/manifest.csv: the metadata of the 43 GUM Wikinews texts, from GUM's own records.

Each `dep/<doc>.conllu` of GUM starts with `# meta::` lines; the manifest takes `title`, `dateCreated`
(as `date`) and `sourceURL` (as `url`) from them, with publisher Wikinews and language en. Nothing is
read from the texts themselves, so `bench/eval_meta.py` can score argmap's in-text date finder
against it. Deterministic: a rerun writes the same bytes.

    python bench/gold/gum_manifest.py [--src /work/shared/gum]
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "gum" / "manifest.csv"


def meta(conllu: Path) -> dict[str, str]:
    out = {}
    with conllu.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break  # the meta lines open the file, before the first sentence
            if line.startswith("# meta::") and " = " in line:
                key, _, value = line[len("# meta::"):].partition(" = ")
                out[key.strip()] = value.strip()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(HERE.parents[2] / "shared" / "gum"), help="GUM folder (with dep/)")
    args = parser.parse_args()
    texts = sorted((HERE / "gum" / "texts").glob("*.txt"))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["path", "title", "publisher", "date", "url", "language"])
    for text in texts:
        m = meta(Path(args.src) / "dep" / f"{text.stem}.conllu")
        writer.writerow([f"texts/{text.name}", m["title"], "Wikinews", m["dateCreated"], m["sourceURL"], "en"])
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(HERE.parents[1])}: {len(texts)} documents")


if __name__ == "__main__":
    main()
