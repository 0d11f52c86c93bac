"""The device sections of the one settings store (care/settings): rule thresholds
("devices.rules"), retention ("devices.retention") and the broker ("devices.mqtt"). Load and save
them with care.settings.load / update. The MQTT password is never stored: it lives in the OS
keyring (service "anbu-mqtt", user = the broker user name) or ANBU_MQTT_PASSWORD; see
mqtt_config.py."""

from __future__ import annotations

from care.settings import MAX_READING_AGE_DAYS, MqttSettings, RetentionSettings, RuleThresholds

KEYRING_SERVICE = "anbu-mqtt"

__all__ = ["KEYRING_SERVICE", "MAX_READING_AGE_DAYS", "MqttSettings", "RetentionSettings", "RuleThresholds"]
