"""Deck formats other than TOML: csv/tsv, json, and (optional extras) apkg, md."""
