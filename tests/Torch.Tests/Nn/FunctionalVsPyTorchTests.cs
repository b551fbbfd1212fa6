using Mlops.Torch.Tests.Reference;
using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Tests.Nn;

public class FunctionalVsPyTorchTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Conv_batchnorm_pool_linear_cross_entropy_forward_and_gradients_match_pytorch()
    {
        var xData = RandomData.Normal(2 * 3 * 6 * 6, 1);
        var wData = RandomData.Normal(4 * 3 * 3 * 3, 2, 0.3);
        var bData = RandomData.Normal(4, 3);
        var gammaData = RandomData.Normal(4, 4);
        var betaData = RandomData.Normal(4, 5);
        var lwData = RandomData.Normal(5 * 4, 6, 0.5);
        var lbData = RandomData.Normal(5, 7);
        var gwData = RandomData.Normal(4 * 2 * 2 * 2, 8, 0.3);
        long[] target = [3, 1];

        using var reference = new TorchReference();
        reference.Input("x", xData);
        reference.Input("w", wData);
        reference.Input("b", bData);
        reference.Input("gamma", gammaData);
        reference.Input("beta", betaData);
        reference.Input("lw", lwData);
        reference.Input("lb", lbData);
        reference.Input("gw", gwData);
        reference.Input("target", target);
        reference.Code("""
            import torch.nn.functional as F
            x = load('x', (2, 3, 6, 6)).requires_grad_()
            w = load('w', (4, 3, 3, 3)).requires_grad_()
            b = load('b', (4,)).requires_grad_()
            gamma = load('gamma', (4,)).requires_grad_()
            beta = load('beta', (4,)).requires_grad_()
            lw = load('lw', (5, 4)).requires_grad_()
            lb = load('lb', (5,)).requires_grad_()
            target = load('target', (2,), np.int64)
            rm = torch.zeros(4); rv = torch.ones(4)
            y = F.conv2d(x, w, b, stride=2, padding=1)
            z = F.batch_norm(y, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
            p = F.max_pool2d(F.relu(z), 2, stride=1)
            q = F.adaptive_avg_pool2d(p, 1).flatten(1)
            logits = F.linear(q, lw, lb)
            loss = F.cross_entropy(logits, target, label_smoothing=0.1)
            loss.backward()
            for name, t in [('z', z), ('logits', logits), ('loss', loss), ('rm', rm), ('rv', rv), ('gx', x.grad), ('gw', w.grad),
                            ('gb', b.grad), ('ggamma', gamma.grad), ('gbeta', beta.grad), ('glw', lw.grad), ('glb', lb.grad)]:
                save(name, t)
            ls = F.log_softmax(logits.detach(), 1)
            save('nll', F.nll_loss(ls, target, reduction='sum'))
            save('softmax', F.softmax(logits.detach(), 1))
            save('ce_none', F.cross_entropy(logits.detach(), target, reduction='none'))
            gw = load('gw', (4, 2, 2, 2))
            xg = x.detach()[:, :2]
            grouped = F.conv2d(torch.cat([xg, xg], 1), gw, None, stride=1, padding=2, dilation=2, groups=2)
            save('grouped', F.batch_norm(grouped, rm, rv, None, None, training=False, eps=1e-3))
            """);
        reference.Run();

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(xData, [2, 3, 6, 6], requires_grad: true);
        var w = torch.tensor(wData, [4, 3, 3, 3], requires_grad: true);
        var b = torch.tensor(bData, requires_grad: true);
        var gamma = torch.tensor(gammaData, requires_grad: true);
        var beta = torch.tensor(betaData, requires_grad: true);
        var lw = torch.tensor(lwData, [5, 4], requires_grad: true);
        var lb = torch.tensor(lbData, requires_grad: true);
        var t = torch.tensor(target);
        var rm = torch.zeros(4);
        var rv = torch.ones(4);

        var y = F.conv2d(x, w, b, stride: 2, padding: 1);
        var z = F.batch_norm(y, rm, rv, gamma, beta, training: true, momentum: 0.1, eps: 1e-5);
        var p = F.max_pool2d(F.relu(z), 2, stride: 1);
        var q = F.adaptive_avg_pool2d(p, 1).flatten(1);
        var logits = F.linear(q, lw, lb);
        var loss = F.cross_entropy(logits, t, label_smoothing: 0.1);
        loss.backward();

        Close.Assert(z.ToArray<float>(), reference.Output("z"), Tolerance, "batch_norm output");
        Close.Assert(logits.ToArray<float>(), reference.Output("logits"), Tolerance, "logits");
        Close.Assert([loss.item<float>()], reference.Output("loss"), Tolerance, "loss");
        Close.Assert(rm.ToArray<float>(), reference.Output("rm"), Tolerance, "running_mean");
        Close.Assert(rv.ToArray<float>(), reference.Output("rv"), Tolerance, "running_var");
        Close.Assert(x.grad!.ToArray<float>(), reference.Output("gx"), Tolerance, "input grad");
        Close.Assert(w.grad!.ToArray<float>(), reference.Output("gw"), Tolerance, "conv weight grad");
        Close.Assert(b.grad!.ToArray<float>(), reference.Output("gb"), Tolerance, "conv bias grad");
        Close.Assert(gamma.grad!.ToArray<float>(), reference.Output("ggamma"), Tolerance, "bn weight grad");
        Close.Assert(beta.grad!.ToArray<float>(), reference.Output("gbeta"), Tolerance, "bn bias grad");
        Close.Assert(lw.grad!.ToArray<float>(), reference.Output("glw"), Tolerance, "linear weight grad");
        Close.Assert(lb.grad!.ToArray<float>(), reference.Output("glb"), Tolerance, "linear bias grad");

        var detached = logits.detach();
        Close.Assert([F.nll_loss(F.log_softmax(detached, 1), t, reduction: Reduction.Sum).item<float>()], reference.Output("nll"), Tolerance, "nll_loss");
        Close.Assert(F.softmax(detached, 1).ToArray<float>(), reference.Output("softmax"), Tolerance, "softmax");
        Close.Assert(F.cross_entropy(detached, t, reduction: Reduction.None).ToArray<float>(), reference.Output("ce_none"), Tolerance, "cross_entropy none");

        var xg = x.detach().narrow(1, 0, 2);
        var gw = torch.tensor(RandomData.Normal(4 * 2 * 2 * 2, 8, 0.3), [4, 2, 2, 2]);
        var grouped = F.conv2d(torch.cat([xg, xg], 1), gw, null, [1, 1], [2, 2], [2, 2], groups: 2);
        Close.Assert(F.batch_norm(grouped, rm, rv, training: false, eps: 1e-3).ToArray<float>(), reference.Output("grouped"), Tolerance, "grouped dilated conv + eval batch_norm");
    }

    [Fact]
    public void Bilinear_interpolate_shrinks_and_grows_with_pytorchs_values_and_gradients()
    {
        var xData = RandomData.Normal(2 * 3 * 6 * 6, 11);
        var gData = RandomData.Normal(2 * 3 * 4 * 5, 12);
        using var reference = new TorchReference();
        reference.Input("x", xData);
        reference.Input("g", gData);
        reference.Code("""
            import torch.nn.functional as F
            x = load('x', (2, 3, 6, 6)).requires_grad_()
            shrunk = F.interpolate(x, size=(4, 5), mode='bilinear', align_corners=False)
            (shrunk * load('g', (2, 3, 4, 5))).sum().backward()
            save('shrunk', shrunk)
            save('gx', x.grad)
            save('grown', F.interpolate(x.detach(), size=(9, 7), mode='bilinear', align_corners=True))
            """);
        reference.Run();

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(xData, [2, 3, 6, 6], requires_grad: true);
        var shrunk = F.interpolate(x, [4, 5]);
        (shrunk * torch.tensor(gData, [2, 3, 4, 5])).sum().backward();

        shrunk.shape.Should().Equal(2, 3, 4, 5);
        Close.Assert(shrunk.ToArray<float>(), reference.Output("shrunk"), Tolerance, "shrunk to 4x5");
        Close.Assert(x.grad!.ToArray<float>(), reference.Output("gx"), Tolerance, "input grad through the resampling");
        Close.Assert(F.interpolate(x.detach(), [9, 7], align_corners: true).ToArray<float>(), reference.Output("grown"), Tolerance, "grown to 9x7, align_corners");
        FluentActions.Invoking(() => F.interpolate(x, [3, 3], mode: "bicubic")).Should().Throw<ArgumentException>().WithMessage("*'bicubic' is not bound*");
    }
}
