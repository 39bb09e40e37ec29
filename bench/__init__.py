"""Benchmarks (``citizenbot bench ...``): tooling, not an interface of the bot.

``core``: place look-ups and the NLU backends; ``catalogue``: parsing over the whole
procedure catalogue, start-up and memory; ``load``: whole turns over HTTP at several
concurrencies, beside ``floor`` (a bare aiohttp endpoint).
"""
