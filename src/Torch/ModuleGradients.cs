using static TorchSharp.torch;

namespace Mlops.Torch;

/// <summary>PyTorch's <c>Module.requires_grad_</c>, which TorchSharp 0.107's Module lacks.</summary>
public static class ModuleGradients
{
    /// <summary>Sets requires_grad on every parameter of <paramref name="module"/> and its descendants.</summary>
    public static T RequiresGrad<T>(this T module, bool requiresGrad)
        where T : nn.Module
    {
        foreach (var parameter in module.parameters())
            parameter.requires_grad = requiresGrad;
        return module;
    }
}
