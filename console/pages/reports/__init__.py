"""Reports page: period and scope pickers, the figures as tables with small charts, export and print."""
