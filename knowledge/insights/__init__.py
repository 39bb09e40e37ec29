"""What the bot learns from its conversations: turn events, the inbox of what it could not
answer (redacted), feedback on answers, and the figures staff read from them."""
