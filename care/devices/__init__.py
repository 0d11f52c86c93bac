"""Home sensors and companion robots: the MQTT scheme (schema.py), validation and batched writing
(ingest.py), the subscriber (subscriber.py), rules that raise risk flags (rules.py), retention
(retention.py), the simulator (simulator.py), status for the CLI and the console (status.py) and
demo data (demo.py)."""
