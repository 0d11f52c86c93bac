"""가구: the households table, the add/edit dialog, CSV import."""
