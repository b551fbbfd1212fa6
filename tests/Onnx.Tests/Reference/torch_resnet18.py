"""Independent reference for tests only: PyTorch exports a ResNet-18 (10 classes, 32x32 input) to ONNX and writes
the logits PyTorch itself computes for a fixed input, so ONNX Runtime as we call it can be checked against another stack.
Usage: /usr/bin/python3 torch_resnet18.py OUT_DIR BATCH
Writes OUT_DIR/model.onnx, OUT_DIR/input.f32 and OUT_DIR/logits.f32 (raw little-endian float32).
"""
import os
import sys

import torch
import torchvision

out_dir, batch = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=10).eval()
# Non-trivial BatchNorm statistics so folding/normalisation mistakes would show.
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
x = torch.randn(batch, 3, 32, 32)
torch.onnx.export(model, x, os.path.join(out_dir, "model.onnx"), opset_version=17,
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
with torch.no_grad():
    logits = model(x)
x.numpy().astype("<f4").tofile(os.path.join(out_dir, "input.f32"))
logits.numpy().astype("<f4").tofile(os.path.join(out_dir, "logits.f32"))
