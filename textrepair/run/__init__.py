"""Driving documents through the pipeline: the per-document worker, bounded repair, folders, streams and clusters."""
