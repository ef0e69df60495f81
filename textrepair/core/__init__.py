"""The vocabulary every stage shares: spans, edits and results, the edit algebra, options and errors (imports nothing above it)."""
