"""The interfaces: command line, web server, Telegram bot (see README, Layout)."""

from bot.process_memory import limit_malloc_arenas

limit_malloc_arenas()  # first thing in a citizenbot process, before other threads start
