"""Bench-only model: torchvision ResNet-18 for 28x28 grey Fashion-MNIST (small stem: 3x3 stride-1 conv, no max-pool),
exported by PyTorch to ONNX with the metadata the server reads (src/Serve/ModelMetadataKeys.cs). Random weights:
the bench measures speed, not accuracy. Used until src/Export writes the same file; the product never runs Python.
Usage: /usr/bin/python3 make_classifier.py OUT.onnx
"""
import json
import sys

import onnx
import torch
import torchvision

torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=10)
model.conv1 = torch.nn.Conv2d(1, 64, kernel_size=3, stride=1, padding=1, bias=False)
model.maxpool = torch.nn.Identity()
model.eval()
torch.onnx.export(
    model,
    torch.randn(1, 1, 28, 28),
    sys.argv[1],
    opset_version=17,
    input_names=["image"],
    output_names=["logits"],
    dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
    do_constant_folding=True,
)
labels = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
proto = onnx.load(sys.argv[1])
for key, value in {
    "mlops.labels": json.dumps(labels),
    "mlops.input_channels": "1",
    "mlops.input_size": "28",
    "mlops.mean": "[0.286]",
    "mlops.std": "[0.353]",
}.items():
    entry = proto.metadata_props.add()
    entry.key, entry.value = key, value
onnx.save(proto, sys.argv[1])
print(f"wrote {sys.argv[1]}")
