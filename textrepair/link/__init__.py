"""Provenance: link each article segment of a body to the front-matter record it copies, with a calibrated score and evidence.

Layer 4 of the package (docs/architecture.md): it reads the document model (text/), the
packaged knowledge (lexical/) and restoration's token type and headline restoration (spin/), and
never runs the pipeline. Linking inside a repair (the body as the fixers leave it, spans mapped
back to the input, ``repair_with_record``) is :mod:`textrepair.run.linking`. One module per concern:

- ``records``: the Record type and loading (folders of front-matter files or plain articles,
  JSON Lines, mappings).
- ``excerpt``: a record's excerpt made usable (cut tail, bylines, datelines, captions, furniture,
  a repeated headline removed) and its title without site labels.
- ``tokens``: the linker's tokenizer (:class:`textrepair.spin.tokens.Token` with kinds), the
  immutables skeleton, match keys, sentence words.
- ``features``: the views of a segment and of a record, and every measurement of a pair.
- ``score``: the pair model, the link decision (margin, same-story alternates) and abstentions.
- ``index``: the inverted index, candidate selection and ``link_document``.
- ``context``: substitutions learned from a linked record, and the linker of a run.
"""

from __future__ import annotations

from .context import ContextPair, DocumentLinker, best_segment, learn_context_pairs
from .excerpt import Excerpt, clean_excerpt, clean_title, read_excerpt
from .features import (CHANCE, CHANCE_SENTENCES, FEATURES, PARAPHRASE_CHANCE_SLOPE, Features, RecordView,
                       SegmentView, measure, paraphrase_chance, record_view, segment_view, word_weights)
from .index import LinkReport, RecordIndex, index_words, link_document, query_words
from .records import Record, expand_related, load_records
from .score import (LINK_THRESHOLD, Abstention, Alternate, Link, calibrated_score, decide, pair_score,
                    same_article, score_record)
from .tokens import Token, match_keys, sentence_words, skeleton, slug_words, tokenize

__all__ = [
    "CHANCE", "CHANCE_SENTENCES", "FEATURES", "LINK_THRESHOLD", "PARAPHRASE_CHANCE_SLOPE", "Abstention",
    "Alternate", "ContextPair", "DocumentLinker", "best_segment", "Excerpt", "Features", "Link", "LinkReport", "Record",
    "RecordIndex", "RecordView", "SegmentView", "Token", "calibrated_score", "clean_excerpt",
    "clean_title", "decide", "expand_related", "index_words", "learn_context_pairs", "link_document",
    "load_records", "match_keys", "measure", "pair_score", "paraphrase_chance", "query_words", "read_excerpt",
    "record_view", "same_article", "score_record", "segment_view", "sentence_words",
    "skeleton", "slug_words", "tokenize", "word_weights",
]
