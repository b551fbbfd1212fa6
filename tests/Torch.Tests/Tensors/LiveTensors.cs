namespace Mlops.Torch.Tests.Tensors;

/// <summary>The live native tensor count once tensors other tests dropped without disposing have been finalised.</summary>
public static class LiveTensors
{
    public static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.LiveNativeTensors;
    }
}
