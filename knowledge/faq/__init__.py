"""FAQ entries: questions staff answer once, with their phrasings, source and scope."""
