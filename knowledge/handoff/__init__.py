"""Requests for a person: opened by citizens, claimed by volunteers or staff, relayed."""
