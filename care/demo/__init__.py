"""Demo data: households, plans, call history and devices for trying the console."""
