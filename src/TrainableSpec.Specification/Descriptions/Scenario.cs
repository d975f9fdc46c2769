using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// Everything an implementation needs to reproduce one run: the tree, its initial weights, the batch, and the
/// script. By convention scripts start by assigning every node's flag, then compile.
/// </summary>
/// <param name="Tree">The model: nodes of one width, containers applying their calls in order, shared by name.</param>
/// <param name="InitialWeights">Every weight of the tree, named <c>{layer}/kernel</c> (width × width, input-major) and
/// <c>{layer}/bias</c> (width), to be assigned bit-for-bit before the script.</param>
/// <param name="Data">The one batch every fit trains on: inputs and targets of the tree's width.</param>
/// <param name="Script">Flag assignments, compiles and fits, run in order; one observation is reported per step.</param>
public sealed record Scenario(TreeDescription Tree, WeightSet InitialWeights, TrainingData Data, ImmutableArray<ScriptStep> Script)
{
    // Enum.IsDefined looks the type's values up at every call, a few hundred instructions: a cost in every run.
    private static readonly KerasOptimizer[] Optimizers = Enum.GetValues<KerasOptimizer>();

    /// <summary>Checks that every part fits the tree and that no fit comes before the first compile.</summary>
    /// <exception cref="InvalidDescriptionException">Something does not fit; the message says what.</exception>
    public Scenario Validated()
    {
        InitialWeights.CheckFits(Tree);
        Data.CheckFits(Tree.Width);
        var compiled = false;
        for (var index = 0; index < Script.Length; index++)
        {
            switch (Script[index])
            {
                case SetTrainable set when !IsNode(set.Node):
                    throw new InvalidDescriptionException(
                        $"Script step {index} ({set}) names '{set.Node}', which is not a node of the tree.");
                case SetVariableTrainable variable when !Tree.TrainableWeightNames.Contains(variable.Weight):
                    throw new InvalidDescriptionException(
                        $"Script step {index} ({variable}) names '{variable.Weight}', which is not a trainable weight of the tree.");
                case Compile compile when !float.IsFinite(compile.LearningRate) || compile.LearningRate <= 0f:
                    throw new InvalidDescriptionException(
                        $"Script step {index} ({compile}) has learning rate {compile.LearningRate}; it must be positive and finite.");
                case Compile compile when Array.IndexOf(Optimizers, compile.Optimizer) < 0:
                    throw new InvalidDescriptionException(
                        $"Script step {index} asks for optimizer {(int)compile.Optimizer}, "
                        + $"which is not one of {string.Join(", ", Enum.GetNames<KerasOptimizer>())}.");
                case Compile:
                    compiled = true;
                    break;
                case Fit when !compiled:
                    throw new InvalidDescriptionException($"Script step {index} fits before any compile.");
            }
        }

        return this;
    }

    // A script names the tree's nodes with the tree's own strings, found by reference in a few comparisons; any other
    // string is looked up by value.
    private bool IsNode(string name)
    {
        foreach (var node in Tree.Nodes)
        {
            if (ReferenceEquals(node.Name, name))
            {
                return true;
            }
        }

        return Tree.Contains(name);
    }

    /// <summary>Whether the script is well formed for the tree (see <see cref="Validated"/>).</summary>
    public bool IsValid
    {
        get
        {
            try
            {
                Validated();
                return true;
            }
            catch (InvalidDescriptionException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(Scenario? other) =>
        other is not null && Tree.Equals(other.Tree) && Data.Equals(other.Data) && Script.SequenceEqual(other.Script)
        && InitialWeights.Names.SequenceEqual(other.InitialWeights.Names)
        && InitialWeights.Names.All(n => InitialWeights.BitIdentical(other.InitialWeights, n));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tree, Script.Length);

    /// <summary>The tree and script on one line each, as a counterexample should read.</summary>
    public override string ToString() =>
        $"tree: {Tree}{Environment.NewLine}script: {string.Join("; ", Script)}{Environment.NewLine}data: {Data}";
}
