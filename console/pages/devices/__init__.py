"""기기: devices per household with the 48-hour chart."""
