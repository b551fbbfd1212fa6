// The phase profile of the training-throughput benchmark: the trainer's ResNet-18 (ResNets.Create) and its speed
// levers (ChannelsLast, BFloat16Autocast) with the same stem, input size, batch, optimizer, label smoothing and
// threads as pytorch_reference.py, each step split into phases (median milliseconds), with our in-place SGD or
// TorchSharp's own. Prints one JSON line.
// Usage: Mlops.Bench.TrainThroughput.TorchSharp <batch> <size> <small_stem 0|1> <threads> <warmup> <steps>
//          <stem_stride 1|2> <channels_last 0|1> <fp32|bf16> <torchsharp|torchsharp-none|lean>
//   torchsharp:      torch.optim.SGD and its zero_grad() (gradients zeroed in place, backward accumulates into them)
//   torchsharp-none: torch.optim.SGD, gradients dropped (set to none) before backward, as PyTorch's side does
//   lean:            the trainer's InPlaceSgd (in-place update, scalars made once), gradients set to none
// or: Mlops.Bench.TrainThroughput.TorchSharp --check-sgd   (torch.optim.SGD vs InPlaceSgd on the same gradients)
using System.Diagnostics;
using System.Globalization;
using Mlops.Torch.Compute;
using Mlops.Torch.Optim;
using Mlops.Train.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

const double Lr = 0.05, Momentum = 0.9, WeightDecay = 5e-4, LabelSmoothing = 0.1;

if (args is ["--check-sgd"]) return CheckSgd();

int batch = Int(0), size = Int(1), threads = Int(3), warmup = Int(4), steps = Int(5), stemStride = Int(6);
bool smallStem = args[2] == "1", channelsLast = args[7] == "1", bf16 = args[8] == "bf16";
string optimizerName = args[9];
if (optimizerName is not ("torchsharp" or "torchsharp-none" or "lean"))
    throw new ArgumentException($"unknown optimizer {optimizerName}");

set_num_threads(threads);
manual_seed(0);
using var model = ResNets.Create(new ResNetDescription("resnet18", 10, 1, smallStem, stemStride));
model.train();
var images = randn(batch, 1, size, size);
var labels = randint(0, 10, [batch]);
if (channelsLast)
{
    ChannelsLast.Apply(model);
    images = ChannelsLast.Of(images);
}
using var sgd = optimizerName == "lean" ? null
    : optim.SGD(model.parameters(), Lr, momentum: Momentum, weight_decay: WeightDecay, nesterov: true);
using var lean = optimizerName == "lean" ? Lean(model.parameters()) : null;

string[] phases = ["zero_grad", "forward", "backward", "step", "readback", "scope"];
var times = phases.ToDictionary(p => p, _ => new List<double>());
for (int s = 0; s < warmup; s++) Step(null);
var clock = Stopwatch.StartNew();
for (int s = 0; s < steps; s++) Step(times);
double seconds = clock.Elapsed.TotalSeconds;
var medians = string.Join(", ", phases.Select(p => $"\"{p}_ms\": {Median(times[p]):F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"images_per_second\": {batch * steps / seconds:F2}, \"seconds\": {seconds:F3}, " +
    $"\"optimizer\": \"{optimizerName}\", \"libtorch\": \"{__version__}\", {medians}}}"));
return 0;

void Step(Dictionary<string, List<double>>? record)
{
    var phase = Stopwatch.StartNew();
    void Mark(string name)
    {
        record?[name].Add(phase.Elapsed.TotalMilliseconds);
        phase.Restart();
    }
    using (var scope = NewDisposeScope())
    {
        if (lean is not null) lean.zero_grad();
        else if (optimizerName == "torchsharp") sgd!.zero_grad();
        else foreach (var p in model.parameters()) p.grad = null;
        Mark("zero_grad");
        Tensor logits;
        using (bf16 ? new BFloat16Autocast() : null)
            logits = model.call(images);
        logits = logits.to(float32); // the loss in fp32, as the other two sides compute it
        var loss = nn.functional.cross_entropy(logits, labels, label_smoothing: LabelSmoothing);
        Mark("forward");
        loss.backward();
        Mark("backward");
        double lossValue = loss.item<float>();
        if (!double.IsFinite(lossValue)) throw new InvalidOperationException($"loss {lossValue}");
        (lean ?? sgd)!.step();
        Mark("step");
        _ = logits.argmax(1).eq(labels).sum().item<long>();
        Mark("readback");
    }
    Mark("scope");
}

// torch.optim.SGD and InPlaceSgd on two copies of ResNet-18's parameters, fed the same gradients for five steps.
static int CheckSgd()
{
    manual_seed(0);
    using var model = ResNets.Create(new ResNetDescription("resnet18", 10, 1, SmallStem: true));
    var a = model.parameters().Select(p => new Parameter(p.detach().clone())).ToArray();
    var b = a.Select(p => new Parameter(p.detach().clone())).ToArray();
    using var sgd = optim.SGD(a, Lr, momentum: Momentum, weight_decay: WeightDecay, nesterov: true);
    using var lean = Lean(b);
    for (int step = 0; step < 5; step++)
    {
        for (int k = 0; k < a.Length; k++)
        {
            using var gradient = randn_like(a[k]);
            a[k].grad = gradient.clone();
            b[k].grad = gradient.clone();
        }
        sgd.step();
        lean.step();
    }
    double maxDiff = a.Zip(b).Max(pair => (pair.First - pair.Second).abs().max().item<float>());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
         $"{{\"check\": \"torch.optim.SGD vs InPlaceSgd, 5 steps\", \"max_abs_diff\": {maxDiff:G3}}}"));
    return maxDiff <= 1e-6 ? 0 : 1;
}

static InPlaceSgd Lean(IEnumerable<Parameter> parameters) =>
    new([new SGD.ParamGroup { Parameters = parameters.ToList() }], Lr, Momentum, WeightDecay, nesterov: true);

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    int n = sorted.Length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

int Int(int index) => int.Parse(args[index], CultureInfo.InvariantCulture);
