// Our side of the training-throughput benchmark: the trainer's own step (TrainingStep.Run) on our ResNet-18,
// with the same model options, input size, batch, optimizer and threads as pytorch_reference.py.
// Usage: Mlops.Bench.TrainThroughput <batch> <size> <small_stem 0|1> <threads> <warmup> <steps> [stem_stride 1|2] [channels_last 0|1] [fp32|bf16] [deep_stem 0|1]
// (deep_stem is ours only: compare it against our plain stem by running this twice, alternating.)
using System.Diagnostics;
using System.Globalization;
using Mlops.Torch.Compute;
using Mlops.Torch.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Mlops.Train.Models;
using Mlops.Train.Training;

int batch = int.Parse(args[0], CultureInfo.InvariantCulture);
int size = int.Parse(args[1], CultureInfo.InvariantCulture);
bool smallStem = args[2] == "1";
int threads = int.Parse(args[3], CultureInfo.InvariantCulture);
int warmup = int.Parse(args[4], CultureInfo.InvariantCulture);
int steps = int.Parse(args[5], CultureInfo.InvariantCulture);
int stemStride = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1;
var compute = new ComputeMode(ChannelsLast: args.Length > 7 && args[7] == "1", Bfloat16: args.Length > 8 && args[8] == "bf16");
bool deepStem = args.Length > 9 && args[9] == "1";

set_num_threads(threads);
manual_seed(0);
using var model = ResNets.Create(new ResNetDescription("resnet18", 10, 1, smallStem, stemStride, DeepStem: deepStem));
model.train();
if (compute.ChannelsLast) ChannelsLast.Apply(model);
// The trainer's optimizer for optim.name: sgd (OptimizerBuilder): TorchSharp's SGD with its step in place.
using var optimizer = new InPlaceSgd([new SGD.ParamGroup { Parameters = model.parameters() }], 0.05, 0.9, 5e-4, nesterov: true);
var random = new Random(0);
var images = new float[batch * size * size];
for (int i = 0; i < images.Length; i++) images[i] = (float)(random.NextDouble() * 2 - 1);
var labels = new long[batch];
for (int i = 0; i < batch; i++) labels[i] = random.Next(10);
long[] shape = [batch, 1, size, size];

for (int s = 0; s < warmup; s++) TrainingStep.Run(model, optimizer, images, shape, labels, 0.1, compute: compute);
var clock = Stopwatch.StartNew();
for (int s = 0; s < steps; s++) TrainingStep.Run(model, optimizer, images, shape, labels, 0.1, compute: compute);
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"images_per_second\": {batch * steps / seconds:F2}, \"seconds\": {seconds:F3}}}"));
