using TrainableSpec.Engine;

namespace TrainableSpec.Reference.Tests.WrongEngines;

/// <summary>Deliberately wrong ways to combine flags, each a mistake someone reading the article could make.</summary>
internal static class WrongRules
{
    /// <summary>A weight trains when any flag on its path is true, instead of all of them.</summary>
    public static TrainabilityRule OrInsteadOfAnd { get; } = new Rule(OrCollect);

    /// <summary>Only the layer's own flag and its nearest container's flag count; outer containers and the model are ignored.</summary>
    public static TrainabilityRule OnlyNearestContainer { get; } = new Rule(NearestCollect);

    /// <summary>Containers decide alone: a frozen layer inside a trainable container trains.</summary>
    public static TrainabilityRule ContainerFlagOverridesLayerFlag { get; } = new Rule(ContainerOnlyCollect);

    /// <summary>Keras' rule without removing repeats: a weight reached through two paths is listed, and so updated, twice.</summary>
    /// <remarks>
    /// It keeps its optimizer's state across compiles, so that under profiles that do, the double step is its only mistake.
    /// </remarks>
    public static TrainabilityRule SharedWeightListedTwice { get; } = new Rule(layer => AndCollect(layer), keepsState: true);

    /// <summary>Keras' rule, but the flags are read again at every fit instead of at compile.</summary>
    public static TrainabilityRule FlagsReadAtFit { get; } = new Rule(layer => AndCollect(layer).Distinct(), collectsAtCompile: false);

    /// <summary>
    /// Keras' rule, but each step also updates every weight an earlier step updated — as an optimizer that keeps
    /// applying the state (velocity, moments) it holds for a weight would.
    /// </summary>
    public static TrainabilityRule KeepsUpdatingWeightsWithState { get; } = new StatefulRule();

    /// <summary>
    /// Keras 2.1.6's rule, but a recompile keeps the optimizer's moments instead of building fresh ones, as tf.keras does.
    /// </summary>
    public static TrainabilityRule KeepsMomentsAcrossCompiles { get; } = new Rule(layer => AndCollect(layer).Distinct(), keepsState: true);

    /// <summary>
    /// TensorFlow.js's rule, but the compile lists a weight held by two containers once, so it steps once — what this
    /// engine did before it read <c>Container.trainableWeights</c> and <c>Optimizer.minimize</c> again.
    /// </summary>
    public static TrainabilityRule TfjsListingSharedWeightOnce { get; } = new TfjsVariant(listsOnce: true, byPosition: true);

    /// <summary>TensorFlow.js's rule, but its optimizers keep their state per weight instead of by position in the list.</summary>
    public static TrainabilityRule TfjsStatePerWeight { get; } = new TfjsVariant(listsOnce: false, byPosition: false);

    /// <summary>
    /// TensorFlow.js's rule, but a fit warns when the trainable weights differ from those collected, as this
    /// specification's Keras 2 warning does, instead of when their number differs.
    /// </summary>
    public static TrainabilityRule TfjsWarningBySet { get; } = new TfjsVariant(listsOnce: false, byPosition: true, warnsBySet: true);

    /// <summary>Keras' rule, but a batch normalization moves its statistics in every fit, frozen or not.</summary>
    public static TrainabilityRule StatisticsAlwaysMove { get; } = new AlwaysUpdatingRule();

    /// <summary>
    /// PyTorch with the optimizer filtered at compile, but built once and handed the new list at each compile instead of
    /// rebuilt: its state (buffers, moments, Adam's step counts) outlives the compile.
    /// </summary>
    public static TrainabilityRule FilteredKeepingTheOptimizer { get; } =
        new Filtered(TrainabilityRule.PyTorchFiltered, keepsState: true, refusesEmptyCompile: true);

    /// <summary>
    /// PyTorch with the optimizer filtered at compile, but an empty list accepted (as an optimizer built over all
    /// parameters would be): the compile replaces the last optimizer with one that holds nothing.
    /// </summary>
    public static TrainabilityRule FilteredAcceptingAnEmptyList { get; } =
        new Filtered(TrainabilityRule.PyTorchFiltered, keepsState: false, refusesEmptyCompile: false);

    private static IEnumerable<Weight> AndCollect(Layer layer) => layer switch
    {
        { Trainable: false } => [],
        Container c => c.Layers.SelectMany(AndCollect),
        _ => layer.Weights,
    };

    private static IEnumerable<Weight> OrCollect(Layer root)
    {
        IEnumerable<Weight> Walk(Layer layer, bool anyTrue) => layer switch
        {
            Container c => c.Layers.SelectMany(l => Walk(l, anyTrue || c.Trainable)),
            _ => anyTrue || layer.Trainable ? layer.Weights : [],
        };

        return Walk(root, false).Distinct();
    }

    private static IEnumerable<Weight> NearestCollect(Layer root) =>
        root is Container c
            ? c.Layers.SelectMany(l => l is Container ? NearestCollect(l) : c.Trainable && l.Trainable ? l.Weights : []).Distinct()
            : root.Weights;

    private static IEnumerable<Weight> ContainerOnlyCollect(Layer root) => root switch
    {
        Container { Trainable: false } => [],
        Container c => c.Layers.SelectMany(ContainerOnlyCollect).Distinct(),
        _ => root.Weights,
    };

    // TensorFlow.js's rule in every respect but the one mistake.
    private sealed class TfjsVariant(bool listsOnce, bool byPosition, bool warnsBySet = false) : TrainabilityRule
    {
        public override string Name => Tfjs422.Name;

        public override FitTiming Timing => Tfjs422.Timing;

        public override FitRefusal Refusal => Tfjs422.Refusal;

        public override bool WarnsByCount => !warnsBySet;

        public override bool WarnsWhenStale => warnsBySet;

        public override bool RefusesEmptyCompile => Tfjs422.RefusesEmptyCompile;

        public override bool OffersVariableFlags => Tfjs422.OffersVariableFlags;

        public override bool KeepsOptimizerStateByPosition => byPosition;

        public override bool KeepsOptimizerStateAcrossCompiles => Tfjs422.KeepsOptimizerStateAcrossCompiles;

        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) =>
            listsOnce ? [.. Tfjs422.TrainableWeights(layer).Distinct()] : Tfjs422.TrainableWeights(layer);

        public override void Assign(Layer layer, bool value) => Tfjs422.Assign(layer, value);

        public override void AssignVariable(Weight weight, bool value) => Tfjs422.AssignVariable(weight, value);

        public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) => Tfjs422.ModeOf(layer, updates);
    }

    // Keras 2's timing, warning and refusals, stated once for the mistaken rules built on them.
    private abstract class KerasTwoMistake : TrainabilityRule
    {
        public override FitTiming Timing => FitTiming.CollectedAtCompile;

        public override bool WarnsWhenStale => true;

        public override FitRefusal Refusal => Keras216.Refusal;

        public override bool RefusesEmptyCompile => Keras216.RefusesEmptyCompile;

        public override bool WarnsByCount => Keras216.WarnsByCount;

        public override bool KeepsOptimizerStateByPosition => Keras216.KeepsOptimizerStateByPosition;

        public override bool OffersVariableFlags => Keras216.OffersVariableFlags;

        // As the default was before each rule stated it: an optimizer's state outlives a compile.
        public override bool KeepsOptimizerStateAcrossCompiles => true;
    }

    private sealed class AlwaysUpdatingRule : KerasTwoMistake
    {
        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => Keras216.TrainableWeights(layer);

        public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) => BatchNormMode.Training;
    }

    private sealed class StatefulRule : KerasTwoMistake
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Model, HashSet<Weight>> _stepped = [];

        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => [.. AndCollect(layer).Distinct()];

        public override IReadOnlyList<Weight> StepWeights(Model model, IReadOnlyList<Weight> collected)
        {
            var stepped = _stepped.GetOrCreateValue(model);
            stepped.UnionWith(collected);
            return [.. stepped];
        }
    }

    /// <summary>
    /// <paramref name="inner"/>'s rule, but every compile after the first puts back the weights the model had at its first
    /// compile, as an engine that rebuilds the model from its saved weights at each compile would: the fits after it train
    /// correctly, from the wrong weights.
    /// </summary>
    public static TrainabilityRule RestoresTheFirstWeightsAtEachCompile(TrainabilityRule inner) => new Restoring(inner);

    // Every decision is the inner rule's, except whether a compile keeps the optimizer's state and refuses an empty list.
    private sealed class Filtered(TrainabilityRule inner, bool keepsState, bool refusesEmptyCompile) : Delegating(inner)
    {
        public override bool RefusesEmptyCompile => refusesEmptyCompile;

        public override bool KeepsOptimizerStateAcrossCompiles => keepsState;
    }

    // Every decision is the inner rule's; the compile's collection also restores the weights.
    private sealed class Restoring(TrainabilityRule inner) : Delegating(inner)
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Model, IReadOnlyList<float[]>> _first = [];

        public override IReadOnlyList<Weight> Collect(Model model)
        {
            if (_first.TryGetValue(model, out var first))
            {
                model.SetWeights(first);
            }
            else
            {
                _first.Add(model, model.GetWeights());
            }

            return base.Collect(model);
        }
    }

    // A rule that is another in every respect: the mistaken rules built on one override only their mistake.
    private abstract class Delegating(TrainabilityRule inner) : TrainabilityRule
    {
        public override string Name => inner.Name;

        public override FitTiming Timing => inner.Timing;

        public override FitRefusal Refusal => inner.Refusal;

        public override bool RefusesEmptyCompile => inner.RefusesEmptyCompile;

        public override bool WarnsWhenStale => inner.WarnsWhenStale;

        public override bool WarnsByCount => inner.WarnsByCount;

        public override bool KeepsOptimizerStateByPosition => inner.KeepsOptimizerStateByPosition;

        public override bool KeepsOptimizerStateAcrossCompiles => inner.KeepsOptimizerStateAcrossCompiles;

        public override bool OffersVariableFlags => inner.OffersVariableFlags;

        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => inner.TrainableWeights(layer);

        public override IReadOnlyList<Weight> Collect(Model model) => inner.Collect(model);

        public override IReadOnlyList<Weight> StepWeights(Model model, IReadOnlyList<Weight> collected) =>
            inner.StepWeights(model, collected);

        public override IReadOnlySet<Layer> CollectUpdates(Model model) => inner.CollectUpdates(model);

        public override bool Read(Layer layer) => inner.Read(layer);

        public override void Assign(Layer layer, bool value) => inner.Assign(layer, value);

        public override void AssignVariable(Weight weight, bool value) => inner.AssignVariable(weight, value);

        public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) => inner.ModeOf(layer, updates);
    }

    private sealed class Rule(Func<Layer, IEnumerable<Weight>> collect, bool collectsAtCompile = true, bool keepsState = false)
        : KerasTwoMistake
    {
        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => [.. collect(layer)];

        public override FitTiming Timing => collectsAtCompile ? FitTiming.CollectedAtCompile : FitTiming.CurrentFlags;

        public override bool KeepsOptimizerStateAcrossCompiles => keepsState;
    }
}
