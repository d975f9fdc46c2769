using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>The optimizers of the PyTorch profile.</summary>
public enum OptimizerKind
{
    /// <summary><c>SGD(lr)</c>.</summary>
    Sgd,

    /// <summary><c>SGD(lr, momentum=0.9)</c>.</summary>
    SgdMomentum,

    /// <summary><c>SGD(lr, weight_decay=1.0)</c>: large, so that a decay step moves a weight far above float32 rounding.</summary>
    SgdWeightDecay,

    /// <summary><c>Adam(lr)</c>.</summary>
    Adam,
}

/// <summary>What <c>optimizer.zero_grad</c> does to the gradients before each step.</summary>
public enum ZeroGradMode
{
    /// <summary><c>zero_grad(set_to_none=True)</c>, PyTorch's default since 2.0: gradients become null.</summary>
    SetToNone,

    /// <summary><c>zero_grad(set_to_none=False)</c>, the default up to 1.13 and TorchSharp's only mode: gradients become zeros.</summary>
    Zero,
}

/// <summary>The optimizer a PyTorch scenario builds once, over all parameters.</summary>
public sealed record OptimizerChoice(OptimizerKind Kind, float LearningRate)
{
    /// <summary>Momentum of <see cref="OptimizerKind.SgdMomentum"/>.</summary>
    public const float Momentum = 0.9f;

    /// <summary>Weight decay of <see cref="OptimizerKind.SgdWeightDecay"/>.</summary>
    public const float WeightDecay = 1.0f;

    /// <inheritdoc />
    public override string ToString() => $"{Kind}(lr={LearningRate:R})";
}

/// <summary>One operation of a PyTorch script.</summary>
public abstract record TorchStep;

/// <summary>
/// <c>node.requires_grad_(value)</c>: sets the flag of every parameter below the node (containers have no flag of their own).
/// </summary>
public sealed record RequiresGrad(string Node, bool Value) : TorchStep
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}.requires_grad_({(Value ? "True" : "False")})";
}

/// <summary>
/// One training step: <c>optimizer.zero_grad(mode)</c>; <c>loss.backward()</c> when some parameter requires grad
/// (otherwise the loss has no graph); <c>optimizer.step()</c>.
/// </summary>
public sealed record TrainStep : TorchStep
{
    /// <summary>The one instance.</summary>
    public static TrainStep Step { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "step";
}

/// <summary>A PyTorch run: a tree (without biases), its weights, a batch, the optimizer, the zero-grad mode and the script.</summary>
public sealed record PyTorchScenario(
    TreeDescription Tree,
    WeightSet InitialWeights,
    TrainingData Data,
    OptimizerChoice Optimizer,
    ZeroGradMode ZeroGrad,
    ImmutableArray<TorchStep> Script)
{
    /// <summary>Checks that the weights and data fit the tree and the script names only nodes of it.</summary>
    /// <exception cref="InvalidDescriptionException">Something does not fit.</exception>
    public PyTorchScenario Validated()
    {
        InitialWeights.CheckFits(Tree);
        Data.CheckFits(Tree.Width);
        if (!float.IsFinite(Optimizer.LearningRate) || Optimizer.LearningRate <= 0f)
        {
            throw new InvalidDescriptionException($"Learning rate {Optimizer.LearningRate} must be positive and finite.");
        }

        foreach (var (step, index) in Script.Select((s, i) => (s, i)))
        {
            if (step is RequiresGrad r && !Tree.Contains(r.Node))
            {
                throw new InvalidDescriptionException($"Script step {index} ({r}) names '{r.Node}', which is not a node of the tree.");
            }
        }

        return this;
    }

    /// <inheritdoc />
    public bool Equals(PyTorchScenario? other) =>
        other is not null && Tree.Equals(other.Tree) && Data.Equals(other.Data) && Optimizer == other.Optimizer
        && ZeroGrad == other.ZeroGrad && Script.SequenceEqual(other.Script);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tree, Optimizer, ZeroGrad, Script.Length);

    /// <inheritdoc />
    public override string ToString() =>
        $"tree: {Tree}{Environment.NewLine}"
        + $"optimizer: {Optimizer}, zero_grad: {ZeroGrad}{Environment.NewLine}"
        + $"script: {string.Join("; ", Script)}{Environment.NewLine}"
        + $"data: {Data}";
}

/// <summary>After one step: each weight's <c>requires_grad</c> as read back, and all weights.</summary>
public sealed record PyTorchObservation(ImmutableSortedDictionary<string, bool> RequiresGrad, WeightSet Weights);

/// <summary>The weights before the script and one observation per step.</summary>
public sealed record PyTorchRun(WeightSet Initial, ImmutableArray<PyTorchObservation> Steps);

/// <summary>An engine with PyTorch's freezing semantics, under specification.</summary>
public interface IPyTorchImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// Builds the tree with its weights (all requiring grad), builds the optimizer over all parameters, and runs the script.
    /// </summary>
    PyTorchRun Run(PyTorchScenario scenario);
}
