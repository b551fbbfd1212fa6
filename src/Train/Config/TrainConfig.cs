using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Mlops.Core.Config;

namespace Mlops.Train.Config;

/// <summary>
/// Everything `mlops train` needs, as written in YAML (configs/*.yaml). Keys are the snake_case of the
/// property names (<c>NumClasses</c> is <c>num_classes</c>); defaults are the initial values below.
/// </summary>
public sealed partial class TrainConfig : IValidatedConfig
{
    /// <summary>Run name prefix: the run folder is runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;.</summary>
    [Required]
    public string Name { get; init; } = "";

    [Range(0, int.MaxValue)]
    public int Seed { get; init; }

    public ModelConfig Model { get; init; } = new();
    public DataConfig Data { get; init; } = new();
    public OptimConfig Optim { get; init; } = new();
    public ScheduleConfig Schedule { get; init; } = new();
    public TrainingConfig Train { get; init; } = new();
    public OutputConfig Output { get; init; } = new();

    /// <summary>Composes, overrides, binds and validates a training config; throws <see cref="ConfigException"/> on any
    /// problem.</summary>
    public static LoadedConfig<TrainConfig> Load(string path, IEnumerable<string>? overrides = null) =>
        ConfigLoader.Load<TrainConfig>(path, overrides);

    public IEnumerable<ConfigIssue> Validate()
    {
        if (!RunNamePattern().IsMatch(Name))
            yield return new ConfigIssue(
                "name",
                $"'{Name}' cannot name a run folder: use letters, digits, '-', '_' or '.'"
            );
        if (Schedule.Name != ScheduleKind.None && Schedule.WarmupEpochs >= Train.Epochs)
            yield return new ConfigIssue(
                "schedule.warmup_epochs",
                $"warm-up ({Schedule.WarmupEpochs} epochs) must be shorter than train.epochs ({Train.Epochs})"
            );
        if (Schedule.MinLr > Optim.Lr)
            yield return new ConfigIssue(
                "schedule.min_lr",
                $"min_lr ({Schedule.MinLr}) is above optim.lr ({Optim.Lr})"
            );
        if (Train.EarlyStopping.Patience > 0 && Data.ValFraction == 0)
            yield return new ConfigIssue(
                "train.early_stopping.patience",
                "early stopping watches the validation split, but data.val_fraction is 0"
            );
        if (Train.ProgressiveResizing is { Enabled: true } resizing)
        {
            if (resizing.EndEpoch <= resizing.StartEpoch)
                yield return new ConfigIssue(
                    "train.progressive_resizing.end_epoch",
                    $"must come after start_epoch ({resizing.StartEpoch})"
                );
            else if (resizing.EndEpoch > Train.Epochs)
                yield return new ConfigIssue(
                    "train.progressive_resizing.end_epoch",
                    $"epoch {resizing.EndEpoch} is past train.epochs ({Train.Epochs}): the run would end before "
                        + $"training the full network it is evaluated as"
                );
        }
        if (Data.Normalize.Mean is { } mean && mean.Count != Model.InChannels)
            yield return new ConfigIssue(
                "data.normalize.mean",
                $"has {mean.Count} values but model.in_channels is {Model.InChannels}"
            );
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RunNamePattern();
}
