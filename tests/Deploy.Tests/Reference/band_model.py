"""Independent reference for the container test: a tiny real ONNX classifier and a PNG it must classify.

Flatten -> Gemm over 28x28 grey images. Class k's weights are 1 on pixel rows 4+2k and 5+2k, so an image
black except a white band k is classified k (normalised with mean 0.5 / std 0.5, logit k is +56, others -56).
Usage: band_model.py OUT_DIR BAND   -> OUT_DIR/bands.onnx, OUT_DIR/band.png
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from PIL import Image

SIZE, CLASSES = 28, 10
LABELS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def rows(band):
    return [4 + 2 * band, 5 + 2 * band]


def model():
    weights = np.zeros((CLASSES, SIZE * SIZE), dtype=np.float32)
    for k in range(CLASSES):
        for row in rows(k):
            weights[k, row * SIZE:(row + 1) * SIZE] = 1
    graph = helper.make_graph(
        [helper.make_node("Flatten", ["image"], ["flat"], axis=1),
         helper.make_node("Gemm", ["flat", "W", "B"], ["logits"], transB=1)],
        "band_classifier",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1, SIZE, SIZE])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", CLASSES])],
        [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(np.zeros(CLASSES, np.float32), "B")])
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    proto.ir_version = 8
    for key, value in {"mlops.labels": json.dumps(LABELS), "mlops.input_channels": "1", "mlops.input_size": str(SIZE),
                       "mlops.mean": "[0.5]", "mlops.std": "[0.5]"}.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto)
    return proto


def png(band):
    pixels = np.zeros((SIZE, SIZE), dtype=np.uint8)
    pixels[rows(band), :] = 255
    return Image.fromarray(pixels, mode="L")


if __name__ == "__main__":
    out, band = sys.argv[1], int(sys.argv[2])
    onnx.save(model(), f"{out}/bands.onnx")
    png(band).save(f"{out}/band.png")
