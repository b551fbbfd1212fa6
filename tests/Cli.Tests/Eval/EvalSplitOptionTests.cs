using System.CommandLine;
using Mlops.Core.Errors;

namespace Mlops.Cli.Tests.Eval;

/// <summary>`mlops eval --split` names a split of the checkpoint's own run; what it cannot combine with is refused before any work.</summary>
public sealed class EvalSplitOptionTests
{
    private static Action Invoking(params string[] arguments) =>
        () =>
            CliApp
                .BuildRoot()
                .Parse(arguments)
                .Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

    [Fact]
    public void The_issue_s_form_parses()
    {
        CliApp
            .BuildRoot()
            .Parse(["eval", "--checkpoint", "runs/x/checkpoints/best.safetensors", "--split", "test"])
            .Errors.Should()
            .BeEmpty();
    }

    [Theory]
    [InlineData("--data", "fashion-mnist:test", "--split", "*either --split*or --data*")]
    public void Split_with_another_choice_of_images_is_refused(
        string option,
        string value,
        string where,
        string message
    )
    {
        Invoking("eval", "--checkpoint", "missing.safetensors", "--split", "val", option, value)
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == where)
            .WithMessage(message);
    }

    [Fact]
    public void Subset_with_split_is_accepted_and_goes_on_to_read_the_checkpoint()
    {
        Invoking("eval", "--checkpoint", "missing.safetensors", "--split", "val", "--subset", "100")
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where != "--subset" && e.Where != "--split")
            .Which.Message.Should()
            .NotContain("--subset");
    }

    [Fact]
    public void Split_of_an_onnx_file_is_refused()
    {
        Invoking("eval", "--model", "missing.onnx", "--split", "val")
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "--split")
            .WithMessage("*needs --checkpoint*--data*");
    }

    [Theory]
    [InlineData("--checkpoint", "missing.safetensors", "--batch-size", "0", "must be between 1 and 4096, got 0")]
    [InlineData(
        "--checkpoint",
        "missing.safetensors",
        "--batch-size",
        "20000000",
        "must be between 1 and 4096, got 20000000"
    )]
    [InlineData("--model", "missing.onnx", "--batch-size", "-5", "must be between 1 and 4096, got -5")]
    [InlineData("--model", "missing.onnx", "--subset", "0", "must be at least 1, got 0")]
    public void A_value_out_of_range_is_refused_naming_the_option_as_typed_before_any_file_is_read(
        string source,
        string path,
        string option,
        string value,
        string message
    )
    {
        Invoking("eval", source, path, option, value)
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == option)
            .WithMessage(message);
        if (source == "--checkpoint")
            Invoking("eval", source, path, "--split", "val", option, value)
                .Should()
                .Throw<MlopsException>()
                .Where(e => e.Where == option)
                .WithMessage(message);
    }
}
