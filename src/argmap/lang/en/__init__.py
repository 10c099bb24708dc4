"""English language data (`cues.tsv`, `speakers.txt`, `words.txt`); no code."""
