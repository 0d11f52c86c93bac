"""Households: the registry, keyholders, CSV import and export, the household record
(timeline, follow-up contacts, reachability)."""
