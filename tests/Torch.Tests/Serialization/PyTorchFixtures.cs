namespace Mlops.Torch.Tests.Serialization;

/// <summary>
/// Writes, once per test class, .pth files with python3-torch and a JSON file of the values each
/// tensor must have (flattened, row-major), so the reader is checked against PyTorch itself.
/// </summary>
public sealed class PyTorchFixtures : IDisposable
{
    private readonly TempFolder _folder = new();

    public PyTorchFixtures() => PythonReference.Run(Script, _folder.Path);

    public string File(string name) => _folder.File(name);

    public void Dispose() => _folder.Dispose();

    private const string Script = """
import json, os, torch, torch.nn as nn
torch.manual_seed(0)
expected = {}
def record(file, sd):
    expected[file] = {k: {"dtype": str(v.dtype), "shape": list(v.shape),
                          "values": v.detach().double().flatten().tolist()} for k, v in sd.items()}

net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4, 2))
net.train(); net(torch.randn(2, 3, 3, 3))  # moves running stats and num_batches_tracked
sd = net.state_dict()
torch.save(sd, "net.pth"); record("net.pth", sd)

dtypes = {}
for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16,
           torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]:
    dtypes[str(dt).replace("torch.", "")] = (torch.arange(-3, 9).reshape(3, 4) * (7 if dt.is_floating_point else 1)).to(dt) / (4 if dt.is_floating_point else 1)
dtypes["bool"] = torch.tensor([[True, False], [False, True]])
dtypes["scalar"] = torch.tensor(42, dtype=torch.int64)
dtypes["empty"] = torch.zeros(0, 3)
torch.save(dtypes, "dtypes.pth"); record("dtypes.pth", dtypes)

base = torch.arange(60, dtype=torch.float32).reshape(3, 4, 5)
views = {"transposed": base[0].t(), "sliced": base[1:, 2:, 1:4], "stepped": base[:, ::2, ::3],
         "permuted": base.permute(2, 0, 1), "expanded": torch.tensor([1., 2.]).view(2, 1).expand(2, 3),
         "whole": base}
views["alias"] = views["whole"]  # same tensor twice: one storage shared by two keys
torch.save(views, "views.pth"); record("views.pth", views)

torch.save({"epoch": 3, "state_dict": sd}, "checkpoint.pth")
torch.save(sd, "legacy.pth", _use_new_zipfile_serialization=False)

class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch pwned",))
torch.save({"weight": torch.ones(2), "payload": RunsCode()}, "evil.pth")
json.dump(expected, open("expected.json", "w"))
""";
}
