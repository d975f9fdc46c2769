using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles.PyTorch;

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
        $"tree: {Tree}{Environment.NewLine}optimizer: {Optimizer}, zero_grad: {ZeroGrad}{Environment.NewLine}"
        + $"script: {string.Join("; ", Script)}{Environment.NewLine}data: {Data}";
}
