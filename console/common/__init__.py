"""What every page shares: the context, background tasks, pollers, table models and set-up,
the one place for labels, messages, window state, the runner status line."""
