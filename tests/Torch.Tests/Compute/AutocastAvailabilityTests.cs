using System.Runtime.InteropServices;
using Mlops.Torch;
using Mlops.Torch.Compute;

namespace Mlops.Torch.Tests.Compute;

public class AutocastAvailabilityTests
{
    [Fact]
    public void Libtorch_2_10_exports_every_autocast_function_we_call()
    {
        AutocastSupport.Functions.Should().HaveCount(5);
        AutocastSupport.Missing.Should().BeEmpty();
        FluentActions.Invoking(AutocastSupport.EnsureAvailable).Should().NotThrow<TorchException>();
    }

    [Fact]
    public void A_library_without_them_is_refused_with_every_missing_function_named()
    {
        var libm = NativeLibrary.Load("libm.so.6");

        var refusal = FluentActions
            .Invoking(() => AutocastSupport.EnsureExportedBy(libm, "libm.so.6"))
            .Should()
            .Throw<TorchException>()
            .Which.Message;

        refusal.Should().Contain("which libm.so.6 does not export");
        foreach (var function in AutocastSupport.Functions.Keys)
            refusal.Should().Contain(function);
    }
}
