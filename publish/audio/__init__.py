"""Narration: speech text, synthesis with a cache, mixing, loudness, MP3, captions."""
