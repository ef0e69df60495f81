"""The document model: bytes to text, front matter, paragraphs, sentences and article segments, and alignment of two texts."""
