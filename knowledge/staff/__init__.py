"""Staff accounts of the admin: roles, passwords, sessions and sign-in attempts."""
