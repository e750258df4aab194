"""Turning a sentence-transformers folder (safetensors weights) into the ONNX file the app runs.

Only this step needs torch and transformers (the `convert` extra); they are imported inside the function so
the app itself never loads them."""

from __future__ import annotations

import shutil
from pathlib import Path

# Everything besides the weights that the runtime reads (tokenizer, pooling and normalisation settings).
COMPANION_FILES = (
    "tokenizer.json",
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
ONNX_FILE = "model.onnx"
OPSET = 17


class ConversionUnavailable(RuntimeError):
    """torch/transformers are not installed, so weights cannot be turned into ONNX here."""


def export_onnx(source: Path, target: Path) -> Path:
    """Write target/model.onnx (token embeddings out; pooling happens at run time) plus companion files."""
    try:
        import torch
        from transformers import AutoModel
    except ImportError as error:
        raise ConversionUnavailable(
            "Converting model weights to ONNX needs torch and transformers: install the 'convert' extra "
            "(pip install torch==2.13.0 first for the CPU build, then pip install 'empathy-studio[convert]')."
        ) from error

    target.mkdir(parents=True, exist_ok=True)
    encoder = AutoModel.from_pretrained(str(source))
    encoder.eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder  # a submodule, so its weights become ONNX initializers

        # Keyword arguments only: positional ones would land on newer forward() parameters.
        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            out = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types, return_dict=True)
            hidden: torch.Tensor = out.last_hidden_state
            return hidden

    sample = torch.ones((1, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            TokenEmbeddings(),
            (sample, sample, torch.zeros_like(sample)),
            str(target / ONNX_FILE),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,  # the tracing exporter needs no onnxscript and handles BERT-style models well
        )
    for name in COMPANION_FILES:
        if (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target / ONNX_FILE
