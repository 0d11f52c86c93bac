"""Model handling: found without configuration, loaded once per process, clear errors, and the
decoding overlay that carries the measured settings for the packaged Korean model."""

from __future__ import annotations

import pytest

from speech.errors import ModelError
from speech.model import (
    KO_DECODING,
    MODEL_ENV,
    decoding_model_dir,
    default_model_path,
    load_model,
    packaged_model_path,
    patch_conf,
    validate_model_dir,
)


def test_the_packaged_korean_model_is_found_without_configuration(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    path = default_model_path()
    assert path == packaged_model_path()
    assert (path / "am" / "final.mdl").is_file()


def test_the_environment_selects_another_model(monkeypatch, tmp_path):
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "english"))
    assert default_model_path() == tmp_path / "english"


def test_model_is_loaded_once_per_process(vosk_model_path, vosk_model):
    assert load_model(vosk_model_path) is vosk_model
    assert load_model() is vosk_model  # the default path resolves to the same cached instance


def test_missing_and_invalid_model_directories(tmp_path):
    with pytest.raises(ModelError, match="not found") as info:
        validate_model_dir(tmp_path / "absent")
    assert info.value.exit_code == 3
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="it is a file"):
        load_model(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a Vosk model directory"):
        load_model(tmp_path / "empty")


def test_patch_conf_replaces_or_appends_options():
    text = "--beam=10.0\n--acoustic-scale=1.0\n"
    assert patch_conf(text, {"--acoustic-scale": "0.6"}) == "--beam=10.0\n--acoustic-scale=0.6\n"
    assert patch_conf("--beam=10.0\n", {"--max-active": "5000"}) == "--beam=10.0\n--max-active=5000\n"


def test_the_decoding_overlay_shares_the_model_files(vosk_model_path):
    overlay = decoding_model_dir(vosk_model_path, KO_DECODING)
    assert overlay != vosk_model_path
    conf = (overlay / "conf" / "model.conf").read_text()
    assert "--acoustic-scale=0.7" in conf and "--max-active=1500" in conf and "--beam=10.0" in conf
    assert (overlay / "am" / "final.mdl").stat().st_size == (vosk_model_path / "am" / "final.mdl").stat().st_size
    assert (overlay / "conf" / "mfcc.conf").read_text() == (vosk_model_path / "conf" / "mfcc.conf").read_text()
    assert decoding_model_dir(vosk_model_path, KO_DECODING) == overlay  # built once, then reused
    assert decoding_model_dir(vosk_model_path, {}) == vosk_model_path
