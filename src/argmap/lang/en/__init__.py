"""English language data (`cues.tsv`, `speakers.txt`, `words.txt`, `dates.tsv`, `metadata.txt`); no code."""
