"""Community digital-tech volunteers: invitations, membership of a unit, duty."""
