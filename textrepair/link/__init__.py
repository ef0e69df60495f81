"""Provenance: link each article segment of a body to the front-matter record it copies, with a calibrated score and evidence.

One module per concern (none imports a textrepair module outside this package except the ones
listed, so the package can move as a whole):

- ``records``: the Record type and loading (folders of front-matter files, JSON Lines, mappings).
- ``excerpt``: a record's excerpt made usable (cut tail, bylines, datelines, captions, furniture,
  a repeated headline removed) and its title without site labels.
- ``tokens``: the linker's tokenizer, the immutables skeleton, match keys, sentence words.
- ``features``: the views of a segment and of a record, and every measurement of a pair.
- ``score``: the pair model, the link decision (margin, same-story alternates) and abstentions.
- ``index``: the inverted index, candidate selection and ``link_document``.
- ``context``: substitutions learned from a linked record, repair with them, the batch linker.

Imports from the rest of textrepair: ``align`` (align_sentences, monotone_pairs, word_diffs,
words_of), ``document`` (Document, parse_document, DEFAULT_MAX_BYTES), ``errors``,
``decode.decode_bytes``, ``frontmatter`` (find_front_matter, jsonable, load_yaml_mapping),
``lexicon`` (lemmas, synonyms), ``segment`` (is_headline, split_paragraphs, split_sentences),
``tables.load_table``, ``types`` (Segment, Signal, Span); lazily ``restore.restore`` (headline
restoration), ``config.RepairConfig`` and ``pipeline.repair_document`` (repair_with_record),
``render.view`` (notebooks).
"""

from __future__ import annotations

from .context import ContextPair, DocumentLinker, learn_context_pairs, repair_with_record
from .excerpt import Excerpt, clean_excerpt, clean_title, read_excerpt
from .features import (CHANCE, CHANCE_SENTENCES, FEATURES, PARAPHRASE_CHANCE_SLOPE, Features, RecordView,
                       SegmentView, measure, paraphrase_chance, record_view, segment_view, word_weights)
from .index import LinkReport, RecordIndex, index_words, link_document, query_words
from .records import Record, RecordProblem, expand_related, load_records
from .score import (LINK_THRESHOLD, Abstention, Alternate, Link, calibrated_score, decide, pair_score,
                    same_article, score_record)
from .tokens import Token, match_keys, sentence_words, skeleton, slug_words, tokenize

__all__ = [
    "CHANCE", "CHANCE_SENTENCES", "FEATURES", "LINK_THRESHOLD", "PARAPHRASE_CHANCE_SLOPE", "Abstention",
    "Alternate", "ContextPair", "DocumentLinker", "Excerpt", "Features", "Link", "LinkReport", "Record",
    "RecordIndex", "RecordProblem", "RecordView", "SegmentView", "Token", "calibrated_score", "clean_excerpt",
    "clean_title", "decide", "expand_related", "index_words", "learn_context_pairs", "link_document",
    "load_records", "match_keys", "measure", "pair_score", "paraphrase_chance", "query_words", "read_excerpt",
    "record_view", "repair_with_record", "same_article", "score_record", "segment_view", "sentence_words",
    "skeleton", "slug_words", "tokenize", "word_weights",
]
