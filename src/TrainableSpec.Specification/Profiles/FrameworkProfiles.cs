using System.Collections.Immutable;
using static TrainableSpec.Specification.Profiles.ProfilePolicies;

namespace TrainableSpec.Specification.Profiles;

/// <summary>The seven profiles, in the order of the profile matrix, each with the sources it is read from.</summary>
public static class FrameworkProfiles
{
    private const string KerasOperations = "node.trainable = v; model.compile(...); model.fit(...)";

    private static readonly ProfilePolicies KerasTwo = new(
        SetterWrites.OwnFlag, TrainableWhen.AndAlongAPath, FitTrains.CollectedAtCompile, StatisticsMove.OpenAtFirstFitAfterCompile,
        Warns: StaleWarnings.NamingTheWeights);

    /// <summary>
    /// Keras 2.1.6 (the article) and Keras 2.2: flags are independent; a weight is trainable when every flag on some
    /// path is true; the list is collected at compile; a fit warns when the flags now say otherwise. This is
    /// <see cref="Oracles.ScriptOracle"/>. Sources: keras/engine/topology.py (2.1.6), <c>Container.trainable_weights</c>
    /// and <c>Model._make_train_function</c>'s check against <c>_collected_trainable_weights</c> (keras/engine/training.py);
    /// keras/engine/network.py (2.2), <c>Network.trainable_weights</c>, unchanged. Keras' own warning
    /// (<c>check_trainable_weights_consistency</c>, keras-team/keras#8234) compares parameter counts only; this
    /// specification requires it to name the weights whose status differs.
    /// </summary>
    public static FrameworkProfile Keras216 { get; } =
        new("keras-2.1.6", "Keras 2", KerasOperations, KerasTwo, keepsOptimizerStateAcrossCompiles: false);

    /// <summary>Keras 2.2, where <c>Network</c> replaces <c>Container</c>: the rule of <see cref="Keras216"/>, unchanged.</summary>
    public static FrameworkProfile Keras22 { get; } =
        new("keras-2.2", "Keras 2", KerasOperations, KerasTwo, keepsOptimizerStateAcrossCompiles: false);

    /// <summary>
    /// tf.keras in TensorFlow 2. Assigning a flag writes it on the node and on every node below it
    /// (tensorflow/python/keras/engine/base_layer.py, <c>Layer.trainable</c> setter over <c>_flatten_layers()</c>);
    /// the trainable weights are the AND along a path, each shared weight once (<c>Layer.trainable_weights</c>
    /// gathers children only when trainable, then de-duplicates). <c>compile</c> records every flag
    /// (<c>_compiled_trainable_state</c>, tensorflow/python/keras/engine/training.py) and <c>fit</c> runs inside
    /// <c>RespectCompiledTrainableState</c> (tensorflow/python/keras/engine/training_utils.py): with the recorded
    /// flags, putting the current ones back afterwards. So a fit trains what the last compile collected, flags read
    /// back as last written, and there is no warning. A batch normalization whose flag (as recorded) is false runs in
    /// inference mode and its statistics stay (keras/layers/normalization/batch_normalization.py,
    /// <c>_get_training_value</c>); one whose flag is true moves them, whatever the containers above say.
    /// </summary>
    public static FrameworkProfile TfKeras2 { get; } = new(
        "tf-keras-2",
        "tf-keras-2",
        KerasOperations,
        new(SetterWrites.SelfAndBelow, TrainableWhen.AndAlongAPath, FitTrains.FlagsRestoredFromCompile, StatisticsMove.OwnFlagAtCompile));

    /// <summary>
    /// Keras 3. Assigning a flag writes it on the node, on every node below it, and on each of their variables
    /// (keras/src/layers/layer.py, <c>Layer.trainable</c> setter). The model's <c>trainable_weights</c> is empty when
    /// the model's own flag is false and otherwise every weight whose variable flag is true (the same file,
    /// <c>Layer.trainable_weights</c>: <c>[v for v in self.weights if v.trainable]</c>), so the containers in between
    /// are not consulted: freezing a container and then unfreezing a layer inside it trains that layer. Each fit reads
    /// the current flags (keras/src/trainers/trainer.py, <c>trainable_variables</c>; keras-team/keras#22104 made the JAX
    /// trainer take them once at the start of each fit). A warning for flags changed after compile exists in 3.15 but
    /// cannot be reached, being called after a <c>raise</c>; so none is expected. Keras 3's behaviour here is moving:
    /// keras-team/keras#22787 (merged 2026) makes the TensorFlow trainer respect the flags of compile time, which this
    /// profile, pinned to the reading above, does not yet follow. A batch
    /// normalization uses the batch's statistics and moves its own only <c>if training and self.trainable</c>
    /// (keras/src/layers/normalization/batch_normalization.py, <c>call</c>), its flag as it is at the fit.
    /// </summary>
    public static FrameworkProfile Keras3 { get; } = new(
        "keras-3",
        "keras-3",
        "node.trainable = v; variable.trainable = v; model.compile(...); model.fit(...)",
        new(
            SetterWrites.SelfAndBelowWithVariables, TrainableWhen.RootAndVariable, FitTrains.CurrentFlags, StatisticsMove.OwnFlagAtFit,
            OffersVariableFlags: true));

    /// <summary>
    /// TensorFlow.js 4.22 layers. A layer's setter writes its flag and its variables' flags
    /// (tfjs-layers/src/engine/topology.ts, <c>Layer.set trainable</c>); a container's setter writes its flag and the
    /// variable flags of its direct children's own weights — not the children's flags, not grandchildren
    /// (tfjs-layers/src/engine/container.ts, <c>Container.set trainable</c>). <c>trainableWeights</c> concatenates,
    /// through containers whose flag is true, the variables whose flag is true of layers whose flag is true (the same
    /// files): a container concatenates the lists of its <c>layers</c>, each layer once however often the container
    /// calls it (in the order of their first call), so a layer held by two containers is listed twice. <c>compile</c>
    /// keeps that list (<c>collectedTrainableWeights</c>, tfjs-layers/src/engine/training.ts); every step hands it to
    /// <c>optimizer.minimize(f, true, varList)</c> (<c>makeTrainFunction</c>), whose <c>variableGrads</c> gives the
    /// variables whose flag is false now a null gradient and throws when none is left (tfjs-core/src/gradients.ts), and
    /// which passes <c>varList.map(v => ({name, tensor: grads[v.name]}))</c> to <c>applyGradients</c>
    /// (tfjs-core/src/optimizers/optimizer.ts, <c>Optimizer.minimize</c>). So freezing takes effect without a
    /// recompile, unfreezing needs one, and a layer shared by two containers follows whichever was set last.
    /// <para>
    /// The optimizers apply each entry of that list (<c>SGDOptimizer</c>, <c>MomentumOptimizer</c> and
    /// <c>AdamOptimizer.applyGradients</c>, tfjs-core/src/optimizers/): a weight listed twice takes two steps with the
    /// gradient computed once before the step, and its state is kept by the position in the list
    /// (<c>this.accumulations[i]</c>, <c>accumulatedFirstMoment[i]</c>), created as zeros of the weight at that position
    /// even for an entry with a null gradient, which it then skips. A recompile with the same optimizer that drops a
    /// weight hands its state to the weight after it; when that weight has another shape, the assignment throws
    /// (tfjs-core/src/tensor.ts, <c>Variable.assign</c>: the shapes must match) after the entries before it have
    /// stepped, and the fit fails. Adam's bias correction (<c>accBeta1</c>, <c>accBeta2</c>) advances once per step.
    /// </para>
    /// <para>
    /// <c>fit</c> calls <c>checkTrainableWeightsConsistency</c> first, which warns ("Discrepancy between trainableweights
    /// and collected trainable weights…") when <c>trainableWeights.length</c> differs from
    /// <c>collectedTrainableWeights.length</c>: a count, silent when the lists differ at equal lengths, naming no weight.
    /// A batch normalization in a fit normalises with the batch's statistics and moves its own whatever the flags
    /// (tfjs-layers/src/layers/normalization.ts, <c>BatchNormalization.call</c> reads only <c>training</c>).
    /// </para>
    /// </summary>
    public static FrameworkProfile Tfjs422 { get; } = new(
        "tfjs-4.22",
        "tfjs-4.22",
        "node.trainable = v; layerVariable.trainable = v; model.compile(...); model.fit(...)",
        new(
            SetterWrites.ChildrenVariables,
            TrainableWhen.AndAlongAPathAndVariable,
            FitTrains.CollectedLessFrozenVariables,
            StatisticsMove.Always,
            Refusal.BeforeForwardPass,
            StaleWarnings.WhenCountsDiffer,
            OffersVariableFlags: true,
            SharedWeightListed.OncePerContainer,
            OptimizerState.ByPosition));

    /// <summary>
    /// PyTorch, reading the script as a training loop: assigning a flag is <c>node.requires_grad_(v)</c>, which sets
    /// every parameter below the node; compile builds <c>SGD(model.parameters(), lr)</c>, which holds every
    /// parameter once, whatever requires grad; a fit is
    /// <c>zero_grad()</c> (gradients set to None, the default since 2.0), <c>loss.backward()</c>, <c>step()</c>. So a
    /// weight moves exactly when it requires grad at the fit, whatever was set on the modules above it before, and
    /// <c>backward</c> raises when no parameter requires grad (the loss has no graph). Modules have no flag: a node's
    /// flag reads as whether every parameter below it requires grad. The finer rule (momentum, weight decay, stale
    /// gradients) is <see cref="PyTorch.PyTorchOracle"/>, checked by <c>PyTorchProperties</c>. The shared script's
    /// optimizers take the script's hyperparameters and its reuse (<see cref="Descriptions.Compile"/>: one optimizer for
    /// consecutive compiles that ask for the same) with torch's formulas (<see cref="Oracles.TorchUpdateOracle"/>,
    /// torch/optim/sgd.py, adam.py and adamw.py: Adam counts steps per parameter, and only at the steps where the
    /// parameter's gradient is not None, and adds ε after the bias correction).
    /// </summary>
    public static FrameworkProfile PyTorch { get; } = new(
        "pytorch",
        "pytorch",
        "node.requires_grad_(v); param.requires_grad = v; SGD(model.parameters()); zero_grad(); loss.backward(); step()",
        new(
            SetterWrites.RequiresGradBelow,
            TrainableWhen.RequiresGrad,
            FitTrains.CurrentFlags,
            StatisticsMove.Always,
            Refusal.AfterForwardPass,
            OffersVariableFlags: true,
            Collects: CompileCollects.EveryParameter,
            TorchOptimizers: true));

    /// <summary>
    /// PyTorch with its most common freezing idiom: each compile is <c>opt = torch.optim.SGD([p for p in
    /// model.parameters() if p.requires_grad], lr)</c> (or Adam, AdamW), a new optimizer with no state or step count
    /// from the last, and each fit <c>opt.zero_grad(set_to_none=True); loss = mse(model(x), y); loss.backward();
    /// opt.step()</c>. Flags are set and read as in <see cref="PyTorch"/>. So a fit moves the parameters the last
    /// compile collected that still require grad: one frozen after the compile has no gradient and is skipped
    /// (torch/optim/sgd.py and adam.py step only <c>p.grad is not None</c>); one unfrozen after it gets a gradient but
    /// is not in the optimizer — unfreezing waits for the next compile, freezing does not. <c>backward</c> raises
    /// when no parameter requires grad (after the forward pass), whatever the optimizer holds. A compile with nothing
    /// requiring grad raises <c>ValueError: optimizer got an empty parameter list</c> (torch/optim/optimizer.py,
    /// <c>Optimizer.__init__</c>): the assignment to <c>opt</c> never happens, so the last optimizer stays; a fit after
    /// compiles that were all refused finds <c>opt</c> None and raises at <c>opt.zero_grad</c>, before the forward
    /// pass. The optimizers follow torch's formulas (<see cref="Oracles.TorchUpdateOracle"/>), each compile's afresh.
    /// Sources: torch 1.13's torch/optim/optimizer.py (<c>zero_grad</c> clears only the optimizer's own parameters)
    /// and torch/nn/modules/module.py (<c>requires_grad_</c>).
    /// </summary>
    public static FrameworkProfile PyTorchFiltered { get; } = new(
        "pytorch-filtered",
        "pytorch-filtered",
        "node.requires_grad_(v); param.requires_grad = v; opt = SGD([p for p in model.parameters() if p.requires_grad]); "
            + "opt.zero_grad(set_to_none=True); loss.backward(); opt.step()",
        new(
            SetterWrites.RequiresGradBelow,
            TrainableWhen.RequiresGrad,
            FitTrains.CollectedLessFrozenVariables,
            StatisticsMove.Always,
            Refusal.AfterForwardPass,
            OffersVariableFlags: true,
            Collects: CompileCollects.TrainableRefusingNone,
            RebuildsOptimizer: true,
            TorchOptimizers: true),
        keepsOptimizerStateAcrossCompiles: false);

    /// <summary>All seven.</summary>
    public static ImmutableArray<FrameworkProfile> All { get; } = [Keras216, Keras22, TfKeras2, Keras3, Tfjs422, PyTorch, PyTorchFiltered];

    /// <summary>The profile called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No profile has that name; the message lists the names.</exception>
    public static FrameworkProfile Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(
            $"There is no profile '{name}'; the profiles are {string.Join(", ", All.Select(p => p.Name))}.");
}
