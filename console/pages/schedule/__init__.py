"""일정: tonight's calls, the plan editor, the runner as a service."""
