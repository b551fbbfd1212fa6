"""Writes Fashion-MNIST test images as PNGs with their true labels (Debian's dataset-fashion-mnist), bench only.
Usage: fashion_png.py OUT_DIR COUNT   -> OUT_DIR/test-<i>.png and OUT_DIR/labels.txt ("<i> <label index>" per line)
"""
import gzip
import os
import sys

from PIL import Image

DATA = "/usr/share/datasets/fashion-mnist"


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    with gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")) as f:
        images = f.read()[16:]
    with gzip.open(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = f.read()[8:]
    with open(os.path.join(out, "labels.txt"), "w") as listing:
        for i in range(count):
            Image.frombytes("L", (28, 28), images[i * 784:(i + 1) * 784]).save(os.path.join(out, f"test-{i}.png"))
            listing.write(f"{i} {labels[i]}\n")


if __name__ == "__main__":
    main()
