"""Bench-only models: torchvision ResNet-18 (10 classes, 32x32) exported by PyTorch to ONNX, once per seed
("a retrain": same architecture, other weights). The product never runs Python.
Usage: /usr/bin/python3 make_models.py OUT_DIR SEED...   -> OUT_DIR/resnet18-seed<SEED>.onnx
"""
import sys

import torch
import torchvision

out = sys.argv[1]
for seed in map(int, sys.argv[2:]):
    torch.manual_seed(seed)
    model = torchvision.models.resnet18(num_classes=10).eval()
    torch.onnx.export(model, torch.randn(1, 3, 32, 32), f"{out}/resnet18-seed{seed}.onnx", opset_version=17,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
