"""Review: the flag queue, a flag's evidence, and the overview of every household."""
