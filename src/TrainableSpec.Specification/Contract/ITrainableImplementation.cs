using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Contract;

/// <summary>
/// What an engine under specification provides. An implementation builds the described tree with the given
/// initial weights, runs the script step by step, and reports what it observes; it is never told what the
/// specification expects. The conventions every report follows:
/// <list type="bullet">
/// <item><b>Layers.</b> Every node maps a vector of the tree's width to one of the same width. A dense layer computes
/// activation(x·kernel + bias); its kernel is width × width, stored <b>input-major</b> (row-major with the input
/// index first: entry <c>i·width + j</c> connects input <c>i</c> to output <c>j</c>, as Keras stores it; PyTorch's
/// <c>nn.Linear.weight</c> is its transpose), its bias has width entries. A container applies its calls in order; a
/// name called twice is the same instance, sharing its weights.</item>
/// <item><b>Names.</b> Weights are named <c>{layer}/kernel</c> and <c>{layer}/bias</c> (a batch normalization's
/// <c>{layer}/beta</c>, <c>{layer}/moving_mean</c>, <c>{layer}/moving_variance</c>); flags by node name, the root's
/// name standing for the model.</item>
/// <item><b>Loss.</b> The mean squared error averaged over the samples <b>and</b> the outputs:
/// L = Σₛ Σⱼ (oₛⱼ − yₛⱼ)² / (samples · width), as Keras' and PyTorch's default reduction compute it. Not a sum, not a
/// per-sample mean.</item>
/// <item><b>A fit</b> is one epoch over <see cref="Scenario.Data"/> as a single batch, however many samples it holds:
/// one forward pass, one backward pass and one optimizer step, with the optimizer of the last compile (see
/// <see cref="Compile"/> for its formulas and the reuse of its state). Only a fit changes a weight: after any other step
/// (a flag assigned, a compile) every weight reads back bit-identical to the observation before.</item>
/// <item><b>Collected</b> means the list of weights the optimizer will update, as the framework builds it at compile
/// (Keras' <c>collected_trainable_weights</c>); a framework that takes the list at each step reports at compile the
/// list it would take then.</item>
/// </list>
/// </summary>
public interface ITrainableImplementation
{
    /// <summary>A short name for reports, such as <c>reference</c> or <c>torchsharp</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Builds <see cref="Scenario.Tree"/>, assigns <see cref="Scenario.InitialWeights"/> (every flag true), and runs the
    /// script, observing after each step what <see cref="Observation"/> lists.
    /// </summary>
    /// <returns>The initial weights as read back (bit-for-bit what was assigned) and one observation per script step.</returns>
    ScenarioRun Run(Scenario scenario);

    /// <summary>
    /// Builds the tree with the probe's weights and flags, compiles, and returns the loss on the probe's data (the
    /// mean squared error above) and the gradient of that loss for each weight it collected as trainable, summed over
    /// every use of the weight (uses inside frozen containers included), in the weight's own layout. Nothing is
    /// trained. An implementation that cannot report gradients declares <c>SupportsGradients = false</c> in its suite.
    /// </summary>
    GradientReport Gradients(GradientProbe probe);
}
