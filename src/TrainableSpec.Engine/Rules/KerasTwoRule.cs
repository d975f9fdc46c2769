namespace TrainableSpec.Engine.Rules;

/// <summary>
/// Keras 2.1.6 and 2.2: a layer that is not trainable contributes no weights, a trainable container the trainable
/// weights of its layers (keras/engine/topology.py 2.1.6, <c>Container.trainable_weights</c>;
/// keras/engine/network.py 2.2, <c>Network.trainable_weights</c>). Each weight is listed once.
/// </summary>
internal sealed class KerasTwoRule(string name) : TrainabilityRule
{
    [ThreadStatic]
    private static List<Weight>? t_scratch;

    public override string Name => name;

    public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => AndAlongThePath(layer);

    public override FitTiming Timing => FitTiming.CollectedAtCompile;

    /// <inheritdoc />
    public override FitRefusal Refusal => FitRefusal.Never;

    /// <inheritdoc />
    public override bool RefusesEmptyCompile => false;

    /// <inheritdoc />
    public override bool WarnsWhenStale => true;

    /// <inheritdoc />
    public override bool WarnsByCount => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateByPosition => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => false;

    /// <inheritdoc />
    public override bool OffersVariableFlags => false;

    /// <summary>
    /// The weights below <paramref name="layer"/> reached through a path of layers whose own flags are all true, each once.
    /// </summary>
    internal static IReadOnlyList<Weight> AndAlongThePath(Layer layer) => Collected(layer, once: true);

    /// <summary>
    /// As <see cref="AndAlongThePath"/>, but each container concatenating its layers' lists, so a weight comes once per
    /// container that holds it (a container's layers are each once, however often it calls them).
    /// </summary>
    internal static IReadOnlyList<Weight> AndAlongThePathPerContainer(Layer layer) => Collected(layer, once: false);

    // Gathered in the thread's scratch list and returned as an array of the right size: read at every compile and fit,
    // a growing list of its own cost more than the result. The scratch is taken out while in use, so a rule whose flag
    // reads come back here gets a list of its own.
    private static IReadOnlyList<Weight> Collected(Layer layer, bool once)
    {
        var weights = t_scratch ?? [];
        t_scratch = null;
        weights.Clear();
        Collect(layer, weights, once);
        IReadOnlyList<Weight> collected = weights.Count == 0 ? [] : Array.AsReadOnly(weights.ToArray());
        weights.Clear();
        t_scratch = weights;
        return collected;
    }

    // Depth first, in each container's order of layers; with once, a weight met again is skipped (the first place
    // counts, as Distinct() keeps it). A linear search: a model has a few dozen weights, fewer than a set costs.
    private static void Collect(Layer layer, List<Weight> weights, bool once)
    {
        if (!layer.Trainable)
        {
            return;
        }

        if (layer is Container container)
        {
            foreach (var inner in container.LayerArray)
            {
                Collect(inner, weights, once);
            }

            return;
        }

        foreach (var weight in layer.OwnVariables)
        {
            if (!once || !weights.Contains(weight))
            {
                weights.Add(weight);
            }
        }
    }
}
