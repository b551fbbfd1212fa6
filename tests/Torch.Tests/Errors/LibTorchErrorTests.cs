using Mlops.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Errors;

/// <summary>libtorch's errors, as TorchSharp raises them, become our user errors: libtorch's sentence, no C++
/// backtrace, a place, and the process keeps working.</summary>
public class LibTorchErrorTests
{
    [Fact]
    public void A_shape_error_becomes_libtorchs_sentence_with_a_place_and_without_the_cpp_backtrace()
    {
        using var scope = NewDisposeScope();
        var a = ones(2, 3);

        var raised = FluentActions.Invoking(() => a.mm(ones(4, 5))).Should().Throw<Exception>().Which;

        LibTorchErrors.IsFromLibTorch(raised).Should().BeTrue();
        var ours = LibTorchErrors.From(raised, "runs/x");
        ours.Where.Should().Be("runs/x");
        ours.Message.Should()
            .StartWith("libtorch: ")
            .And.Contain("cannot be multiplied")
            .And.Contain("2x3")
            .And.NotContain("Exception raised from")
            .And.NotContain("frame #");
        a.mm(ones(3, 5)).sum().item<float>().Should().Be(30f, "the process keeps working");
    }

    [Fact]
    public void Other_exceptions_are_not_taken_for_libtorch_errors()
    {
        LibTorchErrors.IsFromLibTorch(new InvalidOperationException("x")).Should().BeFalse();
        LibTorchErrors.IsFromLibTorch(new System.Runtime.InteropServices.ExternalException("x")).Should().BeFalse();
        LibTorchErrors.IsFromLibTorch(new MlopsException("x", "y")).Should().BeFalse();
    }

    /// <summary>
    /// TorchSharp 0.107's native side wraps almost every libtorch call in a try/catch that hands the error to .NET; a
    /// few it does not (THSTensor_matmul, cummax, cummin, THSAutograd_grad: read in its THSTensorMath.cpp and the
    /// shipped binary), and an error there terminates the process (std::terminate). The product must not call them:
    /// nn.Linear and mm go through wrapped functions.
    /// </summary>
    [Fact]
    public void Product_code_calls_no_TorchSharp_function_whose_native_side_cannot_report_an_error()
    {
        string[] unguarded = [".matmul(", ".cummax(", ".cummin(", "autograd.grad("];
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Mlops.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");

        var calls = Directory
            .EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, k) => (file, line, number: k + 1)))
            .Where(l => unguarded.Any(l.line.Contains))
            .Select(l => $"{Path.GetRelativePath(root, l.file)}:{l.number}")
            .ToList();

        calls.Should().BeEmpty("an error inside these would abort the process instead of raising an exception");
    }
}
