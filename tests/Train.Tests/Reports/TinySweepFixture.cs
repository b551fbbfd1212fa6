using Mlops.Train.Runs;
using Mlops.Train.Sweeps;
using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Sweeps;

namespace Mlops.Train.Tests.Reports;

/// <summary>One real two-trial sweep (1 epoch each) shared by the report and compare tests.</summary>
public sealed class TinySweepFixture : IDisposable
{
    public TinySweepFixture()
    {
        var path = SweepFiles.Write(
            Scratch,
            """
            overrides: [train.epochs=1, schedule.warmup_epochs=0, data.val_fraction=0.25]
            parameters:
              optim.lr: { values: [0.05, 0.01] }
            """
        );
        Outcome = SweepRunner.Run(
            new SweepRequest
            {
                SweepFile = path,
                Output = TextWriter.Null,
                ShowProgress = false,
            }
        );
        Runs = Outcome.Record.Trials.Select(trial => RunFolder.Open(trial.Run!)).ToList();
    }

    public ScratchFolder Scratch { get; } = new();
    public SweepOutcome Outcome { get; }
    public IReadOnlyList<RunFolder> Runs { get; }

    public void Dispose() => Scratch.Dispose();
}
