"""One subpackage per page of the main window."""
