using System.Runtime.InteropServices;
using Mlops.Torch.Tests.Serialization;

namespace Mlops.Train.Tests.Models;

/// <summary>
/// torchvision 0.14 (python3-torchvision) builds ResNets with random weights and random BatchNorm state,
/// saves their state dicts (.pth), an input batch, the eval-mode logits, and — after one train-mode
/// forward — the logits and the updated BatchNorm buffers. Written once per test class. The deep-stem variant is
/// torchvision's network with a conv-BN-ReLU module "stem" put first (in the state dict and in forward).
/// </summary>
public sealed class TorchvisionReference : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-torchvision-").FullName;

    public TorchvisionReference() => PythonReference.Run(Script, _folder);

    public string File(string name) => Path.Combine(_folder, name);

    public float[] Floats(string name) =>
        MemoryMarshal.Cast<byte, float>(System.IO.File.ReadAllBytes(File(name))).ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
    }

    private const string Script = """
import torch, torchvision
torch.manual_seed(0)
torch.set_num_threads(2)
def build(name, arch, num_classes, in_channels, small_stem, batch, size, stem_stride=1, deep_stem=False):
    m = getattr(torchvision.models, arch)(num_classes=num_classes)
    if in_channels != 3 or small_stem:
        k, s, p = (3, stem_stride, 1) if small_stem else (7, 2, 3)
        m.conv1 = torch.nn.Conv2d(32 if deep_stem else in_channels, 64, k, s, p, bias=False)
    if deep_stem:
        stem = torch.nn.Sequential(torch.nn.Conv2d(in_channels, 32, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(32), torch.nn.ReLU(inplace=True))
        m._modules = type(m._modules)([("stem", stem)] + list(m._modules.items()))
        m.forward = lambda x, m=m: torchvision.models.ResNet.forward(m, m.stem(x))
    if small_stem:
        m.maxpool = torch.nn.Identity()
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.uniform_(0.3, 0.8); mod.bias.uniform_(-0.2, 0.2)
                mod.running_mean.uniform_(-0.2, 0.2); mod.running_var.uniform_(0.5, 1.5)
                mod.num_batches_tracked.fill_(5)
    torch.save(m.state_dict(), name + ".pth")
    x = torch.randn(batch, in_channels, size, size)
    x.numpy().tofile(name + ".input")
    m.eval()
    with torch.no_grad(): m(x).numpy().tofile(name + ".eval")
    m.train()
    with torch.no_grad(): m(x).numpy().tofile(name + ".train")
    buffers = {k: v for k, v in m.state_dict().items() if "running" in k or "num_batches" in k}
    torch.save(buffers, name + ".buffers_after_train.pth")
build("resnet18", "resnet18", 10, 3, False, 2, 64)
build("resnet50", "resnet50", 7, 3, False, 2, 64)
build("resnet18_small", "resnet18", 10, 1, True, 4, 28)
build("resnet18_small_s2", "resnet18", 10, 1, True, 4, 28, stem_stride=2)
build("resnet18_deep_s2", "resnet18", 10, 1, True, 4, 28, stem_stride=2, deep_stem=True)
""";
}
