"""Check-ins: plans, tonight's schedule, the call, recordings, assessment and the runner."""
