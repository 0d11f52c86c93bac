"""The household page: one resident's whole record (issue 13)."""
