"""Synonym spinning: tokens, table matching, detection, restoration, and learning a spinner's table."""
