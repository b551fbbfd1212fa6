using Mlops.Core.Config;
using Mlops.Torch;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Training;
using TorchSharp.Modules;

namespace Mlops.Train.Tests.Models;

/// <summary>model.zero_init_residual: every block starts as the identity.</summary>
public sealed class ZeroInitResidualTests
{
    private const string Yaml = "name: z\nmodel:\n  arch: resnet18\n  small_stem: true\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_blocks_last_batchnorm_scale_starts_at_zero_only_when_asked(bool zeroInit)
    {
        var config = ConfigLoader
            .LoadText<TrainConfig>(
                Yaml,
                "z.yaml",
                [$"model.zero_init_residual={zeroInit.ToString().ToLowerInvariant()}"]
            )
            .Value;

        using var model = ModelBuilder.Build(config.Model, out _);

        var lastNorms = model.modules().OfType<BasicBlock>().Select(b => b.LastNorm).ToList();
        lastNorms.Should().HaveCount(8);
        foreach (var norm in model.modules().OfType<BatchNorm2d>())
        {
            var expected = zeroInit && lastNorms.Contains(norm) ? 0f : 1f;
            norm.weight!.ToArray<float>().Should().OnlyContain(v => v == expected);
        }
    }

    [Fact]
    public void Pretrained_weights_and_zero_init_are_refused_together_at_the_key()
    {
        var weights = Path.Combine(Path.GetTempPath(), $"zero-init-{Guid.NewGuid():N}.safetensors");
        File.WriteAllText(weights, "");
        try
        {
            var load = () =>
                ConfigLoader.LoadText<TrainConfig>(
                    Yaml + $"  zero_init_residual: true\n  pretrained: {weights}\n",
                    "z.yaml"
                );

            load.Should()
                .Throw<ConfigException>()
                .Which.Errors.Should()
                .ContainSingle()
                .Which.KeyPath.Should()
                .Be("model.zero_init_residual");
        }
        finally
        {
            File.Delete(weights);
        }
    }
}
