namespace TrainableSpec.Engine;

/// <summary>
/// How a model's layer and container flags combine into the list of weights the optimizer updates, and when
/// that list is taken. The engine's default is <see cref="Keras216"/>; other frameworks' rules are other
/// subclasses.
/// </summary>
public abstract class TrainabilityRule
{
    /// <summary>
    /// Keras 2.1.6: a container that is not trainable contributes no weights; a trainable one contributes the
    /// trainable weights of each of its layers; so a weight is trainable exactly when every flag on some path
    /// from the model to its layer is true. Each weight is listed once, however many paths reach it. The list
    /// is collected at <see cref="Model.Compile"/>.
    /// </summary>
    public static TrainabilityRule Keras216 { get; } = new Keras216Rule();

    /// <summary>The weights of <paramref name="layer"/> the optimizer would update if collected now.</summary>
    public abstract IReadOnlyList<Weight> TrainableWeights(Layer layer);

    /// <summary>
    /// True when the list is collected once at <see cref="Model.Compile"/> (Keras); false when it is read again
    /// at every <see cref="Model.Fit"/>.
    /// </summary>
    public virtual bool CollectsAtCompile => true;

    private sealed class Keras216Rule : TrainabilityRule
    {
        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => [.. Collect(layer).Distinct()];

        private static IEnumerable<Weight> Collect(Layer layer) => layer switch
        {
            { Trainable: false } => [],
            Container container => container.Layers.SelectMany(Collect),
            _ => layer.Weights,
        };
    }
}
