"""The one settings store shared by every PC on the database (app_setting): typed frozen sections,
one load/save API with validation that names the bad field, an audit row per save, one policy for
unknown keys and a schema version (see store.py). Secrets never live here: the Twilio token and
the MQTT password are in the OS keyring.

    from care import settings
    runner = settings.load(session, settings.RunnerSettings)
    settings.update(session, settings.RuleThresholds, actor="kim", no_motion_h=12)
"""

from care.settings.checks import MAX_READING_AGE_DAYS, problem
from care.settings.sections import (
    SECTIONS,
    AccessSettings,
    EscalationSettings,
    MqttSettings,
    RetentionSettings,
    RuleThresholds,
    RunnerSettings,
    SpeechSettings,
    TelephonySettings,
    UnreachableRule,
)
from care.settings.store import (
    SCHEMA_KEY,
    SCHEMA_VERSION,
    load,
    save,
    stored_version,
    update,
    upgrade,
    validated,
    with_changes,
)

__all__ = [
    "MAX_READING_AGE_DAYS", "SCHEMA_KEY", "SCHEMA_VERSION", "SECTIONS", "AccessSettings", "EscalationSettings", "MqttSettings",
    "RetentionSettings",
    "RuleThresholds", "RunnerSettings", "SpeechSettings", "TelephonySettings", "UnreachableRule", "load", "problem", "save",
    "stored_version", "update", "upgrade", "validated", "with_changes",
]
