"""Packaged knowledge, loaded lazily: phrase tables, the synonym lexicon, the language model, spun names and inflection."""
