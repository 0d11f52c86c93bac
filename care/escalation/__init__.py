"""Nobody waits until morning: the duty roster, escalation policies, the crash-safe escalation
engine (inside the runner, on its clock), acknowledgement and its figures. Qt-free."""
