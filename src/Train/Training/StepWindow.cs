using System.Diagnostics;

namespace Mlops.Train.Training;

/// <summary>Running sums of a window of training steps: loss, accuracy and images per second.</summary>
internal sealed class StepWindow
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lossSum;
    private long _correct;
    private long _images;

    public void Add(double loss, long correct, int images)
    {
        _lossSum += loss * images;
        _correct += correct;
        _images += images;
    }

    public long Images => _images;
    public double Loss => _images == 0 ? double.NaN : _lossSum / _images;
    public double Accuracy => _images == 0 ? 0 : (double)_correct / _images;
    public double Seconds => _clock.Elapsed.TotalSeconds;
    public double ImagesPerSecond => _images / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);

    public void Reset()
    {
        _lossSum = 0;
        _correct = 0;
        _images = 0;
        _clock.Restart();
    }
}
