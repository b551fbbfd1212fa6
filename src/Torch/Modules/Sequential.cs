namespace Mlops.Torch.Modules;

/// <summary>Runs its children in order; unnamed children are called "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> layers = new();

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules)
            append(m);
    }

    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules)
    {
        foreach (var (name, m) in modules)
        {
            register_module(name, m);
            layers.Add(m);
        }
    }

    public Sequential append(Module<Tensor, Tensor> module)
    {
        register_module(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public int Count => layers.Count;

    public Module<Tensor, Tensor> this[int index] => layers[index];

    /// <summary>Intermediate results are disposed by the caller's scope, like every other tensor.</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
            x = layer.forward(x);
        return x;
    }
}
