"""Readers: source text to the document model."""
