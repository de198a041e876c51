// Local placeholder (not committed): the target has no sources on this branch.
