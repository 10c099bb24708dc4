"""French language data (`cues.tsv`, `speakers.txt`, `words.txt`, `dates.tsv`, `countries.tsv`, `mentions.tsv`); no code."""
