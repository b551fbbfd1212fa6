"""Reference side of the training-throughput benchmark: PyTorch (Debian python3-torch, the same libtorch
1.13.1 our binding uses) training torchvision's ResNet-18 with the same stem, input size, batch, optimizer
and thread count as our trainer, with the same speed levers (stem stride, channels_last, bf16 autocast). Prints one
JSON line: {"images_per_second": ..., "<phase>_ms": ...}, with the median time of each phase of a step (as the
TorchSharp side reports them)."""
import argparse, json, statistics, sys, time

import torch
import torchvision


def build_model(args):
    model = torchvision.models.resnet18(num_classes=args.num_classes)
    if args.small_stem:
        model.conv1 = torch.nn.Conv2d(args.in_channels, 64, 3, args.stem_stride, 1, bias=False)
        model.maxpool = torch.nn.Identity()
    else:
        model.conv1 = torch.nn.Conv2d(args.in_channels, 64, 7, 2, 3, bias=False)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--in-channels", type=int, default=1)
    parser.add_argument("--num-classes", type=int, default=10)
    parser.add_argument("--small-stem", action="store_true")
    parser.add_argument("--stem-stride", type=int, default=1)
    parser.add_argument("--channels-last", action="store_true")
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--profile", type=int, default=0,
                        help="then N steps under torch.profiler: self CPU ms per step of each op, to stderr")
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = build_model(args).train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    images = torch.randn(args.batch, args.in_channels, args.size, args.size)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
    bf16 = args.precision == "bf16"
    labels = torch.randint(0, args.num_classes, (args.batch,))

    phases = ("zero_grad", "forward", "backward", "step", "readback")
    times = {name: [] for name in phases}

    def step(record):
        # The same work as our trainer's step: loss value and batch accuracy read back every step.
        marks = [time.perf_counter()]
        optimizer.zero_grad(set_to_none=True)
        marks.append(time.perf_counter())
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = model(images)
        logits = logits.float()  # the loss in fp32, as our step computes it
        loss = torch.nn.functional.cross_entropy(logits, labels, label_smoothing=0.1)
        marks.append(time.perf_counter())
        loss.backward()
        marks.append(time.perf_counter())
        loss_value = loss.item()
        optimizer.step()
        marks.append(time.perf_counter())
        correct = logits.argmax(1).eq(labels).sum().item()
        marks.append(time.perf_counter())
        if record:
            for name, begin, end in zip(phases, marks, marks[1:]):
                times[name].append((end - begin) * 1000)
        return loss_value, correct

    for _ in range(args.warmup):
        step(False)
    start = time.perf_counter()
    for _ in range(args.steps):
        step(True)
    elapsed = time.perf_counter() - start
    result = {"images_per_second": args.batch * args.steps / elapsed, "seconds": elapsed}
    result.update({f"{name}_ms": round(statistics.median(times[name]), 2) for name in phases})
    print(json.dumps(result))
    if args.profile:
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
            for _ in range(args.profile):
                step(False)
        ops = sorted(profile.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
        for op in ops[:20]:
            print(json.dumps({"op": op.key, "self_ms_per_step": round(op.self_cpu_time_total / 1000 / args.profile, 2),
                              "calls_per_step": op.count / args.profile}), file=sys.stderr)


if __name__ == "__main__":
    main()
