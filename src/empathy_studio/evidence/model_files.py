"""Finding the files of the sentence-embedding model: a local folder, or the model hub with a cache.

A ready folder holds model.onnx and tokenizer.json. Weights in other forms (a sentence-transformers folder
with model.safetensors) are converted once into the cache. Each cache folder is keyed by model name and
version and carries a stamp naming both, so a folder built from another model or version is rebuilt,
never mixed with the new one."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from empathy_studio.settings import Settings

ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
STAMP_FILE = "empathy-model.json"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# What to fetch from the hub: a ready ONNX export when the repository has one, otherwise the weights.
HUB_PATTERNS = (
    "tokenizer.json",
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
GENERIC_FOLDER_NAMES = ("model", "models", "onnx", "weights")
HOW_TO_ENABLE = (
    "Automatic sorting is off; sorting by hand works as always. To turn it on, set EMPATHY_MODEL to a "
    "folder holding model.onnx and tokenizer.json, or to a sentence-transformers folder (converted once: "
    "`empathy model convert FOLDER --output DIR`, needs the 'convert' extra), or to a model-hub name such as "
    "sentence-transformers/all-MiniLM-L6-v2 on a machine that can reach the hub."
)


class ModelUnavailable(Exception):
    """No sentence-embedding model can be loaded; the message says why and how to enable sorting."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason} {HOW_TO_ENABLE}")
        self.reason = reason


@dataclass(frozen=True)
class ModelFolder:
    path: Path  # holds model.onnx, tokenizer.json and the pooling settings
    name: str
    version: str

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.version}"


def is_ready(folder: Path) -> bool:
    return (folder / ONNX_FILE).is_file() and (folder / TOKENIZER_FILE).is_file()


def cache_root(settings: Settings) -> Path:
    return settings.model_cache_dir or settings.data_dir / "models"


def locate_model(settings: Settings) -> ModelFolder:
    """The folder of settings.model, downloading or converting into the cache when needed."""
    wanted = settings.model.strip()
    if not wanted:
        raise ModelUnavailable("No model is configured (EMPATHY_MODEL is empty).")
    local = Path(wanted).expanduser()
    if local.is_dir():
        return local_model(local, cache_root(settings))
    if local.is_absolute() or wanted.startswith("."):
        raise ModelUnavailable(f"The model folder {local} does not exist.")
    return hub_model(wanted, cache_root(settings))


def local_model(folder: Path, cache: Path) -> ModelFolder:
    name = folder.resolve().name
    if name in GENERIC_FOLDER_NAMES:  # .../all-MiniLM-L6-v2/model says more as "all-MiniLM-L6-v2"
        name = folder.resolve().parent.name
    if is_ready(folder):
        return ModelFolder(folder, name, file_digest(folder / ONNX_FILE))
    weights = next((folder / w for w in WEIGHT_FILES if (folder / w).is_file()), None)
    if weights is None or not (folder / TOKENIZER_FILE).is_file():
        raise ModelUnavailable(
            f"The folder {folder} holds neither model.onnx nor model weights with tokenizer.json."
        )
    version = file_digest(weights)
    return ModelFolder(
        cached_build(cache, name, version, lambda target: convert(folder, target)), name, version
    )


def hub_model(name: str, cache: Path) -> ModelFolder:
    revision = hub_revision(name)
    if revision is None:  # offline: the newest complete download of this model, if any
        known = newest_cached(cache, name)
        if known is None:
            raise ModelUnavailable(
                f"The model {name} is not downloaded yet and the model hub cannot be reached."
            )
        return known
    return ModelFolder(
        cached_build(cache, name, revision, lambda t: download(name, revision, t)), name, revision
    )


def hub_revision(name: str) -> str | None:
    try:
        from huggingface_hub import HfApi

        sha = HfApi().model_info(name, timeout=10).sha
    except Exception:  # no network, unknown model, hub down: all mean "use the cache"
        return None
    return sha or None


def download(name: str, revision: str, target: Path) -> None:
    from huggingface_hub import HfApi, hf_hub_download

    files = set(HfApi().list_repo_files(name, revision=revision))
    for wanted in HUB_PATTERNS:
        if wanted in files:
            fetched = hf_hub_download(name, wanted, revision=revision, cache_dir=target / ".hub")
            (target / wanted).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(fetched, target / wanted)
    for onnx in (ONNX_FILE, f"onnx/{ONNX_FILE}"):
        if onnx in files:
            shutil.copy2(
                hf_hub_download(name, onnx, revision=revision, cache_dir=target / ".hub"), target / ONNX_FILE
            )
            break
    else:
        weights = next((w for w in WEIGHT_FILES if w in files), None)
        if weights is None:
            raise ModelUnavailable(f"The model {name} on the hub has neither an ONNX file nor weights.")
        hf_hub_download(name, weights, revision=revision, local_dir=target / ".weights")
        for wanted in HUB_PATTERNS:
            if (target / wanted).is_file():
                (target / ".weights" / wanted).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target / wanted, target / ".weights" / wanted)
        convert(target / ".weights", target)
    shutil.rmtree(target / ".hub", ignore_errors=True)
    shutil.rmtree(target / ".weights", ignore_errors=True)


def convert(source: Path, target: Path) -> None:
    from empathy_studio.evidence.onnx_export import ConversionUnavailable, export_onnx

    try:
        export_onnx(source, target)
    except ConversionUnavailable as error:
        raise ModelUnavailable(f"The model in {source} must be converted to ONNX first. {error}") from error
    except Exception as error:  # damaged weights or an architecture the exporter cannot handle
        raise ModelUnavailable(f"Converting the model in {source} to ONNX failed ({error}).") from error


def cached_build(cache: Path, name: str, version: str, build: Callable[[Path], None]) -> Path:
    """cache/<name>/<version>, built once into a scratch folder and moved in place when complete."""
    folder = cache / slug(name) / slug(version)
    stamp = {"name": name, "version": version}
    if is_ready(folder) and read_stamp(folder) == stamp:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        build(scratch)
        (scratch / STAMP_FILE).write_text(json.dumps(stamp), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)  # another model's or version's leftovers
        scratch.rename(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def newest_cached(cache: Path, name: str) -> ModelFolder | None:
    candidates = [
        f
        for f in (cache / slug(name)).glob("*")
        if is_ready(f) and read_stamp(f).get("name") == name and not f.name.endswith("-int8")
    ]  # the newest download; its 8-bit copy is made from it again if missing
    if not candidates:
        return None
    newest = max(candidates, key=lambda f: (f / STAMP_FILE).stat().st_mtime)
    return ModelFolder(newest, name, read_stamp(newest)["version"])


def read_stamp(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def file_digest(path: Path) -> str:
    """A content hash: the version of a local model, so changed weights get their own cache folder."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return f"sha256-{digest.hexdigest()[:16]}"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "--", text).strip("-.") or "model"
