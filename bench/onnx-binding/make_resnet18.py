"""Bench-only reference model: torchvision ResNet-18 (10 classes) exported by PyTorch to ONNX, input [batch, 3, 32, 32].

Used until our own exporter (src/Export) produces the same file; the product never runs Python.
Usage: /usr/bin/python3 make_resnet18.py OUT.onnx
"""
import sys

import torch
import torchvision

torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=10).eval()
example = torch.randn(1, 3, 32, 32)
torch.onnx.export(
    model,
    example,
    sys.argv[1],
    opset_version=17,
    input_names=["input"],
    output_names=["logits"],
    dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    do_constant_folding=True,
)
print(f"wrote {sys.argv[1]}")
