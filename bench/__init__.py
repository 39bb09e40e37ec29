"""Benchmarks (``citizenbot bench ...``, registered by ``cli``): tooling, not an interface
of the bot.

``core``: place look-ups and the NLU backends; ``catalogue``: parsing over the whole
procedure catalogue, start-up and memory; ``turns``: web-chat turns over HTTP at several
concurrencies; ``load``: Telegram updates end to end through the webhook with 1, 2 and 4
workers (``telegram_traffic`` sends them, ``fake_bot_api`` plays Telegram); both beside
``floor`` (a bare aiohttp endpoint); ``processes``: starting and stopping the servers.
"""
