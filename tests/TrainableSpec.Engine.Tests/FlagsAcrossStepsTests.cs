namespace TrainableSpec.Engine.Tests;

/// <summary>
/// Compile and fit write no flag, or (tf.keras) put back the very flags they found: only assignments change what a flag
/// reads back (the reference implementation still reads every flag after every step, for rules that might).
/// </summary>
public sealed class FlagsAcrossStepsTests
{
    public static TheoryData<string> Rules => [.. TrainabilityRule.Profiles.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Compile_and_fit_leave_every_flag_reading_as_it_did(string rule)
    {
        var session = new Session(3, TrainabilityRule.Named(rule));
        var inner = session.Input(2);
        var d1 = new Dense(2, name: "d1");
        var bn = new BatchNormalization(name: "bn");
        var container = new Container(inner, bn.Call(d1.Call(inner)), name: "c");
        var input = session.Input(2);
        var d2 = new Dense(2, name: "d2");
        var model = new Model(input, d2.Call(container.Call(container.Call(input))), name: "m");
        Layer[] layers = [model, container, d1, bn, d2];
        model.Compile(new Sgd(0.5f, momentum: 0.9f), MeanSquaredError.Instance);
        // Assigned after the compile, so that tf.keras' fit swaps in the recorded flags and must put these back.
        container.Trainable = false;
        d2.Trainable = false;
        var before = layers.Select(l => l.Trainable).ToArray();

        Fit(model);
        var afterFit = layers.Select(l => l.Trainable).ToArray();
        Compile(model);
        var afterCompile = layers.Select(l => l.Trainable).ToArray();
        model.Trainable = false;
        var frozen = layers.Select(l => l.Trainable).ToArray();
        Fit(model);

        Assert.Equal(before, afterFit);
        Assert.Equal(before, afterCompile);
        Assert.Equal(frozen, layers.Select(l => l.Trainable).ToArray());
    }

    // A refused compile (PyTorch's optimizer over no parameter) counts as a compile too.
    private static void Compile(Model model)
    {
        try
        {
            model.Compile(new Adam(0.1f), MeanSquaredError.Instance);
        }
        catch (NothingTrainableException)
        {
        }
    }

    // A refused fit (nothing left to train) counts as a fit too.
    private static void Fit(Model model)
    {
        try
        {
            model.Fit([[1f, 2f], [0.5f, -1f], [0f, 1f]], [[0f, 1f], [1f, 0f], [0.5f, 0.5f]], epochs: 2, batchSize: 2);
        }
        catch (NothingTrainableException)
        {
        }
    }
}
