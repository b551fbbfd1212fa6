using Mlops.Torch;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Tests.Models;

/// <summary>Temp folder and helpers shared by the model tests (no Python needed).</summary>
public sealed class ModelFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("mlops-models-").FullName;

    public string File(string name) => Path.Combine(Folder, name);

    /// <summary>A copy of one state-dict entry's values (float32).</summary>
    public static float[] Values(ResNet model, string key) => model.state_dict()[key].ToArray<float>();

    /// <summary>A deterministic input batch [n, c, size, size].</summary>
    public static Tensor Input(long n, long c, long size)
    {
        var values = new float[n * c * size * size];
        for (var i = 0; i < values.Length; i++)
            values[i] = MathF.Sin(i * 0.37f);
        return torch.tensor(values, [n, c, size, size]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException) { }
    }
}
