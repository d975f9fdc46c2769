namespace TrainableSpec.Engine;

/// <summary>
/// A framework's freezing rule: what assigning <see cref="Layer.Trainable"/> writes, how the flags combine into the
/// weights the optimizer updates, and when that list is taken. The rule belongs to a <see cref="Session"/>, as
/// the framework does; the engine's default is <see cref="Keras216"/>.
/// </summary>
public abstract class TrainabilityRule
{
    /// <summary>
    /// Keras 2.1.6: an assignment writes only its own layer's flag; a weight is trainable exactly when every flag on
    /// some path from the model to its layer is true, each weight listed once; the list is collected at
    /// <see cref="Model.Compile"/>, and a fit whose flags say otherwise warns.
    /// </summary>
    public static TrainabilityRule Keras216 { get; } = new Rules.KerasTwoRule("keras-2.1.6");

    /// <summary>Keras 2.2 (<c>Network</c> replaced <c>Container</c>): the same rule as <see cref="Keras216"/>.</summary>
    public static TrainabilityRule Keras22 { get; } = new Rules.KerasTwoRule("keras-2.2");

    /// <summary>
    /// tf.keras in TensorFlow 2: an assignment writes the flag of the layer and of every layer below it; the
    /// trainable weights are the AND along a path; compile records every flag, and a fit runs with the recorded flags.
    /// </summary>
    public static TrainabilityRule TfKeras2 { get; } = new Rules.TfKerasTwoRule();

    /// <summary>
    /// Keras 3: an assignment writes the flag of the layer, of every layer below it and of each of their
    /// variables; the model trains the variables whose own flag is true when the model's is; fit reads them anew.
    /// </summary>
    public static TrainabilityRule Keras3 { get; } = new Rules.KerasThreeRule();

    /// <summary>
    /// TensorFlow.js 4.22 layers: a container's assignment writes its own flag and the variable flags of its direct
    /// children only; a weight trains when container, layer and variable flags allow at compile and its variable
    /// flag still allows at the step; a fit with nothing left to train throws.
    /// </summary>
    public static TrainabilityRule Tfjs422 { get; } = new Rules.TfjsRule();

    /// <summary>
    /// PyTorch as a training loop: <c>requires_grad_</c> sets every parameter below a module, the last call wins, a
    /// step updates what requires grad now, and <c>backward</c> raises (after the forward pass) when nothing does.
    /// </summary>
    public static TrainabilityRule PyTorch { get; } = new Rules.PyTorchRule();

    /// <summary>
    /// PyTorch with an optimizer rebuilt at each compile over the parameters that require grad then: freezing after
    /// a compile takes effect at once, unfreezing at the next compile; a compile with nothing requiring grad is
    /// refused and the last optimizer stays; <c>backward</c> raises (after the forward pass) when nothing requires grad.
    /// </summary>
    public static TrainabilityRule PyTorchFiltered { get; } = new Rules.PyTorchFilteredRule();

    /// <summary>The rules above, by profile name.</summary>
    public static IReadOnlyList<TrainabilityRule> Profiles { get; } =
        [Keras216, Keras22, TfKeras2, Keras3, Tfjs422, PyTorch, PyTorchFiltered];

    /// <summary>The rule of the profile called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No rule has that name; the message lists the names.</exception>
    public static TrainabilityRule Named(string name) =>
        Profiles.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException(
            $"There is no profile '{name}'; the profiles are {string.Join(", ", Profiles.Select(r => r.Name))}.");

    /// <summary>The profile name, such as <c>keras-2.1.6</c>.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The weights of <paramref name="layer"/> the optimizer would update if collected now.</summary>
    public abstract IReadOnlyList<Weight> TrainableWeights(Layer layer);

    /// <summary>When the flags take effect: which weights a fit updates. Each rule states it; there is no default.</summary>
    public abstract FitTiming Timing { get; }

    /// <summary>Whether a fit with no weight left to train is refused, and when. Each rule states it; there is no default.</summary>
    public abstract FitRefusal Refusal { get; }

    /// <summary>
    /// Whether a compile that would collect no weight is refused with <see cref="NothingTrainableException"/>, leaving the
    /// last compile's optimizer and list in place (PyTorch's optimizer over an empty parameter list), or compiles, later
    /// fits training nothing. Each rule states it; there is no default.
    /// </summary>
    public abstract bool RefusesEmptyCompile { get; }

    /// <summary>
    /// Whether a fit warns, naming them, when the flags now make other weights trainable than the compile collected
    /// (Keras 2). Each rule states it; there is no default.
    /// </summary>
    public abstract bool WarnsWhenStale { get; }

    /// <summary>
    /// Whether a fit warns, naming no weight, when the number of trainable weights differs from the number collected
    /// (TensorFlow.js, <c>checkTrainableWeightsConsistency</c>: silent when the lists differ at equal lengths). Each rule
    /// states it; there is no default.
    /// </summary>
    public abstract bool WarnsByCount { get; }

    /// <summary>
    /// Whether the optimizer steps every entry of the compile's list, a weight listed twice twice, with the state of
    /// the entry's position rather than of the weight (TensorFlow.js: <c>MomentumOptimizer.applyGradients</c> indexes
    /// <c>this.accumulations[i]</c>), or keeps it per weight, each weight of the step's list stepping once. Each rule
    /// states it; there is no default.
    /// </summary>
    public abstract bool KeepsOptimizerStateByPosition { get; }

    /// <summary>
    /// Whether an optimizer that a compile reuses keeps its per-weight state (velocities, moments). Keras 2 builds fresh
    /// moments each time it builds the train function after a compile (keras/optimizers.py 2.1.6, <c>get_updates</c>:
    /// <c>moments = [K.zeros(shape) ...]</c>), keeping only the optimizer's iteration count; the other frameworks keep
    /// state per variable for as long as the optimizer lives. Each rule states it; there is no default.
    /// </summary>
    public abstract bool KeepsOptimizerStateAcrossCompiles { get; }

    /// <summary>What reading <paramref name="layer"/>'s flag returns; by default, the flag itself.</summary>
    public virtual bool Read(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.OwnTrainable;
    }

    /// <summary>What assigning <paramref name="value"/> to <paramref name="layer"/>'s flag writes; by default, that flag only.</summary>
    public virtual void Assign(Layer layer, bool value)
    {
        ArgumentNullException.ThrowIfNull(layer);
        layer.OwnTrainable = value;
    }

    /// <summary>
    /// Whether a variable's own flag can be assigned (Keras 3, TensorFlow.js, PyTorch). Each rule states it; there is no
    /// default.
    /// </summary>
    public abstract bool OffersVariableFlags { get; }

    /// <summary>
    /// What assigning one variable's flag does: writes it where the framework offers it (<see cref="OffersVariableFlags"/>).
    /// Keras 2 and tf.keras offer no such assignment (a TensorFlow variable's <c>trainable</c> is fixed at creation).
    /// </summary>
    /// <exception cref="NotSupportedException">The framework has no per-variable flag to assign.</exception>
    public virtual void AssignVariable(Weight weight, bool value)
    {
        ArgumentNullException.ThrowIfNull(weight);
        weight.VariableFlag = OffersVariableFlags
            ? value
            : throw new NotSupportedException($"{Name} offers no per-variable trainable flag ({weight}); freeze its layer instead.");
    }

    /// <summary>The weights a compile collects (the optimizer's list); by default the trainable weights now.</summary>
    public virtual IReadOnlyList<Weight> Collect(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TrainableWeights(model);
    }

    /// <summary>The weights one optimizer step updates, given those <paramref name="collected"/> at the last compile.</summary>
    public virtual IReadOnlyList<Weight> StepWeights(Model model, IReadOnlyList<Weight> collected)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(collected);
        return Timing switch
        {
            FitTiming.CollectedLessFrozenVariables => [.. collected.Where(w => w.Trainable)],
            FitTiming.CurrentFlags => TrainableWeights(model),
            _ => collected,
        };
    }

    /// <summary>
    /// The batch-normalization layers whose moving statistics a fit's updates include, taken at the first fit
    /// after each compile (Keras 2 builds its train function then): those reached through a path of layers whose
    /// flags are all true, the layer's own included (keras/engine/topology.py, <c>Layer.updates</c> and
    /// <c>Container.updates</c> return nothing when not trainable).
    /// </summary>
    public virtual IReadOnlySet<Layer> CollectUpdates(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reached = new HashSet<Layer>();
        void Walk(Layer layer)
        {
            if (!layer.Trainable || !reached.Add(layer))
            {
                return;
            }

            if (layer is Container container)
            {
                foreach (var inner in container.LayerArray)
                {
                    Walk(inner);
                }
            }
        }

        Walk(model);
        return reached;
    }

    /// <summary>
    /// How <paramref name="layer"/> runs in a fit. Keras 2: with the batch's statistics always (the learning phase
    /// is 1), moving its statistics only when <paramref name="updates"/> holds it.
    /// </summary>
    public virtual BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return updates.Contains(layer) ? BatchNormMode.Training : BatchNormMode.TrainingWithoutUpdates;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
