"""Password hashing with Argon2id (argon2-cffi), parameters upgraded on sign-in."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 10
# Longer passwords are refused before hashing (a megabyte "password" costs nothing to send).
MAX_PASSWORD_CHARS = 1024


class Passwords:
    """Hashes and checks passwords. ``hasher`` defaults to argon2-cffi's recommended
    parameters; a stored hash made with older parameters is re-made at the next sign-in."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        if len(password) > MAX_PASSWORD_CHARS:
            return False
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    @cached_property
    def _dummy(self) -> str:
        return self.hasher.hash("not a password of anyone")

    def waste_time(self, password: str) -> None:
        """As long as a real check: an unknown name takes as long as a wrong password."""
        self.verify(self._dummy, password[:MAX_PASSWORD_CHARS])
