"""설정: the phone line and the MQTT broker."""
