using Mlops.Torch.Tests.Reference;
using TorchSharpDevice = TorchSharp.DeviceType;
using TS = TorchSharp.torch;

namespace Mlops.Torch.Tests.TorchSharpLoading;

/// <summary>TorchSharp 0.107 (libtorch 2.10) loads in this process, from this build's output, and computes.</summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void TorchSharp_loads_libtorch_2_10_from_the_build_output()
    {
        TS.InitializeDeviceType(TorchSharpDevice.CPU);

        TS.__version__.Should().StartWith("2.10.");
        var natives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        // Not the copy TorchSharp's fallback loader would make under bin/cpu/ when the regular load fails.
        MappedLibrary("libLibTorchSharp.so").Should().Be(Path.Combine(natives, "libLibTorchSharp.so"));
        MappedLibrary("libtorch_cpu.so").Should().Be(Path.Combine(natives, "libtorch_cpu.so"));
        // Where the build patched libLibTorchSharp.so (libstdc++ older than GCC 13), our compat library came with it.
        var compat = Path.Combine(natives, "libmlops_glibcxx_compat.so");
        MappedLibrary("libmlops_glibcxx_compat.so").Should().Be(File.Exists(compat) ? compat : null);
    }

    /// <summary>libtorch 2.10 through TorchSharp against PyTorch 1.13 (Debian python3-torch, another process): a
    /// conv2d forward and backward agree.</summary>
    [Fact]
    public void A_conv2d_forward_and_backward_matches_PyTorch_1_13()
    {
        float[] input = RandomData.Normal(2 * 3 * 7 * 7, seed: 1),
            weight = RandomData.Normal(4 * 3 * 3 * 3, seed: 2);
        float[] bias = RandomData.Normal(4, seed: 3);
        long[] inputShape = [2, 3, 7, 7],
            weightShape = [4, 3, 3, 3];
        using var reference = new TorchReference();
        reference.Input("x", input);
        reference.Input("w", weight);
        reference.Input("b", bias);
        reference.Code(
            $"""
            x = load('x', {TorchReference.Shape(inputShape)}).requires_grad_()
            w = load('w', {TorchReference.Shape(weightShape)}).requires_grad_()
            b = load('b', (4,)).requires_grad_()
            y = torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)
            (y * y).sum().backward()
            for name, t in [('y', y), ('gx', x.grad), ('gw', w.grad), ('gb', b.grad)]:
                save(name, t)
            """
        );
        reference.Run();

        using var scope = TS.NewDisposeScope();
        var x = TS.tensor(input, inputShape, requires_grad: true);
        var w = TS.tensor(weight, weightShape, requires_grad: true);
        var b = TS.tensor(bias, [4L], requires_grad: true);
        var y = TS.nn.functional.conv2d(x, w, b, strides: [2, 2], padding: [1, 1]);
        (y * y).sum().backward();

        y.shape.Should().Equal(2, 4, 4, 4);
        Close.Assert(y.data<float>().ToArray(), reference.Output("y"), 1e-5, "output");
        Close.Assert(x.grad!.data<float>().ToArray(), reference.Output("gx"), 1e-5, "input gradient");
        Close.Assert(w.grad!.data<float>().ToArray(), reference.Output("gw"), 1e-5, "weight gradient");
        Close.Assert(b.grad!.data<float>().ToArray(), reference.Output("gb"), 1e-5, "bias gradient");
    }

    /// <summary>Where this process mapped a shared library from (the dynamic loader's view, /proc/self/maps).</summary>
    private static string? MappedLibrary(string fileName) =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6)
            .Select(fields => fields[5].Trim())
            .FirstOrDefault(path => Path.GetFileName(path) == fileName);
}
