"""검토: the flag queue, a flag's detail and evidence playback, the resolve dialog."""
