"""Packaged data: phrase tables, the lexicon and names (built by the scripts in data/, read lazily by textrepair.lexical)."""
